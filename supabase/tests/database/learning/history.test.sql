-- History jobs with known data: the timeline per user, project and bucket (also for late and
-- corrected runs), history events, seasonal multipliers with confidence, and each
-- recommendation rule; who may read and decide.
begin;
select plan(32);

-- SETUP
select tests.create_user('member@hist.test', '66000000-0000-4000-a000-000000000001');
select tests.create_user('viewer@hist.test', '66000000-0000-4000-a000-000000000002');
select tests.create_user('outsider@hist.test', '66000000-0000-4000-a000-000000000003');
select tests.create_workspace('hist', '66000000-0000-4000-a000-000000000001');
select tests.create_workspace('hist-other', '66000000-0000-4000-a000-000000000003');
select tests.add_member((select id from public.workspaces where slug = 'hist'), '66000000-0000-4000-a000-000000000002', 'viewer');
select tests.create_agent((select id from public.workspaces where slug = 'hist'), 'hist-agent');
insert into public.projects (workspace_id, slug, name, goals, target_audience, owner_user_id)
select id, 'launch', 'Launch', 'Sell brushes', 'eco shoppers', '66000000-0000-4000-a000-000000000001' from public.workspaces where slug = 'hist';

create temporary table ctx as
select (select id from public.workspaces where slug = 'hist') as ws, (select id from public.agents where slug = 'hist-agent') as agent,
  (select id from public.projects where slug = 'launch') as project, '66000000-0000-4000-a000-000000000001'::uuid as member;
grant select on ctx to authenticated;

create function pg_temp.run(run_key text, at timestamptz, status text, rating int, tokens int, cost numeric, with_user boolean default true,
  model text default null, error text default null) returns void language sql as $$
  insert into public.executions (workspace_id, agent_id, run_key, project_id, user_id, status, started_at, ended_at, user_rating, tokens_in,
    cost_usd, model, error_type, error_message)
  select c.ws, c.agent, run.run_key, case when run.with_user then c.project end, case when run.with_user then c.member end, run.status,
    run.at, run.at, run.rating, run.tokens, run.cost, run.model, case when run.error is not null then 'Error' end, run.error
  from ctx c
$$;

-- runs of the member in project launch: Monday 3 Feb 2025 (two), Wednesday 5 Feb, 1 Mar; one with no user or project
select pg_temp.run('h1', '2025-02-03 10:00+00', 'succeeded', 5, 150, 0.10);
select pg_temp.run('h2', '2025-02-03 15:00+00', 'failed', null, 10, 0.05, true, null, 'Boom 42');
select pg_temp.run('h3', '2025-02-05 09:00+00', 'succeeded', 3, 300, 0.20);
select pg_temp.run('h4', '2025-03-01 09:00+00', 'succeeded', null, 1, 0.01);
select pg_temp.run('h5', '2025-02-03 11:00+00', 'succeeded', null, 1, 0.01, false);
insert into public.patterns (workspace_id, topic, name) select ws, 'copy', n from ctx cross join (values ('good'), ('bad')) v (n);
insert into public.pattern_usage (workspace_id, pattern_id, execution_id, success)
select c.ws, p.id, e.id, u.ok from ctx c
cross join (values ('good', 'h1', true), ('good', 'h3', true), ('bad', 'h2', false)) as u (pattern, run_key, ok)
join public.patterns p on p.workspace_id = c.ws and p.name = u.pattern
join public.executions e on e.workspace_id = c.ws and e.run_key = u.run_key;
insert into public.echo_entries (workspace_id, execution_id, patterns_learned)
select c.ws, e.id, l.lessons from ctx c
cross join (values ('h1', array['Lead with the benefit', 'Keep it short']), ('h3', array['Lead with the benefit'])) as l (run_key, lessons)
join public.executions e on e.workspace_id = c.ws and e.run_key = l.run_key;

create temporary view timeline with (security_invoker = true) as
select h.* from public.history_timeline h where h.workspace_id = (select ws from ctx);
grant select on timeline to authenticated;

-- TEST: one call fills every bucket holding the runs
select private.fill_history();
-- daily 3 Feb, member and launch: h1 (succeeded, rating 5, 150 tokens, $0.10) and h2 (failed, $0.05)
select results_eq($$select period_end, total_generations, success_count, failure_count, success_rate, rated_count, avg_user_satisfaction,
    total_tokens_used, total_cost from timeline where time_bucket = 'daily' and period_start = '2025-02-03' and user_id is not null$$,
  $$values ('2025-02-03'::date, 2, 1, 1, 50.00::numeric, 1, 5.00::numeric, 160::bigint, 0.150000::numeric)$$, 'daily bucket: counts, rate, rating, tokens, cost');
select results_eq($$select successful_patterns, failed_patterns, key_learnings, project_name, project_goals, target_audience
    from timeline where time_bucket = 'daily' and period_start = '2025-02-03' and user_id is not null$$,
  $$values (array['good'], array['bad'], array['Keep it short', 'Lead with the benefit'], 'Launch'::text, 'Sell brushes'::text, 'eco shoppers'::text)$$,
  'patterns that worked and failed, lessons learned, project context');
-- weekly from Monday 3 Feb to Sunday 9 Feb: h1, h2, h3: 2 of 3 succeeded, ratings 5 and 3
select results_eq($$select period_end, total_generations, success_rate, avg_user_satisfaction, key_learnings[1] from timeline
    where time_bucket = 'weekly' and period_start = '2025-02-03' and user_id is not null$$,
  $$values ('2025-02-09'::date, 3, 66.67::numeric, 4.00::numeric, 'Lead with the benefit'::text)$$, 'weekly bucket (ISO week), the most frequent lesson first');
select results_eq($$select time_bucket, period_start, period_end, total_generations from timeline
    where time_bucket in ('monthly', 'quarterly') and user_id is not null order by time_bucket, period_start$$,
  $$values ('monthly'::text, '2025-02-01'::date, '2025-02-28'::date, 3), ('monthly', '2025-03-01', '2025-03-31', 1),
           ('quarterly', '2025-01-01', '2025-03-31', 4)$$, 'monthly and quarterly buckets');
select results_eq($$select total_generations, project_id from timeline where time_bucket = 'daily' and user_id is null$$,
  $$values (1, null::uuid)$$, 'runs without a user or project have their own row');

-- TEST: a late run and a corrected rating are counted at the next fill
select pg_temp.run('h6', '2025-02-03 20:00+00', 'succeeded', 4, 5, 0.01);
update public.executions set user_rating = 5 where run_key = 'h3';
select private.fill_history();
select results_eq($$select b.time_bucket, b.total_generations, b.avg_user_satisfaction from timeline b
    where b.user_id is not null and b.period_start in ('2025-02-03') order by b.time_bucket$$,
  $$values ('daily'::text, 3, 4.50::numeric), ('weekly', 4, 4.67::numeric)$$,
  'late runs and corrections are folded in: buckets are recomputed from the raw rows');
-- member and launch: 3 days, 2 weeks, 2 months, 1 quarter; no user or project: 1 of each bucket
select is((select count(*) from timeline), 12::bigint, 'one row per user, project, bucket and period (no duplicates after refills)');

-- TEST: events worth remembering, once each
select results_eq($$select event_type, count(*) from public.history_events where workspace_id = (select ws from ctx) group by 1 order by 1$$,
  $$values ('error_discovered'::text, 1::bigint), ('generation_success', 3), ('pattern_discovered', 2)$$,
  'runs rated 4-5 (h1, h3 corrected, h6), new patterns and a new error fingerprint are events');
select results_eq($$select generation_data ->> 'run_key', (generation_data ->> 'user_rating')::int from public.history_events
    where event_type = 'generation_success' and workspace_id = (select ws from ctx) order by event_date$$,
  $$values ('h1'::text, 5), ('h6', 4), ('h3', 5)$$, 'the events carry the run''s details');

-- TEST: seasonal patterns over the year 2025 (as of 1 Jan 2026: the window is exactly 2025, 365 days;
-- Q1 has 90 days, Q4 92): one run every day, one more on every Q4 day (failed), the extra ones in project launch
insert into public.executions (workspace_id, agent_id, run_key, project_id, status, started_at, cost_usd)
select c.ws, c.agent, 'd' || d::date, null, 'succeeded', d + interval '12 hours', 1 from ctx c cross join generate_series('2025-01-01'::timestamp, '2025-12-31', '1 day') d
union all
select c.ws, c.agent, 'q' || d::date, c.project, 'failed', d + interval '13 hours', 3 from ctx c cross join generate_series('2025-10-01'::timestamp, '2025-12-31', '1 day') d;
delete from public.executions where run_key like 'h%' and workspace_id = (select ws from ctx);
-- seasonal patterns read the history's daily rows: the fill folds in the new runs and the deleted ones
select private.fill_history();
select private.compute_seasonal_patterns('2026-01-01');
create temporary view seasons with (security_invoker = true) as
select s.* from public.seasonal_patterns s where s.workspace_id = (select ws from ctx);
grant select on seasons to authenticated;
-- runs per day: baseline 457 / 365 = 1.252055; Q4 184 / 92 = 2 -> x 1.5974; Q1 90 / 90 = 1 -> x 0.7987
-- confidence: Q4 n = 184: floor(100 (1 - 1/sqrt 184)) = floor(92.63) = 92; Q1 n = 90: floor(89.46) = 89
select results_eq($$select season, baseline_value, season_value, seasonal_multiplier, sample_size, confidence from seasons
    where project_id is null and metric_name = 'runs_per_day' and season in ('Q1', 'Q4') order by season$$,
  $$values ('Q1'::text, 1.252055::numeric, 1.000000::numeric, 0.7987::numeric, 90, 89), ('Q4', 1.252055, 2.000000, 1.5974, 184, 92)$$,
  'runs per day per quarter against the yearly baseline, with confidence from the sample');
-- success rate: baseline 365 / 457 = 79.87%, Q4 92 / 184 = 50% -> x 0.6260; cost per run: baseline (365 + 3 x 92) / 457 = 1.402626, Q4 2 -> x 1.4259
select results_eq($$select metric_name, seasonal_multiplier from seasons where project_id is null and season = 'Q4'
    and metric_name in ('success_rate', 'cost_per_run') order by metric_name$$,
  $$values ('cost_per_run'::text, 1.4259::numeric), ('success_rate', 0.6260)$$, 'success rate and cost per run per season');
-- project launch: 92 runs, all in Q4: baseline 92 / 365 = 0.252055, Q4 1 a day -> x 3.9674, confidence floor(100 (1 - 1/sqrt 92)) = 89
select results_eq($$select season, seasonal_multiplier, confidence from seasons where project_id = (select project from ctx) and metric_name = 'runs_per_day'
    and season_kind = 'quarter'$$,
  $$values ('Q4'::text, 3.9674::numeric, 89)$$, 'per project too; seasons without runs have no row');
-- 2025 begins on a Wednesday: 53 Wednesdays, 52 of each other day
select results_eq($$select season, sample_size from seasons where project_id is null and metric_name = 'runs_per_day' and season in ('wed', 'thu') order by season$$,
  $$select 'thu'::text, (select count(*)::int from generate_series('2025-01-01'::date, '2025-12-31', '1 day') d where extract(isodow from d) = 4)
      + (select count(*)::int from generate_series('2025-10-01'::date, '2025-12-31', '1 day') d where extract(isodow from d) = 4)
    union all select 'wed', 53 + (select count(*)::int from generate_series('2025-10-01'::date, '2025-12-31', '1 day') d where extract(isodow from d) = 3)$$,
  'weekday seasons count the runs of each weekday');

-- TEST: recommendations, rule by rule (as of now: runs of the last 30 days)
-- cheaper_model: big ($1.00, 18/20 succeed), mid ($0.50, 17/20), small ($0.30, 18/20), tiny ($0.01, only 19 runs)
insert into public.executions (workspace_id, agent_id, run_key, status, started_at, model, cost_usd)
select c.ws, c.agent, m.model || '-' || i, case when i <= m.ok then 'succeeded' else 'failed' end, now() - make_interval(hours => i), m.model, m.cost
from ctx c
cross join (values ('big', 20, 18, 1.00), ('mid', 20, 17, 0.50), ('small', 20, 18, 0.30), ('tiny', 19, 19, 0.01)) as m (model, n, ok, cost)
cross join lateral generate_series(1, m.n) i;
-- recurring_error: one error 10 times this week, another only 9 times
insert into public.executions (workspace_id, agent_id, run_key, status, started_at, error_type, error_message)
select c.ws, c.agent, 'err-' || e.kind || '-' || i, 'failed', now() - make_interval(hours => i), 'QuotaError', e.msg || ' #' || i
from ctx c cross join (values ('a', 10, 'Quota exhausted for key'), ('b', 9, 'Upstream closed')) as e (kind, n, msg)
cross join lateral generate_series(1, e.n) i;
-- better_pattern: in topic t, p-good 9/10, p-ok 8/12, p-bad 10/20
insert into public.patterns (workspace_id, topic, name) select ws, 't', n from ctx cross join (values ('p-good'), ('p-ok'), ('p-bad')) v (n);
insert into public.pattern_usage (workspace_id, pattern_id, success)
select c.ws, p.id, i <= u.ok from ctx c
cross join (values ('p-good', 10, 9), ('p-ok', 12, 8), ('p-bad', 20, 10)) as u (name, n, ok)
join public.patterns p on p.workspace_id = c.ws and p.name = u.name
cross join lateral generate_series(1, u.n) i;

select private.generate_recommendations();
create temporary view recs with (security_invoker = true) as
select r.* from public.recommendations r where r.workspace_id = (select ws from ctx);
grant select on recs to authenticated;

-- small matches big (90% vs 90%) at 30% of the cost, and mid (90% vs 85%) at 60%; mid does not match big (85 < 90 - 2);
-- tiny has fewer than 20 runs. Confidence from n = 20: floor(100 (1 - 1/sqrt 20)) = floor(77.64) = 77
select results_eq($$select recommendation_text, confidence, (expected_impact ->> 'cost_ratio')::numeric, (expected_impact ->> 'estimated_saving_usd_30d')::numeric
    from recs where rule = 'cheaper_model' order by subject_key$$,
  $$values ('Agent hist-agent: model small matched model big''s success rate (90.0% vs 90.0%) at 30% of the cost over the last 30 days (20 and 20 runs).'::text,
            77.00::numeric, 0.3000::numeric, 14.00::numeric),
           ('Agent hist-agent: model small matched model mid''s success rate (90.0% vs 85.0%) at 60% of the cost over the last 30 days (20 and 20 runs).',
            77.00, 0.6000, 4.00)$$,
  'cheaper_model: model X matched model Y''s success rate at a fraction of the cost, with the saving over 30 days');
-- the error seen 10 times qualifies, the one seen 9 times does not; confidence floor(100 (1 - 1/sqrt 10)) = 68
select results_eq($$select rule, confidence, (expected_impact ->> 'failed_runs')::int, recommendation_text like 'The error "QuotaError: quota exhausted for key #<n>" has happened 10 times%'
    from recs where rule = 'recurring_error' and evidence ->> 'error_type' = 'QuotaError'$$,
  $$values ('recurring_error'::text, 68.00::numeric, 10, true)$$, 'recurring_error: an open error seen at least 10 times, in the last week');
-- p-good (90%) against the more used p-bad (50%) and p-ok (66.7%); p-ok is not 20 points above p-bad
select results_eq($$select recommendation_text, confidence from recs where rule = 'better_pattern' order by recommendation_text$$,
  $$values ('Topic t: pattern "p-good" succeeds 90.0% of the time (10 uses) against 50.0% for the more used "p-bad" (20 uses): prefer it.'::text, 68.00::numeric),
           ('Topic t: pattern "p-good" succeeds 90.0% of the time (10 uses) against 66.7% for the more used "p-ok" (12 uses): prefer it.', 68.00)$$,
  'better_pattern: a pattern 20 points more successful than a more used one of the same topic');
select is((select count(*) from recs where rule = 'seasonal_peak'), 0::bigint, 'no seasonal peak expected next quarter as of now');

-- TEST: a member accepts one; a viewer cannot decide; only accepted or dismissed may be set
select tests.authenticate_as('66000000-0000-4000-a000-000000000001');
update public.recommendations set status = 'accepted' where rule = 'recurring_error' and workspace_id = (select ws from ctx)
  and evidence ->> 'error_type' = 'QuotaError';
select results_eq($$select status, decided_by from recs where rule = 'recurring_error' and evidence ->> 'error_type' = 'QuotaError'$$,
  $$values ('accepted'::text, '66000000-0000-4000-a000-000000000001'::uuid)$$, 'a member accepts; who is recorded');
select throws_ok($$update public.recommendations set status = 'expired' where rule = 'better_pattern'$$, 'AO422', null, 'status can only become accepted or dismissed');
select throws_ok($$update public.recommendations set confidence = 100$$, '42501', null, 'the generated fields are not writable');
select tests.authenticate_as('66000000-0000-4000-a000-000000000002');
update public.recommendations set status = 'dismissed' where workspace_id = (select ws from ctx);
select is((select count(*) from recs where status = 'dismissed'), 0::bigint, 'a viewer decides nothing');
select tests.clear_authentication();

-- TEST: as of 15 Aug 2026 (next quarter Q4): the runs of now are outside the 30-day window, so those
-- recommendations expire (an accepted one keeps its status); Q4 peaks from the seasonal patterns appear
select private.generate_recommendations('2026-08-15 12:00+00');
select results_eq($$select rule, status from recs where rule = 'cheaper_model' or evidence ->> 'error_type' = 'QuotaError' order by rule, subject_key$$,
  $$values ('cheaper_model'::text, 'expired'::text), ('cheaper_model', 'expired'), ('recurring_error', 'accepted')$$,
  'recommendations the data no longer supports expire; decided ones keep their status');
select results_eq($$select recommendation_text, confidence, recommendation_for_period from recs where rule = 'seasonal_peak' order by project_id nulls first$$,
  $$values ('Expect about 60% more runs in Q4 than the yearly average (2.0 a day against 1.3): raise quotas and budgets ahead of it.'::text, 92.00::numeric, 'next_quarter'::text),
           ('Project launch: Expect about 297% more runs in Q4 than the yearly average (1.0 a day against 0.3): raise quotas and budgets ahead of it.', 89.00, 'next_quarter')$$,
  'seasonal_peak: next quarter''s multiplier of at least 1.3 with confidence of at least 50');
select is((select user_id from recs where rule = 'seasonal_peak' and project_id is not null), '66000000-0000-4000-a000-000000000001'::uuid,
  'a project''s recommendation is addressed to the project''s owner');
select private.generate_recommendations();
select is((select count(*) from recs where rule = 'cheaper_model' and status = 'open'), 2::bigint, 'an expired recommendation supported again reopens');

-- TEST: RLS on the history tables: viewers read, others do not, nobody writes
select tests.authenticate_as('66000000-0000-4000-a000-000000000002');
select ok((select count(*) from timeline) > 0 and (select count(*) from seasons) > 0 and (select count(*) from recs) > 0
  and (select count(*) from public.history_events where workspace_id = (select ws from ctx)) > 0, 'a viewer reads timeline, seasons, recommendations and events');
select throws_ok($$delete from public.history_timeline$$, '42501', null, 'the timeline is not writable through the API');
select tests.authenticate_as('66000000-0000-4000-a000-000000000003');
select is((select count(*) from timeline) + (select count(*) from seasons) + (select count(*) from recs)
  + (select count(*) from public.history_events where workspace_id = (select ws from ctx)), 0::bigint, 'a member of another workspace reads none of it');
select tests.authenticate_as_agent((select agent from ctx));
select is((select count(*) from public.history_timeline) + (select count(*) from public.recommendations), 0::bigint, 'agents read no history');
select tests.authenticate_as_anon();
select throws_ok($$select count(*) from public.seasonal_patterns$$, '42501', null, 'anon reads no history');
select tests.clear_authentication();

-- TEST: the seeds' names
select results_eq($$select project_id, season, seasonal_multiplier from public.history_seasonal_patterns
    where project_uuid = (select project from ctx) and metric_name = 'runs_per_day' and season = 'Q4'$$,
  $$values ('launch'::text, 'Q4'::text, 3.9674::numeric)$$, 'history_seasonal_patterns (seed 000) names the project by slug');
select is((select count(*) from public.history_recommendations where workspace_id = (select ws from ctx)), (select count(*) from recs),
  'history_recommendations (seed 000) lists the recommendations');

select * from finish();
rollback;
