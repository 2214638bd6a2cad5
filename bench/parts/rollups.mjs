// @ts-check
// Part 4: the rollup jobs, called directly (their pg_cron schedules are paused during the
// benchmark so that nothing runs behind the measurements). From scratch: every (workspace, hour)
// of the generated runs is marked dirty, then the hourly and the daily jobs run until nothing is
// left, which recomputes every rollup from the raw rows; then the materialized views refresh.
// Incremental: 10k new runs arrive through ordinary inserts (the statement triggers log their
// deltas, private.rollup_deltas) and the same jobs run again: the hourly job adds the deltas and
// closes the hours that are over (the previous hour's late runs reopen it: its exact figures are
// read again from that hour's raw runs); the daily job computes only days that are over.
import { log } from "../../scripts/lib/stack.mjs";
import { generateRuns } from "../lib/bulk.mjs";
import { round, timed } from "../lib/measure.mjs";
import { cpuMs } from "../lib/proc.mjs";

/** @typedef {import("../lib/stack.mjs").BenchStack} BenchStack */

export const MATERIALIZED_VIEWS = ["analytics.mv_active_users", "analytics.mv_top_agents", "analytics.mv_workspace_summary"];

/**
 * Runs a job function until it reports nothing left to do, on one connection. Beside the wall
 * time, the CPU time its backend spent (the cluster is local): on a machine shared with other
 * work the wall time grows with the load, the CPU time does not.
 * @param {BenchStack} stack
 * @param {string} call e.g. "private.rollup_dirty_hours(1000, true)"
 */
async function drain(stack, call) {
  let calls = 0;
  let units = 0;
  const conn = await stack.sql.reserve();
  try {
    const [{ pid }] = await conn`select pg_backend_pid() as pid`;
    const cpuBefore = cpuMs(Number(pid));
    const { ms } = await timed(async () => {
      for (;;) {
        const [row] = await conn.unsafe(`select ${call} as n`);
        const n = Number(row.n);
        calls++;
        if (n <= 0) break;
        units += n;
      }
    });
    const cpuAfter = cpuMs(Number(pid));
    const cpu_ms = cpuBefore === null || cpuAfter === null ? null : round(cpuAfter - cpuBefore);
    return { ms, cpu_ms, calls, units };
  } finally {
    conn.release();
  }
}

/** @param {BenchStack} stack */
async function refreshViews(stack) {
  /** @type {Record<string, number>} */
  const ms = {};
  for (const mv of MATERIALIZED_VIEWS) ms[mv] = (await timed(() => stack.sql.unsafe(`refresh materialized view concurrently ${mv}`))).ms;
  const all = await timed(() => stack.sql`select analytics.refresh_all_materialized_views()`);
  return { per_view_ms: ms, refresh_all_ms: all.ms, slowest_ms: Math.max(...Object.values(ms)) };
}

/** @param {BenchStack} stack */
export async function rollupsFromScratch(stack) {
  const exists = await stack.sql`select to_regproc('private.rollup_dirty_hours') is not null as hourly, to_regproc('private.rollup_dirty_days') is not null as daily`;
  if (!exists[0].hourly || !exists[0].daily) return { available: false };
  const [{ runs }] = await stack.sql`select count(*)::int as runs from public.executions`;
  const mark = await timed(() => stack.sql`
    insert into private.rollup_dirty_hours (workspace_id, hour)
    select distinct e.workspace_id, date_trunc('hour', e.started_at, 'UTC') from public.executions e`);
  const hourly = await drain(stack, "private.rollup_dirty_hours(1000, true)");
  log(`rollups: hourly from scratch ${hourly.ms} ms (${hourly.units} buckets)`);
  const daily = await drain(stack, "private.rollup_dirty_days(200, true)");
  log(`rollups: daily from scratch ${daily.ms} ms (${daily.units} workspace-days)`);
  // seed 002's function on one (UTC) day, every workspace, from raw rows: the day with most runs
  // (what it processes: every workspace's runs of that day, counted from the raw rows)
  const [{ day }] = await stack.sql`
    select m.metric_date as day from analytics.daily_metrics m group by m.metric_date order by sum(m.total_runs) desc limit 1`;
  const [{ day_runs, workspaces }] = await stack.sql`
    select count(*)::int as day_runs, count(distinct e.workspace_id)::int as workspaces from public.executions e
    where e.started_at >= ${day}::date::timestamp at time zone 'UTC' and e.started_at < (${day}::date + 1)::timestamp at time zone 'UTC'`;
  const oneDay = await timed(() => stack.sql`select analytics.aggregate_daily_metrics(${day}::date)`);
  const views = await refreshViews(stack);
  log(`rollups: views refreshed, slowest ${views.slowest_ms} ms`);
  const [rows] = await stack.sql`
    select (select count(*)::int from analytics.agent_stats_hourly) as agent_hourly_rows,
      (select count(*)::int from analytics.workspace_stats_hourly) as workspace_hourly_rows,
      (select count(*)::int from analytics.agent_performance) as agent_daily_rows,
      (select count(*)::int from analytics.daily_metrics) as workspace_daily_rows`;
  return {
    available: true,
    runs,
    mark_dirty_ms: mark.ms,
    hourly,
    daily,
    total_ms: round(mark.ms + hourly.ms + daily.ms),
    aggregate_daily_metrics_one_day: { day: String(day), runs: day_runs, workspaces, ms: oneDay.ms },
    views,
    rows,
  };
}

/**
 * @param {BenchStack} stack
 * @param {{ rows: number, offset: number, seed: number }} opts
 */
export async function rollupsIncremental(stack, opts) {
  const exists = await stack.sql`select to_regproc('private.rollup_dirty_hours') is not null as ok`;
  if (!exists[0].ok) return { available: false };
  // new runs of the last hour, inserted as any client inserts them: triggers on
  const insert = await generateRuns(stack, { total: opts.rows, offset: opts.offset, until: new Date(), days: 1 / 24, seed: opts.seed, chunk: opts.rows, parallel: 1, replica: false, label: "incremental runs" });
  const [{ dirty, deltas }] = await stack.sql`
    select (select count(*)::int from private.rollup_dirty_hours) as dirty,
      (select count(*)::int from private.rollup_deltas) as deltas`;
  const hourly = await drain(stack, "private.rollup_dirty_hours(1000, true)");
  const daily = await drain(stack, "private.rollup_dirty_days(200, true)");
  // the previous hour, closed by the run from scratch minutes ago, got late runs: the job closes it
  // again (exact percentiles from its raw runs) ten minutes after its last close; here at once
  const [{ reopened }] = await stack.sql`
    select count(*)::int as reopened from analytics.workspace_stats_hourly where reopened_at > closed_at`;
  const reclose = await drain(stack, "private.rollup_dirty_hours(1000, true, '0')");
  const views = await refreshViews(stack);
  const cpu = hourly.cpu_ms === null || daily.cpu_ms === null ? null : round(hourly.cpu_ms + daily.cpu_ms);
  log(`rollups: incremental after ${opts.rows} rows: hourly ${hourly.ms} ms, daily ${daily.ms} ms (backend CPU ${cpu} ms); late hours closed again ${reclose.ms} ms`);
  return {
    available: true, new_rows: opts.rows, insert_ms: insert.ms, dirty_log_rows: dirty, delta_rows: deltas, hourly, daily,
    total_ms: round(hourly.ms + daily.ms), total_cpu_ms: cpu, late_hours_reclose: { reopened_hours: reopened, ...reclose }, views,
  };
}

/** Rollup tables and the time column each is keyed on. */
const ROLLUP_HISTORY = [
  ["analytics.agent_stats_hourly", "hour", "interval"],
  ["analytics.workspace_stats_hourly", "hour", "interval"],
  ["analytics.agent_stats_day", "day", "date"],
  ["analytics.workspace_stats_day", "day", "date"],
  ["analytics.agent_performance", "metric_date", "date"],
  ["analytics.daily_metrics", "metric_date", "date"],
];

/**
 * Dashboards read rollups over 30 days; the generated runs cover one day (1M runs). So that the
 * dashboard queries read what they would read after a month at this rate, the rollup rows of the
 * generated day are copied to each of the `days` days before it (rollup rows only: raw runs and
 * the materialized views are untouched).
 * @param {BenchStack} stack
 * @param {number} days
 */
export async function extendRollupHistory(stack, days) {
  /** @type {Record<string, number>} */
  const added = {};
  for (const [table, column, kind] of ROLLUP_HISTORY) {
    const [schema, name] = table.split(".");
    const columns = (await stack.sql`
      select column_name from information_schema.columns
      where table_schema = ${schema} and table_name = ${name} and column_name <> 'id' and is_generated = 'NEVER'
      order by ordinal_position`).map((r) => String(r.column_name));
    // (a copy of a still open hour is a past hour: it is copied closed, as the job would have left it)
    const shifted = columns.map((c) =>
      c === column ? (kind === "date" ? `t.${c} - d.n` : `t.${c} - make_interval(days => d.n)`) : c === "closed_at" ? `coalesce(t.${c}, now())` : `t.${c}`);
    const res = await stack.sql.unsafe(`
      insert into ${table} (${columns.join(", ")})
      select ${shifted.join(", ")} from ${table} t cross join generate_series(1, $1::int) d (n)
      on conflict do nothing`, [days]);
    added[table] = res.count;
  }
  await stack.sql.unsafe(`vacuum (analyze) ${ROLLUP_HISTORY.map(([table]) => table).join(", ")}`);
  return added;
}
