// @ts-check
// Bulk data for the read side of the benchmark (dashboards, rollups, storage), generated inside
// the database with set-based SQL: generate_series joined with the bench lookup tables, one
// statement per chunk writing runs and their spans together. Only part 1 goes through the API.
//
// Every value is a function of the row number and the seed (bench.rnd hashes them), so two runs
// with the same --seed produce the same rows. started_at grows with the row number, as it does
// when runs arrive in time order, so the physical order of the table matches time (what BRIN
// relies on). The session runs with session_replication_role = replica: row triggers and
// foreign-key checks are skipped because the generator writes consistent rows itself, and the
// rollups are then computed from scratch in part 4 (which is what that part measures).
import { log } from "../../scripts/lib/stack.mjs";
import { SHAPE } from "./fixtures.mjs";
import { timed } from "./measure.mjs";

/** @typedef {import("./stack.mjs").Sql} Sql */
/** @typedef {import("./stack.mjs").BenchStack} BenchStack */

/** Generated runs arrive at this rate: 1M runs are one full day, 10M runs (--scale 10) ten days. */
export const RUNS_PER_DAY = 1_000_000;
/** Dashboard activity (page views, logins) covers this many days, so that MAU means something. */
export const ACTIVITY_DAYS = 30;
export const AVG_SPANS_PER_RUN = 3;
/** Share of generated runs that come from n8n (no agent, no spans). */
export const N8N_SHARE = 0.05;

/**
 * @typedef {{ kind: "constraint" | "index", name: string, table: string, sql: string }} Structure
 */

/**
 * Drops the indexes of `tables` that no foreign key relies on (plain indexes, and keys nothing
 * references), so that a bulk load writes nearly bare heaps; `restoreStructures` puts them back
 * under the same names. Building a B-tree from all rows at once is many times cheaper than
 * millions of single inserts into it (pg_restore loads data before indexes for the same reason).
 * Foreign keys stay: the load runs with session_replication_role = replica, which skips their
 * checks, so they need no re-validation afterwards; the keys they reference stay too.
 * @param {Sql} sql
 * @param {string[]} tables
 * @returns {Promise<Structure[]>}
 */
export async function dropStructures(sql, tables) {
  const keys = await sql`
    select c.conname as name, c.conrelid::regclass::text as table, pg_get_constraintdef(c.oid) as definition
    from pg_constraint c
    where c.conrelid = any (${tables}::regclass[]) and c.contype in ('p', 'u')
      and not exists (select 1 from pg_constraint f where f.contype = 'f' and f.conindid = c.conindid)
      and not exists (select 1 from pg_depend d where d.refclassid = 'pg_constraint'::regclass and d.refobjid = c.oid and d.classid = 'pg_rewrite'::regclass)
    order by c.oid`;
  const indexes = await sql`
    select i.indexrelid::regclass::text as name, i.indrelid::regclass::text as table, pg_get_indexdef(i.indexrelid) as definition
    from pg_index i
    where i.indrelid = any (${tables}::regclass[])
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
    order by i.indexrelid`;
  for (const k of keys) await sql.unsafe(`alter table ${k.table} drop constraint ${k.name}`);
  for (const i of indexes) await sql.unsafe(`drop index ${i.name}`);
  return [
    ...keys.map((k) => /** @type {Structure} */ ({ kind: "constraint", name: String(k.name), table: String(k.table), sql: `alter table ${k.table} add constraint ${k.name} ${k.definition}` })),
    ...indexes.map((i) => /** @type {Structure} */ ({ kind: "index", name: String(i.name), table: String(i.table), sql: String(i.definition) })),
  ];
}

/**
 * @param {Sql} sql
 * @param {Structure[]} structures
 * @returns {Promise<Record<string, number>>} milliseconds per structure
 */
export async function restoreStructures(sql, structures) {
  /** @type {Record<string, number>} */
  const ms = {};
  const conn = await sql.reserve();
  try {
    // enough for an HNSW graph of 100k 1536-dimension vectors to be built in memory
    await conn`set maintenance_work_mem = '2GB'`;
    for (const s of structures) ms[s.name] = (await timed(() => conn.unsafe(s.sql))).ms;
  } finally {
    conn.release();
  }
  return ms;
}

/** Days covered by `runs` runs at RUNS_PER_DAY (at least one). */
export function daysFor(/** @type {number} */ runs) {
  return Math.max(1, runs / RUNS_PER_DAY);
}

/**
 * Inserts `total` runs (row numbers offset+1 .. offset+total) spread evenly over the `days` days
 * before `until`, with 1-5 spans per agent run, in chunks over `parallel` connections.
 * @param {BenchStack} stack
 * @param {{ total: number, offset?: number, until: Date, days: number, seed: number, chunk?: number, parallel?: number, replica?: boolean, spans?: boolean, label?: string }} opts
 */
export async function generateRuns(stack, opts) {
  const { total, offset = 0, until, days, seed, chunk = 100_000, parallel = 2, replica = true, spans = true, label = "runs" } = opts;
  /** @type {[number, number][]} */
  const chunks = [];
  for (let from = offset + 1; from <= offset + total; from += chunk) chunks.push([from, Math.min(from + chunk - 1, offset + total)]);
  let done = 0;
  const agents = SHAPE.workspaces * SHAPE.agentsPerWorkspace;
  const untilIso = until.toISOString();
  const spanSeconds = days * 86400;
  const { ms } = await timed(async () => {
    await Promise.all(Array.from({ length: Math.min(parallel, chunks.length) }, async () => {
      const sql = stack.connect(1);
      try {
        await sql`select set_config('session_replication_role', ${replica ? "replica" : "origin"}, false)`;
        // compiling each chunk's expressions costs ~0.5 s and buys nothing for a single pass
        await sql`set jit = off`;
        for (let c = chunks.shift(); c; c = chunks.shift()) {
          const [from, to] = c;
          await sql.unsafe(runsSql, [from, to, offset + total, offset, untilIso, spanSeconds, agents, seed, spans]);
          done += to - from + 1;
          log(`${label}: ${done.toLocaleString("en")} / ${total.toLocaleString("en")}`);
        }
      } finally {
        await sql.end({ timeout: 5 });
      }
    }));
  });
  return { runs: total, ms };
}

// Text for generated outputs: a slice of it per run (a realistic size without hashing per row).
const LOREM = `'${"Our new release is lighter, faster and kinder to your budget. Customers told us what they needed and we listened: ".repeat(6)}'`;

// $1 from, $2 to, $3 last row number, $4 first row number - 1, $5 until, $6 seconds covered,
// $7 number of agents, $8 seed, $9 whether to write spans. Agents are drawn with a skew (r^2: a few busy agents, a long tail).
const runsSql = `
with gen as (
  select g,
    bench.rnd(g, $8 + 1) as r_agent, bench.rnd(g, $8 + 2) as r_time, bench.rnd(g, $8 + 3) as r_status,
    bench.rnd(g, $8 + 4) as r_d1, bench.rnd(g, $8 + 5) as r_d2, bench.rnd(g, $8 + 6) as r_model,
    bench.rnd(g, $8 + 7) as r_tok_in, bench.rnd(g, $8 + 8) as r_tok_out, bench.rnd(g, $8 + 9) as r_user,
    bench.rnd(g, $8 + 10) as r_source, bench.rnd(g, $8 + 11) as r_rating, bench.rnd(g, $8 + 12) as r_pick
  from generate_series($1::bigint, $2::bigint) g
),
shaped as (
  select gen.*, a.id as agent_id, a.workspace_id, a.ws_ord, m.name as model, m.price_id, m.input_per_mtok, m.output_per_mtok,
    $5::timestamptz - make_interval(secs => $6::double precision * (1 - (g - $4 - 1 + r_time) / ($3 - $4)::double precision)) as started_at,
    least(600000, greatest(5, round(exp(ln(2500) + 0.9 * sqrt(-2 * ln(greatest(r_d1, 1e-12))) * cos(2 * pi() * r_d2)))))::int as duration_ms,
    r_source < ${N8N_SHARE} as is_n8n
  from gen
  join bench.agent_map a on a.ord = least(floor($7 * r_agent * r_agent)::int, $7 - 1)
  join bench.model_map m on m.ord = least(floor(6 * power(r_model, 1.6))::int, 5)
),
runs as (
  select s.*,
    case
      when s.started_at > $5::timestamptz - interval '2 minutes' and s.r_status < 0.5 then 'running'
      when s.r_status < 0.90 then 'succeeded' when s.r_status < 0.95 then 'failed'
      when s.r_status < 0.98 then 'timeout' else 'canceled' end as status,
    case when s.is_n8n then 0 else 200 + floor(3800 * s.r_tok_in * s.r_tok_in)::int end as tokens_in,
    case when s.is_n8n then 0 else 50 + floor(950 * s.r_tok_out)::int end as tokens_out,
    u.id as user_id, wf.id as workflow_id
  from shaped s
  left join bench.user_map u on s.r_user < 0.6 and u.ws_ord = s.ws_ord and u.ord = floor(${SHAPE.usersPerWorkspace} * s.r_pick)::int
  left join bench.workflow_map wf on s.is_n8n and wf.ws_ord = s.ws_ord and wf.ord = floor(${SHAPE.workflowsPerWorkspace} * s.r_pick)::int
),
inserted as (
  insert into public.executions (workspace_id, agent_id, run_key, source, workflow_id, user_id, environment, status, started_at,
    ended_at, duration_ms, model, tokens_in, tokens_out, cost_usd, cost_source, model_price_id, input, output, error_type,
    error_message, user_rating, metadata, created_at, updated_at)
  select r.workspace_id,
    case when r.is_n8n then null else r.agent_id end,
    case when r.is_n8n then 'n8n:' || r.g else 'run-' || r.g end,
    case when r.is_n8n then 'n8n' else 'agent' end,
    r.workflow_id, r.user_id,
    case when r.r_pick < 0.03 then 'staging' else 'prod' end,
    r.status, r.started_at,
    case when r.status <> 'running' then r.started_at + make_interval(secs => r.duration_ms / 1000.0) end,
    case when r.status <> 'running' then r.duration_ms end,
    case when r.is_n8n then null else r.model end,
    r.tokens_in, r.tokens_out,
    case when r.is_n8n then 0 else round((r.tokens_in * r.input_per_mtok + r.tokens_out * r.output_per_mtok) / 1000000.0, 6) end,
    case when r.is_n8n then 'none' else 'computed' end,
    case when r.is_n8n then null else r.price_id end,
    case when r.is_n8n then null else jsonb_build_object('prompt', 'Write a short product description for item ' || r.g || ' in a friendly tone, under 120 words.', 'locale', 'en') end,
    case when r.is_n8n or r.status <> 'succeeded' then null
      else jsonb_build_object('text', 'Meet item ' || r.g || ': ' || substr(${LOREM}, 1 + (r.g % 400)::int, 220), 'finish_reason', 'stop') end,
    case when r.status in ('failed', 'timeout') then (array['rate_limit', 'tool_error', 'invalid_output', 'upstream_5xx'])[1 + floor(4 * r.r_pick)::int] end,
    case when r.status in ('failed', 'timeout') then 'Upstream call failed for request ' || r.g || ' after ' || r.duration_ms || ' ms' end,
    case when r.r_rating < 0.1 then 1 + floor(5 * r.r_rating * 10)::int end,
    '{}'::jsonb,
    coalesce(r.started_at + make_interval(secs => r.duration_ms / 1000.0), r.started_at),
    coalesce(r.started_at + make_interval(secs => r.duration_ms / 1000.0), r.started_at)
  from runs r
  returning id, workspace_id, source, status, started_at, duration_ms, model, tokens_in, tokens_out, run_key
)
insert into public.execution_spans (id, workspace_id, execution_id, span_key, parent_span_id, kind, name, status, started_at, ended_at,
  duration_ms, gen_ai_system, gen_ai_operation_name, gen_ai_request_model, gen_ai_response_model, gen_ai_usage_input_tokens,
  gen_ai_usage_output_tokens, tool_name, attributes, created_at)
select
  case when k = 0 then i.id else gen_random_uuid() end,
  i.workspace_id, i.id, 'span-' || k,
  case when k = 0 then null else i.id end,
  x.kind, x.name,
  case when i.status = 'running' then 'unset' when k = x.n - 1 and i.status in ('failed', 'timeout') then 'error' else 'ok' end,
  i.started_at + make_interval(secs => coalesce(i.duration_ms, 1000) / 1000.0 * k / x.n),
  case when i.duration_ms is not null then i.started_at + make_interval(secs => i.duration_ms / 1000.0 * (case when k = 0 then x.n else k + 1 end) / x.n) end,
  case when i.duration_ms is not null then (i.duration_ms * (case when k = 0 then x.n else 1 end) / x.n)::int end,
  case when x.kind = 'llm' then split_part(i.model, '-', 1) end,
  case when x.kind = 'llm' then 'chat' end,
  case when x.kind = 'llm' then i.model end,
  case when x.kind = 'llm' then i.model end,
  case when x.kind = 'llm' then i.tokens_in end,
  case when x.kind = 'llm' then i.tokens_out end,
  case when x.kind = 'tool' then 'search-api' end,
  case when x.kind = 'tool' then jsonb_build_object('http.status_code', 200, 'results', 8) else '{}'::jsonb end,
  i.started_at
from inserted i
cross join lateral (select 1 + floor(5 * bench.rnd(hashtext(i.run_key), $8 + 20))::int as n) r0
cross join lateral generate_series(0, r0.n - 1) k
cross join lateral (select r0.n,
  (array['agent', 'llm', 'tool', 'retrieval', 'llm'])[k + 1] as kind,
  (array['run', 'chat.completions', 'search', 'vector.lookup', 'chat.completions'])[k + 1] as name) x
where i.source = 'agent' and $9::boolean
`;

/**
 * Derived tables the API keeps on the write path (agent_usage, workflow counters), recomputed
 * from the generated runs, and dashboard activity (analytics.user_activity) for DAU/WAU/MAU.
 * @param {BenchStack} stack
 * @param {{ until: Date, days?: number, seed: number, scale: number }} opts
 */
export async function generateDerived(stack, opts) {
  const { until, days = ACTIVITY_DAYS, seed, scale } = opts;
  const sql = stack.connect(1);
  try {
    await sql`set session_replication_role = replica`;
    const usage = await timed(() => sql`
      insert into public.agent_usage (workspace_id, agent_id, date, tokens_used, requests_count, cost_usd)
      select e.workspace_id, e.agent_id, (e.started_at at time zone 'utc')::date, sum(e.tokens_in + e.tokens_out), count(*), sum(e.cost_usd)
      from public.executions e where e.agent_id is not null
      group by 1, 2, 3
      on conflict on constraint agent_usage_agent_date_key do update set
        tokens_used = excluded.tokens_used, requests_count = excluded.requests_count, cost_usd = excluded.cost_usd`);
    await sql`
      update public.workflows w set execution_count = c.n, success_count = c.ok, error_count = c.err, last_execution = c.last
      from (select workflow_id, count(*) filter (where status in ('succeeded', 'failed', 'timeout', 'canceled'))::int as n,
              count(*) filter (where status = 'succeeded')::int as ok, count(*) filter (where status in ('failed', 'timeout'))::int as err,
              max(started_at) as last
            from public.executions where workflow_id is not null group by workflow_id) c
      where c.workflow_id = w.id`;
    // each member is active on ~60 % of days, with 5-40 events (x scale) in one session per active day
    const activity = await timed(() => sql.unsafe(`
      insert into analytics.user_activity (user_id, workspace_id, event_type, event_name, page_path, session_id, user_agent, metadata, created_at)
      select u.id, w.id,
        (array['page_view', 'page_view', 'page_view', 'feature_use', 'report_view', 'agent_run', 'export', 'api_call'])[1 + floor(8 * bench.rnd(h + ev, $1 + 33))::int],
        'bench', '/workspaces/' || w.ord || '/agents/' || floor(20 * bench.rnd(h + ev, $1 + 34))::int,
        md5(h::text)::uuid, 'Mozilla/5.0 (bench)', '{}'::jsonb,
        least($3::timestamptz, d.day + make_interval(secs => 86399 * bench.rnd(h + ev, $1 + 35)))
      from bench.user_map u
      join bench.workspace_map w on w.ord = u.ws_ord
      cross join lateral generate_series(0, $2 - 1) as dd (n)
      cross join lateral (select date_trunc('day', $3::timestamptz - make_interval(days => dd.n)) as day,
        (u.ws_ord * 1000 + u.ord) * 100000 + dd.n * 1000 as h) d
      cross join lateral generate_series(1, case when bench.rnd(d.h, $1 + 31) < 0.6 then (5 + floor(35 * bench.rnd(d.h, $1 + 32)))::int * $4 else 0 end) ev
      where d.day + interval '1 day' > $3::timestamptz - make_interval(days => $2) and d.day <= $3::timestamptz`,
      [seed, days, until.toISOString(), Math.max(1, Math.round(scale))]));
    const [{ n }] = await sql`select count(*)::int as n from analytics.user_activity`;
    return { agent_usage_ms: usage.ms, user_activity_rows: n, user_activity_ms: activity.ms };
  } finally {
    await sql.end({ timeout: 5 });
  }
}
