-- Retention archives, never destroys, what other areas reference: a year of runs with
-- evaluations, efficiency measurements, echo entries, pattern usage, routing decisions, approvals,
-- authorization decisions, ledger entries, experiment runs and history events; purging the old successful runs, re-pricing and
-- updating an old surviving run change none of those rows (nor usage, nor the audit chain), and
-- every purged run stays addressable by its id in the archive.
begin;
select plan(14);

-- the jobs' locks, held by this test so that a pg_cron run cannot take them meanwhile
select private.try_job_lock('retention-archive-traces', true);
select private.try_job_lock('retention-successful-runs', true);

-- SETUP: a year of runs, one a day, every fifth one failed
select tests.create_user('keeper@retention.test', '53000000-0000-4000-a000-000000000001');
select tests.create_workspace('retention-keeps', '53000000-0000-4000-a000-000000000001');
select tests.create_agent((select id from public.workspaces where slug = 'retention-keeps'), 'worker');
select tests.create_agent((select id from public.workspaces where slug = 'retention-keeps'), 'judge');
update public.agents set tokens_per_day = 1000000000, cost_per_month = 1000000 where slug in ('worker', 'judge');
create function pg_temp.day_no(run_key text) returns int language sql immutable as $$
  select case when run_key ~ '^day-[0-9]+$' then substr(run_key, 5)::int end
$$;
create temporary table ctx on commit drop as
select (select id from public.workspaces where slug = 'retention-keeps') as ws,
  (select id from public.agents where slug = 'worker') as agent, (select id from public.agents where slug = 'judge') as judge;

insert into public.executions (workspace_id, agent_id, run_key, status, started_at, ended_at, model, tokens_in, tokens_out)
select c.ws, c.agent, 'day-' || d, case when d % 5 = 0 then 'failed' else 'succeeded' end,
  date_trunc('day', now()) - make_interval(days => d) + interval '9 hours',
  date_trunc('day', now()) - make_interval(days => d) + interval '9 hours 2 seconds', 'gpt-4o', 1000, 500
from ctx c, generate_series(1, 365) d;

insert into public.evaluations (workspace_id, execution_id, evaluator_agent_id, evaluator_vendor, model_version, quality_score, reliability_score, value_score, verdict)
select e.workspace_id, e.id, c.judge, 'rli', 'v1', 80, 70, 60, 'pass'
from public.executions e, ctx c where e.workspace_id = c.ws and pg_temp.day_no(e.run_key) % 7 = 0;
insert into public.efficiency_measurements (workspace_id, execution_id, throughput_per_hour, success_rate, latency_p50_ms, latency_p95_ms, cpu_seconds, memory_mb_avg)
select e.workspace_id, e.id, 10, 0.9, 100, 200, 1, 64
from public.executions e, ctx c where e.workspace_id = c.ws and pg_temp.day_no(e.run_key) % 17 = 0;
insert into public.echo_entries (workspace_id, execution_id, input_prompt, output_content, patterns_learned, key_insights)
select e.workspace_id, e.id, 'prompt ' || e.run_key, 'output', array['short wins'], 'insight'
from public.executions e, ctx c where e.workspace_id = c.ws and pg_temp.day_no(e.run_key) % 3 = 0;
insert into public.patterns (workspace_id, topic, name) select ws, 'headlines', 'benefit first' from ctx;
insert into public.pattern_usage (workspace_id, pattern_id, agent_id, execution_id, success, used_at)
select e.workspace_id, p.id, e.agent_id, e.id, e.status = 'succeeded', now() - interval '1 day'
from public.executions e join ctx c on c.ws = e.workspace_id join public.patterns p on p.workspace_id = c.ws
where pg_temp.day_no(e.run_key) % 4 = 0;
insert into public.routing_decisions (workspace_id, execution_id, selected_agent_id, query_text, candidates, reason, confidence)
select e.workspace_id, e.id, e.agent_id, 'route ' || e.run_key, '[]'::jsonb, 'best fit', 0.9
from public.executions e, ctx c where e.workspace_id = c.ws and pg_temp.day_no(e.run_key) % 11 = 0;
insert into public.approvals (workspace_id, execution_id, escalation_level, requested_by, tool, action, call_hash, approval_status, requested_at, decided_at, expires_at)
select e.workspace_id, e.id, 3, e.agent_id, 'openai-api', 'generate:text', repeat('b', 64), 'approved', e.started_at, e.started_at, e.started_at + interval '1 day'
from public.executions e, ctx c where e.workspace_id = c.ws and pg_temp.day_no(e.run_key) % 13 = 0;
insert into public.authorization_decisions (workspace_id, agent_id, execution_id, tool, action, call_hash, escalation_level, outcome, message)
select e.workspace_id, e.agent_id, e.id, 'openai-api', 'generate:text', repeat('c', 64), 1, 'allowed', 'allowed'
from public.executions e, ctx c where e.workspace_id = c.ws and pg_temp.day_no(e.run_key) % 19 = 0;

-- a failed run handed its work by an old successful one (which the purge removes)
update public.executions c set parent_execution_id = p.id
from public.executions p
where c.workspace_id = (select ws from ctx) and p.workspace_id = c.workspace_id and c.run_key = 'day-300' and p.run_key = 'day-301';
create temporary table lineage on commit drop as
select parent_execution_id from public.executions where workspace_id = (select ws from ctx) and run_key = 'day-300';
insert into public.tasks (workspace_id, external_task_key, title) select ws, 'retention-experiment', 'experiment task' from ctx;
insert into public.experiment_runs (workspace_id, experiment_key, run_number, task_id, agent_id, execution_id, variant, outcome, started_at, ended_at)
select e.workspace_id, 'prompt-v2', pg_temp.day_no(e.run_key), t.id, e.agent_id, e.id, case when pg_temp.day_no(e.run_key) % 2 = 0 then 'control' else 'v2' end,
  case when e.status = 'succeeded' then 'success' else 'failure' end, e.started_at, e.ended_at
from public.executions e join ctx c on c.ws = e.workspace_id join public.tasks t on t.workspace_id = c.ws and t.external_task_key = 'retention-experiment'
where pg_temp.day_no(e.run_key) % 6 = 0;
insert into public.history_events (workspace_id, event_type, subject_id, event_date, agent_id, execution_id, model_used)
select e.workspace_id, 'generation_success', e.id, e.started_at, e.agent_id, e.id, e.model
from public.executions e, ctx c where e.workspace_id = c.ws and pg_temp.day_no(e.run_key) % 9 = 0;

-- everything other areas hold, as it is
create function pg_temp.held(outcomes boolean default true) returns table (tbl text, row_json jsonb) language sql as $$
  select 'evaluations', to_jsonb(t) from public.evaluations t where t.workspace_id = (select ws from ctx)
  union all select 'efficiency_measurements', to_jsonb(t) from public.efficiency_measurements t where t.workspace_id = (select ws from ctx)
  union all select 'echo_entries', to_jsonb(t) from public.echo_entries t where t.workspace_id = (select ws from ctx)
  union all select 'patterns', to_jsonb(t) - 'updated_at' from public.patterns t where t.workspace_id = (select ws from ctx)
  union all select 'pattern_usage', to_jsonb(t) from public.pattern_usage t where t.workspace_id = (select ws from ctx)
  union all select 'routing_decisions', case when outcomes then to_jsonb(t) else to_jsonb(t) - array['outcome_status', 'outcome_cost_usd', 'outcome_duration_ms', 'outcome_at'] end
    from public.routing_decisions t where t.workspace_id = (select ws from ctx)
  union all select 'approvals', to_jsonb(t) from public.approvals t where t.workspace_id = (select ws from ctx)
  union all select 'authorization_decisions', to_jsonb(t) from public.authorization_decisions t where t.workspace_id = (select ws from ctx)
  union all select 'rep_transactions', to_jsonb(t) from public.rep_transactions t where t.workspace_id = (select ws from ctx)
  union all select 'governance_audit_log', to_jsonb(t) from public.governance_audit_log t where t.workspace_id = (select ws from ctx)
  union all select 'experiment_runs', to_jsonb(t) from public.experiment_runs t where t.workspace_id = (select ws from ctx)
  union all select 'history_events', to_jsonb(t) from public.history_events t where t.workspace_id = (select ws from ctx)
$$;
-- the audit rows sealed, as the setup's commit would leave them (verifying below seals them too)
select private.seal_governance_audit_rows((select ws from ctx));
create temporary table before_purge on commit drop as select * from pg_temp.held();
create temporary table before_outcomes on commit drop as select * from pg_temp.held(false);
create temporary table usage_before on commit drop as
select u.date, u.tokens_used, u.cost_usd from public.agent_usage u where u.agent_id = (select agent from ctx);
create temporary table old_successes on commit drop as
select e.id, e.run_key, e.agent_id, e.model, e.started_at, e.status, e.cost_usd from public.executions e
where e.workspace_id = (select ws from ctx) and e.status = 'succeeded' and e.started_at < now() - interval '90 days';

-- TEST: the purge removes what it is documented to remove
select is((select count(*) from before_purge where tbl = 'evaluations') > 0 and (select count(*) from before_purge where tbl = 'rep_transactions') > 0
  and (select count(*) from before_purge where tbl = 'routing_decisions') > 0 and (select count(*) from before_purge where tbl = 'approvals') > 0
  and (select count(*) from before_purge where tbl = 'experiment_runs') > 0 and (select count(*) from before_purge where tbl = 'history_events') > 0,
  true, 'the year holds evaluations, ledger entries, routing decisions, approvals, experiment runs and history events');
select cmp_ok(private.archive_old_traces(now(), 100000), '>=', 270, 'the archive job moves the runs older than 90 days');
select cmp_ok(private.apply_retention('retention-successful-runs', now(), 100000), '>=', (select count(*)::int from old_successes), 'the purge deletes the old successful runs');
select is((select count(*) from public.executions e join old_successes o on o.id = e.id), 0::bigint, 'no old success is left in executions');

-- TEST: every purged run is addressable by its id, with what other areas need of it
select is((select count(*) from old_successes o join public.execution_traces_archive a on a.execution_id = o.id
  and a.agent_id = o.agent_id and a.model = o.model and a.started_at = o.started_at and a.status = o.status and a.cost_usd = o.cost_usd),
  (select count(*) from old_successes), 'each purged run is in the archive by its id: agent, model, time, outcome and cost');

-- TEST: nothing other areas hold changed
select is((select count(*) from (select * from before_purge except select * from pg_temp.held()) x), 0::bigint,
  'no evaluation, measurement, echo entry, pattern statistic, pattern use, routing decision, approval, decision, ledger entry, audit row, experiment run or history event changed or vanished');
select is((select count(*) from (select * from pg_temp.held() except select * from before_purge) x), 0::bigint, 'and none appeared');
select set_eq($$select date, tokens_used, cost_usd from public.agent_usage where agent_id = (select agent from ctx)$$,
  $$select * from usage_before$$, 'usage is history: the purge leaves it alone');
select is((select r.ok from private.verify_governance_audit_chain((select ws from ctx)) r), true, 'the audit chain still verifies');

-- TEST: a run keeps its parent when the parent is purged, and a parent must be a run of the workspace
select is((select parent_execution_id from public.executions where workspace_id = (select ws from ctx) and run_key = 'day-300'),
  (select parent_execution_id from lineage), 'the failed child keeps the id of its purged successful parent (it is in the archive)');
select throws_ok($$update public.executions set parent_execution_id = gen_random_uuid()
    where workspace_id = (select ws from ctx) and run_key = 'day-295'$$, 'AO404', null, 'a parent that is no run of the workspace is refused');

-- TEST: re-pricing and updating an old surviving run change none of them either
update public.model_prices set input_per_mtok = input_per_mtok * 2 where model_name = 'gpt-4o' and workspace_id is null;
update public.executions set user_rating = 4, feedback = 'seen again'
where workspace_id = (select ws from ctx) and run_key = 'day-300';
select is((select count(*) from public.executions where workspace_id = (select ws from ctx) and run_key = 'day-300' and user_rating = 4), 1::bigint,
  'the old failed run survived the purge and takes the update');
-- (a routing decision mirrors its run's current outcome: re-pricing a surviving run moves its cost there, by design)
select is((select count(*) from (select * from before_outcomes except select * from pg_temp.held(false)) x), 0::bigint,
  'after re-pricing and the update, every row other areas hold is as before');
select is((select count(*) from public.executions e where e.workspace_id = (select ws from ctx) and e.started_at < now() - interval '90 days' and e.status = 'succeeded'), 0::bigint,
  'no purged run came back');

select * from finish();
rollback;
