-- Row level security of the learning tables, operation by operation: anon, a viewer, a member,
-- an admin, an agent (its own rows and another agent's) and a member of another workspace.
-- Also: echo entries take their run's agent, model, outcome and rating.
begin;
select plan(53);

-- SETUP
select tests.create_user('admin@lrls.test', '67000000-0000-4000-a000-000000000001');
select tests.create_user('member@lrls.test', '67000000-0000-4000-a000-000000000002');
select tests.create_user('viewer@lrls.test', '67000000-0000-4000-a000-000000000003');
select tests.create_user('outsider@lrls.test', '67000000-0000-4000-a000-000000000004');
select tests.create_workspace('lrls', '67000000-0000-4000-a000-000000000001');
select tests.create_workspace('lrls-other', '67000000-0000-4000-a000-000000000004');
select tests.add_member((select id from public.workspaces where slug = 'lrls'), '67000000-0000-4000-a000-000000000002', 'member');
select tests.add_member((select id from public.workspaces where slug = 'lrls'), '67000000-0000-4000-a000-000000000003', 'viewer');
select tests.create_agent((select id from public.workspaces where slug = 'lrls'), 'lx');
select tests.create_agent((select id from public.workspaces where slug = 'lrls'), 'ly');
insert into public.executions (workspace_id, agent_id, run_key, status, model, user_rating)
select a.workspace_id, a.id, a.slug || '-run', 'succeeded', 'm-' || a.slug, 4 from public.agents a where a.slug in ('lx', 'ly');
insert into public.patterns (workspace_id, topic, name) select id, 'copy', 'p' from public.workspaces where slug = 'lrls';
insert into public.tasks (workspace_id, external_task_key, title) select id, 'lrls-task', 'task' from public.workspaces where slug = 'lrls';

create temporary table ctx as
select (select id from public.workspaces where slug = 'lrls') as ws, (select id from public.workspaces where slug = 'lrls-other') as other_ws,
  (select id from public.agents where slug = 'lx') as lx, (select id from public.agents where slug = 'ly') as ly,
  (select id from public.executions where run_key = 'lx-run') as lx_run, (select id from public.executions where run_key = 'ly-run') as ly_run,
  (select p.id from public.patterns p join public.workspaces w on w.id = p.workspace_id where w.slug = 'lrls' and p.name = 'p') as pattern,
  (select id from public.tasks where external_task_key = 'lrls-task') as task;
grant select on ctx to anon, authenticated;

-- rows a statement changed, as the current identity
create function pg_temp.affected(statement text) returns bigint language plpgsql as $$
declare v bigint;
begin
  execute format('with x as (%s) select count(*) from x', statement) into v;
  return v;
end $$;

-- ECHO ENTRIES
-- TEST: an agent writes an entry for its own run; it takes the run's agent, model, outcome and rating
select tests.authenticate_as_agent((select lx from ctx));
select lives_ok($$insert into public.echo_entries (workspace_id, execution_id, patterns_learned) select ws, lx_run, array['short wins'] from ctx$$,
  'an agent writes an echo entry for its own run');
select results_eq($$select agent_id, model_used, success, user_rating from public.echo_entries$$,
  $$select lx, 'm-lx'::text, true, 4::smallint from ctx$$, 'the entry takes the run''s agent, model, outcome and rating');
select throws_ok($$insert into public.echo_entries (workspace_id, execution_id) select ws, ly_run from ctx$$, '42501', null,
  'an agent cannot write an entry for another agent''s run');
select tests.clear_authentication();
select tests.authenticate_as_agent((select ly from ctx));
select is((select count(*) from public.echo_entries), 0::bigint, 'an agent does not read another agent''s entries');
update public.echo_entries set key_insights = 'ly was here';
select tests.clear_authentication();
select is((select count(*) from public.echo_entries where key_insights = 'ly was here'), 0::bigint, 'an agent does not change another agent''s entries');

-- TEST: people
select tests.authenticate_as('67000000-0000-4000-a000-000000000002');
select lives_ok($$insert into public.echo_entries (workspace_id, execution_id, key_insights, created_by)
  select ws, ly_run, 'benefit first', '67000000-0000-4000-a000-000000000002' from ctx$$, 'a member writes an entry');
select throws_ok($$insert into public.echo_entries (workspace_id, execution_id, created_by) select ws, ly_run, '67000000-0000-4000-a000-000000000001' from ctx$$,
  '42501', null, 'a member cannot write in someone else''s name');
select is(pg_temp.affected($q$update public.echo_entries set user_feedback = 'ok' returning 1$q$), 2::bigint, 'a member updates entries');
select is(pg_temp.affected($q$delete from public.echo_entries returning 1$q$), 0::bigint, 'a member cannot delete entries');
select tests.authenticate_as('67000000-0000-4000-a000-000000000003');
select is((select count(*) from public.echo_entries), 2::bigint, 'a viewer reads the entries');
select throws_ok($$insert into public.echo_entries (workspace_id, execution_id) select ws, ly_run from ctx$$, '42501', null, 'a viewer cannot write');
select is(pg_temp.affected($q$update public.echo_entries set user_feedback = 'v' returning 1$q$), 0::bigint, 'a viewer cannot update');
select tests.authenticate_as('67000000-0000-4000-a000-000000000004');
select is((select count(*) from public.echo_entries where workspace_id = (select ws from ctx)), 0::bigint, 'a member of another workspace reads none');
select throws_ok($$insert into public.echo_entries (workspace_id, execution_id) select ws, ly_run from ctx$$, '42501', null,
  'a member of another workspace cannot write');
select tests.authenticate_as('67000000-0000-4000-a000-000000000001');
select is(pg_temp.affected($q$delete from public.echo_entries where workspace_id = (select ws from ctx) returning 1$q$), 2::bigint, 'an admin deletes entries');
select tests.authenticate_as_anon();
select throws_ok($$select count(*) from public.echo_entries$$, '42501', null, 'anon reads no entries');
select tests.clear_authentication();

-- PATTERNS
-- TEST: agents add patterns to their own workspace only; members edit; admins delete
select tests.authenticate_as_agent((select lx from ctx));
select lives_ok($$insert into public.patterns (workspace_id, topic, name) select ws, 'copy', 'agent-made' from ctx$$, 'an agent adds a pattern to its workspace');
select throws_ok($$insert into public.patterns (workspace_id, topic, name) select other_ws, 'copy', 'x' from ctx$$, '42501', null,
  'an agent cannot add to another workspace');
select is(pg_temp.affected($q$update public.patterns set description = 'agent edit' returning 1$q$), 0::bigint, 'an agent cannot edit patterns');
select tests.clear_authentication();
select tests.authenticate_as('67000000-0000-4000-a000-000000000003');
select throws_ok($$insert into public.patterns (workspace_id, topic, name) select ws, 'copy', 'v' from ctx$$, '42501', null, 'a viewer cannot add');
select is(pg_temp.affected($q$update public.patterns set description = 'viewer edit' returning 1$q$), 0::bigint, 'a viewer cannot edit');
select tests.authenticate_as('67000000-0000-4000-a000-000000000002');
select is(pg_temp.affected($q$update public.patterns set description = 'member edit' where workspace_id = (select ws from ctx) returning 1$q$), 2::bigint,
  'a member edits');
select is(pg_temp.affected($q$delete from public.patterns returning 1$q$), 0::bigint, 'a member cannot delete');
select tests.authenticate_as('67000000-0000-4000-a000-000000000004');
select is((select count(*) from public.patterns where workspace_id = (select ws from ctx)), 0::bigint, 'a member of another workspace reads none');
select is(pg_temp.affected($q$update public.patterns set description = 'x' where workspace_id = (select ws from ctx) returning 1$q$), 0::bigint,
  'a member of another workspace edits none');
select tests.authenticate_as('67000000-0000-4000-a000-000000000001');
select is(pg_temp.affected($q$delete from public.patterns where name = 'agent-made' returning 1$q$), 1::bigint, 'an admin deletes');
select tests.authenticate_as_anon();
select throws_ok($$select count(*) from public.patterns$$, '42501', null, 'anon reads no patterns');
select tests.clear_authentication();

-- PATTERN USAGE
-- TEST: an agent reports its own uses (of its own runs); members report; viewers do not; nobody edits
select tests.authenticate_as_agent((select lx from ctx));
select lives_ok($$insert into public.pattern_usage (workspace_id, pattern_id, agent_id, execution_id, success) select ws, pattern, lx, lx_run, true from ctx$$,
  'an agent reports a use in one of its runs');
select throws_ok($$insert into public.pattern_usage (workspace_id, pattern_id, agent_id, execution_id, success) select ws, pattern, lx, ly_run, true from ctx$$,
  '42501', null, 'an agent cannot report a use in another agent''s run');
select throws_ok($$insert into public.pattern_usage (workspace_id, pattern_id, agent_id, success) select ws, pattern, ly, true from ctx$$,
  '42501', null, 'an agent cannot report in another agent''s name');
select throws_ok($$update public.pattern_usage set success = false$$, '42501', null, 'uses are not edited');
select tests.clear_authentication();
select tests.authenticate_as_agent((select ly from ctx));
select is((select count(*) from public.pattern_usage), 0::bigint, 'an agent does not read another agent''s uses');
select tests.clear_authentication();
select tests.authenticate_as('67000000-0000-4000-a000-000000000002');
select lives_ok($$insert into public.pattern_usage (workspace_id, pattern_id, success, reported_by) select ws, pattern, false, '67000000-0000-4000-a000-000000000002' from ctx$$,
  'a member reports a use');
select is(pg_temp.affected($q$delete from public.pattern_usage returning 1$q$), 0::bigint, 'a member cannot delete uses');
select tests.authenticate_as('67000000-0000-4000-a000-000000000003');
select is((select count(*) from public.pattern_usage), 2::bigint, 'a viewer reads the uses');
select throws_ok($$insert into public.pattern_usage (workspace_id, pattern_id, success) select ws, pattern, true from ctx$$, '42501', null, 'a viewer cannot report');
select tests.authenticate_as('67000000-0000-4000-a000-000000000004');
select is((select count(*) from public.pattern_usage where workspace_id = (select ws from ctx)), 0::bigint, 'a member of another workspace reads no uses');
select tests.authenticate_as_anon();
select throws_ok($$select count(*) from public.pattern_usage$$, '42501', null, 'anon reads no uses');
select tests.clear_authentication();
select is((select usage_count from public.patterns where id = (select pattern from ctx)), 2, 'both accepted reports count in the statistics');

-- EVALUATIONS AND MEASUREMENTS (direct inserts, as Studio or PostgREST would)
-- TEST: members insert as themselves; an agent as itself, never for its own run; viewers and outsiders not
select tests.authenticate_as('67000000-0000-4000-a000-000000000002');
select lives_ok($$insert into public.evaluations (workspace_id, execution_id, evaluator_vendor, model_version, quality_score, reliability_score, value_score, verdict, evaluated_by)
  select ws, lx_run, 'human', 'v1', 80, 80, 80, 'pass', '67000000-0000-4000-a000-000000000002' from ctx$$, 'a member inserts an evaluation as themselves');
select throws_ok($$insert into public.evaluations (workspace_id, execution_id, evaluator_vendor, model_version, quality_score, reliability_score, value_score, verdict, evaluated_by)
  select ws, lx_run, 'human', 'v2', 80, 80, 80, 'pass', '67000000-0000-4000-a000-000000000001' from ctx$$, '42501', null, 'not in someone else''s name');
select tests.clear_authentication();
select tests.authenticate_as_agent((select lx from ctx));
select lives_ok($$insert into public.evaluations (workspace_id, execution_id, evaluator_vendor, model_version, quality_score, reliability_score, value_score, verdict, evaluator_agent_id)
  select ws, ly_run, 'bot', 'v1', 70, 70, 70, 'pass', lx from ctx$$, 'an agent evaluates another agent''s run as itself');
select throws_ok($$insert into public.evaluations (workspace_id, execution_id, evaluator_vendor, model_version, quality_score, reliability_score, value_score, verdict, evaluator_agent_id)
  select ws, lx_run, 'bot', 'v1', 70, 70, 70, 'pass', lx from ctx$$, 'AO403', 'an agent cannot evaluate its own runs', 'never its own run');
select throws_ok($$insert into public.efficiency_measurements (workspace_id, execution_id, throughput_per_hour, success_rate, latency_p50_ms, latency_p95_ms, cpu_seconds, memory_mb_avg, measured_by_agent_id)
  select ws, ly_run, 1, 1, 1, 1, 1, 1, ly from ctx$$, '42501', null, 'an agent cannot measure in another agent''s name');
select tests.clear_authentication();
select tests.authenticate_as('67000000-0000-4000-a000-000000000003');
select throws_ok($$insert into public.efficiency_measurements (workspace_id, execution_id, throughput_per_hour, success_rate, latency_p50_ms, latency_p95_ms, cpu_seconds, memory_mb_avg, measured_by)
  select ws, ly_run, 1, 1, 1, 1, 1, 1, '67000000-0000-4000-a000-000000000003' from ctx$$, '42501', null, 'a viewer cannot record a measurement');
select is(pg_temp.affected($q$delete from public.evaluations returning 1$q$), 0::bigint, 'a viewer cannot delete evaluations');
select tests.authenticate_as('67000000-0000-4000-a000-000000000004');
select throws_ok($$insert into public.evaluations (workspace_id, execution_id, evaluator_vendor, model_version, quality_score, reliability_score, value_score, verdict, evaluated_by)
  select ws, lx_run, 'h', 'v', 1, 1, 1, 'pass', '67000000-0000-4000-a000-000000000004' from ctx$$, '42501', null, 'a member of another workspace cannot evaluate');
select tests.authenticate_as('67000000-0000-4000-a000-000000000001');
select is(pg_temp.affected($q$delete from public.evaluations where workspace_id = (select ws from ctx) returning 1$q$), 2::bigint, 'an admin deletes evaluations');
select throws_ok($$update public.rep_balances set balance = 1000$$, '42501', null, 'balances are not writable');
select tests.clear_authentication();

-- EXPERIMENT RUNS
-- TEST: members correct runs, viewers do not, admins delete
select tests.authenticate_as('67000000-0000-4000-a000-000000000002');
insert into public.experiment_runs (workspace_id, experiment_key, run_number, task_id, agent_id, variant, outcome, started_at)
select ws, 'e', 1, task, lx, 'control', 'success', now() from ctx;
select tests.authenticate_as('67000000-0000-4000-a000-000000000003');
select is(pg_temp.affected($q$update public.experiment_runs set outcome = 'failure' returning 1$q$), 0::bigint, 'a viewer cannot correct a run');
select tests.authenticate_as('67000000-0000-4000-a000-000000000002');
select is(pg_temp.affected($q$update public.experiment_runs set outcome = 'inconclusive' returning 1$q$), 1::bigint, 'a member corrects a run');
select is(pg_temp.affected($q$delete from public.experiment_runs returning 1$q$), 0::bigint, 'a member cannot delete runs');
select tests.authenticate_as('67000000-0000-4000-a000-000000000001');
select is(pg_temp.affected($q$delete from public.experiment_runs returning 1$q$), 1::bigint, 'an admin deletes runs');
select tests.clear_authentication();

select * from finish();
rollback;
