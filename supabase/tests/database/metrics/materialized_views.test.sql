-- The 30-day materialized views hold exactly what seed 002's definitions give, column types
-- included (mv_workspace_summary is rewritten to read the window's runs in one grouped pass; any
-- rewrite of mv_top_agents must pass the same check): random runs over 40 days (inside and outside the window, on both sides of its edge),
-- every status, runs without a duration, without a person, without an agent (n8n), an agent
-- without runs and a workspace without runs; the reference queries below are the seed's
-- definitions as they were.
begin;
select plan(4);

-- SETUP: two workspaces with runs, one without, four people, four agents (one never runs)
select setseed(0.5353);
select tests.create_user('owner@mv.test', '55000000-0000-4000-a000-000000000001');
select tests.create_user('u2@mv.test', '55000000-0000-4000-a000-000000000002');
select tests.create_user('u3@mv.test', '55000000-0000-4000-a000-000000000003');
select tests.create_user('u4@mv.test', '55000000-0000-4000-a000-000000000004');
select tests.create_workspace('mv-a', '55000000-0000-4000-a000-000000000001');
select tests.create_workspace('mv-b', '55000000-0000-4000-a000-000000000004');
select tests.create_workspace('mv-empty', '55000000-0000-4000-a000-000000000004');
select tests.add_member((select id from public.workspaces where slug = 'mv-a'), '55000000-0000-4000-a000-000000000002', 'member');
select tests.add_member((select id from public.workspaces where slug = 'mv-a'), '55000000-0000-4000-a000-000000000003', 'viewer');
select tests.create_agent((select id from public.workspaces where slug = 'mv-a'), 'mv-a1');
select tests.create_agent((select id from public.workspaces where slug = 'mv-a'), 'mv-a2');
select tests.create_agent((select id from public.workspaces where slug = 'mv-a'), 'mv-idle');
select tests.create_agent((select id from public.workspaces where slug = 'mv-b'), 'mv-b1');

insert into public.executions (workspace_id, agent_id, source, run_key, status, started_at, duration_ms, cost_usd, user_id)
select a.workspace_id, case when r.n8n then null else a.id end, case when r.n8n then 'n8n' else 'agent' end, 'mv-' || g, r.status,
  -- 40 days back to now, a few runs within a minute of the window's edge
  case when g % 50 = 0 then now() - interval '30 days' + (random() - 0.5) * interval '1 minute'
    else now() - random() * interval '40 days' end,
  case when r.status in ('running', 'queued') or random() < 0.05 then null else floor(exp(random() * 10))::int end,
  round((random() * 0.05)::numeric, 6),
  (array['55000000-0000-4000-a000-000000000001', '55000000-0000-4000-a000-000000000002', '55000000-0000-4000-a000-000000000003',
         '55000000-0000-4000-a000-000000000004', null]::uuid[])[1 + floor(random() * 5)::int]
from generate_series(1, 1500) g
cross join lateral (
  select (array['succeeded', 'succeeded', 'succeeded', 'failed', 'timeout', 'canceled', 'running', 'queued'])[1 + floor(random() * 8 + g * 0)::int] as status,
    random() < 0.15 + g * 0 as n8n
) r
cross join lateral (
  select ag.id, ag.workspace_id from public.agents ag where ag.slug in ('mv-a1', 'mv-a2', 'mv-b1')
  order by ag.slug offset floor(random() * 3 + g * 0)::int limit 1
) a;

refresh materialized view analytics.mv_top_agents;
refresh materialized view analytics.mv_workspace_summary;

-- TEST: mv_top_agents holds what seed 002's definition gives, row for row and type for type
select results_eq(
  $$select * from analytics.mv_top_agents order by agent_id$$,
  $$select a.id as agent_id, a.name as agent_name, a.slug as agent_slug, a.workspace_id,
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
    order by a.id$$,
  'mv_top_agents equals seed 002''s definition (exact median, distinct people, an agent without runs)');

-- TEST: mv_workspace_summary holds what seed 002's definition gives
select results_eq(
  $$select * from analytics.mv_workspace_summary order by workspace_id$$,
  $$select w.id as workspace_id, w.name as workspace_name,
      (select count(*) from public.workspace_members m where m.workspace_id = w.id)::int as total_members,
      (select count(*) from public.agents a where a.workspace_id = w.id)::int as total_agents,
      coalesce(r.runs, 0)::int as total_runs_30d,
      coalesce(r.credits, 0) as total_credits_30d,
      r.avg_runtime as avg_runtime_30d,
      coalesce(r.users, 0)::int as active_users_30d
    from public.workspaces w
    left join lateral (
      select count(*) as runs, sum(e.cost_usd) as credits, round(avg(e.duration_ms) / 1000.0, 3) as avg_runtime, count(distinct e.user_id) as users
      from public.executions e
      where e.workspace_id = w.id and e.started_at >= now() - interval '30 days'
    ) r on true
    order by w.id$$,
  'mv_workspace_summary equals seed 002''s definition (runs without an agent or a person, a workspace without runs)');

-- TEST: the data exercises what the definitions distinguish (so that equal results mean something)
select ok((select count(*) filter (where total_runs_30d = 0) = 1 and count(*) filter (where total_runs_30d > 100) = 3
             and count(*) filter (where median_runtime is not null and unique_users_30d = 4) = 3
           from analytics.mv_top_agents where agent_slug like 'mv-%'),
  'three agents with runs (median, four people) and one without');
select ok((select count(*) filter (where total_runs_30d = 0 and avg_runtime_30d is null) = 1
             and count(*) filter (where total_runs_30d > 0 and active_users_30d = 4) = 2
             and (select count(*) from public.executions e where e.started_at < now() - interval '30 days') > 100
           from analytics.mv_workspace_summary where workspace_name in (select name from public.workspaces where slug like 'mv-%')),
  'two workspaces with runs (four people), one without; runs outside the window exist');

select * from finish();
rollback;
