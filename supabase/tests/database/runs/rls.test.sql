-- Who sees and changes runs and what hangs off them: viewers read, members correct, admins
-- delete, an agent reaches only its own runs, other workspaces and anon nothing.
begin;
select plan(19);

-- SETUP
select tests.create_user('rls-admin@test.local', '43000000-0000-4000-a000-000000000001');
select tests.create_user('rls-viewer@test.local', '43000000-0000-4000-a000-000000000002');
select tests.create_user('rls-member@test.local', '43000000-0000-4000-a000-000000000003');
select tests.create_user('rls-outsider@test.local', '43000000-0000-4000-a000-000000000004');
select tests.create_workspace('rls-a', '43000000-0000-4000-a000-000000000001');
select tests.create_workspace('rls-b', '43000000-0000-4000-a000-000000000004');
select tests.add_member((select id from public.workspaces where slug = 'rls-a'), '43000000-0000-4000-a000-000000000002', 'viewer');
select tests.add_member((select id from public.workspaces where slug = 'rls-a'), '43000000-0000-4000-a000-000000000003', 'member');
select tests.create_agent((select id from public.workspaces where slug = 'rls-a'), 'rls-one');
select tests.create_agent((select id from public.workspaces where slug = 'rls-a'), 'rls-two');
select tests.ingest_runs(a.id, k.id, jsonb_build_array(jsonb_build_object('run_key', a.slug || '-run', 'status', 'running',
  'spans', jsonb_build_array(jsonb_build_object('span_key', 's', 'kind', 'llm', 'name', 'chat', 'started_at', '2026-11-01T00:00:00Z')))))
from public.agents a join public.agent_api_keys k on k.agent_id = a.id where a.slug in ('rls-one', 'rls-two');
select tests.ingest_metric_samples(a.id, k.id, '[{"metric_type": "accuracy", "value": 0.9}]')
from public.agents a join public.agent_api_keys k on k.agent_id = a.id where a.slug in ('rls-one', 'rls-two');
insert into public.projects (workspace_id, slug, name) select id, 'p', 'P' from public.workspaces where slug = 'rls-a';

-- TEST: a viewer reads everything of the workspace and writes nothing
select tests.authenticate_as('43000000-0000-4000-a000-000000000002');
select is((select count(*) from public.executions where run_key like 'rls-%'), 2::bigint, 'viewer reads the runs');
select is((select count(*) from public.execution_spans s join public.executions e on e.id = s.execution_id where e.run_key like 'rls-%'), 2::bigint, 'viewer reads the spans');
select is((select count(*) from public.metric_samples m join public.agents a on a.id = m.agent_id where a.slug like 'rls-%'), 2::bigint, 'viewer reads metric samples');
select is_empty($$update public.executions set status = 'canceled' where run_key = 'rls-one-run' returning 1$$, 'viewer cannot change a run');
select throws_ok($$insert into public.projects (workspace_id, slug, name) select id, 'q', 'Q' from public.workspaces where slug = 'rls-a'$$, '42501', null, 'viewer cannot create projects');
select throws_ok($$insert into public.model_prices (workspace_id, model_name, model_pattern, input_per_mtok, output_per_mtok) select id, 'm', '^m$', 1, 1 from public.workspaces where slug = 'rls-a'$$,
  '42501', null, 'viewer cannot set prices');

-- TEST: a member corrects a run under the status machine, but cannot delete it
select tests.authenticate_as('43000000-0000-4000-a000-000000000003');
select isnt_empty($$update public.executions set status = 'canceled' where run_key = 'rls-one-run' returning 1$$, 'member cancels a run');
select is_empty($$delete from public.executions where run_key = 'rls-two-run' returning 1$$, 'member cannot delete runs');
select lives_ok($$insert into public.projects (workspace_id, slug, name) select id, 'q', 'Q' from public.workspaces where slug = 'rls-a'$$, 'member creates a project');

-- TEST: an agent reaches only its own runs, spans and samples
select tests.authenticate_as_agent((select id from public.agents where slug = 'rls-one'));
select results_eq($$select run_key from public.executions$$, array['rls-one-run'], 'an agent sees only its own runs');
select is((select count(*) from public.execution_spans), 1::bigint, 'an agent sees only its own spans');
select is((select count(*) from public.metric_samples), 1::bigint, 'an agent sees only its own samples');
select is_empty($$update public.executions set status = 'failed' returning 1$$, 'an agent cannot change runs directly (only through ingest)');
select is((select count(*) from public.projects), 0::bigint, 'an agent does not see projects');

-- TEST: another workspace and anon see nothing
select tests.authenticate_as('43000000-0000-4000-a000-000000000004');
select is((select count(*) from public.executions where run_key like 'rls-%'), 0::bigint, 'outsider sees no runs');
select is((select count(*) from public.cost_adjustments), 0::bigint, 'outsider sees no cost adjustments');
select ok((select count(*) from public.model_prices) > 0 and (select count(*) from public.model_prices where workspace_id is not null) = 0,
  'outsider sees the global prices only');
select tests.authenticate_as_anon();
select throws_ok($$select count(*) from public.executions$$, '42501', null, 'anon sees no runs (no grant at all)');

-- TEST: admins delete
select tests.authenticate_as('43000000-0000-4000-a000-000000000001');
select isnt_empty($$delete from public.executions where run_key = 'rls-two-run' returning 1$$, 'admin deletes a run');

select * from finish();
rollback;
