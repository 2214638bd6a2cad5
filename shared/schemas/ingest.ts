// Payloads of the ingest function: runs with their spans, metric samples, feedback. The
// database checks the same rules again (private.ingest_runs), so that every client obeys them.
import { z } from "zod";
import { TimestampSchema, UuidSchema } from "./common.ts";

export const MAX_RUNS_PER_BATCH = 1000;
export const MAX_SPANS_PER_RUN = 1000;
export const MAX_SPANS_PER_REQUEST = 20_000;
/** Runs plus spans of a full batch fit comfortably; larger bodies are refused with 413. */
export const MAX_INGEST_BODY_BYTES = 16 * 1024 * 1024;

export const RUN_STATUSES = ["queued", "running", "waiting_approval", "succeeded", "failed", "timeout", "canceled"] as const;
export const SPAN_KINDS = ["llm", "tool", "hook", "endpoint_call", "routing", "thought", "agent", "retrieval", "embedding", "other"] as const;

const Key = z.string().min(1).max(200);
const Count = z.number().int().min(0).max(2_000_000_000);
const Money = z.number().min(0).max(1_000_000_000).refine(Number.isFinite, "must be a finite number");
const Text = (max: number) => z.string().max(max);
const JsonObject = z.record(z.string(), z.unknown());

export const SpanSchema = z.object({
  span_key: Key,
  parent_span_key: Key.optional(),
  kind: z.enum(SPAN_KINDS),
  name: z.string().min(1).max(500),
  status: z.enum(["unset", "ok", "error"]).optional(),
  started_at: TimestampSchema,
  ended_at: TimestampSchema.optional(),
  duration_ms: Count.optional(),
  gen_ai_system: Text(100).optional(),
  gen_ai_operation_name: Text(100).optional(),
  gen_ai_request_model: Text(200).optional(),
  gen_ai_response_model: Text(200).optional(),
  gen_ai_usage_input_tokens: Count.optional(),
  gen_ai_usage_output_tokens: Count.optional(),
  cost_usd: Money.optional(),
  tool_name: Text(200).optional(),
  http_method: Text(10).optional(),
  http_url: Text(2000).optional(),
  http_status_code: z.number().int().min(100).max(599).optional(),
  node_type: z.enum(["input", "processing", "action", "output"]).optional(),
  content: Text(100_000).optional(),
  confidence: z.number().min(0).max(1).optional(),
  error_message: Text(10_000).optional(),
  attributes: JsonObject.optional(),
}).strict().superRefine((s, ctx) => {
  if (s.ended_at && Date.parse(s.ended_at) < Date.parse(s.started_at)) {
    ctx.addIssue({ code: "custom", path: ["ended_at"], message: "is before started_at" });
  }
  if (s.parent_span_key !== undefined && s.parent_span_key === s.span_key) {
    ctx.addIssue({ code: "custom", path: ["parent_span_key"], message: "a span cannot be its own parent" });
  }
});
export type Span = z.infer<typeof SpanSchema>;

export const RunSchema = z.object({
  run_key: Key,
  status: z.enum(RUN_STATUSES),
  started_at: TimestampSchema.optional(),
  ended_at: TimestampSchema.optional(),
  duration_ms: Count.optional(),
  environment: z.enum(["dev", "staging", "prod"]).optional(),
  model: Text(200).optional(),
  tokens_in: Count.optional(),
  tokens_out: Count.optional(),
  tokens_cached: Count.optional(),
  cost_usd: Money.optional(),
  input: z.unknown().optional(),
  output: z.unknown().optional(),
  error_type: Text(200).optional(),
  error_message: Text(10_000).optional(),
  parent_run_key: Key.optional(),
  task_key: Key.optional(),
  project: Key.optional(),
  workflow_id: UuidSchema.optional(),
  user_id: UuidSchema.optional(),
  user_rating: z.number().int().min(1).max(5).optional(),
  feedback: Text(10_000).optional(),
  metadata: JsonObject.optional(),
  spans: z.array(SpanSchema).max(MAX_SPANS_PER_RUN).optional(),
}).strict().superRefine((r, ctx) => {
  if (r.started_at && r.ended_at && Date.parse(r.ended_at) < Date.parse(r.started_at)) {
    ctx.addIssue({ code: "custom", path: ["ended_at"], message: "is before started_at" });
  }
  if (r.tokens_cached !== undefined && r.tokens_cached > (r.tokens_in ?? 0)) {
    ctx.addIssue({ code: "custom", path: ["tokens_cached"], message: "cannot exceed tokens_in" });
  }
  if (r.parent_run_key !== undefined && r.parent_run_key === r.run_key) {
    ctx.addIssue({ code: "custom", path: ["parent_run_key"], message: "a run cannot be its own parent" });
  }
  // a span_key given twice is an invariant the database checks (private.ingest_spans), once, for
  // every path that writes spans: not repeated here
});
export type Run = z.infer<typeof RunSchema>;

export const RunBatchSchema = z.object({
  runs: z.array(RunSchema).min(1).max(MAX_RUNS_PER_BATCH, { message: `a batch holds at most ${MAX_RUNS_PER_BATCH} runs` }),
}).strict().superRefine((b, ctx) => {
  // a run_key given twice is the database's to refuse (private.ingest_runs), as every invariant
  let spans = 0;
  b.runs.forEach((r) => {
    spans += r.spans?.length ?? 0;
  });
  if (spans > MAX_SPANS_PER_REQUEST) {
    ctx.addIssue({ code: "custom", path: ["runs"], message: `a request holds at most ${MAX_SPANS_PER_REQUEST} spans, this one has ${spans}` });
  }
});
export type RunBatch = z.infer<typeof RunBatchSchema>;

export const SpanBatchSchema = z.object({
  spans: z.array(SpanSchema).min(1).max(MAX_SPANS_PER_RUN),
}).strict();

export const MetricSampleSchema = z.object({
  metric_type: z.string().regex(/^[a-z][a-z0-9_.]{0,99}$/, { message: "must be lowercase letters, digits, _ or ." }),
  value: z.number().refine(Number.isFinite, "must be a finite number").refine((v) => Math.abs(v) < 1e14, "is too large"),
  unit: z.enum(["ms", "s", "usd", "percent", "count", "tokens", "bytes", "ratio", "score"]).optional(),
  metadata: JsonObject.optional(),
  recorded_at: TimestampSchema.optional(),
  run_key: Key.optional(),
}).strict();
export const MetricBatchSchema = z.object({ samples: z.array(MetricSampleSchema).min(1).max(5000) }).strict();

export const FeedbackSchema = z.object({
  run_key: Key,
  rating: z.number().int().min(1).max(5).optional(),
  feedback: Text(10_000).optional(),
}).strict().refine((f) => f.rating !== undefined || f.feedback !== undefined, { message: "send rating, feedback or both", path: ["rating"] });

export const RunResultSchema = z.object({
  run_key: z.string(),
  id: UuidSchema,
  status: z.enum(RUN_STATUSES),
  cost_usd: z.number(),
  cost_source: z.enum(["reported", "computed", "none"]),
  /** Present when the run was recorded while its agent was over a limit (it happened, so it is stored and counted). */
  over_limit: z.enum(["tokens_per_day", "cost_per_month"]).optional(),
});

export const QuotaSchema = z.record(z.string(), z.object({ limit: z.number(), remaining: z.number() }));

export const IngestResultSchema = z.object({
  accepted: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  runs: z.array(RunResultSchema),
  quota: QuotaSchema,
});
export type IngestResult = z.infer<typeof IngestResultSchema>;
