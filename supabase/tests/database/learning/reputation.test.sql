-- Evaluations, efficiency measurements and the reputation ledger: scoring rules with the
-- workspace's weights, balance_after under the agent's lock, never negative (penalties reduced,
-- other changes refused), append-only with reversals, who may evaluate which run, and RLS.
begin;
select plan(45);

-- SETUP
select tests.create_user('owner@rep.test', '64000000-0000-4000-a000-000000000001');
select tests.create_user('viewer@rep.test', '64000000-0000-4000-a000-000000000002');
select tests.create_user('outsider@rep.test', '64000000-0000-4000-a000-000000000003');
select tests.create_user('member@rep.test', '64000000-0000-4000-a000-000000000004');
select tests.create_workspace('rep', '64000000-0000-4000-a000-000000000001');
select tests.create_workspace('rep-other', '64000000-0000-4000-a000-000000000003');
select tests.add_member((select id from public.workspaces where slug = 'rep'), '64000000-0000-4000-a000-000000000002', 'viewer');
select tests.add_member((select id from public.workspaces where slug = 'rep'), '64000000-0000-4000-a000-000000000004', 'member');
select tests.create_agent((select id from public.workspaces where slug = 'rep'), 'worker');
select tests.create_agent((select id from public.workspaces where slug = 'rep'), 'judge');
select tests.create_agent((select id from public.workspaces where slug = 'rep-other'), 'stranger');
insert into public.executions (workspace_id, agent_id, run_key, status)
select a.workspace_id, a.id, r.k, r.s from public.agents a
cross join (values ('w1', 'succeeded'), ('w2', 'succeeded'), ('w3', 'succeeded'), ('w4', 'failed'), ('w5', 'succeeded'), ('w6', 'succeeded'),
  ('w7', 'succeeded'), ('w8', 'succeeded'), ('wr', 'running')) as r (k, s)
where a.slug = 'worker';
insert into public.executions (workspace_id, agent_id, run_key, status)
select a.workspace_id, a.id, 'j1', 'succeeded' from public.agents a where a.slug = 'judge';
insert into public.executions (workspace_id, agent_id, run_key, status)
select a.workspace_id, a.id, 's1', 'succeeded' from public.agents a where a.slug = 'stranger';

create temporary table ctx as
select (select id from public.workspaces where slug = 'rep') as ws, (select id from public.executions where run_key = 'w7') as w7,
  (select id from public.agents where slug = 'worker') as worker;
grant select on ctx to authenticated;

create function pg_temp.evaluate(run_key text, q numeric, r numeric, v numeric, verdict text) returns void language sql as $$
  insert into public.evaluations (workspace_id, execution_id, evaluator_vendor, model_version, quality_score, reliability_score, value_score, verdict)
  select e.workspace_id, e.id, 'acme', 'judge-1', evaluate.q, evaluate.r, evaluate.v, evaluate.verdict
  from public.executions e join public.workspaces w on w.id = e.workspace_id where w.slug = 'rep' and e.run_key = evaluate.run_key
$$;
create temporary view ledger with (security_invoker = true) as
select t.agent_seq, t.tx_type, t.delta_rep, t.requested_delta_rep, t.balance_after, t.reason_code
from public.rep_transactions t join public.agents a on a.id = t.agent_id where a.slug = 'worker';
grant select on ledger to authenticated;

-- TEST: default rules: a pass awards 10 x mean score / 100
select pg_temp.evaluate('w1', 80, 70, 90, 'pass');
select results_eq($$select agent_seq, tx_type, delta_rep, balance_after, reason_code from ledger$$,
  $$values (1::bigint, 'award'::text, 8.000000::numeric, 8.000000::numeric, 'evaluation_pass'::text)$$,
  'a pass with scores 80/70/90 awards 10 x 80/100 = 8');
select is((select e.agent_id from public.evaluations e join public.executions x on x.id = e.execution_id where x.run_key = 'w1'),
  (select id from public.agents where slug = 'worker'), 'the evaluation takes the run''s agent');

-- TEST: the workspace's weights: quality counts double, pass 20, borderline 4, fail 3
update public.workspaces set settings = '{"reputation": {"award_pass": 20, "award_borderline": 4, "penalty_fail": 3,
  "weights": {"quality": 2, "reliability": 1, "value": 1}}}' where slug = 'rep';
select pg_temp.evaluate('w2', 100, 0, 0, 'pass');
select pg_temp.evaluate('w3', 50, 50, 50, 'borderline');
select pg_temp.evaluate('w4', 10, 10, 10, 'fail');
select results_eq($$select agent_seq, tx_type, delta_rep, balance_after from ledger where agent_seq > 1 order by agent_seq$$,
  $$values (2::bigint, 'award'::text, 10.000000::numeric, 18.000000::numeric), (3, 'award', 2.000000, 20.000000), (4, 'penalty', -3.000000, 17.000000)$$,
  'weighted mean (2x100 + 0 + 0) / 4 = 50 awards 20 x 0.5 = 10; borderline 4 x 0.5 = 2; fail costs 3');

-- TEST: a penalty never takes the balance below zero; at zero there is nothing to take
update public.workspaces set settings = '{"reputation": {"penalty_fail": 100}}' where slug = 'rep';
select pg_temp.evaluate('w5', 0, 0, 0, 'fail');
select results_eq($$select tx_type, delta_rep, requested_delta_rep, balance_after from ledger where agent_seq = 5$$,
  $$values ('penalty'::text, -17.000000::numeric, -100.000000::numeric, 0.000000::numeric)$$,
  'a penalty of 100 on a balance of 17 takes 17 and records what was asked');
select pg_temp.evaluate('w6', 0, 0, 0, 'fail');
select is((select count(*) from ledger), 5::bigint, 'a penalty on a zero balance records nothing');
select is((select count(*) from public.evaluations e join public.executions x on x.id = e.execution_id where x.run_key = 'w6'), 1::bigint,
  '... but the evaluation itself is kept');
update public.workspaces set settings = '{}' where slug = 'rep';

-- TEST: the balance table and the ledger agree, link by link
select is((select balance from public.rep_balances where agent_id = (select id from public.agents where slug = 'worker')), 0.000000::numeric,
  'rep_balances holds the last balance_after');
select is((select count(*) from (
    select t.balance_after, lag(t.balance_after, 1, 0::numeric) over (order by t.agent_seq) + t.delta_rep as expected
    from ledger t) c where c.balance_after <> c.expected), 0::bigint,
  'each balance_after is the previous one plus delta_rep');

-- TEST: corrections: an adjustment, a reversal, no reversal twice, none of a reversal, nothing below zero
select tests.authenticate_as('64000000-0000-4000-a000-000000000001');
select throws_ok($$insert into public.rep_transactions (workspace_id, agent_id, tx_type, delta_rep, reason_code, created_by)
    select workspace_id, id, 'adjustment', -1, 'manual_adjustment', '64000000-0000-4000-a000-000000000001' from public.agents where slug = 'worker'$$,
  'AO409', null, 'an adjustment below zero is refused');
insert into public.rep_transactions (workspace_id, agent_id, tx_type, delta_rep, reason_code, note, created_by)
select workspace_id, id, 'adjustment', 50, 'manual_adjustment', 'welcome', '64000000-0000-4000-a000-000000000001' from public.agents where slug = 'worker';
insert into public.rep_transactions (workspace_id, agent_id, tx_type, reverses_transaction_id, reason_code, created_by)
select t.workspace_id, t.agent_id, 'reversal', t.id, 'reversal', '64000000-0000-4000-a000-000000000001'
from public.rep_transactions t join public.agents a on a.id = t.agent_id where a.slug = 'worker' and t.agent_seq = 2;
select results_eq($$select agent_seq, tx_type, delta_rep, balance_after from ledger where agent_seq > 5 order by agent_seq$$,
  $$values (6::bigint, 'adjustment'::text, 50.000000::numeric, 50.000000::numeric), (7, 'reversal', -10.000000, 40.000000)$$,
  'an admin adjusts; a reversal takes back exactly the reversed delta');
select throws_ok($$insert into public.rep_transactions (workspace_id, agent_id, tx_type, reverses_transaction_id, reason_code, created_by)
    select t.workspace_id, t.agent_id, 'reversal', t.id, 'reversal', '64000000-0000-4000-a000-000000000001'
    from public.rep_transactions t join public.agents a on a.id = t.agent_id where a.slug = 'worker' and t.agent_seq = 2$$,
  'AO409', null, 'a transaction is reversed at most once');
select throws_ok($$insert into public.rep_transactions (workspace_id, agent_id, tx_type, reverses_transaction_id, reason_code, created_by)
    select t.workspace_id, t.agent_id, 'reversal', t.id, 'reversal', '64000000-0000-4000-a000-000000000001'
    from public.rep_transactions t join public.agents a on a.id = t.agent_id where a.slug = 'worker' and t.agent_seq = 7$$,
  'AO409', 'a reversal cannot be reversed: record a new transaction instead', 'a reversal is not reversed');
select throws_ok($$insert into public.rep_transactions (workspace_id, agent_id, tx_type, delta_rep, reason_code, created_by)
    select workspace_id, id, 'award', 5, 'manual', '64000000-0000-4000-a000-000000000001' from public.agents where slug = 'worker'$$,
  '42501', null, 'people record adjustments and reversals only: awards and penalties come from evaluations');

-- TEST: the ledger is never edited and never deleted
select throws_ok($$update public.rep_transactions set note = 'x'$$, '42501', null, 'no update through the API');
select throws_ok($$delete from public.rep_transactions$$, '42501', null, 'no delete through the API');
select tests.clear_authentication();
select throws_ok($$update public.rep_transactions set delta_rep = 100 where agent_seq = 1$$, 'AO409', null,
  'not even the service owner may edit a transaction');
delete from public.executions where run_key = 'w1';
select results_eq($$select execution_id is not null, evaluation_id is not null, delta_rep from public.rep_transactions where agent_seq = 1 and agent_id = (select worker from ctx)$$,
  $$values (true, true, 8.000000::numeric)$$, 'deleting an evaluated run keeps its transaction and its evaluation, with their references (retention archives runs; issue 13)');

-- TEST: an efficiency measurement, like an evaluation, concerns a finished run of the workspace (one trigger body for both)
select throws_ok($$insert into public.efficiency_measurements (workspace_id, execution_id, throughput_per_hour, success_rate, latency_p50_ms, latency_p95_ms, cpu_seconds, memory_mb_avg)
    select workspace_id, id, 1, 1, 1, 1, 1, 1 from public.executions where run_key = 'wr'$$,
  'AO409', 'the run is still running: measure it when it has finished', 'a run that has not finished cannot be measured');
select throws_ok($$insert into public.efficiency_measurements (workspace_id, execution_id, throughput_per_hour, success_rate, latency_p50_ms, latency_p95_ms, cpu_seconds, memory_mb_avg)
    select workspace_id, gen_random_uuid(), 1, 1, 1, 1, 1, 1 from public.executions where run_key = 'wr'$$,
  'AO404', null, 'a measurement names a run of its workspace');

-- TEST: who may evaluate: runs must be finished, an agent never evaluates its own runs
select throws_ok($$select pg_temp.evaluate('wr', 50, 50, 50, 'pass')$$, 'AO409', 'the run is still running: evaluate it when it has finished',
  'a run that has not finished cannot be evaluated');
select tests.authenticate_as_agent((select id from public.agents where slug = 'worker'));
select throws_ok($$select private.record_evaluation('{"run_key": "w7", "evaluator_vendor": "self", "model_version": "1", "quality_score": 100,
    "reliability_score": 100, "value_score": 100, "verdict": "pass"}')$$, 'AO403', 'an agent cannot evaluate its own runs', 'no self-evaluation');
select tests.clear_authentication();
select tests.authenticate_as_agent((select id from public.agents where slug = 'judge'));
select results_eq($$select (r -> 'created')::boolean, (r -> 'reputation' ->> 'delta_rep')::numeric, r -> 'evaluation' ->> 'evaluator_agent_id'
    from private.record_evaluation('{"run_key": "w7", "evaluator_vendor": "acme", "model_version": "judge-2", "quality_score": 60,
    "reliability_score": 60, "value_score": 60, "verdict": "pass", "evaluated_at": "2025-05-01T10:00:00Z"}') r$$,
  $$values (true, 6.000000::numeric, (select id::text from public.agents where slug = 'judge'))$$,
  'an evaluator agent evaluates another agent''s run by run_key; the award follows');
select results_eq($$select (r -> 'created')::boolean, (r -> 'reputation' ->> 'agent_seq')::bigint
    from private.record_evaluation('{"run_key": "w7", "evaluator_vendor": "acme", "model_version": "judge-2", "quality_score": 60,
    "reliability_score": 60, "value_score": 60, "verdict": "pass", "evaluated_at": "2025-05-01T10:00:00Z"}') r$$,
  $$values (false, 8::bigint)$$, 'the same evaluation again is answered with the stored one and awards nothing twice');
select throws_ok($$select private.record_evaluation('{"run_key": "s1", "evaluator_vendor": "acme", "model_version": "1", "quality_score": 1,
    "reliability_score": 1, "value_score": 1, "verdict": "pass"}')$$, 'AO404', 'no such run visible to you', 'an agent reaches no run of another workspace');
select throws_ok($$select private.record_evaluation('{"run_key": "w7", "evaluator_vendor": "acme", "model_version": "1", "quality_score": 101,
    "reliability_score": 1, "value_score": 1, "verdict": "pass"}')$$, 'AO422', 'quality_score: is required, between 0 and 100', 'scores stay within 0-100');
select throws_ok($$select private.record_evaluation('{"run_key": "w7", "evaluator_vendor": "acme", "model_version": "1", "quality_score": 1,
    "reliability_score": 1, "value_score": 1, "verdict": "great"}')$$, 'AO422', 'verdict: must be pass, borderline or fail', 'the verdict is one of three');
select throws_ok($$select private.record_evaluation('{"evaluator_vendor": "acme", "model_version": "1", "quality_score": 1,
    "reliability_score": 1, "value_score": 1, "verdict": "pass"}')$$, 'AO422', 'name the run by execution_id or by run_key (one of them)', 'the run must be named');
select tests.clear_authentication();

-- TEST: people: members evaluate (by execution_id or by run_key with workspace_id), viewers and outsiders do not
select tests.authenticate_as('64000000-0000-4000-a000-000000000004');
select is((select (private.record_evaluation(jsonb_build_object('execution_id', (select id from public.executions where run_key = 'j1'),
    'evaluator_vendor', 'human', 'model_version', 'review', 'quality_score', 90, 'reliability_score', 90, 'value_score', 90, 'verdict', 'pass')))
    -> 'evaluation' ->> 'evaluated_by'), '64000000-0000-4000-a000-000000000004', 'a member evaluates by execution_id, recorded as evaluator');
select throws_ok($$select private.record_evaluation('{"run_key": "j1", "evaluator_vendor": "h", "model_version": "1", "quality_score": 1,
    "reliability_score": 1, "value_score": 1, "verdict": "pass"}')$$, 'AO422', 'workspace_id is required with run_key', 'a person gives workspace_id with run_key');
select tests.authenticate_as('64000000-0000-4000-a000-000000000002');
select throws_ok(format($$select private.record_evaluation('{"run_key": "j1", "workspace_id": "%s", "evaluator_vendor": "h", "model_version": "1",
    "quality_score": 1, "reliability_score": 1, "value_score": 1, "verdict": "pass"}')$$, (select ws from ctx)),
  'AO403', 'viewers cannot evaluate runs: a member role is needed', 'a viewer cannot evaluate');
select tests.clear_authentication();
select tests.authenticate_as('64000000-0000-4000-a000-000000000003');
select throws_ok(format($$select private.record_evaluation('{"execution_id": "%s", "evaluator_vendor": "h", "model_version": "1",
    "quality_score": 1, "reliability_score": 1, "value_score": 1, "verdict": "pass"}')$$, (select w7 from ctx)),
  'AO404', 'no such run visible to you', 'an outsider learns nothing of another workspace''s runs');
select tests.clear_authentication();

-- TEST: efficiency measurements
select tests.authenticate_as_agent((select id from public.agents where slug = 'judge'));
select is((select (private.record_efficiency_measurement('{"run_key": "w7", "throughput_per_hour": 120, "success_rate": 0.95,
    "latency_p50_ms": 800, "latency_p95_ms": 2000, "cpu_seconds": 1.5, "memory_mb_avg": 256}') ->> 'agent_id')::uuid),
  (select worker from ctx), 'an agent records a measurement of a run; it takes the run''s agent');
select throws_ok($$select private.record_efficiency_measurement('{"run_key": "w7", "throughput_per_hour": 120, "success_rate": 0.95,
    "latency_p50_ms": 800, "latency_p95_ms": 700, "cpu_seconds": 1.5, "memory_mb_avg": 256}')$$, 'AO422', 'latency_p95_ms: cannot be below latency_p50_ms',
  'p95 below p50 is refused');
select throws_ok($$select private.record_efficiency_measurement('{"run_key": "w7", "throughput_per_hour": 120, "success_rate": 1.5,
    "latency_p50_ms": 800, "latency_p95_ms": 900, "cpu_seconds": 1.5, "memory_mb_avg": 256}')$$, 'AO422', 'success_rate: is required, a fraction between 0 and 1',
  'a success rate is a fraction');
select tests.clear_authentication();

-- TEST: RLS: viewers read everything of the workspace; agents their own; outsiders and anon nothing
select tests.authenticate_as('64000000-0000-4000-a000-000000000002');
select is((select count(*) from ledger), 8::bigint, 'a viewer reads the ledger');
select is((select count(*) from public.evaluations e join public.workspaces w on w.id = e.workspace_id where w.slug = 'rep'), 8::bigint,
  'a viewer reads the evaluations (the deleted run''s too)');
select throws_ok($$insert into public.evaluations (workspace_id, execution_id, evaluator_vendor, model_version, quality_score, reliability_score,
    value_score, verdict, evaluated_by) select e.workspace_id, e.id, 'v', '1', 1, 1, 1, 'pass', '64000000-0000-4000-a000-000000000002'
    from public.executions e where e.run_key = 'w7'$$, '42501', null, 'a viewer cannot insert an evaluation');
select tests.clear_authentication();
select tests.authenticate_as_agent((select id from public.agents where slug = 'worker'));
select is((select count(*) from public.rep_transactions), 8::bigint, 'an agent reads its own ledger');
select is((select count(*) from public.evaluations), 7::bigint, 'an agent reads the evaluations of its runs (not of the judge''s)');
select tests.clear_authentication();
select tests.authenticate_as_agent((select id from public.agents where slug = 'judge'));
select is((select count(*) from ledger), 0::bigint, 'an agent reads no other agent''s ledger');
select is((select count(*) from public.rep_transactions), 1::bigint, '... only its own (the member''s award for j1)');
select tests.clear_authentication();
select tests.authenticate_as('64000000-0000-4000-a000-000000000003');
select is((select count(*) from public.rep_balances b join public.agents a on a.id = b.agent_id where a.slug = 'worker'), 0::bigint,
  'a member of another workspace sees no balance');
select tests.authenticate_as_anon();
select throws_ok($$select count(*) from public.rep_transactions$$, '42501', null, 'anon reads no ledger');
select tests.clear_authentication();

-- TEST: the seeds' names
select results_eq($$select count(*), sum(h.delta) from public.rep_history h where h.agent_id = (select worker from ctx)$$,
  $$select count(*), max(t.balance_after) filter (where t.agent_seq = (select max(agent_seq) from ledger)) from ledger t$$,
  'rep_history (seed 004 legacy) is the ledger: its deltas add up to the balance');
select is((select count(*) from public.rli_evaluations r join public.workspaces w on w.id = r.workspace_id where w.slug = 'rep'), 8::bigint,
  'rli_evaluations (seed 004) lists the evaluations');

select * from finish();
rollback;
