-- The dashboards' queries (docs/metrics.md) return what a hand computation gives: agent
-- performance summary, top agents, workspace summary, cost insights, DAU/WAU/MAU and the daily
-- metrics, on a small known data set; the same for the demo agents the seed creates. The
-- materialized views are readable only through the views that keep to the caller's workspaces.
begin;
select plan(18);

-- SETUP: a workspace, three people, one agent, four runs and three page views at known times.
-- Everything "recent" happens yesterday (UTC), so the test does not depend on the time of day.
select tests.create_user('owner@dash.test', '54000000-0000-4000-a000-000000000001');
select tests.create_user('viewer@dash.test', '54000000-0000-4000-a000-000000000002');
select tests.create_user('member@dash.test', '54000000-0000-4000-a000-000000000003');
select tests.create_user('outsider@dash.test', '54000000-0000-4000-a000-000000000004');
select tests.create_workspace('dash', '54000000-0000-4000-a000-000000000001');
select tests.create_workspace('dash-other', '54000000-0000-4000-a000-000000000004');
select tests.add_member((select id from public.workspaces where slug = 'dash'), '54000000-0000-4000-a000-000000000002', 'viewer');
select tests.add_member((select id from public.workspaces where slug = 'dash'), '54000000-0000-4000-a000-000000000003', 'member');
select tests.create_agent((select id from public.workspaces where slug = 'dash'), 'dash-a');
update public.agents set tokens_per_day = 10000, cost_per_month = 30 where slug = 'dash-a';
create temporary table ctx on commit drop as
select (select id from public.workspaces where slug = 'dash') as ws, (select id from public.agents where slug = 'dash-a') as agent,
  (now() at time zone 'UTC')::date - 1 as d, ((now() at time zone 'UTC')::date - 1)::timestamp at time zone 'UTC' as d0;
grant select on ctx to authenticated;
update public.workspace_members set created_at = (select d0 - interval '60 days' from ctx) where workspace_id = (select ws from ctx);

insert into public.executions (workspace_id, agent_id, run_key, status, started_at, duration_ms, cost_usd, user_id, user_rating)
select c.ws, c.agent, v.k, v.status, c.d0 + v.at, v.ms, v.cost, v.who::uuid, v.rating
from ctx c, (values
  ('d1', 'succeeded', interval '10 hours', 1000, 0.10, '54000000-0000-4000-a000-000000000001', 5),
  ('d2', 'failed', interval '9 hours', 3000, 0.20, '54000000-0000-4000-a000-000000000002', null),
  ('d3', 'succeeded', interval '-2 days 12 hours', 2000, 0.30, '54000000-0000-4000-a000-000000000003', 3),
  ('d4', 'succeeded', interval '-39 days', 5000, 0.40, '54000000-0000-4000-a000-000000000001', null)) as v (k, status, at, ms, cost, who, rating);
insert into analytics.user_activity (user_id, workspace_id, event_type, session_id, created_at)
select v.who::uuid, c.ws, 'page_view', v.session::uuid, c.d0 + v.at
from ctx c, (values
  ('54000000-0000-4000-a000-000000000002', '54000000-0000-4000-e000-000000000001', interval '11 hours'),
  ('54000000-0000-4000-a000-000000000003', null, interval '-9 days'),
  ('54000000-0000-4000-a000-000000000001', null, interval '-19 days')) as v (who, session, at);
insert into public.agent_usage (workspace_id, agent_id, date, tokens_used, requests_count, cost_usd)
select c.ws, c.agent, private.utc_today(), 8500, 3, 0.85 from ctx c;

select private.rollup_dirty_hours(100000, true);
select private.rollup_dirty_days(100000, true);
select analytics.refresh_all_materialized_views();

-- TEST: agent performance summary (from the hourly rollups): 4 runs, 3 succeeded, mean 2750 ms, $1.00, ratings 5 and 3
select tests.authenticate_as('54000000-0000-4000-a000-000000000002');
select is((select row(total_executions, success_rate, avg_latency_ms, total_cost, avg_rating, last_execution)::text
           from public.agent_performance_summary where agent_id = 'dash-a'),
  (select row(4::bigint, 75.00, 2750.00, 1.0000, 4.00, d0 + interval '10 hours')::text from ctx), 'agent_performance_summary');

-- TEST: top agents (30 days): 3 runs, 2 succeeded, runtimes 1, 3 and 2 s, $0.60, three people
select is((select row(total_runs_30d, successful_runs_30d, success_rate, avg_runtime, median_runtime, total_credits_30d, unique_users_30d)::text
           from analytics.top_agents where agent_slug = 'dash-a'),
  row(3, 2, 66.67, 2.000, 2.000, 0.600000, 3)::text, 'top_agents');

-- TEST: workspace summary: 3 members, 1 agent, 3 runs, $0.60, 2 s on average, 3 people with runs
select is((select row(total_members, total_agents, total_runs_30d, total_credits_30d, avg_runtime_30d, active_users_30d)::text
           from analytics.workspace_summary where workspace_id = (select ws from ctx)),
  row(3, 1, 3, 0.600000, 2.000, 3)::text, 'workspace_summary');

-- TEST: cost insights: 8500 of 10000 tokens, $0.85 of a $1.00 day (30 / 30) is over 80 %
select is((select row(tokens_today, cost_today, daily_limit, usage_percentage, status)::text from public.cost_insights where agent_id = 'dash-a'),
  row(8500, 0.850000, 10000, 85.00, 'APPROACHING_LIMIT')::text, 'cost_insights');

-- TEST: DAU/WAU/MAU: yesterday two people (runs and a page view), three in the week and the month;
-- three days ago one person that day and in its week, two in its month
select is((select row(daily_active_users, weekly_active_users, monthly_active_users)::text from analytics.active_users
           where workspace_id = (select ws from ctx) and activity_date = (select d from ctx)), row(2, 3, 3)::text, 'DAU/WAU/MAU yesterday');
select is((select row(daily_active_users, weekly_active_users, monthly_active_users)::text from analytics.active_users
           where workspace_id = (select ws from ctx) and activity_date = (select d - 2 from ctx)), row(1, 1, 2)::text, 'DAU/WAU/MAU three days ago');

-- TEST: daily metrics of yesterday: two runs (one failed), median 2 s, one new person, one single-page session
select is((select row(total_runs, successful_runs, failed_runs, error_rate, median_runtime_seconds, total_credits_consumed, active_users,
                      new_users, returning_users, total_sessions, bounce_rate, total_users)::text
           from analytics.daily_metrics where workspace_id = (select ws from ctx) and metric_date = (select d from ctx)),
  row(2, 1, 1, 50.00, 2.00, 0.300000, 2, 1, 1, 1, 100.00, 3)::text, 'daily_metrics');
select is((select top_agents -> 0 ->> 'slug' from analytics.daily_metrics where workspace_id = (select ws from ctx) and metric_date = (select d from ctx)),
  'dash-a', 'daily_metrics names the top agent');
select is((select row(total_runs, successful_runs, failed_runs, p50_runtime_seconds, total_credits, unique_users)::text
           from analytics.agent_performance where agent_id = (select agent from ctx) and metric_date = (select d from ctx)),
  row(2, 1, 1, 2.00, 0.300000, 2)::text, 'agent_performance of yesterday');

-- TEST: the demo agents of the seed: writer 8 runs (5 succeeded), mean 4962.5 ms, $0.095, ratings 5, 4, 3, 4
select tests.authenticate_as('00000000-0000-4000-a000-000000000003');
select is((select row(total_executions, success_rate, avg_latency_ms, total_cost, avg_rating)::text
           from public.agent_performance_summary where agent_id = 'metrics-demo-writer'),
  row(8::bigint, 62.50, 4962.50, 0.0950, 4.00)::text, 'demo writer in agent_performance_summary');
select is((select row(total_executions, success_rate, avg_latency_ms, total_cost, avg_rating)::text
           from public.agent_performance_summary where agent_id = 'metrics-demo-researcher'),
  row(3::bigint, 66.67, 3500.00, 0.1010, 4.50)::text, 'demo researcher in agent_performance_summary');
select is((select row(total_runs_30d, success_rate, avg_runtime, median_runtime, total_credits_30d, unique_users_30d)::text
           from analytics.top_agents where agent_slug = 'metrics-demo-writer'),
  row(8, 62.50, 4.963, 1.350, 0.095000, 3)::text, 'demo writer in top_agents: median of 0.2 .. 30 s is 1.35 s');

-- TEST: each person sees only their workspaces; nobody selects a materialized view directly
select tests.authenticate_as('54000000-0000-4000-a000-000000000004');
select is((select count(*) from analytics.top_agents where workspace_id = (select ws from ctx)), 0::bigint, 'an outsider sees no top agents of the workspace');
select is((select count(*) from analytics.active_users where workspace_id = (select ws from ctx)), 0::bigint, 'nor its active users');
select is((select count(*) from analytics.workspace_summary where workspace_id = (select ws from ctx)), 0::bigint, 'nor its summary');
select ok((select count(*) from analytics.workspace_summary) = 1, 'but sees their own workspace''s summary');
select throws_ok($$select * from analytics.mv_top_agents$$, '42501', null, 'a materialized view is not selectable through the API');
select tests.authenticate_as_anon();
select throws_ok($$select * from analytics.top_agents$$, '42501', null, 'anon reads nothing');
select tests.clear_authentication();

select * from finish();
rollback;
