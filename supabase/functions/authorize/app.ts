// authorize: an agent (with its JWT from agent-auth) asks "may I use tool T for action A, at an
// estimated cost C and N tokens?". The function hashes the exact call (RFC 8785 canonical JSON,
// SHA-256: the call_hash a receipt later names) and makes one SQL call, private.authorize, which
// checks and answers in one transaction: allow (level 1), allow and notify approvers (level 2),
// pending with an approval id (levels 3 and 4), or deny with the reason. Every answer is recorded;
// people list their workspace's decisions at GET /authorize/decisions.
import { createRoute, z } from "@hono/zod-openapi";
import { ErrorResponseSchema } from "@shared/schemas/common.ts";
import {
  AuthorizationDecisionSchema,
  AuthorizeRequestSchema,
  AuthorizeResponseSchema,
  callHash,
  IdSchema,
} from "@shared/schemas/governance.ts";
import { createApp, errorResponses, jsonBody, jsonResponse } from "../_shared/app.ts";
import { agentCaller, auth, userCaller } from "../_shared/auth.ts";
import { claimed, privileged } from "../_shared/db.ts";
import { rpc } from "../_shared/rpc.ts";

export const app = createApp("authorize", {
  maxBodyBytes: 64 * 1024,
  description: "Ask whether an agent may use a tool for an action now; list the workspace's decisions.",
});

const errors = errorResponses({
  401: "No valid JWT, or the agent's key was revoked",
  403: "The wrong kind of caller (agent or person) for this endpoint",
  413: "Body larger than 64 KiB",
});

app.openapi(
  createRoute({
    method: "post",
    path: "/",
    summary: "May this agent use tool T for action A now? allow, pending (with an approval) or deny (with the reason)",
    description:
      "Checks in one transaction that the agent is active, one request fits its rate limit (counted), it holds the capability " +
      "(action) and the tool grant, and the estimate fits its tokens today and budget this month (checked, not consumed); then " +
      "answers by escalation level. A denial is an answer (200, decision deny), not an error.",
    ...auth("agent"),
    request: jsonBody(AuthorizeRequestSchema),
    responses: {
      200: jsonResponse(AuthorizeResponseSchema, "The decision (recorded in authorization_decisions)"),
      ...errors,
      409: jsonResponse(ErrorResponseSchema, "run_key names a run of another agent, or a run that has ended"),
    },
  }),
  async (c) => {
    const caller = agentCaller(c);
    const body = c.req.valid("json");
    const call_hash = await callHash(body);
    // one statement, one commit: the caller's claims set for its transaction (as PostgREST does),
    // which private.authorize reads instead of trusting arguments
    const [row] = await privileged((sql) =>
      sql`select private.authorize(${sql.json({ ...body, call_hash } as never)}) as result
        from ${claimed(sql, caller.claims)}`
    );
    // through the schema: checked against the contract, and keys in its order (jsonb sorts them by length)
    return c.json(AuthorizeResponseSchema.parse(row.result), 200);
  },
);

const DecisionsResponseSchema = z.object({ decisions: z.array(AuthorizationDecisionSchema) });

const DecisionsQuery = z.object({
  workspace_id: IdSchema.optional(),
  agent_id: IdSchema.optional(),
  outcome: z.enum(["allowed", "allowed_notified", "pending_approval", "pending_human", "denied"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

app.openapi(
  createRoute({
    method: "get",
    path: "/decisions",
    summary: "The authorize decisions of your workspaces, newest first (people: viewers and above)",
    ...auth("user"),
    request: { query: DecisionsQuery },
    responses: {
      200: jsonResponse(DecisionsResponseSchema, "Decisions visible to you"),
      ...errors,
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const result = await rpc(userCaller(c), DecisionsResponseSchema, (tx) =>
      tx`
        select d.id, d.workspace_id, d.agent_id, d.execution_id, d.tool, d.action, d.call_hash,
          d.estimated_cost_usd::float8 as estimated_cost_usd, d.estimated_tokens::float8 as estimated_tokens,
          d.escalation_level, d.outcome, d.reason, d.message, d.details, d.created_at
        from public.authorization_decisions d
        where (${q.workspace_id ?? null}::uuid is null or d.workspace_id = ${q.workspace_id ?? null}::uuid)
          and (${q.agent_id ?? null}::uuid is null or d.agent_id = ${q.agent_id ?? null}::uuid)
          and (${q.outcome ?? null}::text is null or d.outcome = ${q.outcome ?? null}::text)
        order by d.created_at desc
        limit ${q.limit}`, { shape: (rows) => ({ decisions: rows }) });
    return c.json(result, 200);
  },
);
