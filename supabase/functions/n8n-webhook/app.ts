// n8n-webhook: n8n posts its executions here, signed with one of the workspace's n8n connection
// secrets the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature: HMAC-SHA256
// over "id.timestamp.body", 5-minute tolerance). The signature is verified on the raw body before
// anything is parsed; the secret that verifies it names the connection (the n8n instance), so
// runs are keyed n8n:<connection>:<execution id> and two instances never merge. Every payload n8n
// sends is stored (shared/schemas/n8n.ts); a repeated webhook-id answers 200 with the first
// outcome and duplicate: true, and writes nothing.
import { createRoute, z } from "@hono/zod-openapi";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { ErrorResponseSchema, UuidSchema } from "@shared/schemas/common.ts";
import { N8N_STATUSES, n8nSchemaFor, N8nPayloadSchema, normalizeN8n } from "@shared/schemas/n8n.ts";
import type { MiddlewareHandler } from "hono";
import { createApp, jsonResponse, rawRoute, zodFields } from "../_shared/app.ts";
import { auth, userCaller } from "../_shared/auth.ts";
import { claimed, privileged } from "../_shared/db.ts";
import { rpc } from "../_shared/rpc.ts";
import { ApiError, unauthorized } from "../_shared/errors.ts";

export const MAX_N8N_BODY_BYTES = 5 * 1024 * 1024;

export const app = createApp("n8n-webhook", {
  maxBodyBytes: MAX_N8N_BODY_BYTES,
  description: "Receive n8n execution records and Error Trigger payloads, signed per workspace (Standard Webhooks).",
});

const Params = z.object({ workspace_id: UuidSchema });

const N8nPayloadDocSchema = z.union([
  z.object({
    execution: z.object({ id: z.string().optional(), url: z.string().optional(), error: z.record(z.string(), z.unknown()), lastNodeExecuted: z.string().optional(), mode: z.string().optional() }),
    workflow: z.object({ id: z.string(), name: z.string().optional() }),
  }).describe("Error Trigger payload of a failed execution"),
  z.object({
    trigger: z.object({ error: z.record(z.string(), z.unknown()), mode: z.string().optional() }),
    workflow: z.object({ id: z.string(), name: z.string().optional() }),
  }).describe("Error Trigger payload of a failed trigger (no execution)"),
  z.object({ data: z.array(z.record(z.string(), z.unknown())), nextCursor: z.string().nullable().optional() })
    .describe("A page of GET /api/v1/executions"),
  z.object({
    id: z.union([z.string(), z.number()]),
    workflowId: z.union([z.string(), z.number()]),
    status: z.enum(N8N_STATUSES),
    startedAt: z.string().nullable().optional(),
    stoppedAt: z.string().nullable().optional(),
  }).passthrough().describe("An execution record as n8n's API returns it"),
]);

/**
 * The workspace's live signing secrets, cached in the isolate for SECRET_CACHE_MS so that a delivery
 * is one SQL call, not two. A secret made since is found at once (a signature no cached secret
 * verifies reads the secrets again); a secret that expired or
 * was removed stops verifying within SECRET_CACHE_MS (rotation keeps the old one valid for a day anyway).
 * A wrong signature costs the lookup it cost before the cache.
 */
export const SECRET_CACHE_MS = 30_000;
type Secrets = { connection_id: string; secret: string }[];
const secretCache = new Map<string, { at: number; secrets: Promise<Secrets> }>();
let now = () => Date.now();

/** For tests: a clock to move the cache's time forward without waiting. */
export function setSecretCacheClock(clock: () => number): void {
  now = clock;
}

function signingSecrets(workspaceId: string, refresh: boolean): Promise<Secrets> {
  const cached = secretCache.get(workspaceId);
  const age = cached ? now() - cached.at : Infinity;
  if (cached && age < SECRET_CACHE_MS && !refresh) return cached.secrets;
  const secrets = privileged((sql) =>
    sql<Secrets>`select connection_id, secret from private.webhook_signing_secrets(${workspaceId})`
  );
  if (secretCache.size > 1000) secretCache.clear();
  secretCache.set(workspaceId, { at: now(), secrets });
  secrets.catch(() => secretCache.delete(workspaceId));
  return secrets;
}

/** Verifies the signature and returns the connection whose secret signed the body. */
async function verifiedBody(workspaceId: string, raw: string, headers: Headers): Promise<string> {
  const id = headers.get("webhook-id");
  const timestamp = headers.get("webhook-timestamp");
  const signature = headers.get("webhook-signature");
  if (!id || !timestamp || !signature) {
    throw unauthorized(
      "missing_signature",
      "sign the request: webhook-id, webhook-timestamp and webhook-signature headers are required",
    );
  }
  if (id.length > 200) throw unauthorized("invalid_signature", "webhook-id is too long");
  let stale = false;
  for (const refresh of [false, true]) {
    const secrets = await signingSecrets(workspaceId, refresh);
    for (const { connection_id, secret } of secrets) {
      try {
        new Webhook(secret).verify(raw, {
          "webhook-id": id,
          "webhook-timestamp": timestamp,
          "webhook-signature": signature,
        }, { jsonParse: false });
        return connection_id;
      } catch (err) {
        if (err instanceof WebhookVerificationError && /timestamp/i.test(err.message)) stale = true;
      }
    }
    if (stale) break;
  }
  if (stale) throw unauthorized("stale_timestamp", "webhook-timestamp is more than 5 minutes away from now");
  throw unauthorized("invalid_signature", "the signature does not match the body with this workspace's secret");
}

declare module "hono" {
  interface ContextVariableMap {
    /** The n8n connection whose secret signed the request. */
    n8nConnectionId: string;
  }
}

/** auth("signed"): the body's signature names the connection, before anything is parsed. */
const signedByConnection: MiddlewareHandler = async (c, next) => {
  const params = Params.safeParse(c.req.param());
  if (!params.success) {
    throw new ApiError(422, "validation_failed", "workspace_id must be a UUID", {
      fields: [{ field: "workspace_id", message: "must be a UUID" }],
    });
  }
  c.set("n8nConnectionId", await verifiedBody(params.data.workspace_id, await c.req.text(), c.req.raw.headers));
  await next();
};

/** What a delivery stored: the one execution, or a page's runs. */
const DeliveryResultSchema = z.union([
  z.object({
    workflow_id: z.string(),
    execution_id: z.string(),
    run_key: z.string(),
    status: z.string(),
    n8n_execution_id: z.string().nullable().optional(),
    created: z.boolean(),
    duplicate: z.boolean(),
  }),
  z.object({ stored: z.number(), runs: z.array(z.record(z.string(), z.unknown())), duplicate: z.boolean() }),
]);

// Documented with its schemas, but validated by hand: the signature comes before any parsing.
const webhookRoute = (
  createRoute({
    method: "post",
    path: "/{workspace_id}",
    ...auth("signed", { verify: signedByConnection }),
    summary:
      "Report n8n executions (an execution record or a page of them as n8n's API returns them, or an Error Trigger payload), signed with a connection's secret",
    request: {
      params: Params,
      headers: z.object({ "webhook-id": z.string(), "webhook-timestamp": z.string(), "webhook-signature": z.string() }),
      // documented by shape: the validating schema normalizes (transforms), which OpenAPI cannot express
      body: { content: { "application/json": { schema: N8nPayloadDocSchema } }, required: true },
    },
    responses: {
      200: jsonResponse(
        DeliveryResultSchema,
        "Stored (duplicate: true when this webhook-id was stored before: the first outcome, nothing written)",
      ),
      400: jsonResponse(ErrorResponseSchema, "Malformed JSON"),
      401: jsonResponse(ErrorResponseSchema, "Unsigned, wrongly signed, or stale"),
      413: jsonResponse(ErrorResponseSchema, "Body too large"),
      422: jsonResponse(ErrorResponseSchema, "Cannot be a run: no workflow, or no n8n status (the fields say which)"),
    },
  })
);
rawRoute(app, webhookRoute, async (c) => {
  const { workspace_id } = Params.parse(c.req.param());
  const raw = await c.req.text(); // the bytes the signature was checked on
  const connectionId = c.get("n8nConnectionId");
  c.set("workspaceId", workspace_id);
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new ApiError(400, "invalid_json", "the request body is not valid JSON");
  }
  const parsed = N8nPayloadSchema.safeParse(body);
  if (!parsed.success) {
    // name the fields of the shape the body claims to be, not of every alternative
    const issues = n8nSchemaFor(body).safeParse(body).error?.issues ?? parsed.error.issues;
    throw new ApiError(
      422,
      "validation_failed",
      "this cannot be stored as an n8n run: see fields (an execution record, a page of them, or an Error Trigger payload, each naming its workflow)",
      { fields: zodFields(issues) },
    );
  }
  const executions = normalizeN8n(parsed.data);
  const b = body as Record<string, unknown>;
  const isPage = !("execution" in b) && !("trigger" in b) && Array.isArray(b.data);
  const delivery = isPage
    ? { connection_id: connectionId, executions }
    : { connection_id: connectionId, ...executions[0] };
  const stored = await rpc("privileged", DeliveryResultSchema, (sql) =>
    sql`select private.ingest_n8n_execution(${workspace_id}, ${c.req.header("webhook-id")!}, ${sql.json(delivery as never)}) as result`);
  return c.json(stored, 200);
});

app.openapi(
  createRoute({
    method: "post",
    path: "/{workspace_id}/secret",
    summary:
      "Create a new signing secret of the workspace's first n8n connection (admins); earlier secrets keep working for a day. The secret is shown once. Other connections: n8n-sync /connections.",
    ...auth("user"),
    request: { params: Params },
    responses: {
      201: jsonResponse(z.object({ id: z.string(), connection_id: z.string(), secret: z.string(), url_path: z.string() }), "The new secret"),
      403: jsonResponse(ErrorResponseSchema, "Not an admin of the workspace"),
    },
  }),
  async (c) => {
    const caller = userCaller(c);
    const { workspace_id } = c.req.valid("param");
    const secret = `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))}`;
    const [row] = await privileged((sql) =>
      sql`select to_jsonb(private.rotate_webhook_secret(${workspace_id}, null, ${secret})) as r from ${claimed(sql, caller.claims)}`
    );
    const r = row.r as { secret_id: string; n8n_connection_id: string };
    return c.json({ id: r.secret_id, connection_id: r.n8n_connection_id, secret, url_path: `/functions/v1/n8n-webhook/${workspace_id}` }, 201);
  },
);
