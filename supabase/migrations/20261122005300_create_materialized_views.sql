-- Seed 002's materialized views: mv_active_users (DAU/WAU/MAU per workspace and day),
-- mv_top_agents (last 30 days per agent, exact median), mv_workspace_summary; refreshed
-- concurrently on schedule (each has a unique index over non-null columns). A materialized view
-- has no row level security, so API roles cannot select them: they read the views
-- analytics.active_users, analytics.top_agents and analytics.workspace_summary, which return only
-- the caller's workspaces. Also the daily cohort computation (analytics.user_cohorts).

create materialized view analytics.mv_active_users as
with activity as (
  select (u.created_at at time zone 'UTC')::date as activity_date, u.user_id, u.workspace_id
  from analytics.user_activity u
  where u.workspace_id is not null and u.created_at >= now() - interval '120 days'
  union
  select (e.started_at at time zone 'UTC')::date, e.user_id, e.workspace_id
  from public.executions e
  where e.user_id is not null and e.started_at >= now() - interval '120 days'
),
days as (
  select w.workspace_id, d::date as activity_date
  from (select distinct a.workspace_id from activity a) w
  cross join generate_series((now() at time zone 'UTC')::date - 89, (now() at time zone 'UTC')::date, interval '1 day') as d
)
select d.activity_date, d.workspace_id,
  count(distinct a.user_id) filter (where a.activity_date = d.activity_date)::int as daily_active_users,
  count(distinct a.user_id) filter (where a.activity_date > d.activity_date - 7)::int as weekly_active_users,
  count(distinct a.user_id)::int as monthly_active_users
from days d
join activity a on a.workspace_id = d.workspace_id and a.activity_date > d.activity_date - 30 and a.activity_date <= d.activity_date
group by d.activity_date, d.workspace_id
with data;
comment on materialized view analytics.mv_active_users is 'Seed 002: per workspace and UTC day of the last 90, the people active (dashboard activity or a run) that day (DAU), in the 7 days ending that day (WAU) and in the 30 days ending that day (MAU). Read it through analytics.active_users.';

-- mv_top_agents keeps seed 002's shape: a nested loop over the agents reads each agent's runs
-- already grouped, so the exact median and the distinct people sort one agent's runs at a time
-- (a single grouped pass over the window measured the same at 1M runs and 10.1-14.3 s at 10M
-- against 7.7 s for this one in an earlier run: it sorts the whole window first). Neither figure
-- adds up across hourly rollups (docs/performance.md, item 11 of issue 14).
create materialized view analytics.mv_top_agents as
select a.id as agent_id, a.name as agent_name, a.slug as agent_slug, a.workspace_id,
  count(e.id)::int as total_runs_30d,
  count(e.id) filter (where e.status = 'succeeded')::int as successful_runs_30d,
  coalesce(round(100.0 * count(e.id) filter (where e.status = 'succeeded') / nullif(count(e.id), 0), 2), 0) as success_rate,
  round(avg(e.duration_ms) / 1000.0, 3) as avg_runtime,
  round((percentile_cont(0.5) within group (order by e.duration_ms / 1000.0::double precision))::numeric, 3) as median_runtime,
  coalesce(sum(e.cost_usd), 0) as total_credits_30d,
  count(distinct e.user_id)::int as unique_users_30d,
  max(e.started_at) as last_run_at
from public.agents a
left join public.executions e on e.agent_id = a.id and e.workspace_id = a.workspace_id and e.started_at >= now() - interval '30 days'
group by a.id, a.name, a.slug, a.workspace_id
with data;
comment on materialized view analytics.mv_top_agents is 'Seed 002: every agent''s last 30 days: runs, successes, success rate (percent), average and exact median runtime (seconds), credits (USD), people, latest run. Read it through analytics.top_agents.';

-- mv_workspace_summary reads the window's runs in one grouped pass: seed 002's lateral scan per
-- workspace visited nearly every page of the window once per workspace (23.4 s at 10M runs)
create materialized view analytics.mv_workspace_summary as
with per_person as (
  -- the window's runs summed per workspace and person: the distinct people are then the groups
  select e.workspace_id, e.user_id, count(*) as runs, sum(e.cost_usd) as credits, sum(e.duration_ms) as duration_sum,
    count(e.duration_ms) as duration_count
  from public.executions e
  where e.started_at >= now() - interval '30 days'
  group by e.workspace_id, e.user_id
),
per_workspace as (
  -- (avg(duration_ms) is this same quotient: the sum over the count, as numeric)
  select p.workspace_id, sum(p.runs) as runs, sum(p.credits) as credits,
    round(sum(p.duration_sum)::numeric / nullif(sum(p.duration_count), 0) / 1000.0, 3) as avg_runtime, count(p.user_id) as users
  from per_person p
  group by p.workspace_id
)
select w.id as workspace_id, w.name as workspace_name,
  (select count(*) from public.workspace_members m where m.workspace_id = w.id)::int as total_members,
  (select count(*) from public.agents a where a.workspace_id = w.id)::int as total_agents,
  coalesce(r.runs, 0)::int as total_runs_30d,
  coalesce(r.credits, 0) as total_credits_30d,
  r.avg_runtime as avg_runtime_30d,
  coalesce(r.users, 0)::int as active_users_30d
from public.workspaces w
left join per_workspace r on r.workspace_id = w.id
with data;
comment on materialized view analytics.mv_workspace_summary is 'Seed 002: per workspace, members, agents, and the last 30 days of runs, credits (USD), average runtime (seconds) and people with runs. Read it through analytics.workspace_summary.';

create unique index mv_active_users_activity_date_workspace_id_idx on analytics.mv_active_users (activity_date, workspace_id);
create index mv_active_users_workspace_id_activity_date_idx on analytics.mv_active_users (workspace_id, activity_date desc);
create unique index mv_top_agents_agent_id_idx on analytics.mv_top_agents (agent_id);
create index mv_top_agents_workspace_id_runs_idx on analytics.mv_top_agents (workspace_id, total_runs_30d desc);
create unique index mv_workspace_summary_workspace_id_idx on analytics.mv_workspace_summary (workspace_id);

-- the caller's rows of each materialized view
create function private.active_users_rows()
returns setof analytics.mv_active_users
language sql
stable
security definer
set search_path = ''
as $$
  select m.* from analytics.mv_active_users m where m.workspace_id in (select private.workspace_ids('viewer'))
$$;
comment on function private.active_users_rows() is 'The rows of mv_active_users in the caller''s workspaces. Security definer: a materialized view has no RLS, so API roles cannot select it directly.';

create function private.top_agents_rows()
returns setof analytics.mv_top_agents
language sql
stable
security definer
set search_path = ''
as $$
  select m.* from analytics.mv_top_agents m where m.workspace_id in (select private.workspace_ids('viewer'))
$$;
comment on function private.top_agents_rows() is 'The rows of mv_top_agents in the caller''s workspaces. Security definer: a materialized view has no RLS.';

create function private.workspace_summary_rows()
returns setof analytics.mv_workspace_summary
language sql
stable
security definer
set search_path = ''
as $$
  select m.* from analytics.mv_workspace_summary m where m.workspace_id in (select private.workspace_ids('viewer'))
$$;
comment on function private.workspace_summary_rows() is 'The rows of mv_workspace_summary in the caller''s workspaces. Security definer: a materialized view has no RLS.';

create view analytics.active_users with (security_invoker = true) as
select r.activity_date, r.workspace_id, r.daily_active_users, r.weekly_active_users, r.monthly_active_users
from private.active_users_rows() r;
comment on view analytics.active_users is 'DAU/WAU/MAU per workspace and day (mv_active_users), only the caller''s workspaces. Refreshed every 10 minutes.';

create view analytics.top_agents with (security_invoker = true) as
select r.agent_id, r.agent_name, r.agent_slug, r.workspace_id, r.total_runs_30d, r.successful_runs_30d, r.success_rate, r.avg_runtime,
  r.median_runtime, r.total_credits_30d, r.unique_users_30d, r.last_run_at
from private.top_agents_rows() r;
comment on view analytics.top_agents is 'Agents'' last 30 days (mv_top_agents), only the caller''s workspaces; order by total_runs_30d desc for the top. Refreshed every 10 minutes.';

create view analytics.workspace_summary with (security_invoker = true) as
select r.workspace_id, r.workspace_name, r.total_members, r.total_agents, r.total_runs_30d, r.total_credits_30d, r.avg_runtime_30d,
  r.active_users_30d
from private.workspace_summary_rows() r;
comment on view analytics.workspace_summary is 'The caller''s workspaces'' 30-day summary (mv_workspace_summary). Refreshed every 10 minutes.';

-- seed 002 refresh_all_materialized_views
create function analytics.refresh_all_materialized_views()
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  refresh materialized view concurrently analytics.mv_active_users;
  refresh materialized view concurrently analytics.mv_top_agents;
  refresh materialized view concurrently analytics.mv_workspace_summary;
end;
$$;
comment on function analytics.refresh_all_materialized_views() is
  'Seed 002: refreshes the three materialized views concurrently (readers are never blocked). Security definer: refreshing needs the owner''s rights; executable by the service role only.';

create function private.refresh_materialized_views()
returns boolean
language plpgsql
volatile
set search_path = ''
as $$
begin
  if not private.try_job_lock('analytics-refresh-views') then
    return false;
  end if;
  perform analytics.refresh_all_materialized_views();
  return true;
end;
$$;
comment on function private.refresh_materialized_views() is 'Job analytics-refresh-views (every 10 minutes): refresh_all_materialized_views, skipped (false) while a previous refresh still runs.';

-- cohorts: people first seen in a workspace on a day, and who came back 1, 7 and 30 days later
create function private.compute_user_cohorts(at timestamptz default now(), days_back int default 40)
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_today date := (compute_user_cohorts.at at time zone 'UTC')::date;
  v_from date := v_today - greatest(compute_user_cohorts.days_back, 1);
  v_n int;
begin
  if not private.try_job_lock('analytics-cohorts') then
    return -1;
  end if;

  with seen as (
    select u.workspace_id, u.user_id, (u.created_at at time zone 'UTC')::date as day
    from analytics.user_activity u
    where u.workspace_id is not null
      and u.created_at >= v_from::timestamp at time zone 'UTC' and u.created_at < v_today::timestamp at time zone 'UTC'
    union
    select e.workspace_id, e.user_id, (e.started_at at time zone 'UTC')::date
    from public.executions e
    where e.user_id is not null
      and e.started_at >= v_from::timestamp at time zone 'UTC' and e.started_at < v_today::timestamp at time zone 'UTC'
  ),
  first_seen as (
    select s.workspace_id, s.user_id, min(s.day) as cohort_date
    from seen s
    group by s.workspace_id, s.user_id
  ),
  newcomers as (
    select f.* from first_seen f
    where not exists (select 1 from analytics.user_activity u
                      where u.workspace_id = f.workspace_id and u.user_id = f.user_id and u.created_at < f.cohort_date::timestamp at time zone 'UTC')
      and not exists (select 1 from public.executions e
                      where e.user_id = f.user_id and e.started_at < f.cohort_date::timestamp at time zone 'UTC' and e.workspace_id = f.workspace_id)
  ),
  cohort_stats as (
    select n.workspace_id, n.cohort_date, count(*)::int as initial_users,
      count(*) filter (where exists (select 1 from seen s where s.workspace_id = n.workspace_id and s.user_id = n.user_id and s.day = n.cohort_date + 1)) as back_1,
      count(*) filter (where exists (select 1 from seen s where s.workspace_id = n.workspace_id and s.user_id = n.user_id and s.day = n.cohort_date + 7)) as back_7,
      count(*) filter (where exists (select 1 from seen s where s.workspace_id = n.workspace_id and s.user_id = n.user_id and s.day = n.cohort_date + 30)) as back_30,
      sum((select coalesce(sum(e.cost_usd), 0) from public.executions e
           where e.workspace_id = n.workspace_id and e.user_id = n.user_id
             and e.started_at >= n.cohort_date::timestamp at time zone 'UTC'
             and e.started_at < (n.cohort_date + 30)::timestamp at time zone 'UTC')) as cost_30,
      sum((select coalesce(sum(e.cost_usd), 0) from public.executions e
           where e.workspace_id = n.workspace_id and e.user_id = n.user_id
             and e.started_at >= n.cohort_date::timestamp at time zone 'UTC'
             and e.started_at < (n.cohort_date + 1)::timestamp at time zone 'UTC')) as cost_1
    from newcomers n
    group by n.workspace_id, n.cohort_date
  ),
  upserted as (
    insert into analytics.user_cohorts as c (cohort_period, cohort_date, workspace_id, initial_users, retention_data, ltv_estimate,
      avg_revenue_per_user, churn_rate)
    select 'daily', s.cohort_date, s.workspace_id, s.initial_users,
      jsonb_build_object(
        'day_1', case when s.cohort_date + 1 < v_today then round(100.0 * s.back_1 / s.initial_users, 2) end,
        'day_7', case when s.cohort_date + 7 < v_today then round(100.0 * s.back_7 / s.initial_users, 2) end,
        'day_30', case when s.cohort_date + 30 < v_today then round(100.0 * s.back_30 / s.initial_users, 2) end),
      round(s.cost_30 / s.initial_users, 2), round(s.cost_1 / s.initial_users, 2),
      case when s.cohort_date + 30 < v_today then round(100.0 - 100.0 * s.back_30 / s.initial_users, 2) end
    from cohort_stats s
    on conflict on constraint user_cohorts_period_date_workspace_key do update set
      initial_users = excluded.initial_users, retention_data = excluded.retention_data, ltv_estimate = excluded.ltv_estimate,
      avg_revenue_per_user = excluded.avg_revenue_per_user, churn_rate = excluded.churn_rate
    returning 1
  )
  select count(*)::int into v_n from upserted;
  return v_n;
end;
$$;
comment on function private.compute_user_cohorts(timestamptz, int) is
  'Job analytics-cohorts (daily at 00:20 UTC): the daily cohorts of the last days_back days (people first seen in a workspace that day, by activity or runs) with the percent active again exactly 1, 7 and 30 days later (null until that day is over), churn and spend per person. Returns the number of cohorts written.';

revoke all on function private.active_users_rows() from public;
revoke all on function private.top_agents_rows() from public;
revoke all on function private.workspace_summary_rows() from public;
revoke all on function analytics.refresh_all_materialized_views() from public, anon, authenticated;
revoke all on function private.refresh_materialized_views() from public;
revoke all on function private.compute_user_cohorts(timestamptz, int) from public;
grant execute on function private.active_users_rows() to authenticated, service_role;
grant execute on function private.top_agents_rows() to authenticated, service_role;
grant execute on function private.workspace_summary_rows() to authenticated, service_role;
grant execute on function analytics.refresh_all_materialized_views() to service_role;

revoke all on analytics.mv_active_users, analytics.mv_top_agents, analytics.mv_workspace_summary from anon, authenticated;
grant select on analytics.mv_active_users, analytics.mv_top_agents, analytics.mv_workspace_summary to service_role;
revoke all on analytics.active_users, analytics.top_agents, analytics.workspace_summary from anon, authenticated;
grant select on analytics.active_users, analytics.top_agents, analytics.workspace_summary to authenticated, service_role;
