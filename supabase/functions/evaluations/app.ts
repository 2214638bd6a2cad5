// evaluations: evaluators (agents with a JWT from agent-auth, or people) post evaluations of runs
// (seed 004 rli_evaluations) and efficiency measurements; each evaluation scores the run's agent in
// the reputation ledger by the workspace's rules, in the same transaction. GET
// /evaluations/reputation/{agent_id} reads an agent's balance and latest ledger entries.
// Who may evaluate which run is decided in the database (private.record_evaluation): a member of
// the run's workspace, or an agent of that workspace that did not run it.
import { createRoute, z } from "@hono/zod-openapi";
import {
  EfficiencyMeasurementSchema, EfficiencyRequestSchema, EvaluationRequestSchema, EvaluationResponseSchema,
  IdSchema, ReputationResponseSchema,
} from "@shared/schemas/learning.ts";
import { createApp, errorResponses, jsonBody, jsonResponse } from "../_shared/app.ts";
import { auth } from "../_shared/auth.ts";
import { notFound } from "../_shared/errors.ts";
import { rpc } from "../_shared/rpc.ts";

export const app = createApp("evaluations", {
  maxBodyBytes: 64 * 1024,
  description: "Post evaluations and efficiency measurements of runs; read an agent's reputation.",
});

const errors = errorResponses({
  401: "No valid JWT, or the agent's key was revoked",
  403: "A viewer, an agent evaluating its own run, or another workspace",
  404: "No such run visible to the caller",
  409: "The run has not finished",
});

app.openapi(
  createRoute({
    method: "post",
    path: "/",
    summary: "Post an evaluation of a finished run; the run's agent is awarded (pass) or penalized (fail) at once",
    ...auth("caller"),
    request: jsonBody(EvaluationRequestSchema),
    responses: {
      201: jsonResponse(EvaluationResponseSchema, "Stored, with the reputation transaction it caused"),
      200: jsonResponse(EvaluationResponseSchema, "The same evaluation had been posted before: nothing changed"),
      ...errors,
    },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const result = await rpc(c.get("caller"), EvaluationResponseSchema, (tx) => tx`select private.record_evaluation(${tx.json(body as never)}) as result`);
    return c.json(result, result.created ? 201 : 200);
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/efficiency",
    summary: "Post an efficiency measurement of a finished run",
    ...auth("caller"),
    request: jsonBody(EfficiencyRequestSchema),
    responses: { 201: jsonResponse(EfficiencyMeasurementSchema, "Stored"), ...errors },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const result = await rpc(c.get("caller"), EfficiencyMeasurementSchema, (tx) =>
      tx`select private.record_efficiency_measurement(${tx.json(body as never)}) as result`
    );
    return c.json(result, 201);
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/reputation/{agent_id}",
    summary: "An agent's reputation: balance and the latest ledger entries (newest first)",
    ...auth("caller"),
    request: {
      params: z.object({ agent_id: IdSchema }),
      query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
    },
    responses: { 200: jsonResponse(ReputationResponseSchema, "The balance and transactions"), ...errors },
  }),
  async (c) => {
    const { agent_id } = c.req.valid("param");
    const { limit } = c.req.valid("query");
    // as the caller: RLS decides whose reputation is visible (an agent's revoked key is refused by asCaller)
    const result = await rpc(c.get("caller"), ReputationResponseSchema, (tx) =>
      tx`select jsonb_build_object(
           'agent_id', a.id, 'workspace_id', a.workspace_id,
           'balance', coalesce(b.balance, 0), 'transaction_count', coalesce(b.transaction_count, 0),
           'transactions', coalesce((
             select jsonb_agg(jsonb_build_object('id', t.id, 'agent_seq', t.agent_seq, 'tx_type', t.tx_type, 'delta_rep', t.delta_rep,
               'requested_delta_rep', t.requested_delta_rep, 'balance_after', t.balance_after, 'reason_code', t.reason_code, 'note', t.note,
               'execution_id', t.execution_id, 'evaluation_id', t.evaluation_id, 'reverses_transaction_id', t.reverses_transaction_id,
               'occurred_at', t.occurred_at) order by t.agent_seq desc)
             from (select * from public.rep_transactions r where r.agent_id = a.id order by r.agent_seq desc limit ${limit}) t), '[]'::jsonb)
         ) as result
         from public.agents a
         left join public.rep_balances b on b.agent_id = a.id
         where a.id = ${agent_id}`, { missing: () => notFound("agent_not_found", "no agent with this id is visible to you") });
    return c.json(result, 200);
  },
);
