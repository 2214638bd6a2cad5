-- The hourly and daily rollup jobs, tuned after measuring a backfill of 1,000,000 runs (docs/metrics.md):
-- they pick distinct dirty buckets (not log rows, which repeat a bucket once per statement) and
-- the hourly job reads each bucket's runs with its own index range scan instead of a hash join on workspace_id.
-- Same results, same signature; the equality tests in supabase/tests/database/metrics cover it.

create or replace function private.rollup_dirty_hours(max_buckets int default 1000, wait boolean default false)
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_ws uuid[];
  v_hours timestamptz[];
  v_done bigint;
begin
  -- never two runs at once: a busy job is skipped (the next minute catches up); tests may wait
  if rollup_dirty_hours.wait then
    perform pg_advisory_xact_lock(5000001);
  elsif not pg_try_advisory_xact_lock(5000001) then
    return -1;
  end if;

  -- take the oldest dirty buckets and remove every log row of them: the recomputation below starts
  -- after this statement, so it sees every run whose log row was removed here; rows appended
  -- meanwhile stay for the next run
  with chosen as (
    select d.workspace_id, d.hour
    from private.rollup_dirty_hours d
    group by d.workspace_id, d.hour
    order by min(d.id)
    limit greatest(rollup_dirty_hours.max_buckets, 1)
  ),
  picked as (
    delete from private.rollup_dirty_hours d
    using chosen c
    where d.workspace_id = c.workspace_id and d.hour = c.hour
    returning d.workspace_id, d.hour
  ),
  keys as (
    select distinct p.workspace_id, p.hour from picked p
    where exists (select 1 from public.workspaces w where w.id = p.workspace_id)
  )
  select coalesce(array_agg(k.workspace_id order by k.workspace_id, k.hour), '{}'), coalesce(array_agg(k.hour order by k.workspace_id, k.hour), '{}')
  into v_ws, v_hours
  from keys k;

  if cardinality(v_ws) = 0 then
    return 0;
  end if;

  -- one pass over the raw rows of the dirty buckets, per agent and per workspace (grouping sets)
  with keys as (
    select k.workspace_id, k.hour from unnest(v_ws, v_hours) as k (workspace_id, hour)
  ),
  stats as (
    select e.workspace_id, e.agent_id, k.hour, grouping(e.agent_id) as workspace_level,
      count(*)::int as runs,
      count(*) filter (where e.status = 'succeeded')::int as succeeded,
      count(*) filter (where e.status in ('failed', 'timeout'))::int as failed,
      count(*) filter (where e.status = 'timeout')::int as timeouts,
      count(*) filter (where e.status = 'canceled')::int as canceled,
      count(*) filter (where e.status in ('queued', 'running', 'waiting_approval'))::int as in_progress,
      count(e.duration_ms)::int as duration_count,
      coalesce(sum(e.duration_ms), 0)::bigint as duration_sum_ms,
      min(e.duration_ms) as duration_min_ms,
      max(e.duration_ms) as duration_max_ms,
      round(avg(e.duration_ms), 2) as latency_avg_ms,
      percentile_cont(array[0.5, 0.75, 0.95, 0.99]) within group (order by e.duration_ms::double precision) as p,
      analytics.latency_histogram(array_agg(e.duration_ms) filter (where e.duration_ms is not null)) as latency_histogram,
      sum(e.tokens_in)::bigint as tokens_in,
      sum(e.tokens_out)::bigint as tokens_out,
      sum(e.tokens_cached)::bigint as tokens_cached,
      sum(e.cost_usd) as cost_usd,
      private.sum_by(array_agg(coalesce(e.model, 'unknown')), array_agg(e.cost_usd)) as cost_by_model,
      count(e.user_rating)::int as rating_count,
      coalesce(sum(e.user_rating), 0)::int as rating_sum,
      round(avg(e.user_rating), 2) as avg_rating,
      count(e.feedback)::int as feedback_count,
      count(distinct e.user_id)::int as unique_users,
      count(distinct e.agent_id)::int as unique_agents,
      private.count_by(array_agg(coalesce(e.error_type, 'unknown')) filter (where e.status in ('failed', 'timeout'))) as errors_by_type,
      min(e.started_at) as first_run_at,
      max(e.started_at) as last_run_at
    from keys k
    -- one index range scan per bucket (offset 0 keeps the planner from hashing on workspace_id)
    cross join lateral (
      select x.workspace_id, x.agent_id, x.status, x.duration_ms, x.tokens_in, x.tokens_out, x.tokens_cached, x.cost_usd, x.model,
        x.user_rating, x.feedback, x.user_id, x.error_type, x.started_at
      from public.executions x
      where x.workspace_id = k.workspace_id and x.started_at >= k.hour and x.started_at < k.hour + interval '1 hour'
      offset 0
    ) e
    group by grouping sets ((e.workspace_id, k.hour, e.agent_id), (e.workspace_id, k.hour))
  ),
  agent_rows as (
    insert into analytics.agent_stats_hourly as a (workspace_id, agent_id, hour, runs, succeeded, failed, timeouts, canceled, in_progress,
      duration_count, duration_sum_ms, duration_min_ms, duration_max_ms, latency_avg_ms, latency_p50_ms, latency_p75_ms, latency_p95_ms,
      latency_p99_ms, latency_histogram, tokens_in, tokens_out, tokens_cached, cost_usd, cost_by_model, rating_count, rating_sum,
      avg_rating, feedback_count, unique_users, errors_by_type, first_run_at, last_run_at, computed_at)
    select s.workspace_id, s.agent_id, s.hour, s.runs, s.succeeded, s.failed, s.timeouts, s.canceled, s.in_progress,
      s.duration_count, s.duration_sum_ms, s.duration_min_ms, s.duration_max_ms, s.latency_avg_ms, round(s.p[1]::numeric, 2),
      round(s.p[2]::numeric, 2), round(s.p[3]::numeric, 2), round(s.p[4]::numeric, 2), s.latency_histogram, s.tokens_in, s.tokens_out,
      s.tokens_cached, s.cost_usd, s.cost_by_model, s.rating_count, s.rating_sum, s.avg_rating, s.feedback_count, s.unique_users,
      s.errors_by_type, s.first_run_at, s.last_run_at, now()
    from stats s
    where s.workspace_level = 0
    on conflict on constraint agent_stats_hourly_bucket_key do update set
      runs = excluded.runs, succeeded = excluded.succeeded, failed = excluded.failed, timeouts = excluded.timeouts,
      canceled = excluded.canceled, in_progress = excluded.in_progress, duration_count = excluded.duration_count,
      duration_sum_ms = excluded.duration_sum_ms, duration_min_ms = excluded.duration_min_ms, duration_max_ms = excluded.duration_max_ms,
      latency_avg_ms = excluded.latency_avg_ms, latency_p50_ms = excluded.latency_p50_ms, latency_p75_ms = excluded.latency_p75_ms,
      latency_p95_ms = excluded.latency_p95_ms, latency_p99_ms = excluded.latency_p99_ms, latency_histogram = excluded.latency_histogram,
      tokens_in = excluded.tokens_in, tokens_out = excluded.tokens_out, tokens_cached = excluded.tokens_cached, cost_usd = excluded.cost_usd,
      cost_by_model = excluded.cost_by_model, rating_count = excluded.rating_count, rating_sum = excluded.rating_sum,
      avg_rating = excluded.avg_rating, feedback_count = excluded.feedback_count, unique_users = excluded.unique_users,
      errors_by_type = excluded.errors_by_type, first_run_at = excluded.first_run_at, last_run_at = excluded.last_run_at,
      computed_at = excluded.computed_at
    returning 1
  ),
  workspace_rows as (
    insert into analytics.workspace_stats_hourly as w (workspace_id, hour, runs, succeeded, failed, timeouts, canceled, in_progress,
      duration_count, duration_sum_ms, duration_min_ms, duration_max_ms, latency_avg_ms, latency_p50_ms, latency_p75_ms, latency_p95_ms,
      latency_p99_ms, latency_histogram, tokens_in, tokens_out, tokens_cached, cost_usd, cost_by_model, rating_count, rating_sum,
      avg_rating, feedback_count, unique_users, unique_agents, errors_by_type, first_run_at, last_run_at, computed_at)
    select s.workspace_id, s.hour, s.runs, s.succeeded, s.failed, s.timeouts, s.canceled, s.in_progress,
      s.duration_count, s.duration_sum_ms, s.duration_min_ms, s.duration_max_ms, s.latency_avg_ms, round(s.p[1]::numeric, 2),
      round(s.p[2]::numeric, 2), round(s.p[3]::numeric, 2), round(s.p[4]::numeric, 2), s.latency_histogram, s.tokens_in, s.tokens_out,
      s.tokens_cached, s.cost_usd, s.cost_by_model, s.rating_count, s.rating_sum, s.avg_rating, s.feedback_count, s.unique_users,
      s.unique_agents, s.errors_by_type, s.first_run_at, s.last_run_at, now()
    from stats s
    where s.workspace_level = 1
    on conflict on constraint workspace_stats_hourly_bucket_key do update set
      runs = excluded.runs, succeeded = excluded.succeeded, failed = excluded.failed, timeouts = excluded.timeouts,
      canceled = excluded.canceled, in_progress = excluded.in_progress, duration_count = excluded.duration_count,
      duration_sum_ms = excluded.duration_sum_ms, duration_min_ms = excluded.duration_min_ms, duration_max_ms = excluded.duration_max_ms,
      latency_avg_ms = excluded.latency_avg_ms, latency_p50_ms = excluded.latency_p50_ms, latency_p75_ms = excluded.latency_p75_ms,
      latency_p95_ms = excluded.latency_p95_ms, latency_p99_ms = excluded.latency_p99_ms, latency_histogram = excluded.latency_histogram,
      tokens_in = excluded.tokens_in, tokens_out = excluded.tokens_out, tokens_cached = excluded.tokens_cached, cost_usd = excluded.cost_usd,
      cost_by_model = excluded.cost_by_model, rating_count = excluded.rating_count, rating_sum = excluded.rating_sum,
      avg_rating = excluded.avg_rating, feedback_count = excluded.feedback_count, unique_users = excluded.unique_users,
      unique_agents = excluded.unique_agents, errors_by_type = excluded.errors_by_type, first_run_at = excluded.first_run_at,
      last_run_at = excluded.last_run_at, computed_at = excluded.computed_at
    returning 1
  ),
  -- buckets (or agents within them) that no longer have any run
  agent_gone as (
    delete from analytics.agent_stats_hourly a
    using keys k
    where a.workspace_id = k.workspace_id and a.hour = k.hour
      and not exists (select 1 from stats s where s.workspace_level = 0 and s.workspace_id = a.workspace_id and s.hour = a.hour
                      and s.agent_id is not distinct from a.agent_id)
    returning 1
  ),
  workspace_gone as (
    delete from analytics.workspace_stats_hourly w
    using keys k
    where w.workspace_id = k.workspace_id and w.hour = k.hour
      and not exists (select 1 from stats s where s.workspace_level = 1 and s.workspace_id = w.workspace_id and s.hour = w.hour)
    returning 1
  )
  select count(*) into v_done from agent_rows;

  -- the days of these hours need their daily rollups recomputed
  insert into private.rollup_dirty_days (workspace_id, day)
  select distinct k.workspace_id, (k.hour at time zone 'UTC')::date from unnest(v_ws, v_hours) as k (workspace_id, hour);

  return cardinality(v_hours);
end;
$$;
comment on function private.rollup_dirty_hours(int, boolean) is
  'Job analytics-rollup-hourly (every minute): recomputes from raw runs the agent and workspace hourly rows of at most max_buckets dirty (workspace, hour) buckets (oldest first), deletes rows of buckets left empty, and marks their days dirty for the daily job. Skips (returns -1) when another run holds the lock unless wait. Returns the number of buckets recomputed.';

revoke all on function private.rollup_dirty_hours(int, boolean) from public;

create or replace function private.rollup_dirty_days(max_days int default 200, wait boolean default false)
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_key record;
  v_done int := 0;
begin
  if rollup_dirty_days.wait then
    perform pg_advisory_xact_lock(5000002);
  elsif not pg_try_advisory_xact_lock(5000002) then
    return -1;
  end if;

  for v_key in
    with chosen as (
      select d.workspace_id, d.day
      from private.rollup_dirty_days d
      group by d.workspace_id, d.day
      order by min(d.id)
      limit greatest(rollup_dirty_days.max_days, 1)
    ),
    picked as (
      delete from private.rollup_dirty_days d
      using chosen c
      where d.workspace_id = c.workspace_id and d.day = c.day
      returning d.workspace_id, d.day
    )
    select distinct p.workspace_id, p.day from picked p
    where exists (select 1 from public.workspaces w where w.id = p.workspace_id)
    order by p.day, p.workspace_id
  loop
    perform private.aggregate_day(v_key.workspace_id, v_key.day);
    v_done := v_done + 1;
  end loop;
  return v_done;
end;
$$;

revoke all on function private.rollup_dirty_days(int, boolean) from public;
