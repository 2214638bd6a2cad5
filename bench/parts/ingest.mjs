// @ts-check
// Part 1 (and 7): ingestion through the real ingest Edge Function against the physical limit.
// Several agents post batches of 500 runs with their spans in parallel (each client waits for
// its answer before sending the next batch, as the shared client does); then the same rows go
// straight into the same tables with COPY, over as many connections, one transaction per batch.
// Both are checked: every run sent is stored exactly once. While the API is loaded, the Deno
// process serving the ingest function (one per function, as the edge runtime isolates each) is
// sampled and its peak (VmHWM) read from /proc. Beside the wall clock, the CPU time each phase
// costs the stack's own processes (stackCpu in lib/proc.mjs): other work on a shared machine stretches the
// wall clock of either phase, not the CPU time the phase itself spends.
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { log } from "../../scripts/lib/stack.mjs";
import { request } from "../lib/http.mjs";
import { round, summarize, timed } from "../lib/measure.mjs";
import { EXECUTION_COPY_COLUMNS, SPAN_COPY_COLUMNS, copyRows, runBatch } from "../lib/payloads.mjs";
import { cpuBetween, postmasterPidOf, stackCpu } from "../lib/proc.mjs";
import { Rng } from "../lib/rng.mjs";

/** @typedef {import("../lib/stack.mjs").BenchStack} BenchStack */
/** @typedef {import("../lib/fixtures.mjs").World} World */
/** @typedef {import("../lib/fixtures.mjs").BenchAgent} BenchAgent */
/** @typedef {import("../lib/payloads.mjs").RunPayload} RunPayload */

const TABLES = ["public.executions", "public.execution_spans", "public.api_usage"];

/**
 * @param {BenchStack} stack
 * @param {World} world
 * @param {{ clients: number, batches: number, batchSize: number, seed: number }} opts
 */
export async function benchIngest(stack, world, opts) {
  const { clients, batches, batchSize, seed } = opts;
  const until = new Date();
  const agents = world.workspaces.slice(0, clients).map((ws) => {
    const agent = world.agents.find((a) => a.workspaceId === ws.id && a.slug === "agent-1");
    if (!agent) throw new Error(`no agent-1 in ${ws.slug}`);
    return { agent, ws };
  });
  // bodies are built before the clock starts: the bench measures the server, not the generator
  const plan = agents.map(({ agent, ws }, c) =>
    Array.from({ length: batches }, (_, b) => runBatch({ seed: `${seed}:ingest:${c}:${b}`, keyPrefix: `ingest-${c}-${b}`, size: batchSize, until, userIds: ws.memberIds }))
  );
  const sentRuns = clients * batches * batchSize;
  const sentSpans = plan.flat(2).reduce((n, r) => n + r.spans.length, 0);
  const bodies = plan.map((bs) => bs.map((runs) => JSON.stringify({ runs })));
  const bodyBytes = summarize(bodies.flat().map((b) => b.length));

  // a fresh server, so that its peak memory is this part's. As many database connections as
  // clients, as COPY gets below: with the default pool (2) half of the batches waited for a
  // connection, which measured the local pool rather than the function (as in part 2)
  const server = await stack.serveFunctions({ AGENT_JWT_TTL_SECONDS: "3600", DB_POOL_SIZE: String(clients) });
  try {
    const tokens = await Promise.all(agents.map(({ agent }) => agentToken(server.url, agent)));
    const idle = server.memory("ingest");
    const before = await sizes(stack);
    let peakRss = idle.vm_rss_kb;
    // the pid found once: finding it reads every process of /proc, which every 50 ms would charge
    // the API phase's client with CPU time the COPY phase does not pay
    const ingestPid = Number(idle.pid);
    const sampler = setInterval(() => {
      try {
        peakRss = Math.max(peakRss, Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${ingestPid}/status`, "utf8"))?.[1] ?? 0));
      } catch { /* the process is gone: reported below */ }
    }, 50);
    const cpuProcs = { postmaster: postmasterPidOf(/** @type {{ dataDir: string }} */ (/** @type {unknown} */ (stack.cluster)).dataDir), gateway: Number(server.child.pid) };

    /** @type {number[]} */
    const batchMs = [];
    const apiCpu0 = await stackCpu(cpuProcs, false);
    const api = await timed(() => Promise.all(bodies.map(async (clientBodies, c) => {
      for (const [b, body] of clientBodies.entries()) {
        const t0 = performance.now();
        const res = await request("POST", `${server.url}/functions/v1/ingest/runs`, {
          headers: { authorization: `Bearer ${tokens[c]}`, "content-type": "application/json" },
          body,
        });
        const text = res.text;
        batchMs.push(performance.now() - t0);
        if (res.status !== 200) throw new Error(`ingest batch ${c}/${b} answered ${res.status}: ${text.slice(0, 500)}`);
        const result = JSON.parse(text);
        if (result.accepted !== batchSize || result.created !== batchSize) {
          throw new Error(`ingest batch ${c}/${b}: accepted ${result.accepted}, created ${result.created} of ${batchSize}`);
        }
      }
    })));
    const apiCpu = cpuBetween(apiCpu0, await stackCpu(cpuProcs, true));
    clearInterval(sampler);
    const after = await sizes(stack);
    const memory = server.memory("ingest");
    const apiCheck = await storedOnce(stack, agents.map((a) => a.ws.id), plan, "");
    log(`ingest API: ${sentRuns} runs in ${api.ms} ms`);

    // the same rows through COPY, over as many connections, one transaction per batch
    const copyRng = new Rng(`${seed}:copy`);
    const copyPlan = plan.map((bs, c) =>
      bs.map((runs) => copyRows(runs, { workspaceId: agents[c].ws.id, agentId: agents[c].agent.id, rng: copyRng, keyPrefix: "copy-" }))
    );
    const copyCpu0 = await stackCpu(cpuProcs, false);
    const copy = await timed(() => Promise.all(copyPlan.map(async (clientBatches) => {
      const sql = stack.connect(1);
      try {
        for (const rows of clientBatches) {
          await sql.begin(async (tx) => {
            await pipeline(Readable.from([rows.executions]), await tx.unsafe(`copy public.executions (${EXECUTION_COPY_COLUMNS.join(", ")}) from stdin`).writable());
            await pipeline(Readable.from([rows.spans]), await tx.unsafe(`copy public.execution_spans (${SPAN_COPY_COLUMNS.join(", ")}) from stdin`).writable());
          });
        }
      } finally {
        await sql.end({ timeout: 5 });
      }
    })));
    const copyCpu = cpuBetween(copyCpu0, await stackCpu(cpuProcs, true));
    const copyCheck = await storedOnce(stack, agents.map((a) => a.ws.id), plan, "copy-");
    log(`ingest COPY: ${sentRuns} runs in ${copy.ms} ms`);

    const apiRunsPerS = sentRuns / (api.ms / 1000);
    const copyRunsPerS = sentRuns / (copy.ms / 1000);
    return {
      clients,
      batch_size: batchSize,
      batches: clients * batches,
      runs: sentRuns,
      spans: sentSpans,
      body_bytes: bodyBytes,
      api: {
        ms: api.ms,
        runs_per_s: round(apiRunsPerS, 1),
        spans_per_s: round(sentSpans / (api.ms / 1000), 1),
        batch_latency_ms: summarize(batchMs),
        stored_once: apiCheck,
        cpu: { ...apiCpu, runs_per_cpu_s: round(sentRuns / apiCpu.total_s, 1) },
      },
      copy: {
        ms: copy.ms,
        runs_per_s: round(copyRunsPerS, 1),
        spans_per_s: round(sentSpans / (copy.ms / 1000), 1),
        stored_once: copyCheck,
        cpu: { ...copyCpu, runs_per_cpu_s: round(sentRuns / copyCpu.total_s, 1) },
      },
      ratio_api_to_copy: round(apiRunsPerS / copyRunsPerS, 3),
      // the same rows both ways, so runs per CPU-second of the API against COPY's is COPY's CPU time over the API's
      ratio_cpu_api_to_copy: round(copyCpu.total_s / apiCpu.total_s, 3),
      growth_bytes: Object.fromEntries(TABLES.map((t) => [t, after[t] - before[t]])),
      marginal_bytes_per_run: round((after["public.executions"] - before["public.executions"]) / sentRuns, 0),
      marginal_bytes_per_span: round((after["public.execution_spans"] - before["public.execution_spans"]) / sentSpans, 0),
      marginal_api_usage_bytes_per_request: round((after["public.api_usage"] - before["public.api_usage"]) / (clients * batches), 0),
      deno_memory_kb: { idle_rss: idle.vm_rss_kb, peak_rss_sampled: peakRss, vm_hwm: memory.vm_hwm_kb },
    };
  } finally {
    await server.stop();
  }
}

/**
 * @param {string} baseUrl
 * @param {BenchAgent} agent
 */
async function agentToken(baseUrl, agent) {
  const res = await request("POST", `${baseUrl}/functions/v1/agent-auth/token`, { headers: { "x-api-key": agent.apiKey } });
  if (res.status !== 200) throw new Error(`agent-auth answered ${res.status}: ${res.text}`);
  return String(JSON.parse(res.text).access_token);
}

/** @param {BenchStack} stack @returns {Promise<Record<string, number>>} */
async function sizes(stack) {
  const rows = await stack.sql`select t as table, pg_total_relation_size(t::regclass) as bytes from unnest(${TABLES}::text[]) t`;
  return Object.fromEntries(rows.map((r) => [String(r.table), Number(r.bytes)]));
}

/**
 * Every run sent is stored exactly once: as many rows as runs sent, as many distinct run_keys,
 * and no other row under the same prefix. Spans likewise.
 * @param {BenchStack} stack
 * @param {string[]} workspaceIds
 * @param {RunPayload[][][]} plan
 * @param {string} keyPrefix
 */
async function storedOnce(stack, workspaceIds, plan, keyPrefix) {
  const keys = plan.flat(2).map((r) => `${keyPrefix}${r.run_key}`);
  const spans = plan.flat(2).reduce((n, r) => n + r.spans.length, 0);
  const [row] = await stack.sql`
    with sent as (select unnest(${keys}::text[]) as run_key)
    select
      (select count(*)::int from public.executions e join sent s on s.run_key = e.run_key where e.workspace_id = any (${workspaceIds}::uuid[])) as rows,
      (select count(distinct e.run_key)::int from public.executions e join sent s on s.run_key = e.run_key where e.workspace_id = any (${workspaceIds}::uuid[])) as distinct_keys,
      (select count(*)::int from public.executions e where e.workspace_id = any (${workspaceIds}::uuid[]) and e.run_key like ${`${keyPrefix || "ingest-"}%`} and e.source = 'agent') as rows_with_prefix,
      (select count(*)::int from public.execution_spans sp join public.executions e on e.id = sp.execution_id join sent s on s.run_key = e.run_key
        where e.workspace_id = any (${workspaceIds}::uuid[])) as spans`;
  const ok = row.rows === keys.length && row.distinct_keys === keys.length && row.rows_with_prefix === keys.length && row.spans === spans;
  if (!ok) throw new Error(`runs not stored exactly once (prefix "${keyPrefix}"): sent ${keys.length} runs and ${spans} spans, found ${JSON.stringify(row)}`);
  return { sent: keys.length, rows: row.rows, distinct_run_keys: row.distinct_keys, spans: row.spans, ok };
}
