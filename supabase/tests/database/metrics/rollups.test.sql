-- Rollups kept by difference equal a recomputation from raw rows: random runs over many hours,
-- then late rows, corrections (status, started_at moving a run to another hour, ratings), random
-- updates and deletes; after each job run the hourly rows (per agent and per workspace: counts,
-- sums and histograms only ever added as deltas, exact percentiles written when the hour closed)
-- and the day rows match an independent group-by over the raw rows, only the hours the changes
-- touched are closed again, an open hour is counted at once and closed later, the daily rows of
-- days that are over match, and histogram percentiles of the daily views stay within the stated
-- 4.43 % of the exact nearest-rank value.
begin;
select plan(36);

-- SETUP: a workspace, three agents, three people, reproducible random runs over 30 hours
select setseed(0.4242);
select tests.create_user('admin@rollups.test', '51000000-0000-4000-a000-000000000001');
select tests.create_user('u2@rollups.test', '51000000-0000-4000-a000-000000000002');
select tests.create_user('u3@rollups.test', '51000000-0000-4000-a000-000000000003');
select tests.create_workspace('rollups', '51000000-0000-4000-a000-000000000001');
select tests.create_agent((select id from public.workspaces where slug = 'rollups'), 'roll-a');
select tests.create_agent((select id from public.workspaces where slug = 'rollups'), 'roll-b');
select tests.create_agent((select id from public.workspaces where slug = 'rollups'), 'roll-c');

create temporary table ctx on commit drop as
select (select id from public.workspaces where slug = 'rollups') as ws,
  date_trunc('hour', now(), 'UTC') - interval '30 hours' as t0;

create function pg_temp.random_runs(n int, from_hour int, to_hour int, prefix text) returns void language sql as $$
  insert into public.executions (workspace_id, agent_id, source, run_key, status, started_at, duration_ms, model, tokens_in, tokens_out,
    cost_usd, user_id, user_rating, feedback, error_type)
  select c.ws, a.id, case when a.id is null then 'n8n' else 'agent' end, prefix || g, st.status,
    c.t0 + make_interval(hours => from_hour) + random() * make_interval(hours => to_hour - from_hour),
    case when st.status in ('running', 'queued') then null else floor(exp(random() * 11))::int end,
    (array['gpt-4o', 'claude-3-5', null])[1 + floor(random() * 3)::int],
    floor(random() * 2000)::int, floor(random() * 800)::int, round((random() * 0.05)::numeric, 6),
    (array['51000000-0000-4000-a000-000000000001', '51000000-0000-4000-a000-000000000002', '51000000-0000-4000-a000-000000000003', null]::uuid[])[1 + floor(random() * 4)::int],
    case when random() < 0.3 then 1 + floor(random() * 5)::int end,
    case when random() < 0.1 then 'ok' end,
    case when st.status in ('failed', 'timeout') then (array['rate_limit', 'tool_error', null])[1 + floor(random() * 3)::int] end
  from ctx c, generate_series(1, n) g
  cross join lateral (select (array['succeeded', 'succeeded', 'succeeded', 'failed', 'timeout', 'canceled', 'running', 'queued'])[1 + floor(random() * 8 + g * 0)::int] as status) st
  cross join lateral (select (select ag.id from public.agents ag where ag.workspace_id = c.ws order by ag.slug offset floor(random() * 4 + g * 0)::int limit 1) as id) a
$$;

-- the reference: an independent group-by over the raw rows of the workspace
create function pg_temp.reference(agent_level boolean)
returns table (agent_id uuid, hour timestamptz, runs int, succeeded int, failed int, timeouts int, canceled int, in_progress int,
  duration_count int, duration_sum bigint, p50 numeric, p95 numeric, p99 numeric, tokens bigint, cost numeric, users int,
  ratings int, avg_rating numeric, errors jsonb, histogram int[])
language sql as $$
  with g as (
    select case when agent_level then e.agent_id end as agent_id, date_trunc('hour', e.started_at, 'UTC') as hour,
      count(*)::int as runs, count(*) filter (where e.status = 'succeeded')::int as succeeded,
      count(*) filter (where e.status in ('failed', 'timeout'))::int as failed,
      count(*) filter (where e.status = 'timeout')::int as timeouts, count(*) filter (where e.status = 'canceled')::int as canceled,
      count(*) filter (where e.status in ('queued', 'running', 'waiting_approval'))::int as in_progress,
      count(e.duration_ms)::int as duration_count, coalesce(sum(e.duration_ms), 0)::bigint as duration_sum,
      round((percentile_cont(0.5) within group (order by e.duration_ms))::numeric, 2) as p50,
      round((percentile_cont(0.95) within group (order by e.duration_ms))::numeric, 2) as p95,
      round((percentile_cont(0.99) within group (order by e.duration_ms))::numeric, 2) as p99,
      sum(e.tokens_in + e.tokens_out)::bigint as tokens, sum(e.cost_usd) as cost, count(distinct e.user_id)::int as users,
      count(e.user_rating)::int as ratings, round(avg(e.user_rating), 2) as avg_rating
    from public.executions e
    where e.workspace_id = (select ws from ctx)
    group by 1, 2
  )
  select g.*,
    coalesce((select jsonb_object_agg(t.k, t.n) from (select coalesce(x.error_type, 'unknown') as k, count(*) as n
      from public.executions x where x.workspace_id = (select ws from ctx) and x.status in ('failed', 'timeout')
        and date_trunc('hour', x.started_at, 'UTC') = g.hour
        and (not agent_level or x.agent_id is not distinct from g.agent_id) group by 1) t), '{}'::jsonb),
    (select array_agg(coalesce(b.n, 0)::int order by k.k) from generate_series(1, 250) k (k)
      left join (select case when x.duration_ms < 1 then 1 else least(250, 2 + floor(8 * log(2, x.duration_ms::numeric)))::int end as k, count(*) as n
        from public.executions x where x.workspace_id = (select ws from ctx) and x.duration_ms is not null
          and date_trunc('hour', x.started_at, 'UTC') = g.hour
          and (not agent_level or x.agent_id is not distinct from g.agent_id) group by 1) b on b.k = k.k)
  from g
$$;

create function pg_temp.agent_mismatches() returns bigint language sql as $$
  select count(*) from pg_temp.reference(true) r
  full join (select * from analytics.agent_stats_hourly h where h.workspace_id = (select ws from ctx)) h
    on h.agent_id is not distinct from r.agent_id and h.hour = r.hour
  where h.id is null or r.hour is null
    or (h.runs, h.succeeded, h.failed, h.timeouts, h.canceled, h.in_progress, h.duration_count, h.duration_sum_ms, h.latency_p50_ms,
        h.latency_p95_ms, h.latency_p99_ms, h.tokens_in + h.tokens_out, h.cost_usd, h.unique_users, h.rating_count, h.avg_rating,
        h.errors_by_type, h.latency_histogram)
       is distinct from
       (r.runs, r.succeeded, r.failed, r.timeouts, r.canceled, r.in_progress, r.duration_count, r.duration_sum, r.p50, r.p95, r.p99,
        r.tokens, r.cost, r.users, r.ratings, r.avg_rating, r.errors, r.histogram)
$$;

create function pg_temp.workspace_mismatches() returns bigint language sql as $$
  select count(*) from pg_temp.reference(false) r
  full join (select * from analytics.workspace_stats_hourly h where h.workspace_id = (select ws from ctx)) h on h.hour = r.hour
  where h.id is null or r.hour is null
    or (h.runs, h.succeeded, h.failed, h.canceled, h.in_progress, h.duration_count, h.duration_sum_ms, h.latency_p95_ms,
        h.tokens_in + h.tokens_out, h.cost_usd, h.unique_users, h.avg_rating, h.errors_by_type, h.latency_histogram)
       is distinct from
       (r.runs, r.succeeded, r.failed, r.canceled, r.in_progress, r.duration_count, r.duration_sum, r.p95, r.tokens, r.cost, r.users,
        r.avg_rating, r.errors, r.histogram)
$$;

create function pg_temp.daily_mismatches() returns bigint language sql as $$
  with ref as (
    select e.agent_id, (e.started_at at time zone 'UTC')::date as day, count(*)::int as runs,
      count(*) filter (where e.status = 'succeeded')::int as ok, count(*) filter (where e.status in ('failed', 'timeout'))::int as failed,
      round((percentile_cont(0.95) within group (order by e.duration_ms / 1000.0))::numeric, 2) as p95,
      sum(e.cost_usd) as cost, count(distinct e.user_id)::int as users
    from public.executions e where e.workspace_id = (select ws from ctx) and e.agent_id is not null
      and e.started_at < date_trunc('day', now(), 'UTC') group by 1, 2
  )
  select count(*) from ref r
  full join (select * from analytics.agent_performance p where p.workspace_id = (select ws from ctx)) p
    on p.agent_id = r.agent_id and p.metric_date = r.day
  where p.id is null or r.day is null
    or (p.total_runs, p.successful_runs, p.failed_runs, p.p95_runtime_seconds, p.total_credits, p.unique_users)
       is distinct from (r.runs, r.ok, r.failed, r.p95, r.cost, r.users)
$$;

-- the day rows (kept by difference) against the raw runs of each day: counts, sums, the histogram
-- and the percentiles read off it
create function pg_temp.day_mismatches(agent_level boolean) returns bigint language sql as $$
  with ref as (
    select case when agent_level then e.agent_id end as agent_id, (e.started_at at time zone 'UTC')::date as day,
      count(*)::int as runs, count(*) filter (where e.status = 'succeeded')::int as succeeded,
      count(*) filter (where e.status in ('failed', 'timeout'))::int as failed, count(*) filter (where e.status = 'canceled')::int as canceled,
      count(*) filter (where e.status in ('queued', 'running', 'waiting_approval'))::int as in_progress,
      count(e.duration_ms)::int as duration_count, coalesce(sum(e.duration_ms), 0)::bigint as duration_sum,
      sum(e.tokens_in + e.tokens_out)::bigint as tokens, sum(e.cost_usd) as cost, count(e.user_rating)::int as ratings,
      coalesce(sum(e.user_rating), 0)::int as rating_sum,
      analytics.latency_histogram(array_agg(e.duration_ms)) as histogram
    from public.executions e
    where e.workspace_id = (select ws from ctx)
    group by 1, 2
  ),
  kept as (
    select a.agent_id, a.day, a.runs, a.succeeded, a.failed, a.canceled, a.in_progress, a.duration_count, a.duration_sum_ms,
      a.tokens_in + a.tokens_out as tokens, a.cost_usd, a.rating_count, a.rating_sum, a.latency_histogram, a.latency_p95_ms
    from analytics.agent_stats_day a where agent_level and a.workspace_id = (select ws from ctx)
    union all
    select null, w.day, w.runs, w.succeeded, w.failed, w.canceled, w.in_progress, w.duration_count, w.duration_sum_ms,
      w.tokens_in + w.tokens_out, w.cost_usd, w.rating_count, w.rating_sum, w.latency_histogram, w.latency_p95_ms
    from analytics.workspace_stats_day w where not agent_level and w.workspace_id = (select ws from ctx)
  )
  select count(*) from ref r
  full join kept k on k.agent_id is not distinct from r.agent_id and k.day = r.day
  where k.day is null or r.day is null
    or (k.runs, k.succeeded, k.failed, k.canceled, k.in_progress, k.duration_count, k.duration_sum_ms, k.tokens, k.cost_usd,
        k.rating_count, k.rating_sum, k.latency_histogram, k.latency_p95_ms)
       is distinct from
       (r.runs, r.succeeded, r.failed, r.canceled, r.in_progress, r.duration_count, r.duration_sum, r.tokens, r.cost,
        r.ratings, r.rating_sum, r.histogram, round(analytics.histogram_percentile(r.histogram, 0.95)::numeric, 2))
$$;

select pg_temp.random_runs(600, 0, 30, 'r');

-- TEST: the triggers logged deltas, summed per statement, agent and hour; one job run applies them and closes every hour
select ok((select count(*) from private.rollup_deltas d where d.workspace_id = (select ws from ctx)) between 30 and 31 * 4,
  'the insert logged one delta per (agent, hour) it touched');
select is((select sum(d.sign * d.runs)::int from private.rollup_deltas d where d.workspace_id = (select ws from ctx)), 600,
  'the deltas count the 600 runs');
select is((select count(*) from private.rollup_dirty_hours d where d.workspace_id = (select ws from ctx)), 0::bigint,
  'an ordinary insert asks for no rebuild from raw runs');
select ok(private.rollup_dirty_hours(100000, true) >= 30, 'the hourly job applies the deltas and closes the hours');
select is((select count(*) from private.rollup_deltas d where d.workspace_id = (select ws from ctx)), 0::bigint, 'and consumes the deltas');
select is(pg_temp.agent_mismatches(), 0::bigint, 'per-agent hourly rows equal a recomputation from raw rows');
select is(pg_temp.workspace_mismatches(), 0::bigint, 'per-workspace hourly rows equal a recomputation from raw rows');
select ok((select count(*) from analytics.agent_stats_hourly h where h.workspace_id = (select ws from ctx) and h.agent_id is null) > 0,
  'runs without an agent (n8n) have their own rows');
select is(pg_temp.day_mismatches(true), 0::bigint, 'per-agent day rows equal the raw runs of each day (counts, sums, histogram, p95)');
select is(pg_temp.day_mismatches(false), 0::bigint, 'per-workspace day rows equal the raw runs of each day');

-- TEST: late rows, corrections and deletes touch some hours; the deltas are applied and only those hours close again
update analytics.agent_stats_hourly set computed_at = '2000-01-01', closed_at = '2000-01-01' where workspace_id = (select ws from ctx);
update analytics.workspace_stats_hourly set computed_at = '2000-01-01', closed_at = '2000-01-01' where workspace_id = (select ws from ctx);
select pg_temp.random_runs(40, 2, 3, 'late');
update public.executions set status = 'failed', duration_ms = 12345, error_type = 'late_failure'
where workspace_id = (select ws from ctx) and status = 'running'
  and started_at >= (select t0 + interval '10 hours' from ctx) and started_at < (select t0 + interval '11 hours' from ctx);
-- (moving a finished run is an operator's deliberate correction: the status machine wants it said)
set local agentops.correction = 'on';
update public.executions set started_at = started_at - interval '13 hours', ended_at = null
where workspace_id = (select ws from ctx) and run_key in (
  select run_key from public.executions where workspace_id = (select ws from ctx)
    and started_at >= (select t0 + interval '20 hours' from ctx) and started_at < (select t0 + interval '21 hours' from ctx)
  order by run_key limit 5);
reset agentops.correction;
update public.executions set user_rating = 5
where workspace_id = (select ws from ctx) and started_at >= (select t0 + interval '25 hours' from ctx) and started_at < (select t0 + interval '26 hours' from ctx);
delete from public.executions
where workspace_id = (select ws from ctx) and started_at >= (select t0 + interval '28 hours' from ctx) and started_at < (select t0 + interval '29 hours' from ctx);

create temporary table touched on commit drop as
select distinct d.hour from private.rollup_deltas d where d.workspace_id = (select ws from ctx);
select ok(private.rollup_dirty_hours(100000, true) >= (select count(*)::int from touched), 'the next run applies the deltas of the touched hours');
select is(pg_temp.agent_mismatches(), 0::bigint, 'after late rows, corrections and deletes, agent rows still equal a recomputation');
select is(pg_temp.workspace_mismatches(), 0::bigint, 'and so do workspace rows');
select is(pg_temp.day_mismatches(true), 0::bigint, 'after late rows, corrections (runs moved between days) and deletes, agent day rows still equal the raw runs, by difference alone');
select is(pg_temp.day_mismatches(false), 0::bigint, 'and so do workspace day rows');
select is(
  (select count(*) from analytics.workspace_stats_hourly h
   where h.workspace_id = (select ws from ctx) and (h.computed_at = '2000-01-01' or h.closed_at = '2000-01-01') and h.hour in (select hour from touched)),
  0::bigint, 'every touched (closed) hour was reopened by its deltas and closed again from its own raw runs');
select is(
  (select count(*) from analytics.workspace_stats_hourly h
   where h.workspace_id = (select ws from ctx) and (h.computed_at <> '2000-01-01' or h.closed_at <> '2000-01-01') and h.hour not in (select hour from touched)),
  0::bigint, 'untouched hours were left alone: no raw run re-read, percentiles not recomputed');
select is((select count(*) from analytics.workspace_stats_hourly h
           where h.workspace_id = (select ws from ctx) and h.hour = (select t0 + interval '28 hours' from ctx)),
  0::bigint, 'an hour whose runs were all deleted has no row any more');

-- TEST: an update that changes nothing a rollup counts reopens no hour
create temporary table before_edit on commit drop as
select h.agent_id, h.hour, h.computed_at, h.closed_at, h.reopened_at from analytics.agent_stats_hourly h
where h.workspace_id = (select ws from ctx) and h.hour = (select t0 + interval '3 hours' from ctx);
update public.executions set metadata = coalesce(metadata, '{}'::jsonb) || '{"note": "relabelled"}'::jsonb
where workspace_id = (select ws from ctx) and started_at >= (select t0 + interval '3 hours' from ctx) and started_at < (select t0 + interval '4 hours' from ctx);
select ok((select count(*) from private.rollup_deltas d where d.workspace_id = (select ws from ctx)) > 0, 'the edit logged deltas that cancel out');
select private.rollup_dirty_hours(100000, true);
select is((select count(*) from before_edit b join analytics.agent_stats_hourly h on h.workspace_id = (select ws from ctx)
             and h.agent_id is not distinct from b.agent_id and h.hour = b.hour
           where (h.computed_at, h.closed_at, h.reopened_at) is distinct from (b.computed_at, b.closed_at, b.reopened_at)),
  0::bigint, 'deltas that cancel out (a metadata edit) change no row and reopen no closed hour');

-- TEST: random updates of every kind, random inserts and deletes, three rounds: the deltas still add up
create function pg_temp.shuffle_round(n int) returns void language plpgsql as $$
begin
  perform set_config('agentops.correction', 'on', true);
  perform pg_temp.random_runs(30, 0, 30, 'round' || n || '-');
  update public.executions set duration_ms = floor(exp(random() * 11))::int, tokens_in = tokens_in + 7, cost_usd = cost_usd + 0.001,
    user_rating = case when random() < 0.5 then 1 + floor(random() * 5)::int end, model = 'gpt-4o'
  where workspace_id = (select ws from ctx) and random() < 0.15 and status not in ('running', 'queued');
  update public.executions set status = 'timeout', error_type = 'round' || n, duration_ms = 999
  where workspace_id = (select ws from ctx) and status = 'running' and random() < 0.5;
  delete from public.executions where workspace_id = (select ws from ctx) and random() < 0.05;
  perform set_config('agentops.correction', '', true);
end;
$$;
-- (reclose_after 0: the hours the rounds reopen close again at once instead of ten minutes after their last close)
select pg_temp.shuffle_round(1);
select private.rollup_dirty_hours(100000, true, '0');
select pg_temp.shuffle_round(2);
select pg_temp.shuffle_round(3);
select private.rollup_dirty_hours(100000, true);
select ok((select count(*) from analytics.workspace_stats_hourly h where h.workspace_id = (select ws from ctx) and h.reopened_at > h.closed_at) > 0,
  'hours closed moments ago and reopened by late runs wait (ten minutes) before they close again; their counts are already applied');
select private.rollup_dirty_hours(100000, true, '0');
select is(pg_temp.agent_mismatches() + pg_temp.workspace_mismatches(), 0::bigint,
  'after three rounds of random inserts, updates and deletes the hourly rows equal a recomputation');
select is(pg_temp.day_mismatches(true) + pg_temp.day_mismatches(false), 0::bigint, 'and so do the day rows');

-- TEST: a rebuild request (runs loaded with triggers off) recomputes a bucket from raw runs, once
update analytics.agent_stats_hourly set runs = runs + 100, tokens_in = 0 where workspace_id = (select ws from ctx) and hour = (select t0 + interval '5 hours' from ctx);
update analytics.workspace_stats_hourly set runs = runs + 300, tokens_in = 0 where workspace_id = (select ws from ctx) and hour = (select t0 + interval '5 hours' from ctx);
insert into private.rollup_dirty_hours (workspace_id, hour) select ws, t0 + interval '5 hours' from ctx;
select ok(private.rollup_dirty_hours(100000, true, '0') >= 1, 'the job rebuilds the bucket');
select is(pg_temp.agent_mismatches(), 0::bigint, 'a rebuilt bucket''s agent rows equal a recomputation');

-- TEST: the daily job computes the days that are over, from raw rows, exact percentiles included; today waits
select ok(private.rollup_dirty_days(1000, true) >= 1, 'the daily job recomputes dirty days');
select is(pg_temp.daily_mismatches(), 0::bigint, 'agent_performance of every day that is over equals a recomputation from raw rows');
select is(
  (select coalesce(sum(d.total_runs), 0) from analytics.daily_metrics d where d.workspace_id = (select ws from ctx)),
  (select count(*)::int from public.executions e where e.workspace_id = (select ws from ctx) and e.started_at < date_trunc('day', now(), 'UTC'))::bigint,
  'daily_metrics counts every run of the days that are over once');
select ok((select bool_and(d.p95_runtime_seconds is not distinct from
  (select round((percentile_cont(0.95) within group (order by e.duration_ms / 1000.0))::numeric, 2) from public.executions e
   where e.workspace_id = d.workspace_id and (e.started_at at time zone 'UTC')::date = d.metric_date))
  from analytics.daily_metrics d where d.workspace_id = (select ws from ctx)), 'daily_metrics percentiles are exact');
select is((select count(*) from private.rollup_dirty_days d where d.workspace_id = (select ws from ctx) and d.day < (now() at time zone 'UTC')::date),
  0::bigint, 'no day that is over is left on the log');

-- TEST: percentiles derived from hourly histograms stay within the stated bound of the exact nearest-rank value
select ok((
  select bool_and(abs(v.latency_p95_ms - x.p95) <= 0.0443 * x.p95 + 0.01 and abs(v.latency_p50_ms - x.p50) <= 0.0443 * x.p50 + 0.01)
  from analytics.agent_stats_daily v
  join (select e.agent_id, (e.started_at at time zone 'UTC')::date as day,
          percentile_disc(0.95) within group (order by e.duration_ms) as p95, percentile_disc(0.5) within group (order by e.duration_ms) as p50
        from public.executions e where e.workspace_id = (select ws from ctx) and e.duration_ms is not null group by 1, 2) x
    on x.agent_id is not distinct from v.agent_id and x.day = v.day
  where v.workspace_id = (select ws from ctx)), 'daily histogram percentiles are within 4.43 % of the exact ones');
select ok((
  select abs(v.latency_p99_ms - x.p99) <= 0.0443 * x.p99 + 0.01
  from (select analytics.histogram_percentile(analytics.histogram_merge(array_agg(h.latency_histogram)), 0.99)::numeric as latency_p99_ms
        from analytics.workspace_stats_hourly h where h.workspace_id = (select ws from ctx)) v,
       (select percentile_disc(0.99) within group (order by e.duration_ms) as p99 from public.executions e
        where e.workspace_id = (select ws from ctx) and e.duration_ms is not null) x),
  'a whole-range workspace p99 from merged hourly histograms is within 4.43 %');

-- TEST: a run of the current hour is counted at the next job run; the hour stays open (no exact figures yet)
insert into public.executions (workspace_id, agent_id, source, run_key, status, started_at, duration_ms)
select c.ws, (select id from public.agents where workspace_id = c.ws and slug = 'roll-a'), 'agent', 'now-1', 'succeeded',
  date_trunc('hour', now(), 'UTC'), 4242
from ctx c;
select ok(private.rollup_dirty_hours(100000, true) >= 1, 'the job applies the new run');
select is(
  (select row(h.runs, h.duration_sum_ms, h.last_run_at, h.closed_at, h.latency_p95_ms)::text from analytics.workspace_stats_hourly h
   where h.workspace_id = (select ws from ctx) and h.hour = date_trunc('hour', now(), 'UTC')),
  row(1, 4242::bigint, date_trunc('hour', now(), 'UTC'), null::timestamptz, null::numeric)::text,
  'the open hour counts it (and its last run, which the agent summary shows) and waits to close');

-- TEST: deleting by the retention job subtracts nothing: no delta, no rebuild, the rollups as they were
create temporary table before_purge on commit drop as
select (select sum(runs) from analytics.workspace_stats_hourly where workspace_id = (select ws from ctx)) as hourly_runs,
  (select sum(runs) from analytics.workspace_stats_day where workspace_id = (select ws from ctx)) as day_runs;
select set_config('agentops.retention', 'on', true);
delete from public.executions where workspace_id = (select ws from ctx) and started_at < (select t0 + interval '1 hour' from ctx);
select set_config('agentops.retention', '', true);
select is((select count(*) from private.rollup_deltas d where d.workspace_id = (select ws from ctx))
  + (select count(*) from private.rollup_dirty_hours d where d.workspace_id = (select ws from ctx)), 0::bigint,
  'a retention delete logs no delta and no rebuild, so rollups outlive raw rows');
select private.rollup_dirty_hours(100000, true);
select is(
  (select row((select sum(runs) from analytics.workspace_stats_hourly where workspace_id = (select ws from ctx)),
              (select sum(runs) from analytics.workspace_stats_day where workspace_id = (select ws from ctx)))::text),
  (select row(hourly_runs, day_runs)::text from before_purge), 'after the purge and the job the hourly and day rows count what they counted');

select * from finish();
rollback;
