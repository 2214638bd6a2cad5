// /ingest/v1/traces as OTLP/HTTP defines it: protobuf and JSON, gzip, ExportTraceServiceResponse with
// partial_success, google.rpc.Status errors, 400/413/415/429 -- and runs merged over several exports.
// Protobuf bodies here are built with the official definitions (otlp-proto/); tests/otel/ sends
// with OpenTelemetry's own exporters through the served function.
import assert from "node:assert/strict";
import protobuf from "protobufjs";
import { app } from "./app.ts";
import { OTLP_DESCRIPTOR } from "./otlp-descriptor.ts";
import { decodeStatus, decodeTraceResponse, encodeTraceRequest } from "./otlp-proto.ts";
import { db } from "../_shared/db.ts";
import { agentToken, createAgent, createUser, createWorkspace, json, test } from "../_shared/testing.ts";

const owner = await createUser();
const workspaceId = await createWorkspace(owner);

async function agentWithToken(limits?: Record<string, number>) {
  const agent = await createAgent(workspaceId, { limits });
  return { agent, token: await agentToken(agent) };
}

const hex = (bytes: number) => Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("");
const b64 = (h: string) => btoa(String.fromCharCode(...h.match(/../g)!.map((x) => parseInt(x, 16))));
const ns = (s: number) => String(BigInt(Date.parse("2026-11-20T10:00:00Z")) * 1_000_000n + BigInt(Math.round(s * 1000)) * 1_000_000n);
const attr = (key: string, v: string | number) => ({ key, value: typeof v === "string" ? { stringValue: v } : { intValue: String(v) } });

type SpanIn = { traceId: string; spanId: string; parentSpanId?: string; name: string; start: number; end?: number; attrs?: ReturnType<typeof attr>[]; error?: string };

/** An export in the OTLP/JSON shape (hex ids). */
function jsonExport(spans: SpanIn[], service = "otlp-test") {
  return {
    resourceSpans: [{
      resource: { attributes: [attr("service.name", service)] },
      scopeSpans: [{
        scope: { name: "test" },
        spans: spans.map((s) => ({
          traceId: s.traceId, spanId: s.spanId, ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}), name: s.name, kind: 1,
          startTimeUnixNano: ns(s.start), ...(s.end !== undefined ? { endTimeUnixNano: ns(s.end) } : {}), attributes: s.attrs ?? [],
          ...(s.error ? { status: { code: 2, message: s.error } } : {}),
        })),
      }],
    }],
  };
}

/** The same export as protobuf, encoded with the official definitions (ids as bytes). */
function protoExport(spans: SpanIn[]) {
  const obj = jsonExport(spans);
  for (const s of obj.resourceSpans[0].scopeSpans[0].spans as Record<string, unknown>[]) {
    for (const k of ["traceId", "spanId", "parentSpanId"]) if (typeof s[k] === "string") s[k] = b64(s[k] as string);
  }
  return encodeTraceRequest(obj);
}

const chat = (model: string, tin: number, tout: number) => [
  attr("gen_ai.operation.name", "chat"), attr("gen_ai.system", "openai"), attr("gen_ai.request.model", model),
  attr("gen_ai.usage.input_tokens", tin), attr("gen_ai.usage.output_tokens", tout),
];

async function gzip(bytes: Uint8Array | string): Promise<Uint8Array<ArrayBuffer>> {
  const data = typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes;
  return new Uint8Array(await new Response(new Blob([data as BlobPart]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer());
}

function send(token: string, body: BodyInit, type: "json" | "protobuf", headers: Record<string, string> = {}) {
  return app.request("/ingest/v1/traces", {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": type === "json" ? "application/json" : "application/x-protobuf", ...headers },
    body,
  });
}

const runsOf = (agentId: string) =>
  db()`select run_key, status, model, tokens_in, tokens_out, cost_usd::float8 as cost, cost_source, started_at, ended_at, error_message, metadata
       from public.executions where agent_id = ${agentId} order by run_key`;
const spansOf = (agentId: string) =>
  db()`select s.span_key, p.span_key as parent, s.kind, s.name, s.gen_ai_usage_input_tokens as tin, s.attributes
       from public.execution_spans s join public.executions e on e.id = s.execution_id
       left join public.execution_spans p on p.id = s.parent_span_id
       where e.agent_id = ${agentId} order by s.started_at, s.span_key`;

test("the generated descriptor is exactly what protobufjs compiles from the official .proto files", async () => {
  const root = new protobuf.Root();
  const dir = new URL("./otlp-proto/", import.meta.url);
  for (const file of ["opentelemetry/proto/common/v1/common.proto", "opentelemetry/proto/resource/v1/resource.proto", "opentelemetry/proto/trace/v1/trace.proto",
    "opentelemetry/proto/collector/trace/v1/trace_service.proto", "google/rpc/status.proto"]) {
    protobuf.parse(await Deno.readTextFile(new URL(file, dir)), root, { keepCase: false });
  }
  root.addJSON(protobuf.common.get("google/protobuf/any.proto")!.nested!);
  assert.deepEqual(JSON.parse(JSON.stringify(root.toJSON())), JSON.parse(JSON.stringify(OTLP_DESCRIPTOR)));
});

test("OTLP/HTTP JSON traces become a run with GenAI spans; the answer is an empty ExportTraceServiceResponse", async () => {
  const { agent, token } = await agentWithToken();
  const traceId = hex(16);
  const [root, llm] = [hex(8), hex(8)];
  const res = await send(token, JSON.stringify(jsonExport([
    { traceId, spanId: root, name: "invoke_agent planner", start: 0, end: 3, attrs: [attr("gen_ai.operation.name", "invoke_agent")] },
    { traceId, spanId: llm, parentSpanId: root, name: "chat gpt-4o", start: 1, end: 2, attrs: chat("gpt-4o", 100, 50) },
  ])), "json");
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(res.headers.get("content-type"), "application/json");
  assert.deepEqual(await json(res), {});
  const [run] = await runsOf(agent.agentId);
  assert.equal(run.run_key, `otel:${traceId}`);
  assert.equal(run.status, "succeeded");
  assert.equal(run.model, "gpt-4o");
  assert.equal(run.tokens_in, 100);
  assert.equal(run.tokens_out, 50);
  assert.equal(run.cost_source, "computed");
  assert.equal(run.metadata.service_name, "otlp-test");
  const spans = await spansOf(agent.agentId);
  assert.deepEqual(spans.map((s) => [s.kind, s.parent]), [["agent", null], ["llm", root]]);
});

test("protobuf, plain and gzip-compressed, is decoded with the official definitions and answered in protobuf", async () => {
  const { agent, token } = await agentWithToken();
  const [t1, t2] = [hex(16), hex(16)];
  const plain = await send(token, protoExport([{ traceId: t1, spanId: hex(8), name: "chat", start: 0, end: 1, attrs: chat("gpt-4o-mini", 1000, 200) }]), "protobuf");
  assert.equal(plain.status, 200, await plain.clone().text());
  assert.equal(plain.headers.get("content-type"), "application/x-protobuf");
  const body = new Uint8Array(await plain.arrayBuffer());
  assert.equal(body.length, 0); // a full success leaves partial_success unset
  assert.deepEqual(decodeTraceResponse(body), {});
  const zipped = await send(token, await gzip(protoExport([{ traceId: t2, spanId: hex(8), name: "chat", start: 0, end: 1, attrs: chat("gpt-4o-mini", 10, 2) }])), "protobuf", { "content-encoding": "gzip" });
  assert.equal(zipped.status, 200, await zipped.clone().text());
  const deflated = new Uint8Array(await new Response(new Blob([protoExport([{ traceId: hex(16), spanId: hex(8), name: "chat", start: 0, end: 1 }])]).stream().pipeThrough(new CompressionStream("deflate"))).arrayBuffer());
  assert.equal((await send(token, deflated, "protobuf", { "content-encoding": "deflate" })).status, 200, "deflate, as Python's exporter can send");
  const jsonZipped = await send(token, await gzip(JSON.stringify(jsonExport([{ traceId: hex(16), spanId: hex(8), name: "chat", start: 0, end: 1, attrs: chat("gpt-4o-mini", 1, 1) }]))), "json", { "content-encoding": "gzip" });
  assert.equal(jsonZipped.status, 200, await jsonZipped.clone().text());
  const runs = await runsOf(agent.agentId);
  assert.equal(runs.length, 4);
  const r1 = runs.find((r) => r.run_key === `otel:${t1}`)!;
  assert.deepEqual([r1.tokens_in, r1.tokens_out, r1.cost, r1.cost_source], [1000, 200, 0.00027, "computed"]);
  assert.equal(new Date(r1.ended_at).toISOString(), "2026-11-20T10:00:01.000Z");
});

test("some spans refused: 200 with partial_success naming each, the others stored (JSON and protobuf)", async () => {
  const { agent, token } = await agentWithToken();
  const traceId = hex(16);
  const good = { traceId, spanId: hex(8), name: "chat", start: 0, end: 1, attrs: chat("gpt-4o", 5, 5) };
  const noName = { traceId, spanId: hex(8), name: "", start: 0, end: 1 };
  const res = await send(token, JSON.stringify(jsonExport([good, noName, { ...good, spanId: "xyz" }])), "json");
  assert.equal(res.status, 200, await res.clone().text());
  const out = await json(res);
  assert.equal(out.partialSuccess.rejectedSpans, "2");
  assert.match(out.partialSuccess.errorMessage, /2 spans rejected: resourceSpans\.0\.scopeSpans\.0\.spans\.1\.name: is required; resourceSpans\.0\.scopeSpans\.0\.spans\.2\.spanId: must be 16 hex/);
  assert.equal((await spansOf(agent.agentId)).length, 1);

  const zero = await send(token, protoExport([{ ...good, spanId: hex(8) }, { ...good, spanId: "0000000000000000" }, { ...good, spanId: hex(8), start: 2, end: 1 }]), "protobuf");
  assert.equal(zero.status, 200);
  const partial = decodeTraceResponse(new Uint8Array(await zero.arrayBuffer())).partialSuccess as { rejectedSpans: number; errorMessage: string };
  assert.equal(partial.rejectedSpans, 1);
  assert.match(partial.errorMessage, /spans\.1\.spanId: must not be all zeros/);
  assert.equal((await spansOf(agent.agentId)).length, 3, "a span ending before it starts is kept without its end, not refused");
  const noStart = jsonExport([{ ...good, spanId: hex(8) }, { ...good, spanId: hex(8) }]);
  delete (noStart.resourceSpans[0].scopeSpans[0].spans[1] as Record<string, unknown>).startTimeUnixNano;
  const missing = await json(await send(token, JSON.stringify(noStart), "json"));
  assert.equal(missing.partialSuccess.rejectedSpans, "1");
  assert.match(missing.partialSuccess.errorMessage, /spans\.1\.startTimeUnixNano: is required/);
  // a NUL in an attribute (valid protobuf, valid UTF-8, but not storable): that span refused by name, gzip or not
  const nul = await send(token, await gzip(protoExport([{ ...good, spanId: hex(8) }, { ...good, spanId: hex(8), attrs: [attr("user.note", "a\u0000b")] }])), "protobuf", { "content-encoding": "gzip" });
  assert.equal(nul.status, 200);
  const nulPartial = decodeTraceResponse(new Uint8Array(await nul.arrayBuffer())).partialSuccess as { rejectedSpans: number; errorMessage: string };
  assert.equal(nulPartial.rejectedSpans, 1);
  assert.match(nulPartial.errorMessage, /spans\.1\.attributes\.0\.value\.stringValue: contains a NUL/);
  assert.equal((await spansOf(agent.agentId)).length, 5);
  // a start that is no number at all (found by the HTTP fuzz suite: a 500 before): refused by name, never a 5xx
  for (const start of ["'; drop table public.executions; --", 1.5, "12ab"]) {
    const bad = jsonExport([{ ...good, spanId: hex(8) }, { ...good, spanId: hex(8) }]);
    (bad.resourceSpans[0].scopeSpans[0].spans[1] as Record<string, unknown>).startTimeUnixNano = start;
    const answer = await send(token, JSON.stringify(bad), "json");
    assert.equal(answer.status, 200, `${start}: ${await answer.clone().text()}`);
    assert.match((await json(answer)).partialSuccess.errorMessage, /spans\.1\.startTimeUnixNano: must be nanoseconds/);
  }
});

test("a trace that is another agent's run is rejected as partial success; the export's other traces are stored", async () => {
  const a = await agentWithToken();
  const b = await agentWithToken();
  const shared = hex(16);
  assert.equal((await send(a.token, JSON.stringify(jsonExport([{ traceId: shared, spanId: hex(8), name: "a", start: 0, end: 1 }])), "json")).status, 200);
  const own = hex(16);
  const res = await send(b.token, protoExport([
    { traceId: own, spanId: hex(8), name: "mine", start: 0, end: 1 },
    { traceId: shared, spanId: hex(8), name: "theirs", start: 0, end: 1 },
    { traceId: shared, spanId: hex(8), name: "theirs too", start: 0, end: 1 },
  ]), "protobuf");
  assert.equal(res.status, 200);
  const partial = decodeTraceResponse(new Uint8Array(await res.arrayBuffer())).partialSuccess as { rejectedSpans: number; errorMessage: string };
  assert.equal(partial.rejectedSpans, 2);
  assert.match(partial.errorMessage, new RegExp(`trace ${shared} is a run of another agent`));
  assert.deepEqual((await runsOf(b.agent.agentId)).map((r) => r.run_key), [`otel:${own}`]);
});

test("bad data is 400 with a google.rpc.Status naming what is wrong, and nothing is written", async () => {
  const { agent, token } = await agentWithToken();
  const cases: [BodyInit, "json" | "protobuf", Record<string, string>, RegExp][] = [
    [new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), "protobuf", {}, /not a valid protobuf ExportTraceServiceRequest/],
    ["{not json", "json", {}, /not valid JSON/],
    [JSON.stringify({ resourceSpans: {} }), "json", {}, /resourceSpans/],
    [JSON.stringify(jsonExport([{ traceId: "x", spanId: "y", name: "n", start: 0 }])), "json", {}, /spans\.0\.traceId: must be 32 hex/],
    [new Uint8Array([1, 2, 3, 4]), "protobuf", { "content-encoding": "gzip" }, /not valid gzip/],
  ];
  for (const [body, type, headers, message] of cases) {
    const res = await send(token, body, type, headers);
    assert.equal(res.status, 400, `${message}: ${await res.clone().text()}`);
    if (type === "protobuf") {
      assert.equal(res.headers.get("content-type"), "application/x-protobuf");
      const status = decodeStatus(new Uint8Array(await res.arrayBuffer()));
      assert.equal(status.code, 3);
      assert.match(String(status.message), message);
    } else {
      const err = await json(res);
      assert.equal(err.code, 3);
      assert.match(err.message, message);
      assert.equal(err.error.code, "invalid_otlp");
    }
  }
  assert.equal((await runsOf(agent.agentId)).length, 0);
  // an empty export is a success that writes nothing (OTLP/HTTP)
  const empty = await send(token, protoExport([]), "protobuf");
  assert.equal(empty.status, 200);
  assert.equal((await runsOf(agent.agentId)).length, 0);
});

test("a gzip bomb is 413 once decompressed past the limit; unknown types and encodings are 415", async () => {
  const { agent, token } = await agentWithToken();
  // 17 MiB of JSON whitespace compresses to ~17 KB: under the limit on the wire, over it decompressed
  const bomb = await gzip(new Uint8Array(17 * 1024 * 1024).fill(0x20));
  assert.ok(bomb.length < 100_000);
  const res = await send(token, bomb, "json", { "content-encoding": "gzip" });
  assert.equal(res.status, 413, await res.clone().text());
  assert.match((await json(res)).message, /larger than the limit of 16777216 bytes once decompressed/);
  const proto = await send(token, bomb, "protobuf", { "content-encoding": "gzip" });
  assert.equal(proto.status, 413);
  assert.equal(decodeStatus(new Uint8Array(await proto.arrayBuffer())).code, 3);
  assert.equal((await send(token, "x", "json", { "content-encoding": "br" })).status, 415);
  const text = await app.request("/ingest/v1/traces", { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" }, body: "x" });
  assert.equal(text.status, 415);
  assert.equal((await runsOf(agent.agentId)).length, 0);
});

test("no agent JWT is 401 with a protobuf Status for a protobuf request; over quota is 429 with Retry-After", async () => {
  const anon = await app.request("/ingest/v1/traces", { method: "POST", headers: { "content-type": "application/x-protobuf" }, body: protoExport([]) });
  assert.equal(anon.status, 401);
  assert.equal(decodeStatus(new Uint8Array(await anon.arrayBuffer())).code, 16);
  // over the request rate: 429 with Retry-After, which exporters honour (token and cost limits mark runs, not refuse them)
  const { agent, token } = await agentWithToken({ requests_per_minute: 1 });
  const export1 = () => protoExport([{ traceId: hex(16), spanId: hex(8), name: "chat", start: 0, end: 1, attrs: chat("gpt-4o", 90, 20) }]);
  assert.equal((await send(token, export1(), "protobuf")).status, 200);
  const res = await send(token, export1(), "protobuf");
  assert.equal(res.status, 429);
  assert.ok(Number(res.headers.get("retry-after")) >= 1);
  const status = decodeStatus(new Uint8Array(await res.arrayBuffer()));
  assert.equal(status.code, 8);
  assert.match(String(status.message), /requests per minute|request/i);
  assert.equal((await runsOf(agent.agentId)).length, 1);
});

test("a trace split over exports (children first, as exporters send it) is one run with each span's tokens once", async () => {
  const { agent, token } = await agentWithToken();
  const traceId = hex(16);
  const [root, llm1, llm2, tool] = [hex(8), hex(8), hex(8), hex(8)];
  const exports: SpanIn[][] = [
    [{ traceId, spanId: llm1, parentSpanId: root, name: "chat 1", start: 1, end: 2, attrs: chat("gpt-4o-mini", 1000, 100) }],
    [
      { traceId, spanId: tool, parentSpanId: root, name: "execute_tool search", start: 2, end: 3, attrs: [attr("gen_ai.operation.name", "execute_tool"), attr("gen_ai.tool.name", "search")] },
      { traceId, spanId: llm2, parentSpanId: root, name: "chat 2", start: 3, end: 4, attrs: chat("gpt-4o-mini", 2000, 300), error: "rate limited" },
    ],
    [{ traceId, spanId: root, name: "invoke_agent", start: 0, end: 5, attrs: [attr("gen_ai.operation.name", "invoke_agent")] }],
  ];
  const r0 = await send(token, protoExport(exports[0]), "protobuf");
  assert.equal(r0.status, 200, await r0.clone().text());
  let [run] = await runsOf(agent.agentId);
  assert.deepEqual([run.status, run.tokens_in, run.tokens_out], ["running", 1000, 100]);
  assert.equal((await send(token, protoExport(exports[1]), "protobuf")).status, 200);
  [run] = await runsOf(agent.agentId);
  assert.deepEqual([run.status, run.tokens_in, run.tokens_out], ["running", 3000, 400]);
  assert.equal((await send(token, protoExport(exports[2]), "protobuf")).status, 200);
  [run] = await runsOf(agent.agentId);
  assert.deepEqual([run.status, run.tokens_in, run.tokens_out, run.error_message], ["failed", 3000, 400, "rate limited"]);
  assert.equal(new Date(run.started_at).toISOString(), "2026-11-20T10:00:00.000Z");
  assert.equal(new Date(run.ended_at).toISOString(), "2026-11-20T10:00:05.000Z");
  // gpt-4o-mini: 3000 x 0.15/M + 400 x 0.60/M
  assert.equal(run.cost, 0.00069);
  let spans = await spansOf(agent.agentId);
  assert.deepEqual(spans.map((s) => [s.name, s.parent]), [["invoke_agent", null], ["chat 1", root], ["execute_tool search", root], ["chat 2", root]]);
  assert.ok(spans.every((s) => !("otel.parent_span_id" in s.attributes)));
  // everything sent again, in one export and then span by span: nothing counts twice
  assert.equal((await send(token, protoExport(exports.flat()), "protobuf")).status, 200);
  for (const e of exports) assert.equal((await send(token, JSON.stringify(jsonExport(e)), "json")).status, 200);
  [run] = await runsOf(agent.agentId);
  assert.deepEqual([run.status, run.tokens_in, run.tokens_out, run.cost], ["failed", 3000, 400, 0.00069]);
  spans = await spansOf(agent.agentId);
  assert.equal(spans.length, 4);
  assert.deepEqual(spans.map((s) => s.parent), [null, root, root, root]);
  const [usage] = await db()`select sum(tokens_used)::int as tokens_used, sum(cost_usd)::float8 as cost from public.agent_usage where agent_id = ${agent.agentId}`;
  assert.deepEqual(usage, { tokens_used: 3400, cost: 0.00069 });
});

test("a run that has ended is final: a late failing child is stored without reopening it, re-sending all is no conflict", async () => {
  const { agent, token } = await agentWithToken();
  const traceId = hex(16);
  const root = { traceId, spanId: hex(8), name: "invoke_agent", start: 0, end: 2 };
  const child = { traceId, spanId: hex(8), parentSpanId: root.spanId, name: "chat", start: 1, end: 3, attrs: chat("gpt-4o-mini", 10, 1) };
  const late = { traceId, spanId: hex(8), parentSpanId: root.spanId, name: "chat late", start: 2.5, end: 4, attrs: chat("gpt-4o-mini", 20, 2), error: "timed out" };
  assert.equal((await send(token, protoExport([root, child]), "protobuf")).status, 200);
  for (const body of [[late], [child, late, root], [late, root]]) {
    const res = await send(token, protoExport(body), "protobuf");
    assert.equal(res.status, 200);
    assert.deepEqual(decodeTraceResponse(new Uint8Array(await res.arrayBuffer())), {}, "no span refused, no run_final conflict");
  }
  const [run] = await runsOf(agent.agentId);
  assert.deepEqual([run.status, run.tokens_in, run.tokens_out, run.error_message], ["succeeded", 30, 3, null]);
  assert.equal((await spansOf(agent.agentId)).length, 3);
  // a timestamp before 2000 (an exporter's zero clock) is refused, named; the rest of the export is stored
  const res = await send(token, JSON.stringify(jsonExport([{ ...child, spanId: hex(8) }, { ...child, spanId: hex(8) }])).replace(/"startTimeUnixNano":"\d+"/, '"startTimeUnixNano":"5"'), "json");
  const out = await json(res);
  assert.equal(out.partialSuccess.rejectedSpans, "1");
  assert.match(out.partialSuccess.errorMessage, /spans\.0\.startTimeUnixNano: is outside the accepted time range/);
  assert.equal((await spansOf(agent.agentId)).length, 4);
});

test("attribute values nested absurdly deep are 400, never a stack overflow: protobuf, and JSON behind gzip", async () => {
  const { agent, token } = await agentWithToken();
  const proto = await send(token, wrapDeep(deepAnyValue(3000)), "protobuf");
  assert.equal(proto.status, 400);
  assert.match(String(decodeStatus(new Uint8Array(await proto.arrayBuffer())).message), /too deeply/);
  let value: Record<string, unknown> = { stringValue: "leaf" };
  for (let i = 0; i < 3000; i++) value = { kvlistValue: { values: [{ key: "k", value }] } };
  const span = { traceId: hex(16), spanId: hex(8), name: "deep", startTimeUnixNano: ns(0), attributes: [{ key: "deep", value }] };
  const deep = await send(token, await gzip(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] })), "json", { "content-encoding": "gzip" });
  assert.equal(deep.status, 400);
  assert.match((await json(deep)).message, /nests more than 256/);
  // a protobuf nested past what any stack holds (100,000 levels, 1.3 MB): 400 as well
  const bomb = await send(token, wrapDeep(deepAnyValue(100_000)), "protobuf");
  assert.equal(bomb.status, 400, await bomb.clone().text());
  assert.match(String(decodeStatus(new Uint8Array(await bomb.arrayBuffer())).message), /too deeply/);
  assert.equal((await runsOf(agent.agentId)).length, 0);
});

const vlen = (n: number) => (n < 128 ? 1 : n < 16384 ? 2 : n < 2097152 ? 3 : 4);
function putVarint(buf: Uint8Array, at: number, n: number): number {
  while (n > 127) {
    buf[at++] = (n & 127) | 128;
    n >>>= 7;
  }
  buf[at++] = n;
  return at;
}

/** AnyValue{kvlist_value: KeyValueList{values: [KeyValue{key: "k", value: ...}]}} `levels` deep, around a string "a". */
function deepAnyValue(levels: number): Uint8Array {
  const sizes = [3]; // AnyValue{string_value: "a"}
  const kvs: number[] = [];
  const lists: number[] = [];
  for (let i = 0; i < levels; i++) {
    const inner = sizes[i];
    const kv = 4 + vlen(inner) + inner;
    const list = 1 + vlen(kv) + kv;
    kvs.push(kv);
    lists.push(list);
    sizes.push(1 + vlen(list) + list);
  }
  const buf = new Uint8Array(sizes[levels]);
  let at = 0;
  for (let i = levels - 1; i >= 0; i--) {
    buf[at++] = 0x32; // AnyValue.kvlist_value
    at = putVarint(buf, at, lists[i]);
    buf[at++] = 0x0a; // KeyValueList.values
    at = putVarint(buf, at, kvs[i]);
    buf.set([0x0a, 0x01, 0x6b, 0x12], at); // KeyValue.key = "k", KeyValue.value
    at = putVarint(buf, at + 4, sizes[i]);
  }
  buf.set([0x0a, 0x01, 0x61], at);
  return buf;
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

/** The nested AnyValue as the attribute of one span of one export (fields per trace.proto / common.proto). */
function wrapDeep(anyValue: Uint8Array): Uint8Array<ArrayBuffer> {
  const field = (no: number, body: Uint8Array | number[]) => [(no << 3) | 2, ...varint(body.length), ...body];
  const kv = field(1, [0x6b]).concat(field(2, anyValue)); // KeyValue{key:"k", value}
  const spanBytes = [
    ...field(1, crypto.getRandomValues(new Uint8Array(16))), ...field(2, crypto.getRandomValues(new Uint8Array(8))),
    ...field(5, new TextEncoder().encode("deep")), 0x39, ...new Uint8Array(new BigUint64Array([BigInt(ns(0))]).buffer), ...field(9, kv),
  ];
  const scopeSpans = field(2, spanBytes);
  const resourceSpans = field(2, scopeSpans);
  return new Uint8Array(field(1, resourceSpans));
}
