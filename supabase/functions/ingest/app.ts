// ingest: agents (with the JWT from agent-auth) report runs, spans, metric samples and feedback.
// Each request is one SQL call: private.ingest_runs does the whole batch set-based in one
// transaction, for the agent of the claims the same statement sets (as PostgREST does), so a
// request is stored entirely or not at all, and a retry with the same run_keys updates the same runs. OpenTelemetry traces (OTLP/HTTP JSON) land in the same tables.
import { createRoute, z } from "@hono/zod-openapi";
import { ErrorResponseSchema } from "@shared/schemas/common.ts";
import {
  FeedbackSchema, IngestResultSchema, MAX_INGEST_BODY_BYTES, MetricBatchSchema, type Run, RunBatchSchema, RunSchema,
  SpanBatchSchema,
} from "@shared/schemas/ingest.ts";
import { createApp, jsonBody, jsonResponse, rawRoute } from "../_shared/app.ts";
import { agentCaller, type AgentCaller, auth } from "../_shared/auth.ts";
import { claimed, privileged } from "../_shared/db.ts";
import { ApiError } from "../_shared/errors.ts";
import { rpc } from "../_shared/rpc.ts";
import { decodeOtlp, otlpEncoding, otlpErrors, otlpSuccess, parseExport, readOtlpBody, rejectionMessage, storeExport } from "./otlp.ts";

export const app = createApp("ingest", {
  maxBodyBytes: MAX_INGEST_BODY_BYTES,
  description: "Report runs, spans, metric samples and feedback; OTLP/HTTP traces (protobuf or JSON, gzip) at /ingest/v1/traces.",
});

// OTLP answers its errors (authentication's too) with a google.rpc.Status in the request's encoding
app.use("/v1/traces", otlpErrors);

const errors = {
  400: jsonResponse(ErrorResponseSchema, "Malformed JSON"),
  401: jsonResponse(ErrorResponseSchema, "No valid agent JWT, or its key was revoked"),
  403: jsonResponse(ErrorResponseSchema, "The agent is not active, or the token is not an agent's"),
  409: jsonResponse(ErrorResponseSchema, "A run_key belongs to another agent's run, or the report contradicts the run (a finished run's status, times or error fields; succeeded while waiting for approval): error.fields names the field"),
  413: jsonResponse(ErrorResponseSchema, `Body larger than ${MAX_INGEST_BODY_BYTES} bytes`),
  422: jsonResponse(ErrorResponseSchema, "Invalid input: error.fields names each field at fault (runs.N.field)"),
  429: jsonResponse(ErrorResponseSchema, "Over a quota: Retry-After, and error.details with the limit and what remains"),
};

const MetricsAcceptedSchema = z.object({ accepted: z.number().int() });
const FeedbackRecordedSchema = z.object({ id: z.string(), run_key: z.string(), user_rating: z.number().nullable() });

/** report: how SQL names fields in its errors (runs: runs.N.field; run and spans: the field alone, as those routes take one run). */
async function ingest(caller: AgentCaller, runs: Run[] | unknown[], source = "agent", report: "runs" | "run" | "spans" = "runs") {
  // a batch is idempotent by run_key, so a transaction conflict is retried here rather than answered 503
  for (let attempt = 1; ; attempt++) {
    try {
      return await rpc("privileged", IngestResultSchema, (sql) =>
        sql`select private.ingest_runs(${sql.json(runs as never)}, ${source}, ${report}) as result
          from ${claimed(sql, caller.claims)}`);
    } catch (err) {
      if (err instanceof ApiError && err.code === "transaction_conflict" && attempt < 4) continue;
      if (err instanceof ApiError && err.status === 409 && (err.code === "run_final" || err.code === "approval_pending")) {
        await recordConflict(caller, runs, err, source);
      }
      throw err;
    }
  }
}

/** A report that contradicted a run was refused (nothing written); operators see it in run_conflicts. */
async function recordConflict(caller: AgentCaller, runs: Run[] | unknown[], err: ApiError, source: string) {
  const field = err.fields?.[0]?.field ?? "status";
  const ord = Number(/^runs\.(\d+)\./.exec(field)?.[1] ?? 0);
  const runKey = (runs[ord] as { run_key?: unknown } | undefined)?.run_key;
  if (typeof runKey !== "string") return;
  try {
    await privileged((sql) =>
      sql`select private.record_run_conflict(${runKey}, ${field}, ${err.code}, ${err.message}, ${source})
        from ${claimed(sql, caller.claims)}`
    );
  } catch (e) {
    console.error(JSON.stringify({ level: "warn", message: "run conflict not recorded", error: String(e) }));
  }
}

app.openapi(
  createRoute({
    method: "post",
    path: "/runs",
    summary: "Report a batch of up to 1,000 runs with their spans (upsert by run_key)",
    ...auth("agent"),
    request: jsonBody(RunBatchSchema),
    responses: { 200: jsonResponse(IngestResultSchema, "Every run stored (created or updated)"), ...errors },
  }),
  async (c) => {
    const { runs } = c.req.valid("json");
    return c.json(await ingest(agentCaller(c), runs), 200);
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/run",
    summary: "Report one run: start it (status running), then finish it later with the same run_key",
    ...auth("agent"),
    request: jsonBody(RunSchema),
    responses: { 200: jsonResponse(IngestResultSchema, "The run stored"), ...errors },
  }),
  async (c) => {
    const run = c.req.valid("json");
    return c.json(await ingest(agentCaller(c), [run], "agent", "run"), 200);
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/runs/{run_key}/spans",
    summary: "Add spans to an existing run of this agent",
    ...auth("agent"),
    request: { params: z.object({ run_key: z.string().min(1).max(200) }), ...jsonBody(SpanBatchSchema) },
    responses: { 200: jsonResponse(IngestResultSchema, "The spans stored"), 404: jsonResponse(ErrorResponseSchema, "No such run"), ...errors },
  }),
  async (c) => {
    const { run_key } = c.req.valid("param");
    const { spans } = c.req.valid("json");
    // a run that does not exist is SQL's 404 (run_not_found), a span_key given twice its 422, and
    // fields are named spans.N.field
    return c.json(await ingest(agentCaller(c), [{ run_key, spans }], "agent", "spans"), 200);
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/metrics",
    summary: "Report custom metric samples (seed 001 agent_metrics)",
    ...auth("agent"),
    request: jsonBody(MetricBatchSchema),
    responses: { 200: jsonResponse(MetricsAcceptedSchema, "The samples stored"), ...errors },
  }),
  async (c) => {
    const caller = agentCaller(c);
    const { samples } = c.req.valid("json");
    const accepted = await rpc("privileged", MetricsAcceptedSchema, (sql) =>
      sql`select private.ingest_metric_samples(${sql.json(samples as never)}) as result
        from ${claimed(sql, caller.claims)}`);
    return c.json(accepted, 200);
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/feedback",
    summary: "Record a user's rating (1-5) and feedback on one of this agent's runs",
    ...auth("agent"),
    request: jsonBody(FeedbackSchema),
    responses: {
      200: jsonResponse(FeedbackRecordedSchema, "Recorded"),
      404: jsonResponse(ErrorResponseSchema, "No such run"),
      ...errors,
    },
  }),
  async (c) => {
    const caller = agentCaller(c);
    const f = c.req.valid("json");
    const recorded = await rpc("privileged", FeedbackRecordedSchema, (sql) =>
      sql`select private.record_feedback(${f.run_key}, ${f.rating ?? null}, ${f.feedback ?? null}) as result
        from ${claimed(sql, caller.claims)}`);
    return c.json(recorded, 200);
  },
);

// OTLP/HTTP as OpenTelemetry exporters send it: protobuf or JSON, optionally gzip/deflate (see otlp.ts);
// the body is decoded by hand, so the route is documented but has no validator
const tracesRoute = createRoute({
  method: "post",
  path: "/v1/traces",
  summary: "OTLP/HTTP traces (ExportTraceServiceRequest) as protobuf or JSON, optionally gzip or deflate",
  ...auth("agent"),
  request: {
    body: {
      content: {
        "application/x-protobuf": { schema: { type: "string", format: "binary" } },
        "application/json": { schema: { type: "object", description: "ExportTraceServiceRequest in OTLP's JSON encoding" } },
      },
      required: true,
    },
  },
  responses: {
    200: { description: "ExportTraceServiceResponse (partial_success names the spans not stored), in the request's encoding" },
    400: { description: "No span can be stored: a google.rpc.Status in the request's encoding" },
    401: { description: "No valid agent JWT, or its key was revoked" },
    403: { description: "The token is not an agent's" },
    413: { description: `Body larger than ${MAX_INGEST_BODY_BYTES} bytes` },
    415: { description: "Neither application/x-protobuf nor application/json" },
    429: { description: "Over a quota" },
  },
});
rawRoute(app, tracesRoute, async (c) => {
  const encoding = otlpEncoding(c.req.header("content-type"));
  if (!encoding) {
    throw new ApiError(415, "unsupported_media_type", "send OTLP/HTTP as application/x-protobuf or application/json", {
      fields: [{ field: "content-type", message: "must be application/x-protobuf or application/json" }],
    });
  }
  const parsed = parseExport(decodeOtlp(await readOtlpBody(c.req, MAX_INGEST_BODY_BYTES), encoding));
  if (parsed.total === 0) return otlpSuccess(encoding, []); // an empty export is a success (OTLP/HTTP)
  if (parsed.traces.size === 0) {
    throw new ApiError(400, "invalid_otlp", `no span of the request can be stored: ${rejectionMessage(parsed.rejected)}`, { fields: parsed.rejected.slice(0, 50) });
  }
  const outcome = await storeExport(agentCaller(c), parsed);
  if (outcome.accepted === 0) {
    throw new ApiError(400, "invalid_otlp", `no span of the request can be stored: ${rejectionMessage(outcome.rejected)}`, { fields: outcome.rejected.slice(0, 50) });
  }
  return otlpSuccess(encoding, outcome.rejected);
});
