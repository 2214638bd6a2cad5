-- Daily rollups (seed 002): analytics.agent_performance (per agent and UTC day) and
-- analytics.daily_metrics (per workspace and UTC day), computed from raw rows once a day is over,
-- for the days whose hours the hourly job closed or new activity marked dirty (again when late
-- data reopens one), with exact percentiles, unique users, sessions, error types and top agents.
-- Until a day is over its figures are the day rows the hourly job keeps by difference.
-- analytics.aggregate_daily_metrics(target_date, workspace) recomputes a day on demand. Daily and
-- weekly views over the day rows (histogram percentiles) serve ranges the daily tables do not.

create table analytics.agent_performance (
  id uuid primary key default gen_random_uuid(),
  agent_id uuid not null,
  metric_date date not null,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  total_runs int not null default 0,
  successful_runs int not null default 0,
  failed_runs int not null default 0,
  cancelled_runs int not null default 0,
  avg_runtime_seconds numeric(10, 2),
  min_runtime_seconds numeric(10, 2),
  max_runtime_seconds numeric(10, 2),
  p50_runtime_seconds numeric(10, 2),
  p75_runtime_seconds numeric(10, 2),
  p95_runtime_seconds numeric(10, 2),
  p99_runtime_seconds numeric(10, 2),
  total_credits numeric(15, 6) not null default 0,
  avg_credits_per_run numeric(12, 6),
  total_tokens_used bigint not null default 0,
  avg_tokens_per_run int,
  unique_users int not null default 0,
  avg_user_rating numeric(3, 2),
  total_feedback_count int not null default 0,
  error_types jsonb not null default '{}'::jsonb,
  common_failure_reasons jsonb not null default '[]'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint agent_performance_agent_date_key unique (agent_id, metric_date),
  constraint agent_performance_agent_fkey foreign key (agent_id, workspace_id) references public.agents (id, workspace_id) on delete cascade
);
comment on table analytics.agent_performance is 'Seed 002: one row per agent and UTC day of its runs (by started_at), recomputed from raw rows when a run of the day changes; percentiles are exact (percentile_cont). Read-only over the API.';
comment on column analytics.agent_performance.failed_runs is 'Runs that ended failed or timeout.';
comment on column analytics.agent_performance.total_credits is 'Cost in USD (credits are dollars in this project).';
comment on column analytics.agent_performance.total_feedback_count is 'Runs with a rating or written feedback.';
comment on column analytics.agent_performance.common_failure_reasons is 'The five most frequent error messages of failed runs: [{"reason": ..., "count": n}].';

create table analytics.daily_metrics (
  id uuid primary key default gen_random_uuid(),
  metric_date date not null,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  total_users int not null default 0,
  active_users int not null default 0,
  new_users int not null default 0,
  returning_users int not null default 0,
  total_sessions int not null default 0,
  avg_session_duration_seconds numeric(10, 2),
  bounce_rate numeric(5, 2),
  total_runs int not null default 0,
  successful_runs int not null default 0,
  failed_runs int not null default 0,
  cancelled_runs int not null default 0,
  avg_runtime_seconds numeric(10, 2),
  median_runtime_seconds numeric(10, 2),
  p95_runtime_seconds numeric(10, 2),
  p99_runtime_seconds numeric(10, 2),
  total_credits_consumed numeric(15, 6) not null default 0,
  avg_credits_per_run numeric(12, 6),
  credits_by_model jsonb not null default '{}'::jsonb,
  unique_agents_run int not null default 0,
  top_agents jsonb not null default '[]'::jsonb,
  total_errors int not null default 0,
  error_rate numeric(5, 2),
  errors_by_type jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint daily_metrics_date_workspace_key unique (metric_date, workspace_id)
);
comment on table analytics.daily_metrics is 'Seed 002: one row per workspace and UTC day: people (members, active, new, returning, sessions, bounce rate from user_activity and runs) and runs (counts, exact runtime percentiles, credits by model, top agents, errors). Read-only over the API.';
comment on column analytics.daily_metrics.total_users is 'Members of the workspace who had joined by the end of the day.';
comment on column analytics.daily_metrics.active_users is 'People with activity or a run on the day.';
comment on column analytics.daily_metrics.new_users is 'Active people first seen in the workspace that day (no earlier activity or run still retained).';
comment on column analytics.daily_metrics.bounce_rate is 'Percent of the day''s sessions with a single event.';
comment on column analytics.daily_metrics.top_agents is 'The five agents with the most runs: [{"agent_id", "slug", "name", "runs", "credits"}].';
comment on column analytics.daily_metrics.total_errors is 'Runs that ended failed or timeout; error_rate is their percent of total_runs.';

create index agent_performance_agent_id_metric_date_idx on analytics.agent_performance (agent_id, metric_date desc);
create index agent_performance_agent_workspace_idx on analytics.agent_performance (agent_id, workspace_id);
create index agent_performance_metric_date_idx on analytics.agent_performance (metric_date desc);
create index agent_performance_workspace_date_runs_idx on analytics.agent_performance (workspace_id, metric_date desc, total_runs desc);
create index daily_metrics_metric_date_brin_idx on analytics.daily_metrics using brin (metric_date);
create index daily_metrics_workspace_id_metric_date_idx on analytics.daily_metrics (workspace_id, metric_date desc);

-- seed 002 update_updated_at, on the seed's two tables
create function analytics.update_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;
comment on function analytics.update_updated_at() is 'Seed 002 trigger: keeps updated_at current on daily_metrics and agent_performance.';

create trigger update_daily_metrics_updated_at before update on analytics.daily_metrics
  for each row execute function analytics.update_updated_at();
create trigger update_agent_performance_updated_at before update on analytics.agent_performance
  for each row execute function analytics.update_updated_at();

-- one workspace-day from raw rows
create function private.aggregate_day(workspace_id uuid, day date)
returns void
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_from timestamptz := aggregate_day.day::timestamp at time zone 'UTC';
  v_to timestamptz := (aggregate_day.day + 1)::timestamp at time zone 'UTC';
  v_n bigint;
begin
  -- per agent
  with runs as (
    select e.agent_id, e.status, e.duration_ms, e.cost_usd, e.tokens_in + e.tokens_out as tokens, e.user_id, e.user_rating,
      e.feedback, e.error_type, e.error_message
    from public.executions e
    where e.workspace_id = aggregate_day.workspace_id and e.started_at >= v_from and e.started_at < v_to and e.agent_id is not null
  ),
  reasons as (
    select x.agent_id, jsonb_agg(jsonb_build_object('reason', x.reason, 'count', x.n) order by x.n desc, x.reason) as common
    from (
      select r.agent_id, left(r.error_message, 200) as reason, count(*) as n,
        row_number() over (partition by r.agent_id order by count(*) desc, left(r.error_message, 200)) as rank
      from runs r
      where r.status in ('failed', 'timeout') and r.error_message is not null
      group by r.agent_id, left(r.error_message, 200)
    ) x
    where x.rank <= 5
    group by x.agent_id
  ),
  per_agent as (
    select r.agent_id,
      count(*)::int as total_runs,
      count(*) filter (where r.status = 'succeeded')::int as successful_runs,
      count(*) filter (where r.status in ('failed', 'timeout'))::int as failed_runs,
      count(*) filter (where r.status = 'canceled')::int as cancelled_runs,
      round(avg(r.duration_ms) / 1000.0, 2) as avg_s,
      round(min(r.duration_ms) / 1000.0, 2) as min_s,
      round(max(r.duration_ms) / 1000.0, 2) as max_s,
      percentile_cont(array[0.5, 0.75, 0.95, 0.99]) within group (order by r.duration_ms / 1000.0::double precision) as p,
      sum(r.cost_usd) as total_credits,
      round(avg(r.cost_usd), 6) as avg_credits,
      sum(r.tokens)::bigint as total_tokens,
      round(avg(r.tokens))::int as avg_tokens,
      count(distinct r.user_id)::int as unique_users,
      round(avg(r.user_rating), 2) as avg_rating,
      count(*) filter (where r.user_rating is not null or r.feedback is not null)::int as feedback_count,
      private.count_by(array_agg(coalesce(r.error_type, 'unknown')) filter (where r.status in ('failed', 'timeout'))) as error_types
    from runs r
    group by r.agent_id
  ),
  upserted as (
    insert into analytics.agent_performance as a (agent_id, metric_date, workspace_id, total_runs, successful_runs, failed_runs,
      cancelled_runs, avg_runtime_seconds, min_runtime_seconds, max_runtime_seconds, p50_runtime_seconds, p75_runtime_seconds,
      p95_runtime_seconds, p99_runtime_seconds, total_credits, avg_credits_per_run, total_tokens_used, avg_tokens_per_run,
      unique_users, avg_user_rating, total_feedback_count, error_types, common_failure_reasons)
    select p.agent_id, aggregate_day.day, aggregate_day.workspace_id, p.total_runs, p.successful_runs, p.failed_runs, p.cancelled_runs,
      p.avg_s, p.min_s, p.max_s, round(p.p[1]::numeric, 2), round(p.p[2]::numeric, 2), round(p.p[3]::numeric, 2), round(p.p[4]::numeric, 2),
      p.total_credits, p.avg_credits, p.total_tokens, p.avg_tokens, p.unique_users, p.avg_rating, p.feedback_count, p.error_types,
      coalesce(rs.common, '[]'::jsonb)
    from per_agent p
    left join reasons rs on rs.agent_id = p.agent_id
    on conflict on constraint agent_performance_agent_date_key do update set
      total_runs = excluded.total_runs, successful_runs = excluded.successful_runs, failed_runs = excluded.failed_runs,
      cancelled_runs = excluded.cancelled_runs, avg_runtime_seconds = excluded.avg_runtime_seconds,
      min_runtime_seconds = excluded.min_runtime_seconds, max_runtime_seconds = excluded.max_runtime_seconds,
      p50_runtime_seconds = excluded.p50_runtime_seconds, p75_runtime_seconds = excluded.p75_runtime_seconds,
      p95_runtime_seconds = excluded.p95_runtime_seconds, p99_runtime_seconds = excluded.p99_runtime_seconds,
      total_credits = excluded.total_credits, avg_credits_per_run = excluded.avg_credits_per_run,
      total_tokens_used = excluded.total_tokens_used, avg_tokens_per_run = excluded.avg_tokens_per_run,
      unique_users = excluded.unique_users, avg_user_rating = excluded.avg_user_rating,
      total_feedback_count = excluded.total_feedback_count, error_types = excluded.error_types,
      common_failure_reasons = excluded.common_failure_reasons
    returning 1
  ),
  gone as (
    delete from analytics.agent_performance a
    where a.workspace_id = aggregate_day.workspace_id and a.metric_date = aggregate_day.day
      and not exists (select 1 from per_agent p where p.agent_id = a.agent_id)
    returning 1
  )
  select (select count(*) from upserted) + (select count(*) from gone) into v_n;

  -- per workspace: people and runs
  with runs as (
    select e.agent_id, e.status, e.duration_ms, e.cost_usd, e.model, e.user_id, e.error_type
    from public.executions e
    where e.workspace_id = aggregate_day.workspace_id and e.started_at >= v_from and e.started_at < v_to
  ),
  activity as (
    select u.user_id, u.session_id, u.created_at
    from analytics.user_activity u
    where u.workspace_id = aggregate_day.workspace_id and u.created_at >= v_from and u.created_at < v_to
  ),
  people as (
    select r.user_id from runs r where r.user_id is not null
    union
    select a.user_id from activity a
  ),
  newcomers as (
    select p.user_id from people p
    where not exists (select 1 from analytics.user_activity u
                      where u.workspace_id = aggregate_day.workspace_id and u.user_id = p.user_id and u.created_at < v_from)
      and not exists (select 1 from public.executions e
                      where e.user_id = p.user_id and e.started_at < v_from and e.workspace_id = aggregate_day.workspace_id)
  ),
  sessions as (
    select a.session_id, count(*) as events, extract(epoch from max(a.created_at) - min(a.created_at)) as seconds
    from activity a where a.session_id is not null group by a.session_id
  ),
  run_stats as (
    select count(*)::int as total_runs,
      count(*) filter (where r.status = 'succeeded')::int as successful_runs,
      count(*) filter (where r.status in ('failed', 'timeout'))::int as failed_runs,
      count(*) filter (where r.status = 'canceled')::int as cancelled_runs,
      round(avg(r.duration_ms) / 1000.0, 2) as avg_s,
      percentile_cont(array[0.5, 0.95, 0.99]) within group (order by r.duration_ms / 1000.0::double precision) as p,
      coalesce(sum(r.cost_usd), 0) as credits,
      round(avg(r.cost_usd), 6) as avg_credits,
      private.sum_by(array_agg(coalesce(r.model, 'unknown')), array_agg(r.cost_usd)) as credits_by_model,
      count(distinct r.agent_id)::int as unique_agents,
      private.count_by(array_agg(coalesce(r.error_type, 'unknown')) filter (where r.status in ('failed', 'timeout'))) as errors_by_type
    from runs r
  ),
  top as (
    select coalesce(jsonb_agg(jsonb_build_object('agent_id', t.agent_id, 'slug', a.slug, 'name', a.name, 'runs', t.runs, 'credits', t.credits)
      order by t.runs desc, t.credits desc, a.slug), '[]'::jsonb) as agents
    from (
      select r.agent_id, count(*) as runs, sum(r.cost_usd) as credits
      from runs r where r.agent_id is not null
      group by r.agent_id
      order by count(*) desc, sum(r.cost_usd) desc, r.agent_id
      limit 5
    ) t
    join public.agents a on a.id = t.agent_id
  ),
  summary as (
    select
      (select count(*) from public.workspace_members m where m.workspace_id = aggregate_day.workspace_id and m.created_at < v_to)::int as total_users,
      (select count(*) from people)::int as active_users,
      (select count(*) from newcomers)::int as new_users,
      (select count(*) from sessions)::int as total_sessions,
      (select round(avg(s.seconds), 2) from sessions s) as avg_session,
      (select round(100.0 * count(*) filter (where s.events = 1) / nullif(count(*), 0), 2) from sessions s) as bounce_rate,
      (select count(*) from activity) as activity_events,
      rs.*, t.agents as top_agents
    from run_stats rs, top t
  ),
  upserted as (
    insert into analytics.daily_metrics as d (metric_date, workspace_id, total_users, active_users, new_users, returning_users,
      total_sessions, avg_session_duration_seconds, bounce_rate, total_runs, successful_runs, failed_runs, cancelled_runs,
      avg_runtime_seconds, median_runtime_seconds, p95_runtime_seconds, p99_runtime_seconds, total_credits_consumed,
      avg_credits_per_run, credits_by_model, unique_agents_run, top_agents, total_errors, error_rate, errors_by_type)
    select aggregate_day.day, aggregate_day.workspace_id, s.total_users, s.active_users, s.new_users, s.active_users - s.new_users,
      s.total_sessions, s.avg_session, s.bounce_rate, s.total_runs, s.successful_runs, s.failed_runs, s.cancelled_runs,
      s.avg_s, round(s.p[1]::numeric, 2), round(s.p[2]::numeric, 2), round(s.p[3]::numeric, 2), s.credits,
      s.avg_credits, s.credits_by_model, s.unique_agents, s.top_agents, s.failed_runs,
      round(100.0 * s.failed_runs / nullif(s.total_runs, 0), 2), s.errors_by_type
    from summary s
    where s.total_runs > 0 or s.activity_events > 0
    on conflict on constraint daily_metrics_date_workspace_key do update set
      total_users = excluded.total_users, active_users = excluded.active_users, new_users = excluded.new_users,
      returning_users = excluded.returning_users, total_sessions = excluded.total_sessions,
      avg_session_duration_seconds = excluded.avg_session_duration_seconds, bounce_rate = excluded.bounce_rate,
      total_runs = excluded.total_runs, successful_runs = excluded.successful_runs, failed_runs = excluded.failed_runs,
      cancelled_runs = excluded.cancelled_runs, avg_runtime_seconds = excluded.avg_runtime_seconds,
      median_runtime_seconds = excluded.median_runtime_seconds, p95_runtime_seconds = excluded.p95_runtime_seconds,
      p99_runtime_seconds = excluded.p99_runtime_seconds, total_credits_consumed = excluded.total_credits_consumed,
      avg_credits_per_run = excluded.avg_credits_per_run, credits_by_model = excluded.credits_by_model,
      unique_agents_run = excluded.unique_agents_run, top_agents = excluded.top_agents, total_errors = excluded.total_errors,
      error_rate = excluded.error_rate, errors_by_type = excluded.errors_by_type
    returning 1
  ),
  gone as (
    delete from analytics.daily_metrics d
    where d.workspace_id = aggregate_day.workspace_id and d.metric_date = aggregate_day.day
      and exists (select 1 from summary s where s.total_runs = 0 and s.activity_events = 0)
    returning 1
  )
  select (select count(*) from upserted) + (select count(*) from gone) into v_n;
end;
$$;
comment on function private.aggregate_day(uuid, date) is 'Recomputes analytics.agent_performance and analytics.daily_metrics of one workspace and UTC day from raw runs and activity; removes rows the day no longer has data for.';

-- seed 002 aggregate_daily_metrics, on demand
create function analytics.aggregate_daily_metrics(target_date date, target_workspace_id uuid default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_ws uuid;
  v_from timestamptz := aggregate_daily_metrics.target_date::timestamp at time zone 'UTC';
  v_to timestamptz := (aggregate_daily_metrics.target_date + 1)::timestamp at time zone 'UTC';
begin
  if aggregate_daily_metrics.target_date is null then
    raise exception 'target_date is required' using errcode = 'AO422', column = 'target_date', hint = 'validation_failed';
  end if;
  for v_ws in
    select w.id from public.workspaces w
    where (aggregate_daily_metrics.target_workspace_id is null or w.id = aggregate_daily_metrics.target_workspace_id)
      and (exists (select 1 from public.executions e where e.workspace_id = w.id and e.started_at >= v_from and e.started_at < v_to)
        or exists (select 1 from analytics.user_activity u where u.workspace_id = w.id and u.created_at >= v_from and u.created_at < v_to)
        or exists (select 1 from analytics.daily_metrics d where d.workspace_id = w.id and d.metric_date = aggregate_daily_metrics.target_date)
        or exists (select 1 from analytics.agent_performance a where a.workspace_id = w.id and a.metric_date = aggregate_daily_metrics.target_date))
    order by w.id
  loop
    if private.rollup_day_sealed(v_ws, aggregate_daily_metrics.target_date) then
      -- retention purged raw runs of this day: recomputing would shrink it to what is left
      if aggregate_daily_metrics.target_workspace_id is not null then
        raise exception 'the day % of workspace % is sealed: retention purged some of its raw runs, so its rollups are kept as they were and not recomputed',
          aggregate_daily_metrics.target_date, v_ws
          using errcode = 'AO409', column = 'target_date', hint = 'day_sealed';
      end if;
      raise notice 'the day % of workspace % is sealed (raw runs purged by retention): its rollups are kept, not recomputed', aggregate_daily_metrics.target_date, v_ws;
      continue;
    end if;
    perform private.aggregate_day(v_ws, aggregate_daily_metrics.target_date);
  end loop;
end;
$$;
comment on function analytics.aggregate_daily_metrics(date, uuid) is
  'Seed 002: recomputes daily_metrics and agent_performance of a UTC day from raw rows, for one workspace or every workspace with data that day. The daily job does the same for dirty days only. A sealed day (retention purged some of its raw runs) is never recomputed: for one workspace the call fails with AO409 day_sealed; for every workspace it is skipped with a notice. Security definer so that the service role may run it; not executable by API users.';

-- the daily job: recompute the dirty days
create function private.rollup_dirty_days(max_days int default 200, wait boolean default false)
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
    perform private.try_job_lock('analytics-rollup-daily', true);
  elsif not private.try_job_lock('analytics-rollup-daily') then
    return -1;
  end if;

  for v_key in
    with chosen as (
      select d.workspace_id, d.day
      from private.rollup_dirty_days d
      -- a day is computed once it is over (and again when late data reopens one of its hours);
      -- until then its figures are the day rows the hourly job keeps by difference
      where d.day < (now() at time zone 'UTC')::date
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
    -- a day whose raw runs retention purged in part keeps its rollups (sealed)
    if not private.rollup_day_sealed(v_key.workspace_id, v_key.day) then
      perform private.aggregate_day(v_key.workspace_id, v_key.day);
    end if;
    v_done := v_done + 1;
  end loop;
  return v_done;
end;
$$;

comment on function private.rollup_dirty_days(int, boolean) is
  'Job analytics-rollup-daily (every five minutes): recomputes agent_performance and daily_metrics from raw runs for the dirty (workspace, day) buckets of days that are over (today waits until it is over; its figures meanwhile: agent_stats_day and workspace_stats_day), at most about max_days per run; sealed days (raw runs purged) are taken off the log and left as they are. Skips (returns -1) when another run holds the lock unless wait. Returns the number of days taken off the log.';

-- daily and weekly figures from the day rows the hourly job keeps (sums of the hourly rows), percentiles from the
-- day's or week's histogram (within 4.43 % of the exact nearest-rank value; see histogram_percentile)
create view analytics.agent_stats_daily with (security_invoker = true) as
select d.workspace_id, d.agent_id, d.day,
  d.runs, d.succeeded, d.failed, d.canceled, d.duration_count,
  round(d.duration_sum_ms::numeric / nullif(d.duration_count, 0), 2) as latency_avg_ms,
  d.latency_p50_ms, d.latency_p95_ms, d.latency_p99_ms,
  (d.tokens_in + d.tokens_out)::bigint as tokens, d.cost_usd,
  round(d.rating_sum::numeric / nullif(d.rating_count, 0), 2) as avg_rating
from analytics.agent_stats_day d;
comment on view analytics.agent_stats_daily is 'Per agent and UTC day: analytics.agent_stats_day (the sums of the hourly rows, kept by the hourly job) with averages; percentiles read off the day''s histogram when it changed (at most 4.43 % from the exact nearest-rank value). Exact daily percentiles: analytics.agent_performance.';

create view analytics.agent_stats_weekly with (security_invoker = true) as
select g.workspace_id, g.agent_id, g.week, g.runs, g.succeeded, g.failed, g.canceled, g.duration_count, g.latency_avg_ms,
  round(g.p[1]::numeric, 2) as latency_p50_ms, round(g.p[2]::numeric, 2) as latency_p95_ms, round(g.p[3]::numeric, 2) as latency_p99_ms,
  g.tokens, g.cost_usd, g.avg_rating
from (
  select d.workspace_id, d.agent_id, date_trunc('week', d.day)::date as week,
    sum(d.runs)::int as runs, sum(d.succeeded)::int as succeeded, sum(d.failed)::int as failed, sum(d.canceled)::int as canceled,
    sum(d.duration_count)::int as duration_count,
    round(sum(d.duration_sum_ms)::numeric / nullif(sum(d.duration_count), 0), 2) as latency_avg_ms,
    analytics.histogram_percentiles(analytics.histogram_sum(array_agg(d.latency_histogram)), array[0.5, 0.95, 0.99]) as p,
    sum(d.tokens_in + d.tokens_out)::bigint as tokens, sum(d.cost_usd) as cost_usd,
    round(sum(d.rating_sum)::numeric / nullif(sum(d.rating_count), 0), 2) as avg_rating
  from analytics.agent_stats_day d
  group by d.workspace_id, d.agent_id, date_trunc('week', d.day)::date
) g;
comment on view analytics.agent_stats_weekly is 'Per agent and ISO week (Monday, UTC), summed from the day rows; percentiles from the week''s merged histogram, one merge per week (within 4.43 %).';

create view analytics.workspace_stats_daily with (security_invoker = true) as
select d.workspace_id, d.day,
  d.runs, d.succeeded, d.failed, d.canceled, d.duration_count,
  round(d.duration_sum_ms::numeric / nullif(d.duration_count, 0), 2) as latency_avg_ms,
  d.latency_p50_ms, d.latency_p95_ms, d.latency_p99_ms,
  (d.tokens_in + d.tokens_out)::bigint as tokens, d.cost_usd,
  round(d.rating_sum::numeric / nullif(d.rating_count, 0), 2) as avg_rating
from analytics.workspace_stats_day d;
comment on view analytics.workspace_stats_daily is 'Per workspace and UTC day (the runs-per-day chart): analytics.workspace_stats_day, kept by the hourly job from the hourly rows, with percentiles precomputed off the day''s histogram (within 4.43 %); a filter on day is an index-only range scan. Exact daily figures: analytics.daily_metrics.';

create view analytics.workspace_stats_weekly with (security_invoker = true) as
select g.workspace_id, g.week, g.runs, g.succeeded, g.failed, g.canceled, g.duration_count, g.latency_avg_ms,
  round(g.p[1]::numeric, 2) as latency_p50_ms, round(g.p[2]::numeric, 2) as latency_p95_ms, round(g.p[3]::numeric, 2) as latency_p99_ms,
  g.tokens, g.cost_usd, g.avg_rating
from (
  select d.workspace_id, date_trunc('week', d.day)::date as week,
    sum(d.runs)::int as runs, sum(d.succeeded)::int as succeeded, sum(d.failed)::int as failed, sum(d.canceled)::int as canceled,
    sum(d.duration_count)::int as duration_count,
    round(sum(d.duration_sum_ms)::numeric / nullif(sum(d.duration_count), 0), 2) as latency_avg_ms,
    analytics.histogram_percentiles(analytics.histogram_sum(array_agg(d.latency_histogram)), array[0.5, 0.95, 0.99]) as p,
    sum(d.tokens_in + d.tokens_out)::bigint as tokens, sum(d.cost_usd) as cost_usd,
    round(sum(d.rating_sum)::numeric / nullif(sum(d.rating_count), 0), 2) as avg_rating
  from analytics.workspace_stats_day d
  group by d.workspace_id, date_trunc('week', d.day)::date
) g;
comment on view analytics.workspace_stats_weekly is 'Per workspace and ISO week (Monday, UTC), summed from the day rows; percentiles from the week''s merged histogram, one merge per week (within 4.43 %).';

-- seed 002 hourly_metrics and seed 000 metrics_hourly: the hourly rows under the seeds' names
create view analytics.hourly_metrics with (security_invoker = true) as
select h.id, h.hour as metric_hour, h.workspace_id, h.unique_users as active_users, h.runs as total_runs,
  h.succeeded as successful_runs, h.failed as failed_runs, round(h.cost_usd, 2) as total_credits,
  round(h.latency_avg_ms)::int as avg_response_time_ms, round(h.latency_p95_ms)::int as p95_response_time_ms,
  h.computed_at as created_at
from analytics.workspace_stats_hourly h;
comment on view analytics.hourly_metrics is 'Seed 002 hourly_metrics: workspace_stats_hourly with the seed''s column names (active_users are the people with runs in the hour).';

create view public.metrics_hourly with (security_invoker = true) as
select h.id, h.workspace_id, h.agent_id, h.hour, h.runs as total_requests, h.succeeded as success_count, h.failed as error_count,
  h.latency_avg_ms as avg_latency_ms, round(h.latency_p99_ms)::int as p99_latency_ms, (h.tokens_in + h.tokens_out)::bigint as total_tokens,
  h.cost_usd as total_cost, h.avg_rating as avg_user_rating
from analytics.agent_stats_hourly h
where h.agent_id is not null;
comment on view public.metrics_hourly is 'Seed 000 metrics_hourly: per agent and hour, from analytics.agent_stats_hourly.';

-- seed 000 section 6, reading the rollups rather than raw rows
create view public.agent_performance_summary with (security_invoker = true) as
select a.id as agent_uuid, a.slug as agent_id, a.name, a.workspace_id,
  coalesce(s.runs, 0)::bigint as total_executions,
  round(100.0 * s.succeeded / nullif(s.runs, 0), 2) as success_rate,
  round(s.duration_sum_ms::numeric / nullif(s.duration_count, 0), 2) as avg_latency_ms,
  round(coalesce(s.cost_usd, 0), 4) as total_cost,
  round(s.rating_sum::numeric / nullif(s.rating_count, 0), 2) as avg_rating,
  (select h.last_run_at from analytics.agent_stats_hourly h
   where h.agent_id = a.id and h.workspace_id = a.workspace_id order by h.hour desc limit 1) as last_execution
from public.agents a
left join lateral (
  -- an index-only scan of the agent's day rows (the key's index carries these columns)
  select sum(d.runs) as runs, sum(d.succeeded) as succeeded, sum(d.duration_sum_ms) as duration_sum_ms,
    sum(d.duration_count) as duration_count, sum(d.cost_usd) as cost_usd, sum(d.rating_sum) as rating_sum, sum(d.rating_count) as rating_count
  from analytics.agent_stats_day d
  where d.workspace_id = a.workspace_id and d.agent_id = a.id
) s on true;
comment on view public.agent_performance_summary is 'Seed 000 agent_performance_summary: per agent, over its day rows (analytics.agent_stats_day, kept by the hourly job, today included): runs, success rate (percent of all runs), average latency, cost, rating, and the latest run (from its newest hourly row). Lags raw runs by at most a minute.';

revoke all on function analytics.update_updated_at() from public;
revoke all on function private.aggregate_day(uuid, date) from public;
revoke all on function analytics.aggregate_daily_metrics(date, uuid) from public, anon, authenticated;
revoke all on function private.rollup_dirty_days(int, boolean) from public;
grant execute on function analytics.aggregate_daily_metrics(date, uuid) to service_role;

revoke all on analytics.agent_performance, analytics.daily_metrics from anon, authenticated;
grant select on analytics.agent_performance, analytics.daily_metrics to authenticated, service_role;
revoke all on analytics.agent_stats_daily, analytics.agent_stats_weekly, analytics.workspace_stats_daily, analytics.workspace_stats_weekly,
  analytics.hourly_metrics, public.metrics_hourly, public.agent_performance_summary from anon, authenticated;
grant select on analytics.agent_stats_daily, analytics.agent_stats_weekly, analytics.workspace_stats_daily, analytics.workspace_stats_weekly,
  analytics.hourly_metrics, public.metrics_hourly, public.agent_performance_summary to authenticated, service_role;

alter table analytics.agent_performance enable row level security;
alter table analytics.daily_metrics enable row level security;

create policy agent_performance_select on analytics.agent_performance for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
create policy daily_metrics_select on analytics.daily_metrics for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
