// OpenTelemetry as it really arrives: spans made with @opentelemetry/sdk-trace-base and sent by
// OpenTelemetry's own OTLP/HTTP exporters (exporter-trace-otlp-proto: protobuf; exporter-trace-otlp-http:
// JSON), with and without `compression: 'gzip'`, to the served /ingest/v1/traces with an agent JWT from
// agent-auth. Spans follow the GenAI semantic conventions (gen_ai.*). A recording relay in front of the
// functions server shows what each exporter put on the wire. Checked in the database: one run per
// trace, every span once with its parent, tokens and computed costs, the agent's usage -- also after
// the same spans are exported again.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { context, diag, DiagLogLevel, type Span, SpanStatusCode, trace } from "@opentelemetry/api";
import { OTLPTraceExporter as HttpJsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, SimpleSpanProcessor, type SpanExporter,
} from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminFixture, fnUrl } from "../e2e/helpers.ts";

type Seen = { contentType: string; contentEncoding: string; status: number };

/** A relay that records each request's Content-Type, Content-Encoding and answer, and forwards it unchanged. */
async function relay(target: string): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string" && !["host", "content-length", "connection", "transfer-encoding"].includes(k)) headers[k] = v;
    let answer: Response;
    try {
      answer = await fetch(target, { method: req.method, headers, body: Buffer.concat(chunks) });
    } catch (err) {
      seen.push({ contentType: String(req.headers["content-type"]), contentEncoding: String(req.headers["content-encoding"] ?? ""), status: 502 });
      res.writeHead(502).end(String(err));
      return;
    }
    const body = Buffer.from(await answer.arrayBuffer());
    seen.push({ contentType: String(req.headers["content-type"]), contentEncoding: String(req.headers["content-encoding"] ?? ""), status: answer.status });
    res.writeHead(answer.status, Object.fromEntries([...answer.headers].filter(([k]) => !["content-length", "content-encoding", "transfer-encoding", "connection"].includes(k))));
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ingest/v1/traces`, seen, server };
}

/** Wraps an exporter to keep every export's result code (0 = SUCCESS, 1 = FAILED) and error. */
function recording(inner: SpanExporter) {
  const results: { code: number; error?: Error }[] = [];
  const exporter: SpanExporter = {
    export: (spans, done) => inner.export(spans, (r) => {
      results.push(r);
      done(r);
    }),
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
  return { exporter, results };
}

type Plan = { model: string; chats: [number, number][]; tool?: string; fail?: string };

/** One agent turn as GenAI instrumentation records it: invoke_agent > chat / execute_tool spans. */
function agentTurn(provider: BasicTracerProvider, plan: Plan, t0: number): string {
  const tracer = provider.getTracer("agentops-otel-test", "1.0.0");
  const at = (ms: number) => new Date(t0 + ms);
  const root = tracer.startSpan(`invoke_agent support-bot`, {
    startTime: at(0),
    attributes: { "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "support-bot", "gen_ai.provider.name": "openai" },
  });
  const ctx = trace.setSpan(context.active(), root);
  let clock = 10;
  const child = (name: string, attributes: Record<string, string | number>, error?: string): Span => {
    const span = tracer.startSpan(name, { startTime: at(clock), attributes }, ctx);
    if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error });
    span.end(at(clock + 100));
    clock += 110;
    return span;
  };
  plan.chats.forEach(([input, output], i) => {
    child(`chat ${plan.model}`, {
      "gen_ai.operation.name": "chat", "gen_ai.provider.name": "openai", "gen_ai.system": "openai",
      "gen_ai.request.model": plan.model, "gen_ai.response.model": plan.model, "gen_ai.request.temperature": 0.2,
      "gen_ai.usage.input_tokens": input, "gen_ai.usage.output_tokens": output, "gen_ai.response.id": `chatcmpl-${i}`,
    }, i === plan.chats.length - 1 ? plan.fail : undefined);
    if (plan.tool && i === 0) child(`execute_tool ${plan.tool}`, { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": plan.tool, "gen_ai.tool.call.id": "call_1" });
  });
  if (plan.fail) root.setStatus({ code: SpanStatusCode.ERROR, message: plan.fail });
  root.end(at(clock + 10));
  return root.spanContext().traceId;
}

describe("real OpenTelemetry exporters against /ingest/v1/traces", () => {
  let fx: Awaited<ReturnType<typeof adminFixture>>;
  let jwt: string;
  let proxy: Awaited<ReturnType<typeof relay>>;
  const expected = new Map<string, Plan>(); // traceId -> what was sent
  const finished: ReadableSpan[] = []; // every span as the SDK finished it, for the checks and the re-export
  const sent: SpanExporter = { export: (spans, done) => (finished.push(...spans), done({ code: 0 })), shutdown: async () => {} };
  const t0 = Date.now() - 60_000;

  beforeAll(async () => {
    fx = await adminFixture();
    const res = await fetch(fnUrl("agent-auth/token"), { method: "POST", headers: { "x-api-key": fx.apiKey } });
    expect(res.status).toBe(200);
    jwt = ((await res.json()) as { access_token: string }).access_token;
    proxy = await relay(fnUrl("ingest/v1/traces"));
  });

  afterAll(async () => {
    proxy?.server.close();
    await fx?.sql.end();
  });

  const exporters = [
    { name: "otlp-proto", make: (c?: "gzip") => new ProtoExporter({ url: proxy.url, headers: { Authorization: `Bearer ${jwt}` }, ...(c ? { compression: c as never } : {}) }), type: "application/x-protobuf" },
    { name: "otlp-http (JSON)", make: (c?: "gzip") => new HttpJsonExporter({ url: proxy.url, headers: { Authorization: `Bearer ${jwt}` }, ...(c ? { compression: c as never } : {}) }), type: "application/json" },
  ];

  for (const ex of exporters) {
    for (const compression of [undefined, "gzip"] as const) {
      for (const processor of ["simple", "batch"] as const) {
        it(`${ex.name}${compression ? " with gzip" : ""}, ${processor === "simple" ? "a span per export (children before their parent)" : "batched"}: every export succeeds`, async () => {
          const before = proxy.seen.length;
          const { exporter, results } = recording(ex.make(compression));
          const provider = new BasicTracerProvider({
            resource: resourceFromAttributes({ "service.name": `support-bot-${ex.name}`, "service.version": "1.2.3" }),
            spanProcessors: [processor === "simple" ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter), new SimpleSpanProcessor(sent)],
          });
          const plans: Plan[] = [
            { model: "gpt-4o-mini", chats: [[1200, 150], [800, 90]], tool: "search_kb" },
            { model: "gpt-4o", chats: [[400, 60]], fail: "upstream 429 from the model" },
          ];
          for (const plan of plans) expected.set(agentTurn(provider, plan, t0 + expected.size * 1000), plan);
          await provider.forceFlush();
          await provider.shutdown();
          expect(results.length).toBeGreaterThan(0);
          expect(results.filter((r) => r.code !== 0).map((r) => String(r.error))).toEqual([]);
          const mine = proxy.seen.slice(before);
          expect(mine.length).toBe(results.length);
          for (const s of mine) {
            expect(s.contentType).toContain(ex.type);
            expect(s.contentEncoding).toBe(compression ?? "");
            expect(s.status).toBe(200);
          }
          // SimpleSpanProcessor: each span its own request, children before their parent
          if (processor === "simple") expect(mine.length).toBe(plans.reduce((n, p) => n + 1 + p.chats.length + (p.tool ? 1 : 0), 0));
        });
      }
    }
  }

  async function checkStored() {
    const runs = await fx.sql`
      select run_key, status, source, model, tokens_in, tokens_out, cost_usd::float8 as cost, cost_source, error_message,
        metadata->>'service_name' as service, ended_at is not null as ended
      from public.executions where agent_id = ${fx.agentId} order by run_key`;
    expect(runs.map((r) => r.run_key).sort()).toEqual([...expected.keys()].map((t) => `otel:${t}`).sort());
    const prices = new Map((await fx.sql`select model_name, input_per_mtok::float8 as i, output_per_mtok::float8 as o from public.model_prices
      where workspace_id is null and model_name in ('gpt-4o', 'gpt-4o-mini') and valid_to is null`).map((p) => [p.model_name, p]));
    let tokens = 0;
    let cost = 0;
    for (const r of runs) {
      const plan = expected.get(r.run_key.slice("otel:".length))!;
      const tin = plan.chats.reduce((n, c) => n + c[0], 0);
      const tout = plan.chats.reduce((n, c) => n + c[1], 0);
      const price = prices.get(plan.model)!;
      expect({ status: r.status, source: r.source, model: r.model, tokens_in: r.tokens_in, tokens_out: r.tokens_out, cost_source: r.cost_source, ended: r.ended })
        .toEqual({ status: plan.fail ? "failed" : "succeeded", source: "otel", model: plan.model, tokens_in: tin, tokens_out: tout, cost_source: "computed", ended: true });
      expect(r.cost).toBeCloseTo((tin * price.i + tout * price.o) / 1e6, 9);
      if (plan.fail) expect(r.error_message).toBe(plan.fail);
      expect(r.service).toMatch(/^support-bot-/);
      tokens += tin + tout;
      cost += r.cost;
    }
    const spans = await fx.sql`
      select e.run_key, s.span_key, s.kind, s.gen_ai_operation_name as op, s.gen_ai_request_model as model, s.tool_name,
        s.gen_ai_usage_input_tokens as tin, p.span_key as parent, s.attributes ? 'otel.parent_span_id' as pending
      from public.execution_spans s join public.executions e on e.id = s.execution_id
      left join public.execution_spans p on p.id = s.parent_span_id
      where e.agent_id = ${fx.agentId}`;
    expect(spans.length).toBe(finished.length);
    expect(new Set(spans.map((s) => `${s.run_key}/${s.span_key}`)).size).toBe(finished.length);
    for (const f of finished) {
      const row = spans.find((s) => s.span_key === f.spanContext().spanId)!;
      expect(row.run_key).toBe(`otel:${f.spanContext().traceId}`);
      expect(row.parent ?? null).toBe(f.parentSpanContext?.spanId ?? null);
      expect(row.pending).toBe(false);
      expect(row.op).toBe(f.attributes["gen_ai.operation.name"]);
      expect(row.kind).toBe({ invoke_agent: "agent", chat: "llm", execute_tool: "tool" }[String(f.attributes["gen_ai.operation.name"])]);
      if (row.op === "chat") expect(row.tin).toBe(f.attributes["gen_ai.usage.input_tokens"]);
      if (row.op === "execute_tool") expect(row.tool_name).toBe(f.attributes["gen_ai.tool.name"]);
    }
    // the agent's usage (one row per UTC day the runs started) counts each run's tokens and cost once
    const [usage] = await fx.sql`select sum(tokens_used)::int as tokens, sum(cost_usd)::float8 as cost from public.agent_usage where agent_id = ${fx.agentId}`;
    expect(usage.tokens).toBe(tokens);
    expect(usage.cost).toBeCloseTo(cost, 9);
    return { runs: runs.length, spans: spans.length, tokens, cost };
  }

  it("the database holds each trace once as a run, each span once with its parent, its tokens and computed costs", async () => {
    const counts = await checkStored();
    expect(counts.runs).toBe(16); // 4 exporter setups x 2 processors x 2 traces
    expect(counts.spans).toBe(8 * (4 + 2));
    console.log(`otel exporters: ${counts.runs} runs, ${counts.spans} spans, ${counts.tokens} tokens, $${counts.cost.toFixed(6)} checked`);
  });

  it("the same spans exported again, by both exporters, gzip and not, change nothing", async () => {
    const spans: ReadableSpan[] = [...finished];
    for (const ex of exporters) {
      for (const compression of [undefined, "gzip"] as const) {
        const exporter = ex.make(compression);
        const result = await new Promise<{ code: number; error?: Error }>((resolve) => exporter.export(spans, resolve));
        expect(result.error ? String(result.error) : result.code).toBe(0);
        await exporter.shutdown();
      }
    }
    // and the children alone, as a late retry of an early export would send them
    const exporter = exporters[0].make("gzip");
    const children = spans.filter((s) => s.parentSpanContext);
    expect((await new Promise<{ code: number }>((resolve) => exporter.export(children, resolve))).code).toBe(0);
    await exporter.shutdown();
    const counts = await checkStored();
    expect(counts.runs).toBe(16);
  });

  it("a wrong token fails the export: the exporter reports the 401, nothing is stored", async () => {
    const exporter = new ProtoExporter({ url: proxy.url, headers: { Authorization: "Bearer not-a-jwt" } });
    const result = await new Promise<{ code: number; error?: Error }>((resolve) => exporter.export(finished.slice(0, 1), resolve));
    expect(result.code).toBe(1);
    expect(String(result.error)).toMatch(/401|Unauthorized/i);
    expect(proxy.seen.at(-1)!.status).toBe(401);
    await exporter.shutdown();
  });

  it("a span the receiver refuses comes back as OTLP partial success, which both exporters decode; the rest is stored", async () => {
    const warnings: string[] = [];
    diag.setLogger({ error: () => {}, warn: (...a: unknown[]) => warnings.push(a.map(String).join(" ")), info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.WARN);
    try {
      for (const ex of exporters) {
        const exporter = ex.make("gzip");
        const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ "service.name": "clock-skew" }), spanProcessors: [new BatchSpanProcessor(exporter)] });
        const tracer = provider.getTracer("agentops-otel-test");
        const root = tracer.startSpan("invoke_agent", { attributes: { "gen_ai.operation.name": "invoke_agent" } });
        // a clock at the epoch: the receiver refuses this span (times before 2000) and keeps the root
        tracer.startSpan("chat", { startTime: new Date(1000), attributes: { "gen_ai.operation.name": "chat" } }, trace.setSpan(context.active(), root)).end(new Date(1005));
        root.end();
        await provider.forceFlush();
        await provider.shutdown();
        const [row] = await fx.sql`select count(s.*)::int as spans, min(e.status) as status from public.executions e
          left join public.execution_spans s on s.execution_id = e.id where e.run_key = ${`otel:${root.spanContext().traceId}`}`;
        expect(row).toEqual({ spans: 1, status: "succeeded" });
      }
    } finally {
      diag.disable();
    }
    const partial = warnings.filter((w) => w.includes("Partial Success"));
    expect(partial.length).toBe(2);
    for (const w of partial) {
      expect(w).toMatch(/"rejectedSpans":("1"|1)/);
      expect(w).toMatch(/startTimeUnixNano: is outside the accepted time range/);
    }
  });
});
