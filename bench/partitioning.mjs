#!/usr/bin/env node
// @ts-check
// Does range partitioning of public.executions by started_at pay at 10M runs? This measures it
// rather than assuming it: on a throw-away cluster, 10M runs (1M a day for 10 days, as part 0 of
// the benchmark generates them, without spans) go into public.executions as migrated, and the
// same rows into a copy partitioned by day (the most favourable granularity for partitioning at
// this size: monthly partitions would hold all ten days in one partition and prune nothing).
// Then the queries that touch raw runs run against both:
//   - one agent's last 100 runs (dashboard), one workspace-hour and one workspace-day of runs (what
//     the hourly and daily rollups read), the 30-day per-agent aggregate (what mv_top_agents reads);
//   - retention: removing the oldest day (DELETE against DROP of a partition);
//   - writing 10k new runs (ingest's insert path, with the table's triggers on the real table).
// Results go to bench/results/partitioning-<timestamp>.json and are summarized in
// docs/performance.md.
//
//   node bench/partitioning.mjs                 10M runs (about 15 minutes on 2 cores)
//   node bench/partitioning.mjs --runs 2000000  a smaller trial
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ROOT, log } from "../scripts/lib/stack.mjs";
import { RUNS_PER_DAY, daysFor, dropStructures, generateRuns, restoreStructures } from "./lib/bulk.mjs";
import { createWorld } from "./lib/fixtures.mjs";
import { round, summarize, timed } from "./lib/measure.mjs";
import { formatTable } from "./lib/report.mjs";
import { BenchStack } from "./lib/stack.mjs";

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "10000000" },
    seed: { type: "string", default: "20261122" },
    keep: { type: "boolean", default: false },
  },
});
const runs = Number(args.runs);
const seed = Number(args.seed);
const REPEATS = 10;

/** @typedef {import("./lib/stack.mjs").Sql} Sql */

/**
 * @param {Sql} sql
 * @param {string} query
 * @param {unknown[]} params
 */
async function repeat(sql, query, params) {
  /** @type {number[]} */
  const samples = [];
  for (let i = 0; i < REPEATS + 1; i++) {
    const t = await timed(() => sql.unsafe(query, /** @type {any[]} */ (params), { prepare: true }));
    if (i > 0) samples.push(t.ms);
  }
  const [plan] = await sql.unsafe(`explain (analyze, buffers, format json) ${query}`, /** @type {any[]} */ (params));
  const top = plan["QUERY PLAN"][0];
  return { latency_ms: summarize(samples), shared_buffers_read: top.Plan["Shared Hit Blocks"] + top.Plan["Shared Read Blocks"] };
}

async function main() {
  const stack = new BenchStack({ keep: args.keep ?? false });
  const started = Date.now();
  /** @type {Record<string, any>} */
  const out = { runs, runs_per_day: RUNS_PER_DAY, days: daysFor(runs), seed };
  try {
    await stack.start();
    await stack.sql`update cron.job set active = false`;
    const world = await createWorld(stack.sql, String(seed));
    const until = new Date();
    const structures = await dropStructures(stack.sql, ["public.executions", "public.execution_spans"]);
    out.load_ms = (await generateRuns(stack, { total: runs, until, days: daysFor(runs), seed, spans: false })).ms;
    out.rebuild_ms = (await timed(() => restoreStructures(stack.sql, structures))).ms;
    await stack.sql`vacuum (analyze) public.executions`;

    // the same rows, partitioned by day, with the same indexes (keys must include started_at)
    const days = Math.ceil(daysFor(runs)) + 1;
    out.partitioned_build_ms = (await timed(async () => {
      await stack.sql.unsafe(`
        create table bench.executions_by_day (like public.executions including defaults including constraints) partition by range (started_at);
        select 1;`);
      const first = new Date(Date.UTC(until.getUTCFullYear(), until.getUTCMonth(), until.getUTCDate() - days + 1));
      for (let d = 0; d <= days; d++) {
        const from = new Date(first.getTime() + d * 86_400_000);
        const to = new Date(from.getTime() + 86_400_000);
        await stack.sql.unsafe(`create table bench.executions_d${d} partition of bench.executions_by_day for values from ('${from.toISOString()}') to ('${to.toISOString()}')`);
      }
      await stack.sql.unsafe(`insert into bench.executions_by_day select * from public.executions`);
      const conn = await stack.sql.reserve();
      try {
        await conn`set maintenance_work_mem = '1GB'`;
        await conn.unsafe(`alter table bench.executions_by_day add constraint executions_by_day_pkey primary key (id, started_at)`);
        await conn.unsafe(`alter table bench.executions_by_day add constraint executions_by_day_run_key unique (workspace_id, run_key, started_at)`);
        const indexes = await conn`
          select pg_get_indexdef(i.indexrelid) as def from pg_index i
          where i.indrelid = 'public.executions'::regclass and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`;
        for (const { def } of indexes) {
          await conn.unsafe(String(def).replace(/INDEX (\w+) ON public\.executions/, "INDEX $1_by_day ON bench.executions_by_day"));
        }
      } finally {
        conn.release();
      }
      await stack.sql`vacuum (analyze) bench.executions_by_day`;
    })).ms;
    log(`partitioning: ${runs.toLocaleString("en")} runs loaded, plain and partitioned by day`);

    const [busy] = await stack.sql`select agent_id, workspace_id from public.executions where agent_id is not null group by 1, 2 order by count(*) desc limit 1`;
    const hour = new Date(Math.floor((until.getTime() - 3 * 3_600_000) / 3_600_000) * 3_600_000);
    const dayStart = new Date(Date.UTC(until.getUTCFullYear(), until.getUTCMonth(), until.getUTCDate() - 1));
    const queries = [
      ["one agent's last 100 runs", "select id, run_key, status, started_at, duration_ms, cost_usd from TABLE where agent_id = $1 order by started_at desc limit 100", [busy.agent_id]],
      ["one workspace-hour (hourly rollup read)", "select count(*), avg(duration_ms), percentile_cont(0.95) within group (order by duration_ms), sum(cost_usd) from TABLE where workspace_id = $1 and started_at >= $2 and started_at < $2::timestamptz + interval '1 hour'", [busy.workspace_id, hour]],
      ["one workspace-day (daily rollup read)", "select agent_id, count(*), percentile_cont(0.5) within group (order by duration_ms) from TABLE where workspace_id = $1 and started_at >= $2 and started_at < $2::timestamptz + interval '1 day' group by agent_id", [busy.workspace_id, dayStart]],
      ["30 days per agent (mv_top_agents read)", "select agent_id, count(*), avg(duration_ms), sum(cost_usd) from TABLE where started_at >= now() - interval '30 days' group by agent_id", []],
    ];
    /** @type {any[]} */
    const results = [];
    for (const [name, query, params] of queries) {
      const plain = await repeat(stack.sql, String(query).replace("TABLE", "public.executions"), /** @type {unknown[]} */ (params));
      const partitioned = await repeat(stack.sql, String(query).replace("TABLE", "bench.executions_by_day"), /** @type {unknown[]} */ (params));
      results.push({ name, plain, partitioned });
      log(`partitioning: ${name}: plain p50 ${plain.latency_ms.p50} ms, by day p50 ${partitioned.latency_ms.p50} ms`);
    }
    out.queries = results;

    // retention: the oldest day, deleted from the plain table (as the retention job does, keeping
    // rollups) against dropping its partition
    const [{ oldest }] = await stack.sql`select min(started_at) as oldest from public.executions`;
    const cutoff = new Date(Date.UTC(oldest.getUTCFullYear(), oldest.getUTCMonth(), oldest.getUTCDate() + 1));
    const deleted = await timed(() => stack.sql.begin(async (tx) => {
      await tx`select set_config('agentops.retention', 'on', true)`;
      return await tx`delete from public.executions where started_at < ${cutoff}`;
    }));
    const [{ part }] = await stack.sql`
      select c.relname as part from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'bench.executions_by_day'::regclass and pg_get_expr(c.relpartbound, c.oid) like ${`%${cutoff.toISOString().slice(0, 10)}%`} limit 1`;
    const dropped = await timed(() => stack.sql.unsafe(`drop table if exists bench.${part}`));
    out.retention = { rows_deleted: deleted.result.count, delete_ms: deleted.ms, drop_partition_ms: dropped.ms, partition: part };
    log(`partitioning: retention of one day: delete ${deleted.ms} ms, drop partition ${dropped.ms} ms`);

    // writes: 10k new runs through an insert (all triggers on the real table)
    const insert = await generateRuns(stack, { total: 10_000, offset: runs, until: new Date(), days: 1 / 24, seed: seed + 7, chunk: 10_000, parallel: 1, replica: false, spans: false, label: "new runs" });
    const insertPartitioned = await timed(() => stack.sql`
      insert into bench.executions_by_day select * from public.executions where run_key = any (select 'run-' || g from generate_series(${runs + 1}::bigint, ${runs + 10_000}::bigint) g)`);
    out.insert_10k = { plain_ms: insert.ms, partitioned_copy_ms: insertPartitioned.ms };
    const sizes = await stack.sql`
      select pg_total_relation_size('public.executions') as plain,
        (select sum(pg_total_relation_size(i.inhrelid)) from pg_inherits i where i.inhparent = 'bench.executions_by_day'::regclass) as partitioned`;
    out.bytes = { plain: Number(sizes[0].plain), partitioned: Number(sizes[0].partitioned) };
    out.agents = world.agents.length;
  } finally {
    await stack.stop();
  }
  out.duration_s = round((Date.now() - started) / 1000, 1);
  const rows = [
    ...out.queries.map((/** @type {any} */ q) => ({
      part: "query", measure: q.name, value: `plain p50 ${q.plain.latency_ms.p50} ms`, reference: `by day p50 ${q.partitioned.latency_ms.p50} ms`,
      ratio: `${round(q.plain.latency_ms.p50 / q.partitioned.latency_ms.p50, 2)}x`,
    })),
    { part: "retention", measure: `oldest day (${out.retention.rows_deleted.toLocaleString("en")} runs)`, value: `delete ${out.retention.delete_ms} ms`, reference: `drop partition ${out.retention.drop_partition_ms} ms` },
  ];
  console.log(`\n${formatTable(rows)}\n`);
  const dir = join(ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `partitioning-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, JSON.stringify(out, null, 2) + "\n");
  console.log(`results in ${file}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
