// n8n-sync: the n8n instances a workspace connects, and the pull sync that records every
// execution of theirs without touching a workflow.
//   POST  /n8n-sync/run                                     one pass over the due connections
//         (the scheduler: a service credential; hosted, pg_cron calls it through pg_net; the
//         local stack sets N8N_SYNC_INTERVAL_MS and it runs itself, see docs/n8n/README.md)
//   POST  /n8n-sync/{workspace_id}/connections              register an instance (admins): base URL,
//         public-API key (encrypted here, never readable back), a signing secret (shown once)
//   PATCH /n8n-sync/{workspace_id}/connections/{id}         change it, replace or remove the key
//   POST  /n8n-sync/{workspace_id}/connections/{id}/secret  rotate its signing secret (admins)
// Members read connections and their sync state through PostgREST (public.n8n_connections).
import { createRoute, z } from "@hono/zod-openapi";
import { ErrorResponseSchema, UuidSchema } from "@shared/schemas/common.ts";
import {
  N8nConnectionCreateSchema,
  N8nConnectionSchema,
  N8nConnectionUpdateSchema,
  N8nSyncRunRequestSchema,
} from "@shared/schemas/n8n.ts";
import { createApp, jsonBody, jsonResponse } from "../_shared/app.ts";
import { auth, userCaller } from "../_shared/auth.ts";
import { type Claims, claimed, privileged } from "../_shared/db.ts";
import { rpc } from "../_shared/rpc.ts";
import { seal } from "./credentials.ts";
import { runSync } from "./sync.ts";
import { runOnLocalTimer } from "../_shared/local-timer.ts";

export const app = createApp("n8n-sync", {
  maxBodyBytes: 16 * 1024,
  description: "n8n connections (instances, encrypted API keys, signing secrets) and the scheduled pull of their executions.",
});

const SyncRunResponseSchema = z.object({ connections: z.number(), stored: z.number(), results: z.array(z.record(z.string(), z.unknown())) });
const SecretResponseSchema = z.object({ id: z.string(), connection_id: z.string(), secret: z.string(), url_path: z.string() });

app.openapi(
  createRoute({
    method: "post",
    path: "/run",
    summary: "Run one pull pass over every n8n connection that is due",
    ...auth("service"),
    request: { body: { content: { "application/json": { schema: N8nSyncRunRequestSchema } }, required: false } },
    responses: {
      200: jsonResponse(SyncRunResponseSchema, "What this pass did"),
      401: jsonResponse(ErrorResponseSchema, "No service credential"),
      403: jsonResponse(ErrorResponseSchema, "A person's or an agent's token: the scheduler only"),
    },
  }),
  async (c) => {
    const opts = c.req.header("content-type")?.includes("application/json") ? c.req.valid("json") ?? {} : {};
    return c.json(SyncRunResponseSchema.parse(await runSync({ maxConnections: opts.max_connections })), 200);
  },
);

const newSecret = () => `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))}`;
const WsParams = z.object({ workspace_id: UuidSchema });
const ConnParams = z.object({ workspace_id: UuidSchema, connection_id: UuidSchema });
/** A connection as clients see it: never a lease token (nor a key: that is not in this table). */
const readConnection = (connectionId: string) =>
  rpc("privileged", N8nConnectionSchema, (sql) => sql`select * from public.n8n_connections where id = ${connectionId}`, {
    shape: ([row]) => {
      if (!row) return undefined;
      const { sync_lease_token: _lease, ...rest } = row;
      return rest;
    },
  });

async function storeKey(workspaceId: string, connectionId: string, apiKey: string | null, claims: Claims) {
  const sealed = apiKey === null ? null : await seal(apiKey, connectionId);
  await privileged((sql) =>
    sql`select private.set_n8n_credentials(${workspaceId}, ${connectionId}, ${sealed?.ciphertext ?? null}, ${sealed?.iv ?? null},
      ${sealed?.key_fingerprint ?? null}) from ${claimed(sql, claims)}`
  );
}

app.openapi(
  createRoute({
    method: "post",
    path: "/{workspace_id}/connections",
    summary: "Register an n8n instance (admins). Answers its signing secret once; the API key is stored encrypted and never shown again.",
    ...auth("user"),
    request: { params: WsParams, ...jsonBody(N8nConnectionCreateSchema) },
    responses: {
      201: jsonResponse(z.object({ connection: N8nConnectionSchema, secret: z.string(), url_path: z.string() }), "Registered"),
      403: jsonResponse(ErrorResponseSchema, "Not an admin of the workspace"),
      422: jsonResponse(ErrorResponseSchema, "Invalid settings"),
      503: jsonResponse(ErrorResponseSchema, "N8N_CREDENTIALS_KEY is not configured (only when an api_key is given)"),
    },
  }),
  async (c) => {
    const caller = userCaller(c);
    const { workspace_id } = c.req.valid("param");
    const { api_key, ...settings } = c.req.valid("json");
    c.set("workspaceId", workspace_id);
    if (api_key) await seal(api_key, "probe"); // the key must be configured before anything is written
    const secret = newSecret();
    // one transaction: the connection and its first signing secret
    const { id } = await rpc("privileged", z.object({ id: UuidSchema }), async (tx) => {
      // the functions called in the select list, after the claims of the FROM item are set
      const [row] = await tx`select to_jsonb(private.configure_n8n_connection(${workspace_id}, null, ${tx.json(settings as never)})) as c
        from ${claimed(tx, caller.claims)}`;
      const id = (row.c as { id: string }).id;
      await tx`select private.rotate_webhook_secret(${workspace_id}, ${id}, ${secret})`;
      return [{ id }];
    }, { shape: ([row]) => row, transaction: true });
    if (api_key) await storeKey(workspace_id, id, api_key, caller.claims);
    return c.json({ connection: await readConnection(id), secret, url_path: `/functions/v1/n8n-webhook/${workspace_id}` }, 201);
  },
);

app.openapi(
  createRoute({
    method: "patch",
    path: "/{workspace_id}/connections/{connection_id}",
    summary: "Change an n8n connection (admins): name, base URL, sync on/off and interval; api_key replaces the stored key, null removes it",
    ...auth("user"),
    request: { params: ConnParams, ...jsonBody(N8nConnectionUpdateSchema) },
    responses: {
      200: jsonResponse(N8nConnectionSchema, "The connection (never its key)"),
      403: jsonResponse(ErrorResponseSchema, "Not an admin of the workspace"),
      404: jsonResponse(ErrorResponseSchema, "No such connection in this workspace"),
      422: jsonResponse(ErrorResponseSchema, "Invalid settings"),
    },
  }),
  async (c) => {
    const caller = userCaller(c);
    const { workspace_id, connection_id } = c.req.valid("param");
    const { api_key, ...settings } = c.req.valid("json");
    c.set("workspaceId", workspace_id);
    if (api_key) await seal(api_key, connection_id);
    await privileged((sql) =>
      sql`select private.configure_n8n_connection(${workspace_id}, ${connection_id}, ${sql.json(settings as never)}) from ${claimed(sql, caller.claims)}`
    );
    if (api_key !== undefined) await storeKey(workspace_id, connection_id, api_key, caller.claims);
    return c.json(await readConnection(connection_id), 200);
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/{workspace_id}/connections/{connection_id}/secret",
    summary: "Create a new signing secret for an n8n connection (admins); earlier ones keep working for a day. Shown once.",
    ...auth("user"),
    request: { params: ConnParams },
    responses: {
      201: jsonResponse(SecretResponseSchema, "The new secret"),
      403: jsonResponse(ErrorResponseSchema, "Not an admin of the workspace"),
      404: jsonResponse(ErrorResponseSchema, "No such connection in this workspace"),
    },
  }),
  async (c) => {
    const caller = userCaller(c);
    const { workspace_id, connection_id } = c.req.valid("param");
    c.set("workspaceId", workspace_id);
    const secret = newSecret();
    const result = await rpc("privileged", SecretResponseSchema, (sql) =>
      sql`select to_jsonb(private.rotate_webhook_secret(${workspace_id}, ${connection_id}, ${secret})) as r from ${claimed(sql, caller.claims)}`, {
      shape: ([row]) => {
        const r = row.r as { secret_id: string; n8n_connection_id: string };
        return { id: r.secret_id, connection_id: r.n8n_connection_id, secret, url_path: `/functions/v1/n8n-webhook/${workspace_id}` };
      },
    });
    return c.json(result, 201);
  },
);

// the local stack (no pg_net) runs the sync on a timer; hosted projects schedule POST /run with pg_cron
runOnLocalTimer("n8n-sync", "N8N_SYNC_INTERVAL_MS", runSync, (result) => result.connections > 0);
