// OTLP/HTTP traces -> runs and spans, as OpenTelemetry exporters send them: protobuf
// (application/x-protobuf, decoded by protobufjs with the official definitions, see otlp-proto.ts) or
// JSON, either possibly gzip- or deflate-compressed. Each trace becomes one run (run_key
// otel:<traceId>) and each span one execution span, with OpenTelemetry GenAI attributes mapped to
// columns. Answers follow the OTLP/HTTP specification: ExportTraceServiceResponse in the request's
// encoding, partial_success (rejected_spans, error_message) when some spans are refused, a
// google.rpc.Status body for errors, 400 for bad data, 429/503 with Retry-After when retrying helps.
//
// Exporters split a trace over several exports (children usually end, and are exported, before
// their parent), so a run is merged with what is stored: its tokens are the sum over all its stored
// spans (a re-sent span counts once), it stays running until its root span arrives, and a span whose
// parent arrives in a later export is linked to it then.
import type { Context, HonoRequest, MiddlewareHandler } from "hono";
import { z } from "zod";
import {
  MAX_RUNS_PER_BATCH, MAX_SPANS_PER_REQUEST, MAX_SPANS_PER_RUN, type Run, RunSchema, type Span, SpanSchema,
} from "@shared/schemas/ingest.ts";
import type { AgentCaller } from "../_shared/auth.ts";
import { claimed, privileged, type Tx } from "../_shared/db.ts";
import { ApiError } from "../_shared/errors.ts";
import { jsonDepth, MAX_JSON_DEPTH, unstorableString } from "../_shared/json-limits.ts";
import { decodeTraceRequest, encodeStatus, encodeTraceResponse } from "./otlp-proto.ts";

export type OtlpEncoding = "json" | "protobuf";

const AnyValue: z.ZodType<unknown> = z.lazy(() =>
  z.object({
    stringValue: z.string().optional(),
    intValue: z.union([z.string().regex(/^-?\d{1,20}$/, { message: "must be an integer" }), z.number().int()]).optional(),
    doubleValue: z.union([z.number(), z.enum(["NaN", "Infinity", "-Infinity"])]).optional(),
    boolValue: z.boolean().optional(),
    arrayValue: z.object({ values: z.array(AnyValue).optional() }).optional(),
    kvlistValue: z.object({ values: z.array(z.object({ key: z.string(), value: AnyValue.optional() })).optional() }).optional(),
    bytesValue: z.string().optional(),
  })
);
const KeyValue = z.object({ key: z.string().max(256), value: AnyValue.optional() });
const HexId = (len: number) => z.string().regex(new RegExp(`^[0-9a-fA-F]{${len}}$`), { message: `must be ${len} hex characters (${len / 2} bytes)` });
const NANOS_MESSAGE = "must be nanoseconds since the epoch (an unsigned integer)";
const Nanos = z.union([z.string().regex(/^\d{1,20}$/, { message: NANOS_MESSAGE }), z.number().int({ message: NANOS_MESSAGE }).nonnegative({ message: NANOS_MESSAGE })], {
  error: (i) => (i.input === undefined ? "is required" : NANOS_MESSAGE),
});

/** Zod runs a refinement even when the union before it failed: a value that is not nanoseconds is reported there, not here. */
function positiveNanos(v: unknown): boolean {
  try {
    return BigInt(v as string | number) > 0n;
  } catch {
    return true;
  }
}

export const OtlpSpanSchema = z.object({
  traceId: HexId(32).refine((v) => !/^0+$/.test(v), { message: "must not be all zeros" }),
  spanId: HexId(16).refine((v) => !/^0+$/.test(v), { message: "must not be all zeros" }),
  parentSpanId: z.union([HexId(16), z.literal("")]).optional(),
  flags: z.number().int().nonnegative().optional(),
  name: z.string().min(1, { message: "is required" }).max(500),
  kind: z.union([z.number().int(), z.string()]).optional(),
  startTimeUnixNano: Nanos.refine((v) => positiveNanos(v), { message: "is required" }),
  endTimeUnixNano: Nanos.optional(),
  attributes: z.array(KeyValue).max(256).optional(),
  status: z.object({ code: z.union([z.number().int(), z.string()]).optional(), message: z.string().optional() }).optional(),
});
type OtlpSpan = z.infer<typeof OtlpSpanSchema>;

/** The envelope of an export; its spans are checked one by one (a bad span is rejected, not the export). */
const EnvelopeSchema = z.object({
  resourceSpans: z.array(z.object({
    resource: z.object({ attributes: z.array(KeyValue).max(256).optional() }).optional(),
    scopeSpans: z.array(z.object({
      scope: z.object({ name: z.string().optional(), version: z.string().optional() }).optional(),
      spans: z.array(z.unknown()).optional(),
    })).optional(),
  })).optional(),
});

// ---------------------------------------------------------------------------------------------
// reading a request

/** The encoding of an OTLP/HTTP request from its Content-Type, or undefined when it is neither. */
export function otlpEncoding(contentType: string | undefined): OtlpEncoding | undefined {
  const type = (contentType ?? "").split(";")[0].trim().toLowerCase();
  if (type === "application/x-protobuf" || type === "application/protobuf") return "protobuf";
  if (type === "application/json") return "json";
  return undefined;
}

const bad = (message: string, field = "(body)") => new ApiError(400, "invalid_otlp", message, { fields: [{ field, message }] });

/**
 * The request body, decompressed when Content-Encoding says gzip or deflate. At most maxBytes are
 * read after decompression: a larger body (a gzip bomb) is 413 once the limit is passed.
 */
export async function readOtlpBody(hreq: HonoRequest, maxBytes: number): Promise<Uint8Array> {
  const req = hreq.raw;
  const encoding = (req.headers.get("content-encoding") ?? "").trim().toLowerCase();
  const format = encoding === "" || encoding === "identity"
    ? undefined
    : encoding === "gzip" || encoding === "x-gzip"
    ? "gzip"
    : encoding === "deflate"
    ? "deflate"
    : null;
  if (format === null) {
    throw new ApiError(415, "unsupported_content_encoding", `Content-Encoding ${encoding} is not supported: send gzip, deflate or none`, {
      fields: [{ field: "content-encoding", message: "must be gzip, deflate or identity" }],
    });
  }
  if (!req.body) return new Uint8Array(0);
  // uncompressed: the body as read (and cached) by the middlewares, which applied the size limit
  if (!format) return new Uint8Array(await hreq.arrayBuffer());
  const stream = req.body.pipeThrough(new DecompressionStream(format));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      step = await reader.read();
    } catch (err) {
      if (err instanceof ApiError) throw err;
      throw bad(`the body is not valid ${format}: ${(err as Error)?.message ?? err}`, "content-encoding");
    }
    if (step.done) break;
    total += step.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new ApiError(413, "payload_too_large", `the request body is larger than the limit of ${maxBytes} bytes once decompressed`, {
        details: { limit_bytes: maxBytes },
      });
    }
    chunks.push(step.value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** Nesting depth of a decoded value, without recursion (a hostile body cannot overflow the stack here). */
function depthOf(value: unknown, stopAbove: number): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (d > max) max = d;
    if (max > stopAbove) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

/** Decodes the body in its encoding into the OTLP/JSON shape; 400 naming what is wrong when it is not a trace export. */
export function decodeOtlp(bytes: Uint8Array, encoding: OtlpEncoding): unknown {
  let body: unknown;
  if (encoding === "json") {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw bad("the body is not UTF-8 text (compressed without Content-Encoding?)");
    }
    if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw bad(`the JSON body nests more than ${MAX_JSON_DEPTH} arrays or objects`);
    try {
      body = text.trim() === "" ? {} : JSON.parse(text);
    } catch (err) {
      throw bad(`the body is not valid JSON: ${(err as Error).message}`);
    }
  } else {
    try {
      body = decodeTraceRequest(bytes);
    } catch (err) {
      const raw = (err as Error)?.message ?? String(err);
      const message = /call stack|max depth/i.test(raw) ? "nested too deeply" : raw;
      throw bad(`the body is not a valid protobuf ExportTraceServiceRequest: ${message}`);
    }
    if (depthOf(body, MAX_JSON_DEPTH * 2) > MAX_JSON_DEPTH * 2) throw bad("the request nests attribute values too deeply");
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw bad("the body must be an ExportTraceServiceRequest object");
  return body;
}

// ---------------------------------------------------------------------------------------------
// spans of an export, checked one by one

export type Rejection = { field: string; message: string };
type Accepted = { span: OtlpSpan; resource: Record<string, unknown>; at: string };
export type ParsedExport = { total: number; traces: Map<string, { resource: Record<string, unknown>; spans: Accepted[] }>; rejected: Rejection[] };

function value(v: unknown): unknown {
  const a = v as Record<string, unknown> | undefined;
  if (!a) return null;
  if (a.stringValue !== undefined) return a.stringValue;
  if (a.intValue !== undefined) return Number(a.intValue);
  if (a.doubleValue !== undefined) return typeof a.doubleValue === "number" ? a.doubleValue : String(a.doubleValue);
  if (a.boolValue !== undefined) return a.boolValue;
  if (a.arrayValue) return ((a.arrayValue as { values?: unknown[] }).values ?? []).map(value);
  if (a.kvlistValue) return attributes((a.kvlistValue as { values?: { key: string; value?: unknown }[] }).values);
  if (a.bytesValue !== undefined) return a.bytesValue;
  return null;
}

function attributes(list?: { key: string; value?: unknown }[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of list ?? []) out[kv.key] = value(kv.value);
  return out;
}

// the database's accepted_time_range() by default: timestamps are stored exact or refused, never bent
const MIN_MS = Date.parse("2000-01-01T00:00:00Z");
function outOfRange(span: OtlpSpan): string | undefined {
  const max = Date.now() + 86_400_000;
  const ms = (n: string | number) => Number(BigInt(n) / 1_000_000n);
  const start = ms(span.startTimeUnixNano);
  if (start < MIN_MS || start > max) return "startTimeUnixNano";
  if (span.endTimeUnixNano !== undefined && BigInt(span.endTimeUnixNano) > 0n) {
    const end = ms(span.endTimeUnixNano);
    if (end < MIN_MS || end > max) return "endTimeUnixNano";
  }
  return undefined;
}

/** The spans of an export: each valid span grouped by trace, each invalid one rejected with its field. */
export function parseExport(body: unknown): ParsedExport {
  const envelope = EnvelopeSchema.safeParse(body);
  if (!envelope.success) {
    const issue = envelope.error.issues[0];
    const field = issue.path.map(String).join(".") || "(body)";
    throw new ApiError(400, "invalid_otlp", `the request is not an ExportTraceServiceRequest: ${field}: ${issue.message}`, {
      fields: envelope.error.issues.slice(0, 50).map((i) => ({ field: i.path.map(String).join(".") || "(body)", message: i.message })),
    });
  }
  const parsed: ParsedExport = { total: 0, traces: new Map(), rejected: [] };
  (envelope.data.resourceSpans ?? []).forEach((rs, ri) => {
    const resource = attributes(rs.resource?.attributes);
    // strings Postgres cannot hold (NUL, lone surrogates) refuse the spans that carry them, by name
    const badResource = unstorableString(rs.resource?.attributes, ["resourceSpans", String(ri), "resource", "attributes"]);
    (rs.scopeSpans ?? []).forEach((ss, si) => {
      (ss.spans ?? []).forEach((raw, pi) => {
        parsed.total++;
        const at = `resourceSpans.${ri}.scopeSpans.${si}.spans.${pi}`;
        if (parsed.total > MAX_SPANS_PER_REQUEST) return;
        const checked = OtlpSpanSchema.safeParse(raw);
        if (!checked.success) {
          const i = checked.error.issues[0];
          parsed.rejected.push({ field: [at, ...i.path.map(String)].join("."), message: i.message });
          return;
        }
        const span = checked.data;
        const unstorable = badResource ?? unstorableString(raw, at.split("."));
        if (unstorable) {
          parsed.rejected.push(unstorable);
          return;
        }
        const outside = outOfRange(span);
        if (outside) {
          parsed.rejected.push({ field: `${at}.${outside}`, message: "is outside the accepted time range (2000-01-01 to one day ahead)" });
          return;
        }
        const traceId = span.traceId.toLowerCase();
        const trace = parsed.traces.get(traceId) ?? { resource, spans: [] };
        if (trace.spans.some((s) => s.span.spanId.toLowerCase() === span.spanId.toLowerCase())) {
          parsed.rejected.push({ field: `${at}.spanId`, message: "appears twice in the request" });
          return;
        }
        if (trace.spans.length >= MAX_SPANS_PER_RUN) {
          parsed.rejected.push({ field: at, message: `a request holds at most ${MAX_SPANS_PER_RUN} spans of one trace` });
          return;
        }
        if (!parsed.traces.has(traceId) && parsed.traces.size >= MAX_RUNS_PER_BATCH) {
          parsed.rejected.push({ field: at, message: `a request holds at most ${MAX_RUNS_PER_BATCH} traces` });
          return;
        }
        trace.spans.push({ span, resource, at });
        parsed.traces.set(traceId, trace);
      });
    });
  });
  if (parsed.total > MAX_SPANS_PER_REQUEST) {
    throw bad(`a request holds at most ${MAX_SPANS_PER_REQUEST} spans, this one has ${parsed.total}`, "resourceSpans");
  }
  return parsed;
}

// ---------------------------------------------------------------------------------------------
// a trace -> a run

function iso(nanos: string | number): string {
  const n = BigInt(nanos);
  return new Date(Number(n / 1_000_000n)).toISOString();
}

const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? Math.round(v) : undefined);
const str = (v: unknown, max = 200) => (typeof v === "string" && v.length > 0 ? v.slice(0, max) : undefined);

function spanKind(a: Record<string, unknown>): Span["kind"] {
  const op = String(a["gen_ai.operation.name"] ?? "");
  if (["chat", "text_completion", "generate_content", "completion"].includes(op)) return "llm";
  if (op === "execute_tool" || a["gen_ai.tool.name"] !== undefined) return "tool";
  if (op === "embeddings") return "embedding";
  if (op === "invoke_agent" || op === "create_agent") return "agent";
  if (a["gen_ai.system"] !== undefined || a["gen_ai.provider.name"] !== undefined) return "llm";
  if (a["http.request.method"] !== undefined || a["http.method"] !== undefined) return "endpoint_call";
  return "other";
}

const isError = (s: OtlpSpan) => s.status?.code === 2 || s.status?.code === "STATUS_CODE_ERROR";
// W3C/OTLP span flags: bit 8 says whether the parent's remoteness is known, bit 9 that the parent is remote
const hasRemoteParent = (s: OtlpSpan) => ((s.flags ?? 0) & 0x300) === 0x300;
/** The local root of a trace: no parent, or a parent in another process. */
const isRoot = (s: OtlpSpan) => !s.parentSpanId || hasRemoteParent(s);

/** What is stored of a run already: its spans' keys, tokens and errors (read under a lock). */
export type StoredRun = {
  status: string;
  spans: Map<string, { tokensIn: number; tokensOut: number; error: boolean; errorMessage: string | null; startedAt: number }>;
};

const TERMINAL = new Set(["succeeded", "failed", "timeout", "canceled"]);

/** Maps one trace of an export to a run, merged with what is stored of it. */
export function traceToRun(traceId: string, group: { resource: Record<string, unknown>; spans: Accepted[] }, stored?: StoredRun): Run {
  const spans = group.spans.map((a) => a.span);
  const keys = new Set(spans.map((s) => s.spanId.toLowerCase()));
  const root = spans.find(isRoot);
  let tokensIn = 0;
  let tokensOut = 0;
  let model: string | undefined;
  const mapped: Span[] = spans.map((s) => {
    const a = attributes(s.attributes);
    const inTok = num(a["gen_ai.usage.input_tokens"] ?? a["gen_ai.usage.prompt_tokens"]);
    const outTok = num(a["gen_ai.usage.output_tokens"] ?? a["gen_ai.usage.completion_tokens"]);
    tokensIn += inTok ?? 0;
    tokensOut += outTok ?? 0;
    model ??= str(a["gen_ai.response.model"]) ?? str(a["gen_ai.request.model"]);
    const parentId = s.parentSpanId ? s.parentSpanId.toLowerCase() : undefined;
    const parent = parentId && (keys.has(parentId) || stored?.spans.has(parentId)) ? parentId : undefined;
    // a parent not seen yet is kept, so that the span is linked when its parent arrives (linkParents)
    if (parentId && !parent) a["otel.parent_span_id"] = parentId;
    const started = iso(s.startTimeUnixNano);
    const ended = s.endTimeUnixNano !== undefined && BigInt(s.endTimeUnixNano) > 0n ? iso(s.endTimeUnixNano) : undefined;
    return {
      span_key: s.spanId.toLowerCase(),
      ...(parent ? { parent_span_key: parent } : {}),
      kind: spanKind(a),
      name: s.name,
      status: isError(s) ? "error" : s.status?.code === 1 || s.status?.code === "STATUS_CODE_OK" ? "ok" : "unset",
      started_at: started,
      ...(ended && Date.parse(ended) >= Date.parse(started) ? { ended_at: ended } : {}),
      gen_ai_system: str(a["gen_ai.system"] ?? a["gen_ai.provider.name"], 100),
      gen_ai_operation_name: str(a["gen_ai.operation.name"], 100),
      gen_ai_request_model: str(a["gen_ai.request.model"]),
      gen_ai_response_model: str(a["gen_ai.response.model"]),
      gen_ai_usage_input_tokens: inTok,
      gen_ai_usage_output_tokens: outTok,
      tool_name: str(a["gen_ai.tool.name"]),
      http_method: str(a["http.request.method"] ?? a["http.method"], 10),
      http_url: str(a["url.full"] ?? a["http.url"], 2000),
      http_status_code: num(a["http.response.status_code"] ?? a["http.status_code"]),
      error_message: isError(s) ? str(s.status?.message, 10_000) : undefined,
      attributes: a,
    } as Span;
  });
  // the spans stored before and not sent again count too: a trace's tokens are those of all its spans, once
  const errors: { at: number; message: string | null | undefined; root: boolean }[] = spans.filter(isError)
    .map((s) => ({ at: Number(BigInt(s.startTimeUnixNano) / 1_000_000n), message: s.status?.message, root: s === root }));
  for (const [key, s] of stored?.spans ?? []) {
    if (keys.has(key)) continue;
    tokensIn += s.tokensIn;
    tokensOut += s.tokensOut;
    if (s.error) errors.push({ at: s.startedAt, message: s.errorMessage, root: false });
  }
  // the run's error: the root's own, else the earliest failing span's -- the same whatever the exports' order
  const error = errors.find((e) => e.root) ?? errors.sort((a, b) => a.at - b.at)[0];
  const failed = error !== undefined;
  const rootEnd = root?.endTimeUnixNano !== undefined && BigInt(root.endTimeUnixNano) > 0n ? root.endTimeUnixNano : undefined;
  // a run that has ended is final (its status, times and error cannot change): later exports only add spans and tokens
  const ended = stored !== undefined && TERMINAL.has(stored.status);
  const finished = !ended && root !== undefined && rootEnd !== undefined;
  // without its root the run is running; a run already stored keeps its status (a late child must not reopen it)
  const status = finished ? (failed ? "failed" : "succeeded") : stored ? undefined : "running";
  const starts = spans.map((s) => BigInt(s.startTimeUnixNano));
  const earliest = starts.reduce((a, b) => (b < a ? b : a));
  const message = error?.message ?? undefined;
  return {
    run_key: `otel:${traceId}`,
    ...(status ? { status } : {}),
    ...(ended ? {} : root ? { started_at: iso(root.startTimeUnixNano) } : stored ? {} : { started_at: iso(earliest.toString()) }),
    ...(finished ? { ended_at: iso(rootEnd!) } : {}),
    ...(model ? { model } : {}),
    ...(tokensIn ? { tokens_in: tokensIn } : {}),
    ...(tokensOut ? { tokens_out: tokensOut } : {}),
    ...(failed && finished ? { error_type: "otel_span_error", ...(message ? { error_message: message.slice(0, 10_000) } : {}) } : {}),
    metadata: {
      trace_id: traceId,
      ...(root ? { root_span: root.name } : {}),
      ...(group.resource["service.name"] !== undefined ? { service_name: group.resource["service.name"] } : {}),
    },
    spans: mapped,
  } as Run;
}

/** A run as mapped, checked span by span: a span the schema refuses is rejected, the others kept. */
function checkRun(run: Run, group: { spans: Accepted[] }, rejected: Rejection[]): Run | undefined {
  const spans = (run.spans ?? []).filter((s, i) => {
    const r = SpanSchema.safeParse(s);
    if (r.success) return true;
    const issue = r.error.issues[0];
    rejected.push({ field: `${group.spans[i].at}.${issue.path.map(String).join(".") || "(span)"}`, message: issue.message });
    return false;
  });
  if (spans.length === 0) return undefined;
  // a run merged into a stored one may carry no status (the stored one stands): checked with a stand-in
  const checked = RunSchema.safeParse({ ...run, status: run.status ?? "running", spans });
  if (!checked.success) {
    const issue = checked.error.issues[0];
    for (const s of group.spans) rejected.push({ field: s.at, message: `its trace maps to an invalid run: ${issue.path.map(String).join(".")}: ${issue.message}` });
    return undefined;
  }
  return { ...checked.data, status: run.status } as Run;
}

// ---------------------------------------------------------------------------------------------
// storing an export

async function storedRuns(tx: Tx, caller: AgentCaller, runKeys: string[]): Promise<Map<string, StoredRun>> {
  const out = new Map<string, StoredRun>();
  if (runKeys.length === 0) return out;
  // exporters send the spans of one trace concurrently (SimpleSpanProcessor exports each span as it
  // ends, without waiting): exports of the same trace take turns, even before its run exists (found by
  // tests/otel/: a concurrent first export overwrote the other's tokens). Keys in one order: no deadlock.
  await tx`
    select pg_advisory_xact_lock(k.lock) from (
      select distinct hashtextextended(${caller.workspaceId} || '/' || key, 0) as lock from unnest(${runKeys}::text[]) as key order by 1
    ) k`;
  const runs = await tx`
    select e.id, e.run_key, e.status from public.executions e
    where e.workspace_id = ${caller.workspaceId} and e.agent_id = ${caller.agentId} and e.run_key = any(${runKeys}::text[])
    order by e.id
    for no key update of e`;
  if (runs.length === 0) return out;
  for (const r of runs) out.set(String(r.run_key), { status: String(r.status), spans: new Map() });
  const spans = await tx`
    select e.run_key, s.span_key, coalesce(s.gen_ai_usage_input_tokens, 0) as tokens_in, coalesce(s.gen_ai_usage_output_tokens, 0) as tokens_out,
      s.status = 'error' as error, s.error_message, (extract(epoch from s.started_at) * 1000)::float8 as started_ms
    from public.execution_spans s join public.executions e on e.id = s.execution_id
    where e.id = any(${runs.map((r) => String(r.id))}::uuid[])`;
  for (const s of spans) {
    out.get(String(s.run_key))!.spans.set(String(s.span_key), {
      tokensIn: Number(s.tokens_in),
      tokensOut: Number(s.tokens_out),
      error: Boolean(s.error),
      errorMessage: s.error_message === null ? null : String(s.error_message),
      startedAt: Number(s.started_ms),
    });
  }
  return out;
}

/** Spans stored before their parent: linked now that the parent may have arrived. */
async function linkParents(tx: Tx, caller: AgentCaller, runKeys: string[]) {
  await tx`
    update public.execution_spans c set parent_span_id = p.id, attributes = c.attributes - 'otel.parent_span_id'
    from public.executions e, public.execution_spans p
    where e.workspace_id = ${caller.workspaceId} and e.agent_id = ${caller.agentId} and e.run_key = any(${runKeys}::text[])
      and c.execution_id = e.id and c.parent_span_id is null and c.attributes ? 'otel.parent_span_id'
      and p.execution_id = e.id and p.span_key = c.attributes ->> 'otel.parent_span_id'`;
}

/** A report that contradicted a run was refused: operators see it in run_conflicts (as for /runs). */
async function recordConflict(caller: AgentCaller, runKey: string, err: ApiError, field: string) {
  try {
    await privileged((sql) => sql`select private.record_run_conflict(${runKey}, ${field}, ${err.code}, ${err.message}, 'otel')
      from ${claimed(sql, caller.claims)}`);
  } catch (e) {
    console.error(JSON.stringify({ level: "warn", message: "run conflict not recorded", error: String(e) }));
  }
}

export type ExportOutcome = { accepted: number; rejected: Rejection[]; runs: number };

/**
 * Stores the valid spans of an export in one transaction per attempt. A trace the database refuses
 * (a run_key of another agent, a run it finds invalid) is dropped with its spans rejected, and the rest
 * stored again; quotas (429) and an unreachable database (503) refuse the whole export.
 */
export async function storeExport(caller: AgentCaller, parsed: ParsedExport): Promise<ExportOutcome> {
  const rejected = [...parsed.rejected];
  const traces = new Map(parsed.traces);
  let conflicts = 0;
  for (let attempt = 0; traces.size > 0 && attempt <= parsed.traces.size; attempt++) {
    const keys = [...traces.keys()].map((t) => `otel:${t}`);
    let dropped: Rejection[] = [];
    let sent: string[] = [];
    try {
      const result = await privileged((sql) =>
        sql.begin(async (tx) => {
          dropped = [];
          sent = [];
          const stored = await storedRuns(tx as unknown as Tx, caller, keys);
          const runs: Run[] = [];
          for (const [traceId, group] of traces) {
            const run = checkRun(traceToRun(traceId, group, stored.get(`otel:${traceId}`)), group, dropped);
            if (run) {
              runs.push(run);
              sent.push(traceId);
            }
          }
          if (runs.length === 0) return { accepted: 0, runs: 0 };
          await tx`select private.ingest_runs(${tx.json(runs as never)}, 'otel')
            from ${claimed(tx, caller.claims)}`;
          await linkParents(tx as unknown as Tx, caller, sent.map((t) => `otel:${t}`));
          return { accepted: runs.reduce((n, r) => n + (r.spans?.length ?? 0), 0), runs: runs.length };
        })
      ) as { accepted: number; runs: number };
      return { accepted: result.accepted, rejected: [...rejected, ...dropped], runs: result.runs };
    } catch (err) {
      // two transactions on the same rows: the export is idempotent, so it is simply run again
      if (err instanceof ApiError && err.code === "transaction_conflict" && conflicts++ < 3) {
        attempt--;
        continue;
      }
      // the database names the run at fault (runs.N...): drop that trace and store the others
      const field = err instanceof ApiError && (err.status === 409 || err.status === 422) ? err.fields?.[0]?.field : undefined;
      const m = field ? /^runs\.(\d+)/.exec(field) : null;
      const traceId = m ? sent[Number(m[1])] : undefined;
      if (traceId === undefined) throw err;
      const reason = (err as ApiError).status === 409
        ? `trace ${traceId} is a run of another agent (run_key otel:${traceId})`
        : `its trace was refused: ${(err as ApiError).message}`;
      for (const s of traces.get(traceId)!.spans) rejected.push({ field: s.at, message: reason });
      traces.delete(traceId);
      if ((err as ApiError).code === "run_final" || (err as ApiError).code === "approval_pending") await recordConflict(caller, `otel:${traceId}`, err as ApiError, field!);
    }
  }
  return { accepted: 0, rejected, runs: 0 };
}

// ---------------------------------------------------------------------------------------------
// answers

/** The partial_success error_message: how many spans were refused and the first reasons. */
export function rejectionMessage(rejected: Rejection[]): string {
  const shown = rejected.slice(0, 5).map((r) => `${r.field}: ${r.message}`).join("; ");
  return `${rejected.length} span${rejected.length === 1 ? "" : "s"} rejected: ${shown}${rejected.length > 5 ? `; and ${rejected.length - 5} more` : ""}`;
}

/** The success answer in the request's encoding; partial_success only when some spans were rejected. */
export function otlpSuccess(encoding: OtlpEncoding, rejected: Rejection[]): Response {
  const partial = rejected.length ? { rejectedSpans: rejected.length, errorMessage: rejectionMessage(rejected) } : undefined;
  if (encoding === "protobuf") {
    return new Response(encodeTraceResponse(partial), { status: 200, headers: { "content-type": "application/x-protobuf" } });
  }
  // proto3 JSON mapping: int64 as a decimal string
  const body = partial ? { partialSuccess: { rejectedSpans: String(partial.rejectedSpans), errorMessage: partial.errorMessage } } : {};
  return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
}

/** HTTP status -> google.rpc.Code, for the Status body of an error. */
function rpcCode(status: number): number {
  switch (status) {
    case 400: case 413: case 415: case 422: return 3; // INVALID_ARGUMENT
    case 401: return 16; // UNAUTHENTICATED
    case 403: return 7; // PERMISSION_DENIED
    case 404: return 5; // NOT_FOUND
    case 409: return 10; // ABORTED
    case 429: return 8; // RESOURCE_EXHAUSTED
    case 502: case 503: case 504: return 14; // UNAVAILABLE
    default: return 13; // INTERNAL
  }
}

/**
 * Middleware for the OTLP route: an error answer (from authentication, validation or the database)
 * carries a google.rpc.Status, as OTLP/HTTP requires: protobuf-encoded for a protobuf request; for
 * JSON, the Status fields beside the API's usual {error, request_id}. Headers (Retry-After,
 * WWW-Authenticate, x-request-id) are kept.
 */
export const otlpErrors: MiddlewareHandler = async (c: Context, next) => {
  await next();
  const res = c.res;
  if (res.status < 400) return;
  const encoding = otlpEncoding(c.req.header("content-type")) ?? "json";
  let body: Record<string, unknown> = {};
  try {
    body = await res.clone().json();
  } catch { /* not JSON: keep the status line */ }
  const error = (body.error ?? {}) as { message?: string; fields?: Rejection[] };
  const fields = error.fields?.length ? ` (${error.fields.slice(0, 5).map((f) => `${f.field}: ${f.message}`).join("; ")})` : "";
  const message = `${error.message ?? res.statusText ?? "error"}${fields}${body.request_id ? ` [request ${body.request_id}]` : ""}`;
  const headers = new Headers(res.headers);
  if (encoding === "protobuf") {
    headers.set("content-type", "application/x-protobuf");
    headers.delete("content-length");
    c.res = undefined;
    c.res = new Response(encodeStatus(rpcCode(res.status), message), { status: res.status, headers });
  } else {
    headers.set("content-type", "application/json");
    headers.delete("content-length");
    c.res = undefined;
    c.res = new Response(JSON.stringify({ code: rpcCode(res.status), message, details: [], ...body }), { status: res.status, headers });
  }
};
