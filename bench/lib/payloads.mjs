// @ts-check
// What agents send to ingest: runs with their spans, shaped like real traces (an agent span at
// the root, LLM calls with GenAI token counts, tool and retrieval calls), drawn from a seeded
// generator so that every benchmark run posts the same bodies. The same objects become COPY
// rows for the physical limit of part 1.
import { Rng } from "./rng.mjs";
import { MODELS } from "./fixtures.mjs";

/**
 * @typedef {{ span_key: string, parent_span_key?: string, kind: string, name: string, status: string, started_at: string,
 *   ended_at: string, gen_ai_system?: string, gen_ai_operation_name?: string, gen_ai_request_model?: string,
 *   gen_ai_response_model?: string, gen_ai_usage_input_tokens?: number, gen_ai_usage_output_tokens?: number,
 *   tool_name?: string, attributes?: Record<string, unknown> }} SpanPayload
 * @typedef {{ run_key: string, status: string, started_at: string, ended_at: string, duration_ms: number, environment: string,
 *   model: string, tokens_in: number, tokens_out: number, input: unknown, output?: unknown, error_type?: string,
 *   error_message?: string, user_id?: string, metadata: Record<string, unknown>, spans: SpanPayload[] }} RunPayload
 */

const SPAN_PLAN = /** @type {const} */ ([
  ["llm", "chat.completions"], ["tool", "search"], ["retrieval", "vector.lookup"], ["llm", "chat.completions"],
  ["tool", "http.fetch"], ["llm", "chat.completions"], ["thought", "plan"], ["tool", "calculator"],
]);

/**
 * A batch of `size` runs of one agent, ending around `until`, each with 1 + 0..8 child spans (5 spans on average).
 * @param {{ seed: string, keyPrefix: string, size: number, until: Date, userIds: string[] }} opts
 * @returns {RunPayload[]}
 */
export function runBatch({ seed, keyPrefix, size, until, userIds }) {
  const rng = new Rng(seed);
  /** @type {RunPayload[]} */
  const runs = [];
  for (let i = 0; i < size; i++) {
    const duration = Math.min(600_000, Math.max(5, Math.round(rng.logNormal(Math.log(2500), 0.9))));
    const started = new Date(until.getTime() - rng.int(1_000, 3_600_000));
    const ended = new Date(started.getTime() + duration);
    const r = rng.next();
    const status = r < 0.9 ? "succeeded" : r < 0.95 ? "failed" : r < 0.98 ? "timeout" : "canceled";
    const model = MODELS[Math.min(MODELS.length - 1, Math.floor(MODELS.length * rng.next() ** 1.6))];
    const tokensIn = 200 + Math.floor(3800 * rng.next() ** 2);
    const tokensOut = 50 + Math.floor(950 * rng.next());
    const children = rng.int(0, 8);
    /** @type {SpanPayload[]} */
    const spans = [{
      span_key: "root", kind: "agent", name: "run", status: status === "succeeded" ? "ok" : "error",
      started_at: started.toISOString(), ended_at: ended.toISOString(),
    }];
    for (let k = 0; k < children; k++) {
      const [kind, name] = SPAN_PLAN[k];
      const from = new Date(started.getTime() + Math.floor((duration * k) / children));
      const to = new Date(started.getTime() + Math.floor((duration * (k + 1)) / children));
      /** @type {SpanPayload} */
      const span = { span_key: `s${k}`, parent_span_key: "root", kind, name, status: "ok", started_at: from.toISOString(), ended_at: to.toISOString() };
      if (kind === "llm") {
        Object.assign(span, {
          gen_ai_system: model.split("-")[0], gen_ai_operation_name: "chat", gen_ai_request_model: model, gen_ai_response_model: model,
          gen_ai_usage_input_tokens: Math.round(tokensIn / 3), gen_ai_usage_output_tokens: Math.round(tokensOut / 3),
        });
      } else if (kind === "tool") {
        Object.assign(span, { tool_name: name, attributes: { "http.status_code": 200, results: rng.int(1, 10) } });
      }
      spans.push(span);
    }
    const failed = status === "failed" || status === "timeout";
    runs.push({
      run_key: `${keyPrefix}-${i}`,
      status,
      started_at: started.toISOString(),
      ended_at: ended.toISOString(),
      duration_ms: duration,
      environment: "prod",
      model,
      tokens_in: tokensIn,
      tokens_out: tokensOut,
      input: { prompt: `Write a short product description for item ${keyPrefix}-${i} in a friendly tone, under 120 words.`, locale: "en" },
      ...(status === "succeeded"
        ? { output: { text: `Meet item ${i}: our new release is lighter, faster and kinder to your budget. Customers told us what they needed and we listened, so this one ships with ${rng.alnum(48)}.`, finish_reason: "stop" } }
        : {}),
      ...(failed ? { error_type: rng.pick(["rate_limit", "tool_error", "invalid_output", "upstream_5xx"]), error_message: `Upstream call failed for request ${i} after ${duration} ms` } : {}),
      ...(rng.next() < 0.6 ? { user_id: rng.pick(userIds) } : {}),
      metadata: { client: "bench", batch: keyPrefix },
      spans,
    });
  }
  return runs;
}

/** A value in PostgreSQL's COPY text format. */
export function copyValue(/** @type {unknown} */ v) {
  if (v === null || v === undefined) return "\\N";
  const s = typeof v === "object" ? JSON.stringify(v) : String(v);
  return s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t");
}

export const EXECUTION_COPY_COLUMNS = [
  "id", "workspace_id", "agent_id", "run_key", "source", "user_id", "environment", "status", "started_at", "ended_at", "duration_ms",
  "model", "tokens_in", "tokens_out", "input", "output", "error_type", "error_message", "metadata",
];
export const SPAN_COPY_COLUMNS = [
  "id", "workspace_id", "execution_id", "span_key", "parent_span_id", "kind", "name", "status", "started_at", "ended_at", "duration_ms",
  "gen_ai_system", "gen_ai_operation_name", "gen_ai_request_model", "gen_ai_response_model", "gen_ai_usage_input_tokens",
  "gen_ai_usage_output_tokens", "tool_name", "attributes",
];

/**
 * The rows ingest stores for a batch, as COPY text: the same runs and spans, with ids made here.
 * Costs are left to the database (cost_source none), which prices them as ingest does.
 * @param {RunPayload[]} runs
 * @param {{ workspaceId: string, agentId: string, rng: Rng, keyPrefix: string }} ctx
 */
export function copyRows(runs, { workspaceId, agentId, rng, keyPrefix }) {
  const executions = [];
  const spans = [];
  for (const run of runs) {
    const id = rng.uuid();
    executions.push([
      id, workspaceId, agentId, `${keyPrefix}${run.run_key}`, "agent", run.user_id, run.environment, run.status, run.started_at, run.ended_at,
      run.duration_ms, run.model, run.tokens_in, run.tokens_out, run.input, run.output, run.error_type, run.error_message, run.metadata,
    ].map(copyValue).join("\t"));
    /** @type {Map<string, string>} */
    const ids = new Map();
    for (const s of run.spans) {
      const spanId = rng.uuid();
      ids.set(s.span_key, spanId);
      const duration = Date.parse(s.ended_at) - Date.parse(s.started_at);
      spans.push([
        spanId, workspaceId, id, s.span_key, s.parent_span_key ? ids.get(s.parent_span_key) : null, s.kind, s.name, s.status, s.started_at,
        s.ended_at, duration, s.gen_ai_system, s.gen_ai_operation_name, s.gen_ai_request_model, s.gen_ai_response_model,
        s.gen_ai_usage_input_tokens, s.gen_ai_usage_output_tokens, s.tool_name, s.attributes ?? {},
      ].map(copyValue).join("\t"));
    }
  }
  return { executions: executions.join("\n") + "\n", spans: spans.join("\n") + "\n" };
}
