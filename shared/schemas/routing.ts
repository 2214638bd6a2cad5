// routing: routing decisions with memory (function "routing"). A router agent records which agent
// it chose for a task and the run that decision started; any agent or person of the workspace
// asks which agents handled the most similar past tasks, and how well. The database checks the
// same rules again for every other client.
import { z } from "zod";
import { EMBEDDING_DIMENSIONS, IdSchema } from "./learning.ts";

const Embedding = z.array(z.number().finite({ message: "every component must be a finite number" }))
  .length(EMBEDDING_DIMENSIONS, { message: `must have exactly ${EMBEDDING_DIMENSIONS} numbers` });
const RunKey = z.string().min(1, { message: "run_key is required" }).max(200, { message: "run_key is at most 200 characters" });

export const RoutingCandidateSchema = z.object({
  agent_id: IdSchema.describe("An agent of the workspace the router weighed."),
  score: z.number().finite().optional().describe("The router's score for it (any scale)."),
  reason: z.string().max(500).optional(),
}).strict();

export const RoutingDecisionRequestSchema = z.object({
  run_key: RunKey.describe(
    "The run the decision starts: an existing run of the selected agent, or a new one (created queued for it). One decision per run; sending it again returns the stored decision.",
  ),
  selected_agent_id: IdSchema.describe("The agent chosen."),
  task_text: z.string().min(1).max(10_000).optional().describe("The task, in words."),
  embedding: Embedding.optional().describe("The task's embedding (1536 numbers), searched by route()."),
  candidates: z.array(RoutingCandidateSchema).max(100, { message: "at most 100 candidates" }).optional(),
  reason: z.string().max(2000).optional().describe("Why this agent."),
  confidence: z.number().min(0, { message: "confidence is between 0 and 1" }).max(1, { message: "confidence is between 0 and 1" }).optional(),
  parent_run_key: RunKey.optional().describe("The router's own run, parent of the started run."),
}).strict().refine((d) => d.task_text !== undefined || d.embedding !== undefined, {
  message: "give the task's text, its embedding, or both",
  path: ["task_text"],
});
export type RoutingDecisionRequest = z.input<typeof RoutingDecisionRequestSchema>;

export const RoutingDecisionResponseSchema = z.object({
  decision: z.object({
    id: IdSchema,
    workspace_id: IdSchema,
    execution_id: IdSchema.nullable(),
    from_agent_id: IdSchema.nullable(),
    selected_agent_id: IdSchema.nullable(),
    query_text: z.string().nullable(),
    candidates: z.array(z.record(z.string(), z.unknown())),
    reason: z.string().nullable(),
    confidence: z.number().nullable(),
    outcome_status: z.string().nullable(),
    created_at: z.string(),
  }).passthrough(),
  run: z.object({ id: IdSchema, run_key: z.string(), status: z.string(), created: z.boolean() }),
  duplicate: z.boolean().describe("True when this run already had its decision (a retry): nothing was written."),
});
export type RoutingDecisionResponse = z.infer<typeof RoutingDecisionResponseSchema>;

export const RouteRequestSchema = z.object({
  embedding: Embedding.describe("The new task's embedding; compared by cosine similarity with past decisions."),
  match_count: z.number().int().min(1).max(1000).default(50).describe("How many nearest past decisions to weigh (1-1000)."),
  agent_count: z.number().int().min(1).max(100).default(5).describe("How many agents to return (1-100)."),
  min_similarity: z.number().min(-1).max(1).default(0).describe("Ignore past tasks less similar than this."),
  workspace_id: IdSchema.optional().describe("Only this workspace (people in several workspaces)."),
}).strict();
export type RouteRequest = z.input<typeof RouteRequestSchema>;

export const RouteCandidateSchema = z.object({
  agent_id: IdSchema,
  slug: z.string().nullable(),
  name: z.string().nullable(),
  status: z.string().nullable(),
  similar_tasks: z.number().int().describe("Of the nearest past tasks, how many went to this agent."),
  finished: z.number().int(),
  succeeded: z.number().int(),
  success_rate: z.number().nullable().describe("Percent of the finished ones that succeeded; null when none finished."),
  avg_cost_usd: z.number().nullable(),
  avg_duration_ms: z.number().nullable().describe("Mean latency of the finished ones."),
  best_similarity: z.number(),
  avg_similarity: z.number(),
  score: z.number().describe("mean similarity x (successes + 1) / (finished + 2); best first."),
});
export type RouteCandidate = z.infer<typeof RouteCandidateSchema>;

export const RouteResponseSchema = z.object({ agents: z.array(RouteCandidateSchema) });
export type RouteResponse = z.infer<typeof RouteResponseSchema>;
