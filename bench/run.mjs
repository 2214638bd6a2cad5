#!/usr/bin/env node
// @ts-check
// `npm run bench`: measures the system on its own throw-away database (a temporary cluster on a
// free port, never `npm start`'s), with generated data from a fixed seed, and prints one table
// and writes bench/results/<timestamp>.json:
//   1. ingestion through the ingest Edge Function against COPY of the same rows (the physical limit)
//   2. n8n-webhook and authorize at a fixed concurrency against a bare `select 1` route (the floor)
//   3. dashboard queries at 1M runs (10M with --scale 10): p50/p95 and plans, no seq scan of raw tables
//   4. rollups from scratch and after 10k new rows; materialized view refresh
//   5. match_patterns over 100k patterns: latency and recall@10 against exact search
//   6. storage per run and per span, projected per workspace per month at 1M runs a day
//   7. peak memory of the Deno process serving ingest, during ingestion
//   8. route (routing with memory) over 50k past decisions: latency, recall@10 against exact search
// Timing is never asserted by `npm test`; this script is separate, and it fails only when the
// system is wrong (a run lost or stored twice, an endpoint answering errors), never when slow.
//
//   npm run bench                          the default scale (1M runs)
//   npm run bench -- --scale 10            10M runs
//   npm run bench -- --quick               a small smoke run of every part (50k runs)
//   npm run bench -- --only ingest,storage some parts (bulk data is generated when a part needs it)
//   npm run bench -- --keep                leave the cluster running afterwards
//   npm run bench -- --seed 7              another data set
import { execFileSync } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ROOT, log } from "../scripts/lib/stack.mjs";
import { AVG_SPANS_PER_RUN, daysFor, dropStructures, generateDerived, generateRuns, restoreStructures } from "./lib/bulk.mjs";
import { SHAPE, createWorld } from "./lib/fixtures.mjs";
import { round, timed } from "./lib/measure.mjs";
import { fmt, formatTable, writeResults } from "./lib/report.mjs";
import { BenchStack } from "./lib/stack.mjs";
import { benchDashboards } from "./parts/dashboards.mjs";
import { benchEndpoints } from "./parts/endpoints.mjs";
import { benchIngest } from "./parts/ingest.mjs";
import { benchPatterns } from "./parts/patterns.mjs";
import { benchRouting } from "./parts/routing.mjs";
import { extendRollupHistory, rollupsFromScratch, rollupsIncremental } from "./parts/rollups.mjs";
import { benchStorage } from "./parts/storage.mjs";

const PARTS = ["ingest", "endpoints", "dashboards", "rollups", "patterns", "storage", "routing"];

const { values: args } = parseArgs({
  options: {
    scale: { type: "string", default: "1" },
    seed: { type: "string", default: "20261122" },
    quick: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    only: { type: "string" },
    runs: { type: "string" },
    patterns: { type: "string" },
    clients: { type: "string", default: "4" },
    batches: { type: "string" },
    concurrency: { type: "string", default: "8" },
    requests: { type: "string" },
    note: { type: "string" },
  },
});

const scale = Number(args.scale);
const seed = Number(args.seed);
const quick = Boolean(args.quick);
const only = args.only ? args.only.split(",").map((s) => s.trim()) : PARTS;
for (const p of only) if (!PARTS.includes(p)) throw new Error(`unknown part ${p}: choose from ${PARTS.join(", ")}`);
const wants = (/** @type {string} */ part) => only.includes(part);
const config = {
  scale,
  seed,
  quick,
  parts: only,
  runs: Number(args.runs ?? (quick ? 50_000 : Math.round(1_000_000 * scale))),
  incremental_rows: quick ? 2_000 : 10_000,
  patterns: Number(args.patterns ?? (quick ? 5_000 : 100_000)),
  pattern_queries: quick ? 10 : 30,
  routing_decisions: quick ? 5_000 : 50_000,
  ingest_clients: Number(args.clients),
  ingest_batches_per_client: Number(args.batches ?? (quick ? 2 : 10)),
  ingest_batch_size: 500,
  concurrency: Number(args.concurrency),
  requests_per_endpoint: Number(args.requests ?? (quick ? 300 : 2_000)),
  aged_audit_rows: quick ? 20_000 : 200_000,
  dashboard_repeats: 20,
};

/** Load average and other PostgreSQL clusters on the machine: the machine is shared. */
function machineLoad() {
  let otherClusters = 0;
  try {
    otherClusters = execFileSync("pgrep", ["-fc", "postgres -D"], { encoding: "utf8" }).trim().split("\n").map(Number)[0] - 1;
  } catch { /* pgrep finds none */ }
  return { at: new Date().toISOString(), loadavg_1m: round(loadavg()[0]), other_postgres_clusters: Math.max(otherClusters, 0) };
}

function versions() {
  const tryRun = (/** @type {string} */ cmd, /** @type {string[]} */ a) => {
    try {
      return execFileSync(cmd, a, { encoding: "utf8" }).split("\n")[0].trim();
    } catch {
      return "unknown";
    }
  };
  return {
    node: process.version,
    deno: tryRun(join(ROOT, "node_modules", ".bin", "deno"), ["--version"]),
    postgres: tryRun("/usr/lib/postgresql/15/bin/postgres", ["--version"]),
  };
}

async function main() {
  const started = Date.now();
  /** @type {ReturnType<typeof machineLoad>[]} */
  const load = [machineLoad()];
  const machine = {
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model ?? "unknown",
    memory_gb: round(totalmem() / 1024 ** 3, 1),
    ...versions(),
    cluster: "PostgreSQL 15, shared_buffers 512MB, work_mem 32MB, fsync and synchronous_commit on (as npm start)",
  };
  const stack = new BenchStack({ keep: args.keep ?? false });
  for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
    process.once(signal, () => {
      log(`${signal}: stopping the bench cluster and servers`);
      stack.stop().finally(() => process.exit(130));
    });
  }
  /** @type {Record<string, any>} */
  const parts = {};
  try {
    const setup = await timed(() => stack.start());
    // scheduled jobs would run behind the measurements: pause them and call each job directly
    await stack.sql`update cron.job set active = false`;
    const [{ pgvector }] = await stack.sql`select extversion as pgvector from pg_extension where extname = 'vector'`;
    Object.assign(machine, { pgvector });
    // what a write to the hot-path tables costs besides the row: triggers and indexes, as migrated
    const hotPath = await stack.sql`
      select c.relname as table,
        (select coalesce(array_agg(t.tgname || case when t.tgtype & 1 = 1 then ' (row)' else ' (statement)' end order by t.tgname), '{}')
         from pg_trigger t where t.tgrelid = c.oid and not t.tgisinternal) as triggers,
        (select count(*)::int from pg_index i where i.indrelid = c.oid) as indexes,
        (select count(*)::int from pg_constraint f where f.conrelid = c.oid and f.contype = 'f') as foreign_keys
      from pg_class c where c.oid in ('public.executions'::regclass, 'public.execution_spans'::regclass)`;
    Object.assign(machine, { hot_path: hotPath.map((r) => ({ ...r })) });
    const world = await createWorld(stack.sql, String(seed));
    parts.setup = { ms: setup.ms, workspaces: SHAPE.workspaces, agents: world.agents.length, users: SHAPE.workspaces * SHAPE.usersPerWorkspace };

    const until = new Date();
    if (wants("dashboards") || wants("rollups") || wants("storage")) {
      const days = daysFor(config.runs);
      log(`bulk: ${fmt.int(config.runs)} runs over ${days} day(s) with ~${AVG_SPANS_PER_RUN} spans each (set-based SQL)`);
      const structures = await dropStructures(stack.sql, ["public.executions", "public.execution_spans"]);
      const runs = await generateRuns(stack, { total: config.runs, until, days, seed });
      const rebuild = await timed(() => restoreStructures(stack.sql, structures));
      const derived = await generateDerived(stack, { until, seed, scale });
      const vacuum = await timed(() => stack.sql`vacuum (analyze) public.executions, public.execution_spans, public.agent_usage, analytics.user_activity`);
      const [{ spans }] = await stack.sql`select count(*)::int as spans from public.execution_spans`;
      parts.bulk = { runs: config.runs, spans, days, insert_ms: runs.ms, rebuild_keys_and_indexes_ms: rebuild.ms, vacuum_analyze_ms: vacuum.ms, ...derived };
      log(`bulk: done in ${fmt.ms(runs.ms + rebuild.ms)}`);
      load.push(machineLoad());
    }
    if (wants("rollups") || wants("dashboards")) {
      parts.rollups_from_scratch = await rollupsFromScratch(stack);
      if (parts.rollups_from_scratch.available) {
        // a month of rollup history at this rate, for the dashboards (see extendRollupHistory)
        const history = await timed(() => extendRollupHistory(stack, Math.max(0, 30 - Math.ceil(daysFor(config.runs)))));
        parts.rollup_history = { rows_added: history.result, ms: history.ms };
      }
    }
    if (wants("dashboards")) {
      parts.dashboards = await benchDashboards(stack, world, { repeats: config.dashboard_repeats });
      load.push(machineLoad());
    }
    if (wants("rollups")) {
      parts.rollups_incremental = await rollupsIncremental(stack, { rows: config.incremental_rows, offset: config.runs, seed: seed + 1 });
    }
    if (wants("ingest")) {
      parts.ingest = await benchIngest(stack, world, {
        clients: config.ingest_clients, batches: config.ingest_batches_per_client, batchSize: config.ingest_batch_size, seed,
      });
      load.push(machineLoad());
    }
    if (wants("storage")) {
      const ing = parts.ingest;
      parts.storage = await benchStorage(stack, {
        runsPerDay: 1_000_000,
        ...(ing ? { marginal: { bytes_per_run: ing.marginal_bytes_per_run, bytes_per_span: ing.marginal_bytes_per_span, spans_per_run: ing.spans / ing.runs } } : {}),
      });
    }
    if (wants("endpoints")) {
      parts.endpoints = await benchEndpoints(stack, world, { concurrency: config.concurrency, requests: config.requests_per_endpoint, agedAuditRows: config.aged_audit_rows, seed });
      load.push(machineLoad());
    }
    if (wants("patterns")) {
      parts.patterns = await benchPatterns(stack, world, { patterns: config.patterns, queries: config.pattern_queries, seed });
      load.push(machineLoad());
    }
    if (wants("routing")) {
      parts.routing = await benchRouting(stack, world, { decisions: config.routing_decisions, queries: config.pattern_queries, seed });
      load.push(machineLoad());
    }
  } finally {
    await stack.stop();
  }
  load.push(machineLoad());
  const rows = tableRows(parts);
  const targets = targetRows(parts, config);
  const results = {
    started_at: new Date(started).toISOString(),
    duration_s: round((Date.now() - started) / 1000, 1),
    config,
    machine,
    load,
    notes: [
      "The machine is shared: other engineers' test clusters may run during the benchmark (see load).",
      "pg_cron jobs are paused during the run; each job is called directly where it is measured.",
      ...(args.note ? [args.note] : []),
    ],
    table: rows,
    targets,
    parts,
  };
  const file = writeResults(join(ROOT, "bench", "results"), results);
  console.log(`\n${formatTable(rows)}\n`);
  console.log(`Targets of issue 14 (ratios within this run):\n${formatTable(targets)}\n`);
  console.log(`${fmt.int(config.runs)} runs, scale ${scale}, seed ${seed}; finished in ${results.duration_s} s; results in ${file}`);
}

/**
 * The printed table: one row per figure, with what it is measured against.
 * @param {Record<string, any>} p
 * @returns {import("./lib/report.mjs").Row[]}
 */
function tableRows(p) {
  /** @type {import("./lib/report.mjs").Row[]} */
  const rows = [];
  if (p.bulk) rows.push({ part: "0 data", measure: `bulk load (${fmt.int(p.bulk.runs)} runs, ${fmt.int(p.bulk.spans)} spans)`, value: fmt.ms(p.bulk.insert_ms + p.bulk.rebuild_keys_and_indexes_ms) });
  if (p.ingest) {
    const i = p.ingest;
    rows.push({ part: "1 ingest", measure: `API runs/s (${i.clients} clients, batches of ${i.batch_size})`, value: fmt.rate(i.api.runs_per_s, "runs/s"), reference: `COPY ${fmt.rate(i.copy.runs_per_s, "runs/s")}`, ratio: `${(i.ratio_api_to_copy * 100).toFixed(0)} % of COPY` });
    rows.push({ part: "1 ingest", measure: "API runs per CPU-second (Postgres, gateway, ingest, client)", value: fmt.rate(i.api.cpu.runs_per_cpu_s, "runs/CPU-s"), reference: `COPY ${fmt.rate(i.copy.cpu.runs_per_cpu_s, "runs/CPU-s")} (${i.api.cpu.total_s} / ${i.copy.cpu.total_s} CPU s)`, ratio: `${(i.ratio_cpu_api_to_copy * 100).toFixed(0)} % of COPY` });
    rows.push({ part: "1 ingest", measure: "API spans/s", value: fmt.rate(i.api.spans_per_s, "spans/s"), reference: `COPY ${fmt.rate(i.copy.spans_per_s, "spans/s")}`, ratio: `${((i.api.spans_per_s / i.copy.spans_per_s) * 100).toFixed(0)} % of COPY` });
    rows.push({ part: "1 ingest", measure: "batch latency p50 / p95", value: `${fmt.ms(i.api.batch_latency_ms.p50)} / ${fmt.ms(i.api.batch_latency_ms.p95)}` });
    rows.push({ part: "1 ingest", measure: "every run stored exactly once (API, COPY)", value: `${fmt.int(i.api.stored_once.rows)} / ${fmt.int(i.copy.stored_once.rows)} of ${fmt.int(i.runs)}`, verdict: fmt.ok(i.api.stored_once.ok && i.copy.stored_once.ok) });
    rows.push({ part: "7 memory", measure: "VmHWM of the Deno process serving ingest, during ingestion", value: `${(i.deno_memory_kb.vm_hwm / 1024).toFixed(0)} MB`, reference: `idle ${(i.deno_memory_kb.idle_rss / 1024).toFixed(0)} MB` });
  }
  if (p.endpoints) {
    const e = p.endpoints;
    const f = e.results.floor_select_1;
    const f1 = e.results.floor_one_at_a_time;
    if (f1) {
      rows.push({ part: "2 endpoints", measure: "floor: select 1, one at a time", value: `p50 ${fmt.ms(f1.latency_ms.p50)}`, reference: `p95 ${fmt.ms(f1.latency_ms.p95)}` });
      const w1 = e.results.write_floor_one_at_a_time;
      if (w1) {
        rows.push({
          part: "2 endpoints", measure: "write floor: one-row insert, one at a time", value: `p50 ${fmt.ms(w1.latency_ms.p50)}`, reference: `p95 ${fmt.ms(w1.latency_ms.p95)}`,
          ratio: `+${(w1.latency_ms.p50 - f1.latency_ms.p50).toFixed(2)} ms over floor`, verdict: fmt.ok(w1.errors === 0),
        });
      }
      for (const [name, key] of [["authorize", "authorize_one_at_a_time"], ["n8n-webhook", "n8n_webhook_one_at_a_time"]]) {
        const r = e.results[key];
        rows.push({
          part: "2 endpoints", measure: `${name}, one at a time`, value: `p50 ${fmt.ms(r.latency_ms.p50)}`, reference: `p95 ${fmt.ms(r.latency_ms.p95)}`,
          ratio: `+${(r.latency_ms.p50 - f1.latency_ms.p50).toFixed(2)} ms over floor`, verdict: fmt.ok(r.errors === 0),
        });
      }
    }
    rows.push({ part: "2 endpoints", measure: `floor: select 1 via the gateway (concurrency ${e.concurrency})`, value: fmt.rate(f.rps, "req/s"), reference: `p50/p95/p99 ${f.latency_ms.p50}/${f.latency_ms.p95}/${f.latency_ms.p99} ms` });
    const w = e.results.write_floor;
    const ofWriteFloor = (/** @type {number} */ rps) => (w ? `, ${((rps / w.rps) * 100).toFixed(0)} % of write floor` : "");
    for (const [name, key] of [["write floor: one-row insert", "write_floor"], ["n8n-webhook", "n8n_webhook"], ["authorize (10 workspaces)", "authorize"], ["authorize (one workspace)", "authorize_one_workspace"]]) {
      const r = e.results[key];
      if (!r) continue;
      rows.push({
        part: "2 endpoints", measure: `${name} (concurrency ${e.concurrency})`, value: fmt.rate(r.rps, "req/s"),
        reference: `p50/p95/p99 ${r.latency_ms.p50}/${r.latency_ms.p95}/${r.latency_ms.p99} ms`,
        ratio: `${((r.rps / f.rps) * 100).toFixed(0)} % of floor${key === "write_floor" ? "" : ofWriteFloor(r.rps)}`, verdict: fmt.ok(r.errors === 0),
      });
    }
    const aged = e.aged_audit_log;
    if (aged) {
      const ratio = aged.aged_workspace.p50 / aged.other_workspace.p50;
      rows.push({
        part: "2 endpoints", measure: `authorize one at a time, audit log with ${fmt.int(aged.aged_rows)} rows sealed since VACUUM`,
        value: `p50 ${fmt.ms(aged.aged_workspace.p50)}`, reference: `another workspace, alternately: ${fmt.ms(aged.other_workspace.p50)}`,
        ratio: `${ratio.toFixed(2)}x (does not grow with the log)`, verdict: fmt.ok(aged.errors === 0 && ratio < 1.2),
      });
    }
    // where each request's CPU goes (8 in flight): an endpoint's cost over the floor, by process
    for (const [name, key] of [["floor", "floor_select_1"], ["write floor", "write_floor"], ["n8n-webhook", "n8n_webhook"], ["authorize (10 workspaces)", "authorize"]]) {
      const c = e.cpu_ms_per_request?.[key];
      if (!c) continue;
      rows.push({
        part: "2 endpoints", measure: `${name}: CPU per request (concurrency ${e.concurrency})`, value: `${c.total.toFixed(2)} ms`,
        reference: `Postgres ${c.postgres.toFixed(2)}, function ${c.function.toFixed(2)}, gateway ${c.gateway.toFixed(2)}, client ${c.client.toFixed(2)} ms`,
      });
    }
  }
  if (p.dashboards) {
    for (const q of p.dashboards.queries) {
      if (!q.available) {
        rows.push({ part: "3 dashboards", measure: q.name, value: "not built yet", reference: q.missing.join(", ") });
        continue;
      }
      rows.push({
        part: "3 dashboards", measure: q.name, value: `p50 ${fmt.ms(q.latency_ms.p50)}, p95 ${fmt.ms(q.latency_ms.p95)}`,
        reference: q.violations.length ? `SEQ SCAN ${q.violations.map((/** @type {any} */ v) => v.relation).join(", ")}` : "no seq scan of raw tables",
        ratio: "< 100 ms (seed 002)", verdict: fmt.ok(q.under_100ms && q.violations.length === 0),
      });
    }
  }
  const rs = p.rollups_from_scratch;
  if (rs?.available) {
    rows.push({ part: "4 rollups", measure: `hourly from scratch (${fmt.int(rs.runs)} runs)`, value: fmt.ms(rs.mark_dirty_ms + rs.hourly.ms), reference: `${fmt.int(rs.hourly.units)} buckets` });
    rows.push({ part: "4 rollups", measure: `daily from scratch (${fmt.int(rs.runs)} runs)`, value: fmt.ms(rs.daily.ms), reference: `${fmt.int(rs.daily.units)} workspace-days`, ratio: "< 5 min", verdict: fmt.ok(rs.daily.ms < 300_000) });
    rows.push({ part: "4 rollups", measure: `aggregate_daily_metrics, one UTC day (${rs.aggregate_daily_metrics_one_day.workspaces} workspaces, ${fmt.int(rs.aggregate_daily_metrics_one_day.runs)} runs)`, value: fmt.ms(rs.aggregate_daily_metrics_one_day.ms), ratio: "< 5 min", verdict: fmt.ok(rs.aggregate_daily_metrics_one_day.ms < 300_000) });
    rows.push({ part: "4 rollups", measure: "materialized views refresh (slowest)", value: fmt.ms(rs.views.slowest_ms), reference: `all three ${fmt.ms(rs.views.refresh_all_ms)}`, ratio: "< 30 s", verdict: fmt.ok(rs.views.refresh_all_ms < 30_000) });
  } else if (rs) {
    rows.push({ part: "4 rollups", measure: "rollup jobs", value: "not built yet" });
  }
  const ri = p.rollups_incremental;
  if (ri?.available) {
    rows.push({ part: "4 rollups", measure: `incremental after ${fmt.int(ri.new_rows)} new runs`, value: fmt.ms(ri.total_ms), reference: `hourly ${fmt.ms(ri.hourly.ms)}, daily ${fmt.ms(ri.daily.ms)}${ri.total_cpu_ms == null ? "" : `; backend CPU ${fmt.ms(ri.total_cpu_ms)}`}` });
    if (ri.late_hours_reclose) rows.push({ part: "4 rollups", measure: `late hours closed again (${ri.late_hours_reclose.reopened_hours} reopened, exact percentiles from raw)`, value: fmt.ms(ri.late_hours_reclose.ms), reference: "at most every 10 min per hour" });
    rows.push({ part: "4 rollups", measure: "views refresh after them", value: fmt.ms(ri.views.refresh_all_ms), ratio: "< 30 s", verdict: fmt.ok(ri.views.refresh_all_ms < 30_000) });
  }
  if (p.patterns) {
    const m = p.patterns;
    if (m.available) {
      rows.push({ part: "5 patterns", measure: `match_patterns over ${fmt.int(m.patterns)} (${m.dimensions} dims)`, value: `p50 ${fmt.ms(m.latency_ms.p50)}, p95 ${fmt.ms(m.latency_ms.p95)}`, reference: `exact p50 ${fmt.ms(m.exact_latency_ms.p50)}`, ratio: `recall@10 ${m.recall_at_10}` });
      if (m.filtered) {
        rows.push({ part: "5 patterns", measure: "match_patterns with topic and min success rate", value: `p50 ${fmt.ms(m.filtered.latency_ms.p50)}, p95 ${fmt.ms(m.filtered.latency_ms.p95)}`, reference: m.filtered.filters, ratio: `recall@10 ${m.filtered.recall_at_10}` });
      }
      if (m.rate_filtered) {
        rows.push({ part: "5 patterns", measure: "match_patterns with min success rate (iterative scan)", value: `p50 ${fmt.ms(m.rate_filtered.latency_ms.p50)}, p95 ${fmt.ms(m.rate_filtered.latency_ms.p95)}`, reference: m.rate_filtered.filters, ratio: `recall@10 ${m.rate_filtered.recall_at_10}` });
      }
      rows.push({ part: "5 patterns", measure: "HNSW index build (halfvec column)", value: fmt.ms(m.hnsw_build_ms ?? NaN), reference: fmt.bytes(m.hnsw_bytes) });
      // the alternative index designs, measured in the same run on the same patterns and queries
      for (const [label, a] of [["halfvec expression index", m.expression_index], ["full-precision index (replaced)", m.full_precision]]) {
        if (!a) continue;
        rows.push({ part: "5 patterns", measure: `${label}: all / with topic and min success rate`, value: `p50 ${fmt.ms(a.latency_ms.p50)} / ${fmt.ms(a.filtered.latency_ms.p50)}`, reference: `build ${fmt.ms(a.hnsw_build_ms)}, ${fmt.bytes(a.hnsw_bytes)}`, ratio: `recall@10 ${a.recall_at_10} / ${a.filtered.recall_at_10}` });
      }
    } else {
      rows.push({ part: "5 patterns", measure: "match_patterns", value: "not built yet" });
    }
  }
  if (p.routing?.available) {
    const r = p.routing;
    rows.push({ part: "8 routing", measure: `route over ${fmt.int(r.decisions)} decisions (${r.dimensions} dims)`, value: `p50 ${fmt.ms(r.latency_ms.p50)}, p95 ${fmt.ms(r.latency_ms.p95)}`, reference: `exact p50 ${fmt.ms(r.exact_latency_ms.p50)}`, ratio: `recall@10 ${r.recall_at_10}, agents ${r.agent_agreement_at_10}` });
  }
  if (p.storage) {
    const s = p.storage;
    const ex = s.tables["public.executions"].bytes_per_row;
    const sp = s.tables["public.execution_spans"].bytes_per_row;
    rows.push({ part: "6 storage", measure: "bytes per run (heap+toast / indexes)", value: `${ex.heap + ex.toast} / ${ex.indexes} B`, reference: s.marginal ? `growth under ingest ${s.marginal.bytes_per_run} B` : "" });
    rows.push({ part: "6 storage", measure: "bytes per span (heap+toast / indexes)", value: `${sp.heap + sp.toast} / ${sp.indexes} B`, reference: s.marginal ? `growth under ingest ${s.marginal.bytes_per_span} B` : "" });
    const proj = s.marginal ?? s.bulk;
    rows.push({
      part: "6 storage", measure: `per workspace-month at 1M runs/day (${proj.spans_per_run} spans/run)`, value: `${proj.gb_per_workspace_month} GB`,
      reference: `fits 1 GB up to ${fmt.int(proj.runs_per_day_within_target)} runs/day`, ratio: "< 1 GB", verdict: fmt.ok(proj.meets_target),
    });
  }
  return rows;
}

/**
 * Issue 14's targets, each with what this run measured, the ratio and a yes/no. A part that did
 * not run is reported as not measured.
 * @param {Record<string, any>} p
 * @param {{ runs: number, incremental_rows: number, patterns: number }} config
 * @returns {import("./lib/report.mjs").Row[]}
 */
function targetRows(p, config) {
  /** @type {import("./lib/report.mjs").Row[]} */
  const rows = [];
  const pct = (/** @type {number} */ x) => `${(x * 100).toFixed(0)} %`;
  const notMeasured = (/** @type {string} */ measure, /** @type {string} */ target) => rows.push({ part: "target", measure, value: "not measured", ratio: target });
  const e = p.endpoints;
  if (e) {
    const f = e.results.floor_select_1;
    for (const [name, key] of [["n8n-webhook throughput, 8 in flight", "n8n_webhook"], ["authorize throughput, 8 in flight", "authorize"]]) {
      const r = e.results[key];
      const ratio = r.rps / f.rps;
      rows.push({ part: "target", measure: `${name}, vs the floor through the same gateway`, value: fmt.rate(r.rps, "req/s"), reference: `floor ${fmt.rate(f.rps, "req/s")}`, ratio: `${pct(ratio)} (target >= 50 %)`, verdict: fmt.ok(ratio >= 0.5) });
    }
    const a1 = e.results.authorize_one_at_a_time;
    const f1 = e.results.floor_one_at_a_time;
    const over = a1.latency_ms.p50 - f1.latency_ms.p50;
    rows.push({ part: "target", measure: "authorize one at a time, p50 over the floor", value: `${fmt.ms(a1.latency_ms.p50)}`, reference: `floor ${fmt.ms(f1.latency_ms.p50)}`, ratio: `+${over.toFixed(2)} ms (target <= +1.5 ms)`, verdict: fmt.ok(over <= 1.5) });
    const one = e.results.authorize_one_workspace.rps / e.results.authorize.rps;
    rows.push({ part: "target", measure: "single-workspace authorize vs 10 workspaces", value: fmt.rate(e.results.authorize_one_workspace.rps, "req/s"), reference: fmt.rate(e.results.authorize.rps, "req/s"), ratio: `${one.toFixed(2)} (target >= 0.95)`, verdict: fmt.ok(one >= 0.95) });
  } else {
    notMeasured("endpoints vs the floor", ">= 50 %, <= +1.5 ms, >= 0.95");
  }
  if (p.ingest) {
    const r = p.ingest.ratio_api_to_copy;
    rows.push({ part: "target", measure: "ingest runs/s vs COPY of the same rows", value: fmt.rate(p.ingest.api.runs_per_s, "runs/s"), reference: `COPY ${fmt.rate(p.ingest.copy.runs_per_s, "runs/s")}`, ratio: `${pct(r)} (target >= 80 %)`, verdict: fmt.ok(r >= 0.8) });
    rows.push({ part: "target", measure: "  the same by CPU time of the stack's processes (load-independent)", value: fmt.rate(p.ingest.api.cpu.runs_per_cpu_s, "runs/CPU-s"), reference: `COPY ${fmt.rate(p.ingest.copy.cpu.runs_per_cpu_s, "runs/CPU-s")}`, ratio: pct(p.ingest.ratio_cpu_api_to_copy) });
  } else {
    notMeasured("ingest runs/s vs COPY", ">= 80 %");
  }
  const ri = p.rollups_incremental;
  if (ri?.available) {
    rows.push({ part: "target", measure: `incremental rollup after ${fmt.int(ri.new_rows)} new runs (hourly + daily)`, value: fmt.ms(ri.total_ms), reference: `hourly ${fmt.ms(ri.hourly.ms)}, daily ${fmt.ms(ri.daily.ms)}${ri.total_cpu_ms == null ? "" : `; backend CPU ${fmt.ms(ri.total_cpu_ms)}`}`, ratio: "target <= 200 ms", verdict: fmt.ok(ri.total_ms <= 200) });
  } else {
    notMeasured("incremental rollup", "<= 200 ms");
  }
  if (p.dashboards) {
    const scale = `${fmt.int(config.runs)} runs, ${p.bulk?.days ?? "?"} day(s) of runs, 30 days of rollups`;
    for (const q of p.dashboards.queries.filter((/** @type {any} */ q) => q.available)) {
      rows.push({
        part: "target", measure: `dashboard p95 under RLS: ${q.name}`, value: fmt.ms(q.latency_ms.p95), reference: scale,
        ratio: `target <= 20 ms${q.violations.length ? ", SEQ SCAN" : ""}`, verdict: fmt.ok(q.latency_ms.p95 <= 20 && q.violations.length === 0),
      });
    }
  } else {
    notMeasured("dashboard queries p95", "<= 20 ms");
  }
  const m = p.patterns;
  if (m?.available) {
    rows.push({
      part: "target", measure: `match_patterns ${fmt.int(m.patterns)} x ${m.dimensions}: recall@10 / p50`, value: `${m.recall_at_10} / ${fmt.ms(m.latency_ms.p50)}`,
      reference: `p95 ${fmt.ms(m.latency_ms.p95)}`, ratio: "target >= 0.98 / <= 15 ms", verdict: fmt.ok(m.recall_at_10 >= 0.98 && m.latency_ms.p50 <= 15),
    });
    if (m.filtered) {
      rows.push({
        part: "target", measure: "match_patterns with topic and min success rate: recall@10 / p50", value: `${m.filtered.recall_at_10} / ${fmt.ms(m.filtered.latency_ms.p50)}`,
        reference: `p95 ${fmt.ms(m.filtered.latency_ms.p95)}`, ratio: "target >= 0.98 / <= 15 ms", verdict: fmt.ok(m.filtered.recall_at_10 >= 0.98 && m.filtered.latency_ms.p50 <= 15),
      });
    }
  } else {
    notMeasured("match_patterns recall@10 / p50", ">= 0.98 / <= 15 ms");
  }
  return rows;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
