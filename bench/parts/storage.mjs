// @ts-check
// Part 6: what runs and spans cost on disk (heap, TOAST, indexes), and what that means for one
// workspace running 1M runs a day for a month, against seed 002's target of 1 GB per workspace
// per month. Two figures: the bulk-loaded tables (indexes built in one pass, so packed), and the
// growth measured while part 1 ingested through the API (indexes growing by page splits, as in
// production), which is the one the projection uses when part 1 ran.
import { round } from "../lib/measure.mjs";

/** @typedef {import("../lib/stack.mjs").BenchStack} BenchStack */

const GB = 1024 ** 3;

/**
 * @param {BenchStack} stack
 * @param {{ runsPerDay: number, marginal?: { bytes_per_run: number, bytes_per_span: number, spans_per_run: number } }} opts
 */
export async function benchStorage(stack, opts) {
  const rows = await stack.sql`
    select t.name, c.reltuples::bigint as estimated_rows,
      (select count(*) from public.executions) as exec_rows, (select count(*) from public.execution_spans) as span_rows,
      pg_relation_size(c.oid) as heap, coalesce(pg_total_relation_size(c.reltoastrelid), 0) as toast, pg_indexes_size(c.oid) as indexes,
      pg_total_relation_size(c.oid) as total
    from unnest(array['public.executions', 'public.execution_spans', 'analytics.agent_stats_hourly', 'analytics.workspace_stats_hourly',
      'analytics.agent_performance', 'analytics.daily_metrics', 'public.api_usage']) as t (name)
    join pg_class c on c.oid = to_regclass(t.name)`;
  /** @type {Record<string, any>} */
  const tables = {};
  for (const r of rows) {
    const name = String(r.name);
    const n = name === "public.executions" ? Number(r.exec_rows) : name === "public.execution_spans" ? Number(r.span_rows) : Number(r.estimated_rows);
    tables[name] = {
      rows: n, heap_bytes: Number(r.heap), toast_bytes: Number(r.toast), index_bytes: Number(r.indexes), total_bytes: Number(r.total),
      bytes_per_row: n > 0 ? { heap: round(Number(r.heap) / n, 0), toast: round(Number(r.toast) / n, 0), indexes: round(Number(r.indexes) / n, 0), total: round(Number(r.total) / n, 0) } : null,
    };
  }
  const exec = tables["public.executions"];
  const spans = tables["public.execution_spans"];
  const bulkSpansPerRun = spans.rows / Math.max(exec.rows, 1);
  const bulkPerRun = exec.bytes_per_row.total + bulkSpansPerRun * spans.bytes_per_row.total;
  const monthRuns = opts.runsPerDay * 30;
  const projection = (/** @type {number} */ perRun) => ({
    bytes_per_run_with_spans: round(perRun, 0),
    gb_per_workspace_month: round((perRun * monthRuns) / GB, 1),
    target_gb: 1,
    meets_target: (perRun * monthRuns) / GB < 1,
    runs_per_day_within_target: Math.floor(GB / 30 / perRun),
  });
  // rollup rows do not grow with runs: per agent and hour, per workspace and hour, per day
  const hourly = tables["analytics.agent_stats_hourly"];
  return {
    runs_per_day: opts.runsPerDay,
    tables,
    bulk: { spans_per_run: round(bulkSpansPerRun, 2), ...projection(bulkPerRun) },
    ...(opts.marginal
      ? { marginal: { spans_per_run: round(opts.marginal.spans_per_run, 2), bytes_per_run: opts.marginal.bytes_per_run, bytes_per_span: opts.marginal.bytes_per_span,
        ...projection(opts.marginal.bytes_per_run + opts.marginal.spans_per_run * opts.marginal.bytes_per_span) } }
      : {}),
    rollups_bytes_per_agent_hour: hourly?.bytes_per_row?.total ?? null,
  };
}
