// Scheduled jobs killed half way (the metrics area's hourly and daily rollups and retention): a job's backend is
// terminated, or killed with SIGKILL (Postgres then restarts every backend), while it works through
// months of runs. What it leaves is consistent: every hourly rollup row either equals a
// recomputation from the raw rows or its hour still has deltas (or a rebuild) pending for the next run; every span of
// an old run is either still in execution_spans or in the archive, never in neither. The next runs
// complete the work: the rollups then equal the recomputation everywhere, every old trace is
// archived, old successful runs are gone and the rollups still count them.
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FaultStack, type Sql } from "./stack.ts";
import { fixture, report, sleep } from "./workload.ts";

const RUNS = Number(process.env.FAULT_JOB_RUNS ?? 60_000);
let stack: FaultStack;
let sql: Sql;
let workspaceId: string;
const figures: Record<string, unknown> = {};

beforeAll(async () => {
  stack = await FaultStack.create({ functions: false });
  sql = stack.connect(4, { connection: { statement_timeout: 0 } });
  const f = await fixture(sql, 3);
  workspaceId = f.workspaceId;
  // months of runs: two spans each, a mix of outcomes, spread over 200 days of hours
  await sql`
    insert into public.executions (workspace_id, agent_id, run_key, status, started_at, ended_at, duration_ms, model, tokens_in, tokens_out, cost_usd, error_type)
    select ${workspaceId}, (array[${f.agents[0].agentId}, ${f.agents[1].agentId}, ${f.agents[2].agentId}]::uuid[])[1 + g % 3], 'job-' || g,
      case when g % 7 = 0 then 'failed' else 'succeeded' end,
      now() - make_interval(mins => (g * 4801) % (200 * 24 * 60)), now() - make_interval(mins => (g * 4801) % (200 * 24 * 60)) + interval '2 seconds',
      2000, 'gpt-4o-mini', 100 + g % 50, 20, 0.0001 * (g % 9), case when g % 7 = 0 then 'tool_error' end
    from generate_series(1, ${RUNS}) g`;
  await sql`
    insert into public.execution_spans (workspace_id, execution_id, span_key, kind, name, status, started_at)
    select e.workspace_id, e.id, s.k, 'llm', 'chat ' || s.k, 'ok', e.started_at
    from public.executions e cross join (values ('a'), ('b')) s (k)
    where e.workspace_id = ${workspaceId}`;
}, 20 * 60_000);

afterAll(async () => {
  report("jobs", figures);
  await sql?.end({ timeout: 1 }).catch(() => {});
  await stack?.destroy();
});

/** Hourly rows of the workspace that match neither a recomputation nor a dirty mark (what a half-done job must never leave). */
async function rollupState() {
  const [row] = await sql`
    with ref as (
      select e.agent_id, date_trunc('hour', e.started_at, 'UTC') as hour, count(*)::int as runs,
        count(*) filter (where e.status = 'succeeded')::int as succeeded, sum(e.tokens_in + e.tokens_out)::bigint as tokens, sum(e.cost_usd) as cost
      from public.executions e where e.workspace_id = ${workspaceId} group by 1, 2
    ),
    -- pending: a rebuild asked for, or deltas not yet applied (private.rollup_deltas)
    dirty as (select d.hour from private.rollup_dirty_hours d where d.workspace_id = ${workspaceId}
              union select x.hour from private.rollup_deltas x where x.workspace_id = ${workspaceId}),
    cmp as (
      select coalesce(r.hour, h.hour) as hour,
        (h.id is not null and r.hour is not null
          and (h.runs, h.succeeded, h.tokens_in + h.tokens_out, h.cost_usd) = (r.runs, r.succeeded, r.tokens, r.cost)) as equal
      from ref r
      full join (select * from analytics.agent_stats_hourly x where x.workspace_id = ${workspaceId}) h
        on h.agent_id = r.agent_id and h.hour = r.hour
    )
    select count(*) filter (where equal)::int as equal,
      count(*) filter (where not equal and hour in (select hour from dirty))::int as pending,
      count(*) filter (where not equal and hour not in (select hour from dirty))::int as inconsistent,
      (select count(*)::int from dirty) as dirty_hours
    from cmp`;
  return row as { equal: number; pending: number; inconsistent: number; dirty_hours: number };
}

/** Starts `query` on its own connection; once it has run for `afterMs`, kills its backend the given way. */
async function killMidway(query: string, how: "terminate" | "sigkill", afterMs: number) {
  const victim = postgres(stack.url, { max: 1, onnotice: () => {}, connection: { statement_timeout: 0, application_name: "job-under-test" } });
  const running = victim.unsafe(query).then(() => "finished", (err) => `killed (${err.code ?? err.message})`);
  let pid: number | undefined;
  for (let i = 0; i < 400 && !pid; i++) {
    const rows = await sql`select pid from pg_stat_activity where application_name = 'job-under-test' and state = 'active' and query = ${query}`;
    pid = rows[0]?.pid as number | undefined;
    if (!pid) await sleep(10);
  }
  await sleep(afterMs);
  if (pid && how === "terminate") await sql`select pg_terminate_backend(${pid})`;
  if (pid && how === "sigkill") process.kill(pid, "SIGKILL");
  const outcome = await running;
  await victim.end({ timeout: 0 }).catch(() => {});
  if (how === "sigkill") {
    // Postgres restarts every backend after a crash of one: wait until it answers again
    await sql.end({ timeout: 0 }).catch(() => {});
    for (let i = 0; ; i++) {
      sql = stack.connect(4, { connection: { statement_timeout: 0 } });
      try {
        await sql`select 1`;
        break;
      } catch {
        await sql.end({ timeout: 0 }).catch(() => {});
        if (i > 100) throw new Error("Postgres did not come back");
        await sleep(200);
      }
    }
  }
  return outcome;
}

async function runUntilDone(fn: string): Promise<number> {
  let total = 0;
  for (let i = 0; i < 1000; i++) {
    const [{ n }] = await sql.unsafe(`select ${fn} as n`);
    if (Number(n) <= 0) return total;
    total += Number(n);
  }
  throw new Error(`${fn} never finished`);
}

describe("scheduled jobs killed half way", () => {
  it("the hourly rollup, terminated and then SIGKILLed mid-run, leaves consistent rows and the next run completes it", async () => {
    // part of the work done first, so that a kill lands on a mix of finished and pending hours
    await sql`select private.rollup_dirty_hours(500, true)`;
    const before = await rollupState();
    expect(before.equal).toBeGreaterThan(0);
    expect(before.dirty_hours).toBeGreaterThan(1000);
    const outcomes: string[] = [];
    const states: unknown[] = [];
    for (const how of ["terminate", "sigkill"] as const) {
      const outcome = await killMidway("select private.rollup_dirty_hours(100000, true)", how, 300);
      outcomes.push(`${how}: ${outcome}`);
      const after = await rollupState();
      states.push(after);
      expect(outcome, "the job was still running when it was killed").toMatch(/^killed/);
      expect(after.inconsistent, `${how}: no rollup row is wrong without its hour marked dirty`).toBe(0);
    }
    const buckets = await runUntilDone("private.rollup_dirty_hours(1000, true)");
    expect(states.every((s) => (s as { equal: number }).equal >= before.equal), "a killed run undid nothing done before").toBe(true);
    const done = await rollupState();
    figures.rollup = { runs: RUNS, dirty_hours_before: before.dirty_hours, kills: outcomes, after_kills: states, buckets_recomputed_after: buckets, final: done };
    expect(done).toMatchObject({ pending: 0, inconsistent: 0, dirty_hours: 0 });
    expect(done.equal).toBeGreaterThan(1000);
  });

  it("the daily rollup, killed mid-run, leaves consistent days and the next run completes it", async () => {
    await runUntilDone("private.rollup_dirty_hours(1000, true)");
    const dailyState = async () => {
      const [row] = await sql`
        with ref as (
          select e.agent_id, (e.started_at at time zone 'UTC')::date as day, count(*)::int as runs,
            count(*) filter (where e.status = 'succeeded')::int as ok
          from public.executions e where e.workspace_id = ${workspaceId} and e.agent_id is not null
            and e.started_at < date_trunc('day', now(), 'UTC') group by 1, 2
        ),
        -- (the daily job computes a day once it is over: today is not compared)
        dirty as (select distinct d.day from private.rollup_dirty_days d where d.workspace_id = ${workspaceId} and d.day < (now() at time zone 'UTC')::date),
        cmp as (
          select coalesce(r.day, p.metric_date) as day,
            (p.id is not null and r.day is not null and (p.total_runs, p.successful_runs) = (r.runs, r.ok)) as equal
          from ref r
          full join (select * from analytics.agent_performance x where x.workspace_id = ${workspaceId}) p
            on p.agent_id = r.agent_id and p.metric_date = r.day
        )
        select count(*) filter (where equal)::int as equal,
          count(*) filter (where not equal and day in (select day from dirty))::int as pending,
          count(*) filter (where not equal and day not in (select day from dirty))::int as inconsistent,
          (select count(*)::int from dirty) as dirty_days
        from cmp`;
      return row as { equal: number; pending: number; inconsistent: number; dirty_days: number };
    };
    await sql`select private.rollup_dirty_days(20, true)`;
    const before = await dailyState();
    expect(before.dirty_days).toBeGreaterThan(50);
    const outcome = await killMidway("select private.rollup_dirty_days(1000, true)", "terminate", 200);
    const afterKill = await dailyState();
    const days = await runUntilDone("private.rollup_dirty_days(1000, true)");
    const done = await dailyState();
    figures.daily_rollup = { dirty_days_before: before.dirty_days, kill: outcome, after_kill: afterKill, days_recomputed_after: days, final: done };
    expect(outcome).toMatch(/^killed/);
    expect(afterKill.inconsistent).toBe(0);
    expect(afterKill.equal).toBeGreaterThanOrEqual(before.equal);
    expect(done).toMatchObject({ pending: 0, inconsistent: 0, dirty_days: 0 });
  });

  it("the retention jobs, killed mid-run, lose no span and the next runs complete them; the rollups keep what they purged", async () => {
    await runUntilDone("private.rollup_dirty_hours(1000, true)");
    const spanState = async () => {
      const [row] = await sql`
        with old as (select e.id from public.executions e where e.workspace_id = ${workspaceId} and e.started_at < now() - interval '90 days')
        select (select count(*)::int from old) as old_runs,
          (select count(*)::int from public.execution_spans s where s.execution_id in (select id from old)) as live_spans,
          (select coalesce(sum(jsonb_array_length(a.spans)), 0)::int from public.execution_traces_archive a where a.workspace_id = ${workspaceId}) as archived_spans,
          (select count(*)::int from public.execution_traces_archive a where a.workspace_id = ${workspaceId}) as archived_runs,
          (select count(*)::int from old o where not exists (select 1 from public.execution_traces_archive a where a.execution_id = o.id)
             and not exists (select 1 from public.execution_spans s where s.execution_id = o.id)) as runs_without_trace`;
      return row as { old_runs: number; live_spans: number; archived_spans: number; archived_runs: number; runs_without_trace: number };
    };
    const rollupTotals = async () =>
      (await sql`select sum(runs)::int as runs, sum(tokens_in + tokens_out)::bigint::text as tokens from analytics.agent_stats_hourly where workspace_id = ${workspaceId}`)[0];
    const before = await spanState();
    const totalsBefore = await rollupTotals();
    expect(before.old_runs).toBeGreaterThan(1000);
    expect(before.live_spans).toBe(before.old_runs * 2);

    const archiveKill = await killMidway("select private.archive_old_traces(now(), 1000000)", "sigkill", 300);
    const afterKill = await spanState();
    expect(archiveKill).toMatch(/^killed/);
    expect(afterKill.live_spans + afterKill.archived_spans, "every span of an old run is somewhere").toBe(before.old_runs * 2);
    expect(afterKill.runs_without_trace).toBe(0);

    const archived = await runUntilDone("private.archive_old_traces(now(), 5000)");
    const purgeKill = await killMidway("select private.apply_retention('retention-successful-runs', now(), 1000000)", "terminate", 100);
    const purged = await runUntilDone("private.apply_retention('retention-successful-runs', now(), 5000)");
    const done = await spanState();
    const [left] = await sql`
      select count(*) filter (where status = 'succeeded')::int as successful, count(*) filter (where status = 'failed')::int as failed
      from public.executions where workspace_id = ${workspaceId} and started_at < now() - interval '90 days'`;
    await runUntilDone("private.rollup_dirty_hours(1000, true)");
    const totalsAfter = await rollupTotals();
    figures.retention = {
      old_runs: before.old_runs, archive_kill: archiveKill, after_archive_kill: afterKill, archived_after: archived, purge_kill: purgeKill,
      purged_after: purged, old_runs_left: left, rollup_totals_before: totalsBefore, rollup_totals_after: totalsAfter,
    };
    expect(done.archived_runs).toBe(before.old_runs);
    expect(done.archived_spans).toBe(before.old_runs * 2);
    expect(done.live_spans).toBe(0);
    expect(left.successful).toBe(0);
    expect(left.failed).toBeGreaterThan(0);
    expect(totalsAfter).toEqual(totalsBefore);
  });
});
