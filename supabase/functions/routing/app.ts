// routing: routing with memory. POST /routing/decisions records which agent a router agent chose
// for a task and the run that decision started (private.record_routing_decision, one call);
// POST /routing/route answers which agents handled the most similar past tasks, with their
// success rate, cost and latency on them (public.route under the caller's RLS: HNSW, cosine).
import { createRoute } from "@hono/zod-openapi";
import { ErrorResponseSchema } from "@shared/schemas/common.ts";
import {
  RouteRequestSchema, RouteResponseSchema, RoutingDecisionRequestSchema, RoutingDecisionResponseSchema,
} from "@shared/schemas/routing.ts";
import { createApp, errorResponses, jsonBody, jsonResponse } from "../_shared/app.ts";
import { auth } from "../_shared/auth.ts";
import { rpc } from "../_shared/rpc.ts";

export const app = createApp("routing", {
  maxBodyBytes: 512 * 1024,
  description: "Routing decisions with memory: record which agent was chosen for a task, and ask who handled similar tasks best.",
});

const errors = errorResponses({
  401: "No valid JWT, or the agent's key was revoked",
});

app.openapi(
  createRoute({
    method: "post",
    path: "/decisions",
    summary: "Record a routing decision (agents): the task, the candidates with scores, the agent chosen, why, and the run it started",
    ...auth("caller"),
    request: jsonBody(RoutingDecisionRequestSchema),
    responses: {
      200: jsonResponse(RoutingDecisionResponseSchema, "A retry: the run already had this decision; nothing written"),
      201: jsonResponse(RoutingDecisionResponseSchema, "Recorded; the run is linked (created queued for the selected agent if new)"),
      403: jsonResponse(ErrorResponseSchema, "Only agents record routing decisions"),
      404: jsonResponse(ErrorResponseSchema, "An agent or the parent run is not in the caller's workspace"),
      409: jsonResponse(ErrorResponseSchema, "run_key names a run of another agent than the selected one"),
      ...errors,
    },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const result = await rpc(c.get("caller"), RoutingDecisionResponseSchema, (tx) =>
      tx`select private.record_routing_decision(${tx.json(body as never)}) as result`
    );
    if (result.duplicate) return c.json(result, 200);
    return c.json(result, 201);
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/route",
    summary: "The agents that handled the most similar past tasks, with their success rate, cost and latency on them",
    ...auth("caller"),
    request: jsonBody(RouteRequestSchema),
    responses: { 200: jsonResponse(RouteResponseSchema, "Best first; only decisions the caller may see"), ...errors },
  }),
  async (c) => {
    const q = c.req.valid("json");
    const result = await rpc(c.get("caller"), RouteResponseSchema, (tx) =>
      tx`select to_jsonb(r) as agent
         from public.route(${JSON.stringify(q.embedding)}::extensions.vector, ${q.match_count}, ${q.agent_count},
           ${q.workspace_id ?? null}, ${q.min_similarity}) r`, { shape: (rows) => ({ agents: rows.map((r) => r.agent) }) });
    return c.json(result, 200);
  },
);
