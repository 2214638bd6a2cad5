-- private.authorize: the answer at each escalation level, each reason to deny (recorded too),
-- the request counted but the estimate only checked (private.take_quota, one statement), the run moved to
-- waiting_approval, and refusals that are errors rather than decisions (dead key, bad input).
begin;
select plan(31);

-- SETUP
select tests.create_user('owner@govz.test', '80000000-0000-4000-a000-000000000001');
select tests.create_workspace('govz', '80000000-0000-4000-a000-000000000001') as ws \gset
select tests.create_agent(:'ws', 'gz-1', 1) as l1 \gset
select tests.create_agent(:'ws', 'gz-2', 2) as l2 \gset
select tests.create_agent(:'ws', 'gz-3', 3) as l3 \gset
select tests.create_agent(:'ws', 'gz-4', 4) as l4 \gset
update public.agents set tokens_per_day = 1000, cost_per_month = 10, requests_per_minute = 3 where id = :'l1';

create function pg_temp.ask(agent uuid, extra jsonb default '{}') returns jsonb language sql as $$
  select tests.authorize(ask.agent, k.id, jsonb_build_object('tool', 'openai-api', 'action', 'generate:text',
    'call_hash', repeat('f', 64)) || ask.extra)
  from public.agent_api_keys k where k.agent_id = ask.agent
$$;

-- TEST: each escalation level
select is((select r ->> 'decision' || '/' || (r ->> 'outcome') from pg_temp.ask(:'l1') r), 'allow/allowed', 'level 1: allowed');
select is((select r ->> 'decision' || '/' || (r ->> 'outcome') from pg_temp.ask(:'l2') r), 'allow/allowed_notified', 'level 2: allowed and approvers notified');
select is((select r ->> 'decision' || '/' || (r ->> 'outcome') || '/' || (r -> 'approval' ->> 'status') from pg_temp.ask(:'l3') r),
  'pending/pending_approval/pending', 'level 3: pending with an approval');
select is((select r ->> 'decision' || '/' || (r ->> 'outcome') || '/' || (r -> 'approval' ->> 'escalation_level') from pg_temp.ask(:'l4') r),
  'pending/pending_human/4', 'level 4: pending for a person');
select is((select count(*) from public.notifications where type = 'agent_action' and data ->> 'agent_id' = :'l2'), 1::bigint,
  'level 2 notifies the approvers (here: the owner)');

-- TEST: the estimate is checked, not consumed; the request is counted
select is((select requests_count || '/' || tokens_used || '/' || cost_usd::float8 from public.agent_usage where agent_id = :'l1'), '1/0/0',
  'one request counted, no tokens nor cost consumed');
select is((select private.take_quota(a, 0, 1000, 10, false) -> 'quota' -> 'tokens_per_day' ->> 'remaining' || ' ' || (private.take_quota(a, 0, 1000, 10, false) -> 'exceeded')
  from public.agents a where a.id = :'l1'), '1000 null', 'take_quota: an estimate that fits exactly is fine');
select is((select private.take_quota(a, 0, 1001, 0, false) -> 'exceeded' ->> 'limit' from public.agents a where a.id = :'l1'), 'tokens_per_day',
  'take_quota: over today''s tokens is exceeded');
select is((select private.take_quota(a, 0, 0, 10.5, false) -> 'exceeded' ->> 'code' from public.agents a where a.id = :'l1'), 'budget_exceeded',
  'take_quota: over the month''s budget is exceeded');
select is((select tokens_used from public.agent_usage where agent_id = :'l1'), 0::bigint, 'checking consumed nothing');

-- TEST: each reason to deny is an answer, recorded
select is((select r ->> 'reason' || ' ' || (r -> 'details' ->> 'remaining') from pg_temp.ask(:'l1', '{"estimated_tokens": 2000}') r),
  'quota_exceeded 1000', 'tokens over the day''s limit: quota_exceeded, with what remains');
select is((select r ->> 'reason' from pg_temp.ask(:'l1', '{"estimated_cost_usd": 11}') r), 'budget_exceeded', 'cost over the month''s budget: budget_exceeded');
select is((select r ->> 'reason' || ' ' || (r -> 'details' ->> 'limit') from pg_temp.ask(:'l1') r), 'quota_exceeded requests_per_minute',
  'a fourth request in the minute: over requests_per_minute');
select is((select r ->> 'reason' from pg_temp.ask(:'l2', '{"action": "delete:everything"}') r), 'capability_missing', 'an action the agent may not do: capability_missing');
select is((select r ->> 'reason' from pg_temp.ask(:'l2', '{"tool": "sora-api"}') r), 'tool_not_granted', 'a tool not granted: tool_not_granted');
update public.agents set status = 'blocked' where id = :'l2';
select throws_ok(format('select pg_temp.ask(%L)', :'l2'), 'AO403', 'agent gz-2 is blocked: it cannot be authorized',
  'a blocked agent is refused outright (as on every agent route), not answered');
select results_eq(
  format('select outcome, reason from public.authorization_decisions where agent_id = %L order by created_at, reason nulls first', :'l1'),
  $$values ('allowed'::text, null::text), ('denied', 'budget_exceeded'), ('denied', 'quota_exceeded'), ('denied', 'quota_exceeded')$$,
  'every answer, allowed or denied, is recorded');
select is((select count(*) from public.approvals where requested_by in (:'l1', :'l2')), 0::bigint, 'denials and levels 1-2 open no approval');
select is((select count(*) from public.authorization_decisions where agent_id = :'l2'), 3::bigint, '... and the blocked agent''s refusal recorded nothing');

-- TEST: the run moves to waiting_approval, from queued or running; a new run_key starts a run
insert into public.executions (workspace_id, agent_id, run_key, status) values (:'ws', :'l3', 'gz-queued', 'queued'), (:'ws', :'l1', 'gz-l1-run', 'running');
select is((select r -> 'approval' ->> 'run_key' from pg_temp.ask(:'l3', '{"run_key": "gz-queued"}') r), 'gz-queued', 'the approval names the run');
select is((select status from public.executions where run_key = 'gz-queued'), 'waiting_approval', 'queued -> waiting_approval');
select pg_temp.ask(:'l4', '{"run_key": "gz-new"}');
select is((select e.status from public.executions e join public.approvals a on a.execution_id = e.id where e.run_key = 'gz-new'),
  'waiting_approval', 'a new run_key starts the run, waiting for its approval');
select throws_ok(format($$select pg_temp.ask(%L, '{"run_key": "gz-l1-run"}')$$, :'l3'), 'AO409', 'run_key: belongs to a run of another agent',
  'the run of another agent is refused');

-- TEST: errors, not decisions: a dead key, bad input
update public.agent_api_keys set revoked_at = now() where agent_id = :'l4';
select throws_ok(format('select pg_temp.ask(%L)', :'l4'), 'AO401', null, 'a revoked key is refused before anything is decided');
select throws_ok(format($$select tests.authorize(%L, (select id from public.agent_api_keys where agent_id = %L), '{"action": "generate:text", "call_hash": "%s"}')$$,
  :'l3', :'l3', repeat('f', 64)), 'AO422', 'tool: is required (1-200 characters)', 'a missing tool is refused, naming the field');
select throws_ok(format($$select pg_temp.ask(%L, '{"estimated_cost_usd": "a lot"}')$$, :'l3'), 'AO422', null, 'a cost that is not a number is refused');
select throws_ok(format($$select pg_temp.ask(%L, '{"call_hash": "abc"}')$$, :'l3'), 'AO422', null, 'a call_hash that is not SHA-256 hex is refused');

-- TEST: the caller is the transaction's claims, never an argument: none, a person's, or a key of another agent are refused
select throws_ok(format($$select private.authorize('{"tool": "openai-api", "action": "generate:text", "call_hash": "%s"}')$$, repeat('f', 64)),
  'AO401', null, 'no claims: refused, nothing decided');
select set_config('request.jwt.claims', jsonb_build_object('sub', '80000000-0000-4000-a000-000000000001', 'role', 'authenticated')::text, true);
select throws_ok(format($$select private.authorize('{"tool": "openai-api", "action": "generate:text", "call_hash": "%s"}')$$, repeat('f', 64)),
  'AO401', null, 'a person''s claims: refused');
select throws_ok(format($$select tests.authorize(%L, (select id from public.agent_api_keys where agent_id = %L), '{"tool": "openai-api", "action": "generate:text", "call_hash": "%s"}')$$,
  :'l1', :'l3', repeat('f', 64)), 'AO401', null, 'an agent''s claims with the key of another agent: refused');
select is((select count(*) from public.authorization_decisions where agent_id = :'l1'), 4::bigint, '... and none of them recorded a decision');

select * from finish();
rollback;
