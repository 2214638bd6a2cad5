// OTLP/HTTP JSON traces -> runs and spans. Each trace becomes one run (run_key otel:<traceId>)
// and each span one execution span, with OpenTelemetry GenAI attributes mapped to columns.
import { z } from "zod";
import type { Run, Span } from "@shared/schemas/ingest.ts";

const AnyValue: z.ZodType<unknown> = z.lazy(() =>
  z.object({
    stringValue: z.string().optional(),
    intValue: z.union([z.string(), z.number()]).optional(),
    doubleValue: z.number().optional(),
    boolValue: z.boolean().optional(),
    arrayValue: z.object({ values: z.array(AnyValue).optional() }).optional(),
    kvlistValue: z.object({ values: z.array(z.object({ key: z.string(), value: AnyValue.optional() })).optional() }).optional(),
    bytesValue: z.string().optional(),
  })
);
const KeyValue = z.object({ key: z.string().max(256), value: AnyValue.optional() });
const HexId = (len: number) => z.string().regex(new RegExp(`^[0-9a-fA-F]{${len}}$`), { message: `must be ${len} hex characters` });
const Nanos = z.union([z.string().regex(/^\d{1,20}$/), z.number().int().nonnegative()]);

export const OtlpSpanSchema = z.object({
  traceId: HexId(32),
  spanId: HexId(16),
  parentSpanId: z.union([HexId(16), z.literal("")]).optional(),
  name: z.string().min(1).max(500),
  kind: z.union([z.number().int(), z.string()]).optional(),
  startTimeUnixNano: Nanos,
  endTimeUnixNano: Nanos.optional(),
  attributes: z.array(KeyValue).max(256).optional(),
  status: z.object({ code: z.union([z.number().int(), z.string()]).optional(), message: z.string().optional() }).optional(),
});

export const OtlpTraceRequestSchema = z.object({
  resourceSpans: z.array(z.object({
    resource: z.object({ attributes: z.array(KeyValue).optional() }).optional(),
    scopeSpans: z.array(z.object({
      scope: z.object({ name: z.string().optional(), version: z.string().optional() }).optional(),
      spans: z.array(OtlpSpanSchema).max(20_000),
    })),
  })).min(1),
});
export type OtlpTraceRequest = z.infer<typeof OtlpTraceRequestSchema>;
type OtlpSpan = z.infer<typeof OtlpSpanSchema>;

function value(v: unknown): unknown {
  const a = v as Record<string, unknown> | undefined;
  if (!a) return null;
  if (a.stringValue !== undefined) return a.stringValue;
  if (a.intValue !== undefined) return Number(a.intValue);
  if (a.doubleValue !== undefined) return a.doubleValue;
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

function iso(nanos: string | number): string {
  const n = BigInt(nanos);
  const ms = Number(n / 1_000_000n);
  return new Date(ms).toISOString();
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

/** Groups the spans of an export by trace and maps each trace to a run with its spans. */
export function otlpToRuns(req: OtlpTraceRequest): Run[] {
  const traces = new Map<string, { spans: OtlpSpan[]; resource: Record<string, unknown> }>();
  for (const rs of req.resourceSpans) {
    const resource = attributes(rs.resource?.attributes);
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        const t = traces.get(span.traceId.toLowerCase()) ?? { spans: [], resource };
        t.spans.push(span);
        traces.set(span.traceId.toLowerCase(), t);
      }
    }
  }
  const runs: Run[] = [];
  for (const [traceId, { spans, resource }] of traces) {
    const ids = new Set(spans.map((s) => s.spanId.toLowerCase()));
    const root = spans.find((s) => !s.parentSpanId || !ids.has(s.parentSpanId.toLowerCase()));
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
      const parent = s.parentSpanId && ids.has(s.parentSpanId.toLowerCase()) ? s.parentSpanId.toLowerCase() : undefined;
      const started = iso(s.startTimeUnixNano);
      const ended = s.endTimeUnixNano !== undefined ? iso(s.endTimeUnixNano) : undefined;
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
    const failed = spans.some(isError);
    const rootEnd = root?.endTimeUnixNano;
    runs.push({
      run_key: `otel:${traceId}`,
      status: root && rootEnd !== undefined ? (failed ? "failed" : "succeeded") : "running",
      started_at: iso(root?.startTimeUnixNano ?? spans[0].startTimeUnixNano),
      ...(root && rootEnd !== undefined ? { ended_at: iso(rootEnd) } : {}),
      ...(model ? { model } : {}),
      ...(tokensIn ? { tokens_in: tokensIn } : {}),
      ...(tokensOut ? { tokens_out: tokensOut } : {}),
      ...(failed ? { error_type: "otel_span_error", error_message: spans.find(isError)?.status?.message?.slice(0, 10_000) } : {}),
      metadata: {
        trace_id: traceId,
        root_span: root?.name ?? null,
        service_name: resource["service.name"] ?? null,
      },
      spans: mapped,
    });
  }
  return runs;
}
