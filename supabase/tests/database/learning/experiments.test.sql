-- analyze_experiment(): per variant the runs, success rate, mean and spread of the metric, and
-- the significance of the differences from control, against values computed by hand (below),
-- the distribution functions against known values, validation and RLS.
begin;
select plan(29);

-- SETUP
select tests.create_user('member@exp.test', '65000000-0000-4000-a000-000000000001');
select tests.create_user('outsider@exp.test', '65000000-0000-4000-a000-000000000002');
select tests.create_workspace('exp', '65000000-0000-4000-a000-000000000001');
select tests.create_workspace('exp-other', '65000000-0000-4000-a000-000000000002');
select tests.create_agent((select id from public.workspaces where slug = 'exp'), 'exp-agent');
select tests.create_agent((select id from public.workspaces where slug = 'exp'), 'exp-agent-2');
insert into public.tasks (workspace_id, external_task_key, title, owner_agent_id)
select a.workspace_id, 'exp-task', 'Headlines', a.id from public.agents a where a.slug = 'exp-agent';

create temporary table ctx as
select (select id from public.workspaces where slug = 'exp') as ws, (select id from public.tasks where external_task_key = 'exp-task') as task,
  (select id from public.agents where slug = 'exp-agent') as agent, (select id from public.agents where slug = 'exp-agent-2') as agent2;
grant select on ctx to authenticated;

-- control: 4 successes, 6 failures, 2 inconclusive; metric 1, 2, 3, 4, 5 on five runs
-- B:       8 successes, 2 failures;                  metric 2, 4, 6, 8, 10
-- C:       4 successes, 6 failures;                  metric 1, 2, 3, 4, 5 (the same as control)
-- D:      28 successes, 2 failures;                  metric 11, 12, 13, 14, 15
insert into public.experiment_runs (workspace_id, experiment_key, run_number, task_id, agent_id, variant, outcome, metric_primary, started_at)
select t.workspace_id, 'headline', row_number() over (), t.id, t.owner_agent_id, r.variant, r.outcome, r.metric, now()
from public.tasks t
cross join lateral (
  select 'control' as variant, case when i <= 4 then 'success' when i <= 10 then 'failure' else 'inconclusive' end as outcome,
    case when i <= 5 then i::numeric end as metric from generate_series(1, 12) i
  union all
  select 'B', case when i <= 8 then 'success' else 'failure' end, case when i <= 5 then 2 * i end from generate_series(1, 10) i
  union all
  select 'C', case when i <= 4 then 'success' else 'failure' end, case when i <= 5 then i end from generate_series(1, 10) i
  union all
  select 'D', case when i <= 28 then 'success' else 'failure' end, case when i <= 5 then 10 + i end from generate_series(1, 30) i
) r
where t.external_task_key = 'exp-task';

create temporary view analysis as select * from public.analyze_experiment((select ws from ctx), 'headline');
grant select on analysis to authenticated;

-- TEST: the distribution functions against known values
-- P(|Z| >= 1.959964) = 0.05; P(|Z| >= 0) = 1; P(|T_1| >= 1) = 0.5 (Cauchy: 2 (1/2 - atan(1) / pi)); P(|T_2| >= sqrt 2) = 1 - 1/sqrt 2 ... for
-- 2 degrees of freedom P(|T| >= t) = 1 - t / sqrt(t^2 + 2): t = sqrt 2 gives 1 - sqrt 2 / 2 = 0.2928932
select ok(abs(private.stat_p_two_sided_normal(1.959963984540054) - 0.05) < 1e-12, 'normal: the 5% two-sided critical value 1.96');
select is(private.stat_p_two_sided_normal(0), 1::double precision, 'normal: z = 0 gives p = 1');
select ok(abs(private.stat_p_two_sided_t(1, 1) - 0.5) < 1e-12, 't with 1 df (Cauchy): P(|T| >= 1) = 1/2');
select ok(abs(private.stat_p_two_sided_t(sqrt(2), 2) - (1 - sqrt(2) / 2)) < 1e-12, 't with 2 df: P(|T| >= sqrt 2) = 1 - sqrt(2)/2');
select ok(abs(exp(private.stat_ln_gamma(5)) - 24) < 1e-9 and abs(exp(private.stat_ln_gamma(0.5)) - sqrt(pi())) < 1e-12, 'ln gamma: 4! and sqrt(pi)');

-- TEST: counts and descriptive statistics
select results_eq($$select variant, is_control, runs, successes, failures, inconclusive from analysis$$,
  $$values ('control'::text, true, 12, 4, 6, 2), ('B', false, 10, 8, 2, 0), ('C', false, 10, 4, 6, 0), ('D', false, 30, 28, 2, 0)$$,
  'the control first, then the variants; inconclusive runs counted apart');
-- success rate = successes / (successes + failures): control 4/10 = 0.4 (inconclusive runs left out), B 8/10 = 0.8
select results_eq($$select success_rate from analysis where variant in ('control', 'B') order by variant desc$$,
  $$values (0.4::double precision), (0.8::double precision)$$, 'success rate over decided runs');
-- control metric: mean (1+2+3+4+5)/5 = 3; variance ((-2)^2 + (-1)^2 + 0 + 1 + 4) / 4 = 10/4 = 2.5; sd = sqrt 2.5 = 1.5811388
select ok((select metric_n = 5 and metric_mean = 3 and abs(metric_stddev - 1.5811388300841898) < 1e-12 from analysis where variant = 'control'),
  'control metric: n 5, mean 3, sample sd sqrt(2.5)');
-- B metric: mean 6; variance (16 + 4 + 0 + 4 + 16) / 4 = 10; sd = sqrt 10 = 3.1622777
select ok((select metric_mean = 6 and abs(metric_stddev - 3.1622776601683795) < 1e-12 from analysis where variant = 'B'), 'B metric: mean 6, sd sqrt(10)');

-- TEST: two-proportion z-test, B against control, by hand:
--   p_B = 8/10 = 0.8, p_c = 4/10 = 0.4, pooled p = (8 + 4) / (10 + 10) = 0.6
--   SE = sqrt(0.6 x 0.4 x (1/10 + 1/10)) = sqrt(0.048) = 0.2190890
--   z = (0.8 - 0.4) / 0.2190890 = 1.8257419
--   p = 2 (1 - Phi(1.8257419)) = 2 x 0.0339446 = 0.0678892 (normal table): not significant at 0.05
select ok((select abs(success_rate_diff - 0.4) < 1e-12 from analysis where variant = 'B'), 'B: success rate difference 0.8 - 0.4 = 0.4');
select ok((select abs(z_score - 1.8257418583505538) < 1e-9 from analysis where variant = 'B'), 'B: z = 0.4 / sqrt(0.048) = 1.8257');
select ok((select abs(success_p_value - 0.0678892) < 1e-6 from analysis where variant = 'B'), 'B: two-sided p = 0.0679');
select is((select success_significant from analysis where variant = 'B'), false, 'B: not significant at alpha 0.05');

-- TEST: Welch's t-test, B against control, by hand:
--   SE^2 = s_B^2 / n_B + s_c^2 / n_c = 10/5 + 2.5/5 = 2 + 0.5 = 2.5
--   t = (6 - 3) / sqrt(2.5) = 3 / 1.5811388 = 1.8973666
--   df = 2.5^2 / (2^2 / 4 + 0.5^2 / 4) = 6.25 / (1 + 0.0625) = 5.8823529 (Welch-Satterthwaite)
--   p = 2 P(T_5.88 >= 1.8973666) = 0.1075312 (t table, interpolated): not significant
select ok((select metric_diff = 3 and abs(t_statistic - 1.8973665961010275) < 1e-9 from analysis where variant = 'B'), 'B: t = 3 / sqrt(2.5) = 1.8974');
select ok((select abs(welch_df - 5.882352941176471) < 1e-9 from analysis where variant = 'B'), 'B: Welch df = 6.25 / 1.0625 = 5.8824');
select ok((select abs(metric_p_value - 0.1075312) < 1e-6 and not metric_significant from analysis where variant = 'B'), 'B: p = 0.1075, not significant');

-- TEST: C equals control: z = 0, t = 0, p = 1
select results_eq($$select z_score, success_p_value, t_statistic, metric_p_value, success_significant, metric_significant from analysis where variant = 'C'$$,
  $$values (0::double precision, 1::double precision, 0::double precision, 1::double precision, false, false)$$, 'C: identical to control, p = 1');

-- TEST: D against control, by hand:
--   z: pooled p = (28 + 4) / (30 + 10) = 0.8; SE = sqrt(0.8 x 0.2 x (1/30 + 1/10)) = sqrt(0.0213333) = 0.1460593;
--      z = (0.9333333 - 0.4) / 0.1460593 = 3.6514837; p = 2 (1 - Phi(3.6514837)) = 0.0002607: significant
--   t: variances 2.5 and 2.5, n 5 and 5: SE^2 = 0.5 + 0.5 = 1; t = (13 - 3) / 1 = 10; df = 1 / (0.25/4 + 0.25/4) = 8;
--      p = 2 P(T_8 >= 10) = 0.0000085: significant
select ok((select abs(z_score - 3.6514837167011076) < 1e-9 and abs(success_p_value - 0.0002607296) < 1e-9 and success_significant from analysis where variant = 'D'),
  'D: z = 3.6515, p = 0.00026, significant');
select ok((select t_statistic = 10 and abs(welch_df - 8) < 1e-12 and abs(metric_p_value - 8.488181527628489e-06) < 1e-12 and metric_significant
           from analysis where variant = 'D'), 'D: t = 10 with 8 df, p = 8.5e-6, significant');

-- TEST: the control row carries no comparison; alpha moves the line
select results_eq($$select success_rate_diff, z_score, success_p_value, metric_p_value from analysis where is_control$$,
  $$values (null::double precision, null::double precision, null::double precision, null::double precision)$$, 'the control is not compared with itself');
select is((select success_significant from public.analyze_experiment((select ws from ctx), 'headline', 'control', 0.1) where variant = 'B'), true,
  'at alpha 0.1 the B success difference (p 0.068) is significant');

-- TEST: bad input
select throws_ok($$select * from public.analyze_experiment((select ws from ctx), 'nope')$$, 'AO404', 'no experiment nope visible to you in this workspace',
  'an unknown experiment is 404');
select throws_ok($$select * from public.analyze_experiment((select ws from ctx), 'headline', 'baseline')$$, 'AO404', null,
  'a control variant without runs is 404 naming it');
select throws_ok($$select * from public.analyze_experiment((select ws from ctx), 'headline', 'control', 1)$$, 'AO422', 'alpha must be between 0 and 1',
  'alpha must be a probability');

-- TEST: RLS: a member of another workspace cannot analyze or read it; an agent records only its own runs
select tests.authenticate_as('65000000-0000-4000-a000-000000000002');
select throws_ok($$select * from public.analyze_experiment((select ws from ctx), 'headline')$$, 'AO404', null,
  'another workspace''s experiment is not found');
select tests.clear_authentication();
select tests.authenticate_as_agent((select id from public.agents where slug = 'exp-agent-2'));
select throws_ok($$insert into public.experiment_runs (workspace_id, experiment_key, run_number, task_id, agent_id, variant, outcome, started_at)
    select c.ws, 'headline', 999, c.task, c.agent, 'B', 'success', now() from ctx c$$,
  '42501', null, 'an agent cannot record runs in another agent''s name');
select lives_ok($$insert into public.experiment_runs (workspace_id, experiment_key, run_number, task_id, agent_id, variant, outcome, started_at)
    select c.ws, 'headline', 999, c.task, c.agent2, 'B', 'success', now() from ctx c$$, 'an agent records its own experiment runs');
select is((select count(*) from public.experiment_runs), 1::bigint, '... and reads only its own');
select tests.clear_authentication();

-- TEST: the run an experiment run names must be a run of its workspace (kept without a foreign key, so that it outlives retention)
select throws_ok($$insert into public.experiment_runs (workspace_id, experiment_key, run_number, task_id, agent_id, execution_id, variant, outcome, started_at)
    select c.ws, 'headline', 1000, c.task, c.agent, gen_random_uuid(), 'B', 'success', now() from ctx c$$,
  'AO404', null, 'an experiment run cannot name a run that does not exist');

select * from finish();
rollback;
