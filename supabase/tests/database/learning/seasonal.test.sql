-- Seasonal patterns as seed 000 means them: per user (and per project and workspace), over any
-- metric runs or metric samples carry, for quarters, weekdays and named seasons (defaults summer
-- and holiday, replaced per workspace, one-off ranges); read from the history's daily rollups,
-- which outlive raw-run retention (a day retention empties is sealed, not recomputed); and the
-- cost_optimized event when a switch of model or pattern lowers the cost per successful run.
begin;
select plan(25);

-- SETUP
select tests.create_user('member@season.test', '67000000-0000-4000-a000-000000000001');
select tests.create_user('viewer@season.test', '67000000-0000-4000-a000-000000000002');
select tests.create_user('outsider@season.test', '67000000-0000-4000-a000-000000000003');
select tests.create_workspace('season', '67000000-0000-4000-a000-000000000001');
select tests.create_workspace('season-other', '67000000-0000-4000-a000-000000000003');
select tests.add_member((select id from public.workspaces where slug = 'season'), '67000000-0000-4000-a000-000000000002', 'viewer');
select tests.create_agent((select id from public.workspaces where slug = 'season'), 'season-agent');
select tests.create_agent((select id from public.workspaces where slug = 'season'), 'season-switcher');
select tests.create_agent((select id from public.workspaces where slug = 'season'), 'season-pricier');
select tests.create_agent((select id from public.workspaces where slug = 'season'), 'season-patterned');

create temporary table ctx as
select (select id from public.workspaces where slug = 'season') as ws, (select id from public.agents where slug = 'season-agent') as agent,
  '67000000-0000-4000-a000-000000000001'::uuid as member;
grant select on ctx to authenticated;

-- 2025 (365 days, window as of 1 Jan 2026): the member's run every day; one more every summer day
-- (1 June - 31 August, 92 days); 457 runs, $1 each
insert into public.executions (workspace_id, agent_id, run_key, user_id, status, started_at, cost_usd, tokens_in)
select c.ws, c.agent, 'day-' || d::date, c.member, 'succeeded', d + interval '9 hours', 1, 100
from ctx c cross join generate_series('2025-01-01'::timestamp, '2025-12-31', '1 day') d
union all
select c.ws, c.agent, 'summer-' || d::date, c.member, 'succeeded', d + interval '15 hours', 1, 300
from ctx c cross join generate_series('2025-06-01'::timestamp, '2025-08-31', '1 day') d;
-- a custom metric on each daily run: conversion 5 in summer, 2 otherwise
insert into public.metric_samples (workspace_id, agent_id, execution_id, metric_type, value, recorded_at)
select e.workspace_id, e.agent_id, e.id, 'conversion', case when e.started_at::date between '2025-06-01' and '2025-08-31' then 5 else 2 end, e.started_at
from public.executions e where e.workspace_id = (select ws from ctx) and e.run_key like 'day-%';
-- engagement on echo entries: CTR 1 on January's daily runs, 3 on July's
insert into public.echo_entries (workspace_id, execution_id, engagement_metrics)
select e.workspace_id, e.id, jsonb_build_object('ctr', case when extract(month from e.started_at) = 1 then 1 else 3 end, 'note', 'text is ignored')
from public.executions e where e.workspace_id = (select ws from ctx) and e.run_key like 'day-%' and extract(month from e.started_at) in (1, 7);
-- the workspace replaces the default holiday (15 Dec - 5 Jan) with 1-10 July, and adds a one-off launch week
insert into public.season_ranges (workspace_id, season, starts_on, ends_on, recurs_yearly)
select ws, 'holiday', '2000-07-01'::date, '2000-07-10'::date, true from ctx
union all select ws, 'launch-week', '2025-03-03'::date, '2025-03-09'::date, false from ctx;

select private.fill_history();
select private.compute_seasonal_patterns('2026-01-01');
create temporary view seasons with (security_invoker = true) as
select s.* from public.seasonal_patterns s where s.workspace_id = (select ws from ctx);
grant select on seasons to authenticated;

-- TEST: per user: baseline 457 / 365 = 1.252055 a day; summer 184 / 92 = 2 -> x 1.5974 (n = 184: confidence 92)
select results_eq($$select season_kind, baseline_value, season_value, seasonal_multiplier, sample_size, confidence from seasons
    where user_id = (select member from ctx) and project_id is null and metric_name = 'runs_per_day' and season = 'summer'$$,
  $$values ('named'::text, 1.252055::numeric, 2.000000::numeric, 1.5974::numeric, 184, 92)$$, 'per user: the default named season summer');
select is((select seasonal_multiplier from seasons where user_id is null and project_id is null and metric_name = 'runs_per_day' and season = 'summer'),
  1.5974::numeric, 'and for the whole workspace');
-- the workspace's holiday (1-10 July: 20 runs / 10 days = 2) replaced the default (15 Dec - 5 Jan would be 1 a day)
select results_eq($$select season_value, sample_size from seasons where user_id is null and project_id is null and metric_name = 'runs_per_day' and season = 'holiday'$$,
  $$values (2.000000::numeric, 20)$$, 'a workspace''s own range replaces the default season of the same name');
select results_eq($$select season_value, seasonal_multiplier, sample_size from seasons where user_id is null and metric_name = 'runs_per_day' and season = 'launch-week'$$,
  $$values (1.000000::numeric, 0.7987::numeric, 7)$$, 'a one-off range counts its dates only');
-- tokens per run: baseline (365 x 100 + 92 x 300) / 457 = 140.262582; summer (92 x 100 + 92 x 300) / 184 = 200 -> x 1.4259
select is((select seasonal_multiplier from seasons where user_id is null and project_id is null and metric_name = 'tokens_per_run' and season = 'summer'),
  1.4259::numeric, 'any run metric: tokens per run');
-- conversion (metric samples): baseline (92 x 5 + 273 x 2) / 365 = 2.756164; summer 5 -> x 1.8141
select results_eq($$select baseline_value, season_value, seasonal_multiplier, sample_size from seasons
    where user_id = (select member from ctx) and project_id is null and metric_name = 'conversion' and season = 'summer'$$,
  $$values (2.756164::numeric, 5.000000::numeric, 1.8141::numeric, 92)$$, 'any metric samples carry, per user: conversion');
-- ctr (echo entries' engagement): baseline (31 x 1 + 31 x 3) / 62 = 2; Q3 3 -> x 1.5; Q1 1 -> x 0.5; text values ignored
select results_eq($$select season, seasonal_multiplier, sample_size from seasons where user_id is null and project_id is null and metric_name = 'ctr'
    and season in ('Q1', 'Q3') order by season$$,
  $$values ('Q1'::text, 0.5000::numeric, 31), ('Q3', 1.5000, 31)$$, 'engagement from echo entries: ctr per quarter');
select is((select count(*) from seasons where metric_name = 'note'), 0::bigint, 'non-numeric engagement values are not metrics');
select is((select count(*) from public.history_metric_daily m where m.workspace_id = (select ws from ctx) and m.metric_name = 'conversion'
    and m.user_id = (select member from ctx)), 365::bigint, 'the metric rollup holds one row per user, day and metric');

-- TEST: the seed's view shows the person's patterns under user_id
select results_eq($$select user_id, project_id from public.history_seasonal_patterns v where v.workspace_id = (select ws from ctx)
    and v.metric_name = 'runs_per_day' and v.season = 'summer' order by user_id nulls last$$,
  $$values ('67000000-0000-4000-a000-000000000001'::uuid, null::text), (null, null)$$,
  'history_seasonal_patterns (seed 000): the per-user row under the person''s user_id, and the workspace''s (global) row');

-- TEST: beyond raw retention: retention deletes a day's successful runs; the day is sealed and history keeps its counts
insert into public.executions (workspace_id, agent_id, run_key, user_id, status, started_at, cost_usd)
select c.ws, c.agent, 'old-' || i, c.member, case when i = 3 then 'failed' else 'succeeded' end, now() - interval '120 days', 1
from ctx c cross join generate_series(1, 3) i;
select private.fill_history();
select private.archive_old_traces(now(), 100000);
select private.apply_retention('retention-successful-runs', now(), 100000);
select set_config('agentops.retention', '', true);  -- the jobs' marker lasts until their transaction ends: this test's
select is((select count(*) from public.executions where workspace_id = (select ws from ctx) and run_key like 'old-%'), 1::bigint,
  'retention deleted the two successful runs of that day (the failure stays)');
update public.executions set feedback = 'looked at it again' where workspace_id = (select ws from ctx) and run_key = 'old-3';
select private.fill_history();
select results_eq($$select total_generations, success_count, failure_count, sealed_at is not null from public.history_timeline
    where workspace_id = (select ws from ctx) and user_id = (select member from ctx) and time_bucket = 'daily'
      and period_start = ((now() - interval '120 days') at time zone 'utc')::date$$,
  $$values (3, 2, 1, true)$$, 'the sealed day is not recomputed from the one run left');
select is((select total_generations from public.history_timeline where workspace_id = (select ws from ctx) and user_id = (select member from ctx)
    and time_bucket = 'monthly' and period_start = date_trunc('month', (now() - interval '120 days') at time zone 'utc')::date), 3,
  'the month is the sum of its daily rows, so it keeps the deleted runs');

-- TEST: the year's seasonal patterns outlive the raw runs: retention deleted every 2025 run above (all succeeded, over 90 days old)
select is((select count(*) from public.executions where workspace_id = (select ws from ctx) and (run_key like 'day-%' or run_key like 'summer-%')),
  0::bigint, 'no raw run of 2025 is left');
select private.compute_seasonal_patterns('2026-01-01');
select results_eq($$select metric_name, seasonal_multiplier, sample_size from seasons where user_id = (select member from ctx) and project_id is null
    and season = 'summer' and metric_name in ('runs_per_day', 'conversion') order by metric_name$$,
  $$values ('conversion'::text, 1.8141::numeric, 92), ('runs_per_day', 1.5974, 184)$$,
  'recomputed from the sealed daily rollups, the seasonal patterns are unchanged');

-- TEST: a delete that is not retention is folded in at the next fill
insert into public.executions (workspace_id, agent_id, run_key, user_id, status, started_at, cost_usd)
select c.ws, c.agent, 'recent-' || i, c.member, 'succeeded', date_trunc('day', now() - interval '5 days') + interval '10 hours', 1
from ctx c cross join generate_series(1, 2) i;
select private.fill_history();
delete from public.executions where workspace_id = (select ws from ctx) and run_key = 'recent-1';
select private.fill_history();
select is((select total_generations from public.history_timeline where workspace_id = (select ws from ctx) and user_id = (select member from ctx)
    and time_bucket = 'daily' and period_start = ((now() - interval '5 days') at time zone 'utc')::date), 1, 'a deleted run leaves its day at the next fill');

-- TEST: cost_optimized: a model switch that lowered the cost per successful run by at least 10%
create function pg_temp.runs(agent text, prefix text, n int, ok int, model text, cost numeric, days_ago int)
returns void language sql as $$
  insert into public.executions (workspace_id, agent_id, run_key, status, started_at, model, cost_usd)
  select a.workspace_id, a.id, runs.prefix || i, case when i <= runs.ok then 'succeeded' else 'failed' end,
    now() - make_interval(days => runs.days_ago) + make_interval(hours => i), runs.model, runs.cost
  from public.agents a cross join generate_series(1, runs.n) i where a.slug = runs.agent
$$;
-- switcher: dear before (10 of 10 succeed, $1 each: $1 per success), cheap after (9 of 10, $0.50: $0.56 per success)
select pg_temp.runs('season-switcher', 'sw-dear-', 10, 10, 'dear', 1.00, 16);
select pg_temp.runs('season-switcher', 'sw-cheap-', 10, 9, 'cheap', 0.50, 10);
-- pricier: dear before, then a model that costs more per success: no event
select pg_temp.runs('season-pricier', 'pr-cheap-', 10, 10, 'cheap', 0.50, 16);
select pg_temp.runs('season-pricier', 'pr-dear-', 10, 10, 'dear', 1.00, 10);
-- patterned: before, 5 of 10 succeed at $1 ($2 per success); with pattern p, 10 of 10 at $1 ($1 per success)
select pg_temp.runs('season-patterned', 'pa-before-', 10, 5, null, 1.00, 16);
select pg_temp.runs('season-patterned', 'pa-after-', 10, 10, null, 1.00, 10);
insert into public.patterns (workspace_id, topic, name) select ws, 'copy', 'benefit-first' from ctx;
insert into public.pattern_usage (workspace_id, pattern_id, agent_id, execution_id, success, used_at)
select e.workspace_id, p.id, e.agent_id, e.id, true, e.started_at
from public.executions e join public.patterns p on p.workspace_id = e.workspace_id and p.name = 'benefit-first'
where e.workspace_id = (select ws from ctx) and e.run_key like 'pa-after-%';
select private.fill_history();
select results_eq($$select a.slug::text, h.model_used, h.generation_data ->> 'change', (h.generation_data ->> 'saving_percent')::numeric,
      (h.generation_data ->> 'cost_per_success_before')::numeric, h.cost_usd
    from public.history_events h join public.agents a on a.id = h.agent_id
    where h.workspace_id = (select ws from ctx) and h.event_type = 'cost_optimized' order by a.slug$$,
  $$values ('season-patterned'::text, null::text, 'pattern'::text, 50.0::numeric, 2.000000::numeric, 1.000000::numeric),
           ('season-switcher', 'cheap', 'model', 44.4, 1.000000, 0.555556)$$,
  'cost_optimized: the switch to a cheaper model, the switch to a pattern that succeeds more; not the switch that cost more');
select is((select generation_data ->> 'pattern_name' from public.history_events where workspace_id = (select ws from ctx) and event_type = 'cost_optimized'
    and generation_data ->> 'change' = 'pattern'), 'benefit-first', 'the pattern is named');
select private.fill_history();
select is((select count(*) from public.history_events where workspace_id = (select ws from ctx) and event_type = 'cost_optimized'), 2::bigint,
  'each switch is judged once');

-- TEST: season ranges: everyone reads the defaults, a workspace's own are its members'; admins manage them
select tests.authenticate_as('67000000-0000-4000-a000-000000000002');
select is((select count(*) from public.season_ranges where workspace_id is null), 2::bigint, 'a viewer reads the two defaults');
select is((select count(*) from public.season_ranges where workspace_id = (select ws from ctx)), 2::bigint, 'and the workspace''s own ranges');
select throws_ok($$insert into public.season_ranges (workspace_id, season, starts_on, ends_on) select ws, 'spring', '2000-03-01'::date, '2000-05-31'::date from ctx$$,
  '42501', null, 'a viewer cannot add a season');
select tests.authenticate_as('67000000-0000-4000-a000-000000000001');
select lives_ok($$insert into public.season_ranges (workspace_id, season, starts_on, ends_on) select ws, 'spring', '2000-03-01'::date, '2000-05-31'::date from ctx$$,
  'the owner adds one');
select throws_ok($$insert into public.season_ranges (workspace_id, season, starts_on, ends_on) values (null, 'spring', '2000-03-01', '2000-05-31')$$,
  '42501', null, 'nobody adds a default through the API');
select tests.authenticate_as('67000000-0000-4000-a000-000000000003');
select is((select count(*) from public.season_ranges where workspace_id is not null) + (select count(*) from seasons), 0::bigint,
  'another workspace''s member sees none of its ranges or seasonal patterns');
select tests.clear_authentication();

select * from finish();
rollback;
