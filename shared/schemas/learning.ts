// learning: the pattern library's similarity search and usage reports (function "patterns"), and
// evaluations, efficiency measurements and reputation (function "evaluations"). The database
// checks the same rules again for every other client (PostgREST, Studio, SQL).
import { z } from "zod";
import { TimestampSchema } from "./common.ts";

/**
 * An id as Postgres stores uuids: 8-4-4-4-12 hex digits, any version and variant. The demo
 * seed's ids (e.g. the demo agent 00000000-0000-4000-c000-000000000001) are not RFC 9562
 * variants, which z.uuid() refuses.
 */
export const IdSchema = z.guid({ message: "must be a uuid (8-4-4-4-12 hex digits)" });
const UuidSchema = IdSchema;

/** Dimensions of a pattern embedding (e.g. OpenAI text-embedding-3-small). */
export const EMBEDDING_DIMENSIONS = 1536;

const Text = (what: string, max: number) =>
  z.string().min(1, { message: `${what} is required` }).max(max, { message: `${what} is at most ${max} characters` });
const Score = (what: string) =>
  z.number({ message: `${what} must be a number` }).min(0, { message: `${what} is between 0 and 100` }).max(100, {
    message: `${what} is between 0 and 100`,
  });
const JsonObject = z.record(z.string(), z.unknown());
const RunKey = z.string().min(1, { message: "run_key is required" }).max(200, { message: "run_key is at most 200 characters" });

// ---- patterns -----------------------------------------------------------------------------

export const PatternSearchRequestSchema = z.object({
  embedding: z.array(z.number().finite({ message: "every component must be a finite number" }))
    .length(EMBEDDING_DIMENSIONS, { message: `must have exactly ${EMBEDDING_DIMENSIONS} numbers` })
    .describe("The query embedding, 1536 numbers; compared by cosine similarity."),
  topic: Text("topic", 200).optional().describe("Only patterns of this topic."),
  match_count: z.number().int().min(1).max(100).default(5).describe("How many patterns to return (1-100)."),
  min_success_rate: z.number().min(0).max(100).default(0).describe("Minimum success rate in percent (unused patterns count as 0)."),
  workspace_id: UuidSchema.optional().describe("Only patterns of this workspace (people in several workspaces)."),
}).strict();
export type PatternSearchRequest = z.input<typeof PatternSearchRequestSchema>;

export const PatternMatchSchema = z.object({
  id: UuidSchema,
  workspace_id: UuidSchema,
  topic: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  examples: z.array(z.string()),
  best_practices: z.array(z.string()),
  anti_patterns: z.array(z.string()),
  optimal_model: z.string().nullable(),
  optimal_parameters: JsonObject,
  success_rate: z.number().nullable().describe("Percent 0-100; null before the first use with a known outcome."),
  usage_count: z.number().int(),
  avg_user_rating: z.number().nullable(),
  avg_engagement: JsonObject,
  similarity: z.number().describe("Cosine similarity to the query: 1 - cosine distance."),
});
export type PatternMatch = z.infer<typeof PatternMatchSchema>;

export const PatternSearchResponseSchema = z.object({ patterns: z.array(PatternMatchSchema) });
export type PatternSearchResponse = z.infer<typeof PatternSearchResponseSchema>;

export const PatternUsageSchema = z.object({
  pattern_id: UuidSchema.describe("The pattern used."),
  execution_id: UuidSchema.optional().describe("The run it was used in (or give run_key)."),
  run_key: RunKey.optional().describe("The run it was used in, by its run_key in the pattern's workspace."),
  success: z.boolean().nullable().optional().describe("Did it work? Omit or null when not known yet."),
  user_rating: z.number().int().min(1, { message: "user_rating is between 1 and 5" }).max(5, { message: "user_rating is between 1 and 5" }).optional(),
  engagement: JsonObject.optional().describe('Engagement of the output, e.g. {"ctr": 3.2}; numeric values are averaged per pattern.'),
  used_at: TimestampSchema.optional().describe("When it was used (default: now)."),
}).strict().refine((u) => !(u.execution_id && u.run_key), { message: "give execution_id or run_key, not both", path: ["run_key"] });
export type PatternUsage = z.input<typeof PatternUsageSchema>;

export const PatternUsageRequestSchema = z.object({
  usages: z.array(PatternUsageSchema).min(1, { message: "at least one use" }).max(500, { message: "at most 500 uses per report" }),
}).strict();
export type PatternUsageRequest = z.input<typeof PatternUsageRequestSchema>;

export const PatternStatsSchema = z.object({
  id: UuidSchema,
  topic: z.string(),
  name: z.string(),
  usage_count: z.number().int(),
  success_rate: z.number().nullable(),
  avg_user_rating: z.number().nullable(),
  avg_engagement: JsonObject,
  last_used_at: z.string().nullable(),
});
export const PatternUsageResponseSchema = z.object({ accepted: z.number().int(), patterns: z.array(PatternStatsSchema) });
export type PatternUsageResponse = z.infer<typeof PatternUsageResponseSchema>;

// ---- evaluations --------------------------------------------------------------------------

/** The run evaluated: by id, or by run_key (a person adds workspace_id). */
const RunRef = {
  execution_id: UuidSchema.optional().describe("The run evaluated (its id, as ingest returns it)."),
  run_key: RunKey.optional().describe("Or the run's run_key; a person adds workspace_id."),
  workspace_id: UuidSchema.optional().describe("The run's workspace, with run_key (agents: their own workspace)."),
};
const oneRunRef = (v: { execution_id?: string; run_key?: string }) => Boolean(v.execution_id) !== Boolean(v.run_key);
const oneRunRefMessage = { message: "name the run by execution_id or by run_key (one of them)", path: ["execution_id"] };

export const VerdictSchema = z.enum(["pass", "borderline", "fail"], { message: "verdict must be pass, borderline or fail" });

export const EvaluationRequestSchema = z.object({
  ...RunRef,
  evaluator_vendor: Text("evaluator_vendor", 100).describe("Who evaluated, e.g. openai, human."),
  model_version: Text("model_version", 100).describe("The evaluating model or rubric version."),
  quality_score: Score("quality_score"),
  reliability_score: Score("reliability_score"),
  value_score: Score("value_score"),
  verdict: VerdictSchema,
  details: JsonObject.optional().describe("Anything else, e.g. rubric items."),
  evaluated_at: TimestampSchema.optional().describe("When it was evaluated (default now). Posting the same evaluation (run, vendor, model version, evaluated_at) again changes nothing."),
}).strict().refine(oneRunRef, oneRunRefMessage);
export type EvaluationRequest = z.input<typeof EvaluationRequestSchema>;

export const EvaluationSchema = z.object({
  id: UuidSchema,
  workspace_id: UuidSchema,
  execution_id: UuidSchema,
  agent_id: UuidSchema.nullable(),
  evaluator_vendor: z.string(),
  model_version: z.string(),
  quality_score: z.number(),
  reliability_score: z.number(),
  value_score: z.number(),
  verdict: VerdictSchema,
  details: JsonObject,
  evaluator_agent_id: UuidSchema.nullable(),
  evaluated_by: UuidSchema.nullable(),
  evaluated_at: z.string(),
  created_at: z.string(),
});
export type Evaluation = z.infer<typeof EvaluationSchema>;

export const ReputationEffectSchema = z.object({
  transaction_id: UuidSchema,
  tx_type: z.enum(["award", "penalty"]),
  delta_rep: z.number(),
  requested_delta_rep: z.number().nullable().describe("For a penalty reduced to the balance: what was asked."),
  balance_after: z.number(),
  agent_seq: z.number().int(),
});

export const EvaluationResponseSchema = z.object({
  created: z.boolean().describe("false when the same evaluation had been posted before (nothing changed)."),
  evaluation: EvaluationSchema,
  reputation: ReputationEffectSchema.nullable().describe("The award or penalty it caused, if any."),
});
export type EvaluationResponse = z.infer<typeof EvaluationResponseSchema>;

const NonNegative = (what: string) => z.number({ message: `${what} must be a number` }).min(0, { message: `${what} cannot be negative` });

export const EfficiencyRequestSchema = z.object({
  ...RunRef,
  throughput_per_hour: NonNegative("throughput_per_hour"),
  success_rate: z.number().min(0, { message: "success_rate is a fraction between 0 and 1" }).max(1, { message: "success_rate is a fraction between 0 and 1" }),
  latency_p50_ms: NonNegative("latency_p50_ms"),
  latency_p95_ms: NonNegative("latency_p95_ms"),
  cpu_seconds: NonNegative("cpu_seconds"),
  memory_mb_avg: NonNegative("memory_mb_avg"),
  measured_at: TimestampSchema.optional(),
}).strict()
  .refine(oneRunRef, oneRunRefMessage)
  .refine((m) => m.latency_p95_ms >= m.latency_p50_ms, { message: "latency_p95_ms cannot be below latency_p50_ms", path: ["latency_p95_ms"] });
export type EfficiencyRequest = z.input<typeof EfficiencyRequestSchema>;

export const EfficiencyMeasurementSchema = z.object({
  id: UuidSchema,
  workspace_id: UuidSchema,
  execution_id: UuidSchema,
  agent_id: UuidSchema.nullable(),
  throughput_per_hour: z.number(),
  success_rate: z.number(),
  latency_p50_ms: z.number(),
  latency_p95_ms: z.number(),
  cpu_seconds: z.number(),
  memory_mb_avg: z.number(),
  measured_by: UuidSchema.nullable(),
  measured_by_agent_id: UuidSchema.nullable(),
  measured_at: z.string(),
  created_at: z.string(),
});
export type EfficiencyMeasurement = z.infer<typeof EfficiencyMeasurementSchema>;

export const RepTransactionSchema = z.object({
  id: UuidSchema,
  agent_seq: z.number().int(),
  tx_type: z.enum(["award", "penalty", "adjustment", "reversal"]),
  delta_rep: z.number(),
  requested_delta_rep: z.number().nullable(),
  balance_after: z.number(),
  reason_code: z.string(),
  note: z.string().nullable(),
  execution_id: UuidSchema.nullable(),
  evaluation_id: UuidSchema.nullable(),
  reverses_transaction_id: UuidSchema.nullable(),
  occurred_at: z.string(),
});
export type RepTransaction = z.infer<typeof RepTransactionSchema>;

export const ReputationResponseSchema = z.object({
  agent_id: UuidSchema,
  workspace_id: UuidSchema,
  balance: z.number(),
  transaction_count: z.number().int(),
  transactions: z.array(RepTransactionSchema).describe("The latest transactions, newest first."),
});
export type ReputationResponse = z.infer<typeof ReputationResponseSchema>;
