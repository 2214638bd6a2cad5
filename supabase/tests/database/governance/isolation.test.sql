-- Who sees and changes what in governance: seed 000 approval_isolation per workspace (approvers
-- see theirs and unassigned ones, admins all of their workspace's, the requesting agent its own,
-- nobody else anything), claiming and assigning, decisions visible to the workspace, votes, rules,
-- and the audit log (readable by the workspace, writable by nobody).
begin;
select plan(37);

-- SETUP: workspace govi (owner, approvers A and B, a viewer, a member) and workspace govx (owner X, approver XA)
select tests.create_user('owner@govi.test', '50000000-0000-4000-a000-000000000001');
select tests.create_user('a@govi.test', '50000000-0000-4000-a000-000000000002');
select tests.create_user('b@govi.test', '50000000-0000-4000-a000-000000000003');
select tests.create_user('viewer@govi.test', '50000000-0000-4000-a000-000000000004');
select tests.create_user('member@govi.test', '50000000-0000-4000-a000-000000000005');
select tests.create_user('x@govx.test', '50000000-0000-4000-a000-000000000011');
select tests.create_user('xa@govx.test', '50000000-0000-4000-a000-000000000012');
select tests.create_workspace('govi', '50000000-0000-4000-a000-000000000001') as govi \gset
select tests.create_workspace('govx', '50000000-0000-4000-a000-000000000011') as govx \gset
select tests.add_member(:'govi', '50000000-0000-4000-a000-000000000002', 'approver');
select tests.add_member(:'govi', '50000000-0000-4000-a000-000000000003', 'approver');
select tests.add_member(:'govi', '50000000-0000-4000-a000-000000000004', 'viewer');
select tests.add_member(:'govi', '50000000-0000-4000-a000-000000000005', 'member');
select tests.add_member(:'govx', '50000000-0000-4000-a000-000000000012', 'approver');
select tests.create_agent(:'govi', 'gi-l3', 3) as gi \gset
select tests.create_agent(:'govi', 'gi-l1', 1) as gi1 \gset
select tests.create_agent(:'govx', 'gx-l3', 3) as gx \gset

create function pg_temp.ask(agent uuid) returns uuid language sql as $$
  select (tests.authorize(ask.agent, k.id, jsonb_build_object('tool', 'openai-api', 'action', 'generate:text', 'call_hash', repeat('b', 64)))
    -> 'approval' ->> 'id')::uuid
  from public.agent_api_keys k where k.agent_id = ask.agent
$$;
select pg_temp.ask(:'gi') as open \gset
select pg_temp.ask(:'gi') as to_a \gset
select pg_temp.ask(:'gi') as to_b \gset
select pg_temp.ask(:'gi') as done \gset
select pg_temp.ask(:'gx') as other \gset
select tests.authorize(:'gi1', (select id from public.agent_api_keys where agent_id = :'gi1'),
  jsonb_build_object('tool', 'openai-api', 'action', 'generate:text', 'call_hash', repeat('c', 64)));
update public.approvals set approver_id = '50000000-0000-4000-a000-000000000002' where id = :'to_a';
update public.approvals set approver_id = '50000000-0000-4000-a000-000000000003' where id = :'to_b';
select tests.decide_approval(:'done', '50000000-0000-4000-a000-000000000002', 'approve');
insert into public.approval_rules (workspace_id, name, required_approvals) values (:'govi', 'govi rule', 1);

create function pg_temp.seen(ws uuid) returns bigint language sql as $$
  select count(*) from public.approvals where workspace_id = seen.ws
$$;
-- how many rows a statement changed (as the current identity)
create function pg_temp.changed(stmt text) returns bigint language plpgsql as $$
declare
  v_n bigint;
begin
  execute format('with x as (%s returning 1) select count(*) from x', stmt) into v_n;
  return v_n;
end;
$$;

-- TEST: approvers see what is theirs or unassigned
select tests.authenticate_as('50000000-0000-4000-a000-000000000002');
select results_eq(format('select id from public.approvals where workspace_id = %L order by id', :'govi'),
  format('select unnest(array[%L, %L, %L]::uuid[]) order by 1', :'open', :'to_a', :'done'),
  'approver A sees the unassigned one, the one assigned to A and the one A decided');
select tests.authenticate_as('50000000-0000-4000-a000-000000000003');
select results_eq(format('select id from public.approvals where workspace_id = %L order by id', :'govi'),
  format('select unnest(array[%L, %L]::uuid[]) order by 1', :'open', :'to_b'),
  'approver B sees the unassigned one and the one assigned to B');
-- TEST: admins see all of their workspace's; viewers, members and other workspaces see none
select tests.authenticate_as('50000000-0000-4000-a000-000000000001');
select is(pg_temp.seen(:'govi'), 4::bigint, 'the owner sees every approval of the workspace');
select is(pg_temp.seen(:'govx'), 0::bigint, '... and none of another workspace');
select tests.authenticate_as('50000000-0000-4000-a000-000000000004');
select is(pg_temp.seen(:'govi'), 0::bigint, 'a viewer sees no approvals');
select tests.authenticate_as('50000000-0000-4000-a000-000000000005');
select is(pg_temp.seen(:'govi'), 0::bigint, 'a member sees no approvals');
select tests.authenticate_as('50000000-0000-4000-a000-000000000012');
select is(pg_temp.seen(:'govi'), 0::bigint, 'an approver of another workspace sees none');
select tests.authenticate_as_anon();
select throws_ok(format('select count(*) from public.approvals where workspace_id = %L', :'govi'), '42501', null, 'anon cannot read approvals');
-- TEST: the requesting agent sees its own; another agent none
select tests.authenticate_as_agent(:'gi');
select is(pg_temp.seen(:'govi'), 4::bigint, 'the agent sees the approvals it asked for');
select tests.authenticate_as_agent(:'gx');
select is(pg_temp.seen(:'govi'), 0::bigint, 'an agent of another workspace sees none');

-- TEST: claiming and assigning
select tests.authenticate_as('50000000-0000-4000-a000-000000000003');
select is(pg_temp.changed(format($$update public.approvals set approver_id = '50000000-0000-4000-a000-000000000003' where id = %L$$, :'open')),
  1::bigint, 'an approver claims an unassigned approval');
select tests.authenticate_as('50000000-0000-4000-a000-000000000002');
select is(pg_temp.seen(:'govi'), 2::bigint, 'once claimed by B, A no longer sees it');
select is(pg_temp.changed(format($$update public.approvals set approver_id = '50000000-0000-4000-a000-000000000002' where id = %L$$, :'to_b')),
  0::bigint, 'an approver cannot take an approval assigned to someone else');
select is(pg_temp.changed(format($$update public.approvals set approver_id = '50000000-0000-4000-a000-000000000003' where id = %L$$, :'to_a')),
  0::bigint, 'an approver cannot hand their approval to someone else');
select throws_ok(format($$update public.approvals set approval_status = 'approved' where id = %L$$, :'to_a'),
  '42501', null, 'nobody decides by updating the status');
select tests.authenticate_as('50000000-0000-4000-a000-000000000004');
select is(pg_temp.changed(format($$update public.approvals set approver_id = null where workspace_id = %L$$, :'govi')),
  0::bigint, 'a viewer changes nothing');
select tests.authenticate_as('50000000-0000-4000-a000-000000000001');
select is(pg_temp.changed(format($$update public.approvals set approver_id = '50000000-0000-4000-a000-000000000003' where id = %L$$, :'to_a')),
  1::bigint, 'an admin reassigns a pending approval');
select throws_ok(format($$update public.approvals set approver_id = '50000000-0000-4000-a000-000000000004' where id = %L$$, :'to_a'),
  'AO422', 'approver_id: is not an approver of this workspace', 'only to an approver of the workspace');
select throws_ok(format($$update public.approvals set approver_id = '50000000-0000-4000-a000-000000000003' where id = %L$$, :'done'),
  'AO409', null, 'a decided approval is never reassigned');
select throws_ok(format($$insert into public.approvals (workspace_id, requested_by, escalation_level, tool, action, call_hash, expires_at)
  values (%L, %L, 3, 't', 'a', repeat('d', 64), now() + interval '1 day')$$, :'govi', :'gi'),
  '42501', null, 'approvals are opened by authorize only');

-- TEST: votes are seen with their approval
select tests.authenticate_as('50000000-0000-4000-a000-000000000002');
select is((select count(*) from public.approval_votes where approval_id = :'done'), 1::bigint, 'the approver sees the vote on an approval they see');
select tests.authenticate_as('50000000-0000-4000-a000-000000000003');
select is((select count(*) from public.approval_votes where approval_id = :'done'), 0::bigint, 'B does not see the vote on A''s approval');
select tests.authenticate_as('50000000-0000-4000-a000-000000000012');
select is((select count(*) from public.approval_votes where workspace_id = :'govi'), 0::bigint, 'another workspace sees no votes');

-- TEST: every decision is visible to the workspace, and to the agent that asked
select tests.authenticate_as('50000000-0000-4000-a000-000000000004');
select is((select count(*) from public.authorization_decisions where workspace_id = :'govi'), 5::bigint, 'a viewer sees every decision of the workspace');
select tests.authenticate_as('50000000-0000-4000-a000-000000000012');
select is((select count(*) from public.authorization_decisions where workspace_id = :'govi'), 0::bigint, 'another workspace sees none');
select tests.authenticate_as_agent(:'gi1');
select is((select count(*) from public.authorization_decisions where workspace_id = :'govi'), 1::bigint, 'an agent sees its own decisions only');
select tests.authenticate_as('50000000-0000-4000-a000-000000000001');
select throws_ok(format($$insert into public.authorization_decisions (workspace_id, agent_id, tool, action, call_hash, escalation_level, outcome, message)
  values (%L, %L, 't', 'a', repeat('d', 64), 1, 'allowed', 'forged')$$, :'govi', :'gi1'), '42501', null, 'decisions are written by authorize only');

-- TEST: rules: the workspace reads them, admins write them
select tests.authenticate_as('50000000-0000-4000-a000-000000000004');
select is((select count(*) from public.approval_rules where workspace_id = :'govi'), 1::bigint, 'a viewer reads the rules');
select throws_ok(format($$insert into public.approval_rules (workspace_id, name) values (%L, 'viewer rule')$$, :'govi'), '42501', null, 'a viewer cannot add one');
select tests.authenticate_as('50000000-0000-4000-a000-000000000002');
select throws_ok(format($$insert into public.approval_rules (workspace_id, name) values (%L, 'approver rule')$$, :'govi'), '42501', null, 'nor can an approver');
select tests.authenticate_as('50000000-0000-4000-a000-000000000001');
select lives_ok(format($$insert into public.approval_rules (workspace_id, name, required_approvals) values (%L, 'owner rule', 2)$$, :'govi'), 'an admin adds one');
select throws_ok(format($$insert into public.approval_rules (workspace_id, name, approver_id) values (%L, 'to the viewer', '50000000-0000-4000-a000-000000000004')$$, :'govi'),
  'AO422', null, 'a rule assigns only to an approver');
select tests.authenticate_as('50000000-0000-4000-a000-000000000012');
select is((select count(*) from public.approval_rules where workspace_id = :'govi'), 0::bigint, 'another workspace sees no rules');

-- TEST: the audit log: the workspace reads it; nobody changes it
select tests.authenticate_as('50000000-0000-4000-a000-000000000004');
select ok((select count(*) from public.governance_audit_log where workspace_id = :'govi') >= 10, 'a viewer reads the workspace''s audit trail');
select tests.authenticate_as('50000000-0000-4000-a000-000000000012');
select is((select count(*) from public.governance_audit_log where workspace_id = :'govi'), 0::bigint, 'another workspace reads none of it');
select tests.authenticate_as('50000000-0000-4000-a000-000000000001');
select throws_ok(format($$delete from public.governance_audit_log where workspace_id = %L$$, :'govi'), '42501', null, 'an owner cannot delete audit rows');
select tests.clear_authentication();
select throws_ok(format($$update public.governance_audit_log set payload = '{}' where workspace_id = %L$$, :'govi'), 'AO409', null, 'not even the database owner updates them');

select * from finish();
rollback;
