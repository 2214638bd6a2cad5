// @ts-check
// Part 3: the queries a dashboard runs, as a workspace member through row level security (the
// transaction takes role authenticated and the member's JWT claims, as PostgREST does). Each is
// run 20 times (p50, p95); its plan, and the plans of the functions it calls (auto_explain of
// nested statements), are saved with EXPLAIN (ANALYZE, BUFFERS), and any sequential scan of a raw
// time-series table is reported as a violation: dashboards must read rollups or use an index.
import { log } from "../../scripts/lib/stack.mjs";
import { summarize, timed } from "../lib/measure.mjs";

/** @typedef {import("../lib/stack.mjs").BenchStack} BenchStack */
/** @typedef {import("../lib/fixtures.mjs").World} World */

/** Append-mostly tables that grow with traffic: never scanned whole by a dashboard. */
export const RAW_TIME_SERIES = ["executions", "execution_spans", "api_usage", "user_activity", "metric_samples", "pattern_usage", "governance_audit_log", "authorization_decisions"];

/**
 * @typedef {{ name: string, sql: string, params: (ctx: { workspaceId: string, agentId: string }) => unknown[], needs: string[] }} DashboardQuery
 */

/** @type {DashboardQuery[]} */
export const QUERIES = [
  {
    name: "agent performance summary",
    sql: "select * from public.agent_performance_summary where workspace_id = $1 order by total_executions desc",
    params: (c) => [c.workspaceId],
    needs: ["public.agent_performance_summary"],
  },
  {
    name: "top agents, 30 days",
    sql: "select * from analytics.top_agents where workspace_id = $1 order by total_runs_30d desc limit 10",
    params: (c) => [c.workspaceId],
    needs: ["analytics.top_agents"],
  },
  {
    name: "cost insights",
    sql: "select * from public.cost_insights where workspace_id = $1 order by cost_today desc",
    params: (c) => [c.workspaceId],
    needs: ["public.cost_insights"],
  },
  {
    name: "workspace summary",
    sql: "select * from analytics.workspace_summary where workspace_id = $1",
    params: (c) => [c.workspaceId],
    needs: ["analytics.workspace_summary"],
  },
  {
    name: "DAU/WAU/MAU, 30 days",
    sql: "select * from analytics.active_users where workspace_id = $1 and activity_date > (now() at time zone 'utc')::date - 30 order by activity_date",
    params: (c) => [c.workspaceId],
    needs: ["analytics.active_users"],
  },
  {
    name: "one agent's last 100 runs",
    sql: `select id, run_key, status, started_at, ended_at, duration_ms, model, tokens_in, tokens_out, cost_usd, error_type
          from public.executions where agent_id = $1 order by started_at desc limit 100`,
    params: (c) => [c.agentId],
    needs: ["public.executions"],
  },
  {
    name: "runs per day chart, 30 days",
    sql: "select * from analytics.workspace_stats_daily where workspace_id = $1 and day > (now() at time zone 'utc')::date - 30 order by day",
    params: (c) => [c.workspaceId],
    needs: ["analytics.workspace_stats_daily"],
  },
];

/**
 * @typedef {{ node: string, relation: string }} Violation
 */

/** Sequential scans of raw time-series tables anywhere in an EXPLAIN (FORMAT JSON) plan tree. */
export function seqScansOfRawTables(/** @type {any} */ plan) {
  /** @type {Violation[]} */
  const found = [];
  const walk = (/** @type {any} */ node) => {
    if (!node || typeof node !== "object") return;
    if (node["Node Type"] === "Seq Scan" && RAW_TIME_SERIES.includes(node["Relation Name"])) {
      found.push({ node: "Seq Scan", relation: `${node.Schema ?? ""}${node.Schema ? "." : ""}${node["Relation Name"]}` });
    }
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(plan?.Plan ?? plan);
  return found;
}

/**
 * @param {BenchStack} stack
 * @param {World} world
 * @param {{ repeats: number }} opts
 */
export async function benchDashboards(stack, world, opts) {
  // the busiest workspace (agents are drawn with a skew) and its busiest agent
  const [busy] = await stack.sql`
    select e.workspace_id, e.agent_id, count(*)::int as runs from public.executions e
    where e.agent_id is not null group by 1, 2 order by 3 desc limit 1`;
  const ws = world.workspaces.find((w) => w.id === busy.workspace_id);
  if (!ws) throw new Error("the busiest workspace is not one of the bench's");
  const ctx = { workspaceId: String(busy.workspace_id), agentId: String(busy.agent_id) };
  const claims = JSON.stringify({ sub: ws.ownerId, role: "authenticated", aud: "authenticated" });
  /** @type {string[]} */
  const notices = [];
  const sql = stack.connect(1);
  // the plans with auto_explain's nested ones: LOAD needs the superuser; the query itself still runs as `authenticated`
  const explainSql = stack.connect(1, (n) => notices.push(String(n.message)), true);
  try {
    const results = [];
    for (const q of QUERIES) {
      const missing = [];
      for (const rel of q.needs) {
        const [{ ok }] = await sql`select to_regclass(${rel}) is not null as ok`;
        if (!ok) missing.push(rel);
      }
      if (missing.length) {
        results.push({ name: q.name, sql: q.sql, available: false, missing });
        continue;
      }
      const params = /** @type {any[]} */ (q.params(ctx));
      /** @type {number[]} */
      const samples = [];
      let rows = 0;
      for (let i = 0; i < opts.repeats + 1; i++) {
        const t = await timed(() => sql.begin(async (tx) => {
          await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`;
          return await tx.unsafe(q.sql, params, { prepare: true });
        }));
        if (i > 0) samples.push(t.ms); // the first run warms the cache and the prepared statement
        rows = t.result.length;
      }
      // the plan, with the nested plans of the functions the query calls
      notices.length = 0;
      const plans = await explainSql.begin(async (tx) => {
        await tx`load 'auto_explain'`;
        await tx`select set_config('auto_explain.log_min_duration', '0', true), set_config('auto_explain.log_nested_statements', 'on', true),
                 set_config('auto_explain.log_analyze', 'on', true), set_config('auto_explain.log_buffers', 'on', true),
                 set_config('auto_explain.log_format', 'json', true), set_config('auto_explain.log_level', 'notice', true),
                 set_config('client_min_messages', 'notice', true)`;
        await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`;
        const [row] = await tx.unsafe(`explain (analyze, buffers, format json) ${q.sql}`, params);
        return row["QUERY PLAN"];
      });
      const nested = notices.filter((n) => n.includes('"Plan"')).map((n) => parseNestedPlan(n)).filter(Boolean);
      const violations = [plans[0], ...nested].flatMap((p) => seqScansOfRawTables(p));
      const summary = summarize(samples);
      results.push({ name: q.name, sql: q.sql, available: true, rows, latency_ms: summary, under_100ms: summary.p95 < 100, violations, plan: plans[0], nested_plans: nested });
      log(`dashboard: ${q.name}: p50 ${summary.p50} ms, p95 ${summary.p95} ms${violations.length ? `, SEQ SCAN of ${violations.map((v) => v.relation).join(", ")}` : ""}`);
    }
    return { workspace_id: ctx.workspaceId, agent_id: ctx.agentId, agent_runs: busy.runs, repeats: opts.repeats, queries: results };
  } finally {
    await sql.end({ timeout: 5 });
    await explainSql.end({ timeout: 5 });
  }

  /** auto_explain notices read "duration: x ms  plan:\n{json}" */
  function parseNestedPlan(/** @type {string} */ text) {
    const start = text.indexOf("{");
    try {
      return JSON.parse(text.slice(start));
    } catch {
      return null;
    }
  }
}
