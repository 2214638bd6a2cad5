// agents: admin endpoints for agent API keys. Issue (the secret is shown once), list, revoke.
// Runs as the signed-in person under RLS: only workspace admins may see or change keys.
import { createRoute, z } from "@hono/zod-openapi";
import { ErrorResponseSchema, UuidSchema } from "@shared/schemas/common.ts";
import { AgentKeySummarySchema, CreateAgentKeyRequestSchema, CreatedAgentKeySchema } from "@shared/schemas/agent-auth.ts";
import { createApp, jsonBody, jsonResponse } from "../_shared/app.ts";
import { auth, userCaller } from "../_shared/auth.ts";
import { newAgentKey, sha256Hex } from "../_shared/crypto.ts";
import type { Tx } from "../_shared/db.ts";
import { conflict, forbidden, notFound, unprocessable } from "../_shared/errors.ts";
import { rpc } from "../_shared/rpc.ts";
import type { Tables } from "@shared/database.types.ts";

export const app = createApp("agents", { maxBodyBytes: 16 * 1024, description: "Manage agents' API keys (workspace admins)." });

const AgentParams = z.object({ agent_id: UuidSchema });
const KeyParams = z.object({ agent_id: UuidSchema, key_id: UuidSchema });
const errors = {
  401: jsonResponse(ErrorResponseSchema, "No valid user JWT"),
  403: jsonResponse(ErrorResponseSchema, "Not an admin of the agent's workspace"),
  404: jsonResponse(ErrorResponseSchema, "No such agent (or key) visible to you"),
  422: jsonResponse(ErrorResponseSchema, "Invalid input"),
};

const KEY_COLUMNS = "id, agent_id, workspace_id, name, prefix, expires_at, last_used_at, revoked_at, created_at";

async function visibleAgent(tx: Tx, agentId: string) {
  const [agent] = await tx<(Pick<Tables<"agents">, "id" | "workspace_id"> & { is_admin: boolean })[]>`
    select a.id, a.workspace_id, private.has_role(a.workspace_id, 'admin') as is_admin
    from public.agents a where a.id = ${agentId}`;
  if (!agent) throw notFound("agent_not_found", "no agent with this id is visible to you");
  if (!agent.is_admin) throw forbidden("admin_required", "only workspace admins manage agent keys");
  return agent;
}

app.openapi(
  createRoute({
    method: "post",
    path: "/{agent_id}/keys",
    summary: "Issue a new API key for an agent; the key is in the answer and nowhere else",
    ...auth("user"),
    request: { params: AgentParams, ...jsonBody(CreateAgentKeyRequestSchema) },
    responses: { 201: jsonResponse(CreatedAgentKeySchema, "The new key, shown once"), ...errors },
  }),
  async (c) => {
    const caller = userCaller(c);
    const { agent_id } = c.req.valid("param");
    const body = c.req.valid("json");
    if (body.expires_at && new Date(body.expires_at) <= new Date()) {
      throw unprocessable("expires_at must be in the future", [{ field: "expires_at", message: "must be in the future" }]);
    }
    const { key, prefix } = newAgentKey();
    const keyHash = await sha256Hex(key);
    const created = await rpc(caller, CreatedAgentKeySchema, async (tx) => {
      const agent = await visibleAgent(tx, agent_id);
      return await tx.unsafe(
        `insert into public.agent_api_keys (workspace_id, agent_id, name, prefix, key_hash, expires_at, created_by)
         values ($1, $2, $3, $4, $5, $6, $7) returning ${KEY_COLUMNS}`,
        [agent.workspace_id, agent.id, body.name, prefix, keyHash, body.expires_at ?? null, caller.userId],
      );
    }, { shape: ([row]) => ({ ...row, api_key: key }) });
    c.set("workspaceId", created.workspace_id);
    return c.json(created, 201);
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/{agent_id}/keys",
    summary: "List an agent's keys (prefixes only)",
    ...auth("user"),
    request: { params: AgentParams },
    responses: { 200: jsonResponse(z.object({ keys: z.array(AgentKeySummarySchema) }), "The agent's keys, newest first"), ...errors },
  }),
  async (c) => {
    const caller = userCaller(c);
    const { agent_id } = c.req.valid("param");
    const result = await rpc(caller, z.object({ keys: z.array(AgentKeySummarySchema) }), async (tx) => {
      await visibleAgent(tx, agent_id);
      return await tx.unsafe(`select ${KEY_COLUMNS} from public.agent_api_keys where agent_id = $1 order by created_at desc`, [agent_id]);
    }, { shape: (rows) => ({ keys: rows }) });
    return c.json(result, 200);
  },
);

app.openapi(
  createRoute({
    method: "delete",
    path: "/{agent_id}/keys/{key_id}",
    summary: "Revoke a key: agent-auth refuses it at once, and JWTs minted from it stop working",
    ...auth("user"),
    request: { params: KeyParams },
    responses: {
      200: jsonResponse(AgentKeySummarySchema, "The revoked key"),
      409: jsonResponse(ErrorResponseSchema, "Already revoked"),
      ...errors,
    },
  }),
  async (c) => {
    const caller = userCaller(c);
    const { agent_id, key_id } = c.req.valid("param");
    const revoked = await rpc(caller, AgentKeySummarySchema, async (tx) => {
      await visibleAgent(tx, agent_id);
      const [existing] = await tx<Pick<Tables<"agent_api_keys">, "revoked_at">[]>`
        select revoked_at from public.agent_api_keys where id = ${key_id} and agent_id = ${agent_id}`;
      if (!existing) throw notFound("key_not_found", "no key with this id belongs to this agent");
      if (existing.revoked_at) throw conflict("already_revoked", "this key was revoked already");
      return await tx.unsafe(
        `update public.agent_api_keys set revoked_at = now(), revoked_by = $3
         where id = $1 and agent_id = $2 returning ${KEY_COLUMNS}`,
        [key_id, agent_id, caller.userId],
      );
    }, { shape: ([row]) => row });
    c.set("workspaceId", revoked.workspace_id);
    return c.json(revoked, 200);
  },
);
