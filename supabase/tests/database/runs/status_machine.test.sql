-- The run status machine holds for every client, not only for ingest.
begin;
select plan(12);

-- SETUP
select tests.create_user('sm@test.local', '40000000-0000-4000-a000-000000000001');
select tests.create_workspace('sm', '40000000-0000-4000-a000-000000000001');
select tests.create_agent((select id from public.workspaces where slug = 'sm'), 'sm-agent');
insert into public.executions (workspace_id, agent_id, run_key, status, started_at)
select workspace_id, id, k, 'queued', now() - interval '10 seconds' from public.agents, unnest(array['a', 'b', 'c']) k where slug = 'sm-agent';

-- TEST: legal transitions
select lives_ok($$update public.executions set status = 'running' where run_key = 'a' and workspace_id = (select id from public.workspaces where slug = 'sm')$$, 'queued -> running');
select lives_ok($$update public.executions set status = 'waiting_approval' where run_key = 'a' and workspace_id = (select id from public.workspaces where slug = 'sm')$$, 'running -> waiting_approval');
select lives_ok($$update public.executions set status = 'running' where run_key = 'a' and workspace_id = (select id from public.workspaces where slug = 'sm')$$, 'waiting_approval -> running');
select lives_ok($$update public.executions set status = 'succeeded' where run_key = 'a' and workspace_id = (select id from public.workspaces where slug = 'sm')$$, 'running -> succeeded');
select ok((select ended_at is not null and duration_ms >= 10000 from public.executions where run_key = 'a' and workspace_id = (select id from public.workspaces where slug = 'sm')),
  'reaching a final state stamps ended_at and duration_ms');

-- TEST: terminal states are final
select throws_ok($$update public.executions set status = 'running' where run_key = 'a' and workspace_id = (select id from public.workspaces where slug = 'sm')$$,
  'AO409', 'run a has ended as succeeded: it cannot become running', 'succeeded -> running is refused');
select throws_ok($$update public.executions set status = 'failed' where run_key = 'a' and workspace_id = (select id from public.workspaces where slug = 'sm')$$,
  'AO409', null, 'succeeded -> failed is refused');
select lives_ok($$update public.executions set status = 'canceled' where run_key = 'b' and workspace_id = (select id from public.workspaces where slug = 'sm')$$, 'queued -> canceled');
select throws_ok($$update public.executions set status = 'queued' where run_key = 'b' and workspace_id = (select id from public.workspaces where slug = 'sm')$$,
  'AO409', null, 'canceled -> queued is refused');
select is(private.execution_transition_allowed('running', 'queued'), false, 'running -> queued is not a transition');

-- TEST: constraints the machine relies on
select throws_ok($$insert into public.executions (workspace_id, agent_id, run_key, status, started_at, ended_at)
  select workspace_id, id, 'bad', 'succeeded', now(), now() - interval '1 second' from public.agents where slug = 'sm-agent'$$,
  '23514', null, 'a run cannot end before it starts');
select throws_ok($$insert into public.executions (workspace_id, agent_id, run_key, status) select workspace_id, id, 'bad2', 'done' from public.agents where slug = 'sm-agent'$$,
  '23514', null, 'an unknown status is refused');

select * from finish();
rollback;
