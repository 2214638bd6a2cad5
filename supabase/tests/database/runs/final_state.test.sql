-- A run's final state is final: a later report may add detail, never change a finished run's
-- status, times or error fields (AO409 naming the field, nothing written); a run waiting for its
-- approval cannot end as succeeded (it may fail or be canceled). The same rule holds for every
-- client (direct SQL), and refused reports are recorded for operators.
begin;
select plan(20);

-- SETUP
select tests.create_user('final@test.local', '43000000-0000-4000-a000-000000000001');
select tests.create_workspace('final', '43000000-0000-4000-a000-000000000001');
select tests.create_agent((select id from public.workspaces where slug = 'final'), 'final-agent');
create temporary table ids on commit drop as
select a.id as agent_id, k.id as key_id, a.workspace_id from public.agents a join public.agent_api_keys k on k.agent_id = a.id
where a.slug = 'final-agent';
create function pg_temp.ingest(runs jsonb) returns jsonb language sql as $$
  select tests.ingest_runs(i.agent_id, i.key_id, runs) from ids i
$$;
create function pg_temp.run(key text) returns public.executions language sql as $$
  select e.* from public.executions e where e.run_key = key and e.workspace_id = (select workspace_id from ids)
$$;
select pg_temp.ingest('[{"run_key": "done", "status": "succeeded", "started_at": "2026-11-20T10:00:00Z", "ended_at": "2026-11-20T10:00:05Z", "metadata": {"n8n_status": "success"}}]');

-- TEST: a failed report after succeeded is refused naming the field, and changes nothing
select throws_ok($$select pg_temp.ingest('[{"run_key": "done", "status": "failed", "error_type": "boom"}]')$$,
  'AO409', 'runs.0.status: the run has ended as succeeded: it cannot become failed', 'failed after succeeded answers 409 naming runs.0.status');
select throws_ok($$select pg_temp.ingest('[{"run_key": "done", "status": "succeeded", "error_type": "boom"}]')$$,
  'AO409', 'runs.0.error_type: the run has ended as succeeded: its error_type is not set', 'an error on a succeeded run answers 409 naming runs.0.error_type');
select throws_ok($$select pg_temp.ingest('[{"run_key": "done", "status": "succeeded", "ended_at": "2026-11-20T11:00:00Z"}]')$$,
  'AO409', null, 'moving a finished run''s ended_at answers 409');
select results_eq($$select status, error_type, ended_at, duration_ms from pg_temp.run('done')$$,
  $$values ('succeeded'::text, null::text, '2026-11-20T10:00:05Z'::timestamptz, 5000)$$, 'the run is unchanged');

-- TEST: a late older report adds nothing that contradicts (status, times, metadata keys stay)
select lives_ok($$select pg_temp.ingest('[{"run_key": "done", "status": "running", "metadata": {"n8n_status": "running", "late": true}}]')$$,
  'a late running report is accepted');
select results_eq($$select status, metadata ->> 'n8n_status', metadata ->> 'late' from pg_temp.run('done')$$,
  $$values ('succeeded'::text, 'success'::text, 'true'::text)$$, 'it adds new detail but keeps the final state and the keys already there');
select lives_ok($$select pg_temp.ingest('[{"run_key": "done", "status": "succeeded", "started_at": "2026-11-20T10:00:00Z", "ended_at": "2026-11-20T10:00:05Z"}]')$$,
  'the same final report again is accepted (a retry)');

-- TEST: a stamped ended_at (the run ended without one) may be replaced by the source's own, once
select pg_temp.ingest('[{"run_key": "stamped", "status": "running", "started_at": "2026-11-20T10:00:00Z"}]');
select pg_temp.ingest('[{"run_key": "stamped", "status": "succeeded"}]');
select is((pg_temp.run('stamped')).ended_at_stamped, true, 'ending without ended_at stamps it');
select lives_ok($$select pg_temp.ingest('[{"run_key": "stamped", "status": "succeeded", "ended_at": "2026-11-20T10:00:02Z"}]')$$,
  'the source''s ended_at replaces the stamp');
select results_eq($$select ended_at, duration_ms, ended_at_stamped from pg_temp.run('stamped')$$,
  $$values ('2026-11-20T10:00:02Z'::timestamptz, 2000, false)$$, 'with its duration derived again');
select throws_ok($$select pg_temp.ingest('[{"run_key": "stamped", "status": "succeeded", "ended_at": "2026-11-20T10:00:03Z"}]')$$,
  'AO409', null, 'after that the end is final');

-- TEST: waiting for an approval, a run cannot end as succeeded; it may fail
select pg_temp.ingest('[{"run_key": "waits", "status": "waiting_approval"}, {"run_key": "waits2", "status": "waiting_approval"}]');
select throws_ok($$select pg_temp.ingest('[{"run_key": "waits", "status": "succeeded"}]')$$,
  'AO409', 'runs.0.status: the run is waiting for an approval: it cannot end as succeeded before it is approved',
  'waiting_approval -> succeeded through ingest answers 409');
select throws_ok($$update public.executions set status = 'succeeded' where run_key = 'waits' and workspace_id = (select workspace_id from ids)$$,
  'AO409', null, 'and through SQL');
select lives_ok($$select pg_temp.ingest('[{"run_key": "waits2", "status": "failed", "error_type": "gave_up"}]')$$, 'waiting_approval -> failed is allowed');
select is((pg_temp.run('waits')).status, 'waiting_approval', 'the waiting run still waits');

-- TEST: the rule holds for every client (direct SQL)
select throws_ok($$update public.executions set error_type = 'late' where run_key = 'done' and workspace_id = (select workspace_id from ids)$$,
  'AO409', 'run done has ended as succeeded: its error_type cannot change', 'SQL cannot set an error on a succeeded run');
select throws_ok($$update public.executions set started_at = started_at - interval '1 hour' where run_key = 'done' and workspace_id = (select workspace_id from ids)$$,
  'AO409', null, 'nor move its start');
select lives_ok($$update public.executions set user_rating = 5, feedback = 'great' where run_key = 'done' and workspace_id = (select workspace_id from ids)$$,
  'feedback on a finished run is detail, accepted');

-- TEST: a refused report is recorded for operators
select tests.record_run_conflict((select agent_id from ids), 'done', 'runs.0.status', 'run_final', 'the run has ended as succeeded: it cannot become failed');
select results_eq($$select run_key, field, reason from public.run_conflicts where workspace_id = (select workspace_id from ids)$$,
  $$values ('done'::text, 'runs.0.status'::text, 'run_final'::text)$$, 'run_conflicts keeps the refused report');
select is((select count(*) from public.run_conflicts c where c.execution_id = (pg_temp.run('done')).id), 1::bigint, 'linked to its run');

select * from finish();
rollback;
