// n8n-webhook: n8n posts its execution data here, signed with the workspace's secret the
// Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature: HMAC-SHA256 over
// "id.timestamp.body", 5-minute tolerance). The signature is verified on the raw body before
// anything is parsed; a webhook-id is accepted once. The run is upserted by n8n's execution id,
// so a retried delivery of the same execution never counts twice.
import { createRoute, z } from "@hono/zod-openapi";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { ErrorResponseSchema, UuidSchema } from "@shared/schemas/common.ts";
import { N8nPayloadSchema, normalizeN8n } from "@shared/schemas/n8n.ts";
import { createApp, jsonResponse, zodFields } from "../_shared/app.ts";
import { requireUser, userCaller } from "../_shared/auth.ts";
import { privileged } from "../_shared/db.ts";
import { ApiError, unauthorized } from "../_shared/errors.ts";

export const MAX_N8N_BODY_BYTES = 5 * 1024 * 1024;

export const app = createApp("n8n-webhook", {
  maxBodyBytes: MAX_N8N_BODY_BYTES,
  description: "Receive n8n execution records and Error Trigger payloads, signed per workspace (Standard Webhooks).",
});

const Params = z.object({ workspace_id: UuidSchema });

async function verifiedBody(workspaceId: string, raw: string, headers: Headers): Promise<void> {
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
  const [{ secrets }] = await privileged((sql) =>
    sql<{ secrets: string[] }[]>`select private.webhook_signing_secrets(${workspaceId}) as secrets`
  );
  let stale = false;
  for (const secret of secrets) {
    try {
      new Webhook(secret).verify(raw, {
        "webhook-id": id,
        "webhook-timestamp": timestamp,
        "webhook-signature": signature,
      }, { jsonParse: false });
      return;
    } catch (err) {
      if (err instanceof WebhookVerificationError && /timestamp/i.test(err.message)) stale = true;
    }
  }
  if (stale) throw unauthorized("stale_timestamp", "webhook-timestamp is more than 5 minutes away from now");
  throw unauthorized("invalid_signature", "the signature does not match the body with this workspace's secret");
}

// Documented with its schemas, but validated by hand: the signature comes before any parsing.
app.openAPIRegistry.registerPath(
  createRoute({
    method: "post",
    path: "/{workspace_id}",
    summary: "Report an n8n execution (execution record or Error Trigger payload), signed with the workspace's secret",
    request: {
      params: Params,
      headers: z.object({ "webhook-id": z.string(), "webhook-timestamp": z.string(), "webhook-signature": z.string() }),
      body: { content: { "application/json": { schema: N8nPayloadSchema } }, required: true },
    },
    responses: {
      200: jsonResponse(
        z.object({
          workflow_id: z.string(),
          execution_id: z.string(),
          run_key: z.string(),
          status: z.string(),
          created: z.boolean(),
        }),
        "Stored",
      ),
      400: jsonResponse(ErrorResponseSchema, "Malformed JSON"),
      401: jsonResponse(ErrorResponseSchema, "Unsigned, wrongly signed, or stale"),
      409: jsonResponse(
        ErrorResponseSchema,
        "This webhook-id was received already (a replay, or a retry of a delivery that was stored)",
      ),
      413: jsonResponse(ErrorResponseSchema, "Body too large"),
      422: jsonResponse(ErrorResponseSchema, "Not an n8n execution"),
    },
  }),
);
app.post("/:workspace_id", async (c) => {
  const params = Params.safeParse(c.req.param());
  if (!params.success) {
    throw new ApiError(422, "validation_failed", "workspace_id must be a UUID", {
      fields: [{ field: "workspace_id", message: "must be a UUID" }],
    });
  }
  const { workspace_id } = params.data;
  const raw = await c.req.text();
  await verifiedBody(workspace_id, raw, c.req.raw.headers);
  c.set("workspaceId", workspace_id);
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw new ApiError(400, "invalid_json", "the request body is not valid JSON");
  }
  const parsed = N8nPayloadSchema.safeParse(body);
  if (!parsed.success) {
    throw new ApiError(
      422,
      "validation_failed",
      "the body is neither an n8n execution record nor an Error Trigger payload",
      {
        fields: zodFields(parsed.error.issues),
      },
    );
  }
  const execution = normalizeN8n(parsed.data);
  const [row] = await privileged((sql) =>
    sql`select private.ingest_n8n_execution(${workspace_id}, ${c.req.header("webhook-id")!}, ${
      sql.json(execution as never)
    }) as result`
  );
  return c.json(row.result, 200);
});

app.use("/:workspace_id/secret", requireUser);
app.openapi(
  createRoute({
    method: "post",
    path: "/{workspace_id}/secret",
    summary: "Create a new signing secret (admins); earlier secrets keep working for a day. The secret is shown once.",
    security: [{ bearer: [] }],
    request: { params: Params },
    responses: {
      201: jsonResponse(z.object({ id: z.string(), secret: z.string(), url_path: z.string() }), "The new secret"),
      403: jsonResponse(ErrorResponseSchema, "Not an admin of the workspace"),
    },
  }),
  async (c) => {
    const caller = userCaller(c);
    const { workspace_id } = c.req.valid("param");
    const secret = `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))}`;
    const [row] = await privileged((sql) =>
      sql`select private.rotate_webhook_secret(${workspace_id}, ${secret}, ${caller.userId}) as id`
    );
    return c.json({ id: String(row.id), secret, url_path: `/functions/v1/n8n-webhook/${workspace_id}` }, 201);
  },
);
