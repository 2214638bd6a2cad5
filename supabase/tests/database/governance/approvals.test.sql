-- Approvals: every transition (pending -> approved | rejected | expired | canceled, and the run's
-- waiting_approval -> running | canceled), self-approval and double decisions refused, decided
-- approvals immutable, quorum, the expiry job and its schedule, expiry from workspace settings,
-- notifications and outbox events.
begin;
select plan(51);

-- SETUP: a workspace with its owner, two approvers and a viewer; agents at levels 3 and 4
select tests.create_user('owner@gov.test', '40000000-0000-4000-a000-000000000001');
select tests.create_user('approver@gov.test', '40000000-0000-4000-a000-000000000002');
select tests.create_user('approver2@gov.test', '40000000-0000-4000-a000-000000000003');
select tests.create_user('viewer@gov.test', '40000000-0000-4000-a000-000000000004');
select tests.create_user('outsider@gov.test', '40000000-0000-4000-a000-000000000005');
select tests.create_workspace('gov', '40000000-0000-4000-a000-000000000001');
select tests.add_member((select id from public.workspaces where slug = 'gov'), '40000000-0000-4000-a000-000000000002', 'approver');
select tests.add_member((select id from public.workspaces where slug = 'gov'), '40000000-0000-4000-a000-000000000003', 'approver');
select tests.add_member((select id from public.workspaces where slug = 'gov'), '40000000-0000-4000-a000-000000000004', 'viewer');
select tests.create_agent((select id from public.workspaces where slug = 'gov'), 'gov-l3', 3);
select tests.create_agent((select id from public.workspaces where slug = 'gov'), 'gov-l3b', 3);
select tests.create_agent((select id from public.workspaces where slug = 'gov'), 'gov-l4', 4);
insert into public.event_subscriptions (workspace_id, name, target, event_types)
values ((select id from public.workspaces where slug = 'gov'), 'gov-hook', 'https://hooks.gov.test/x',
  array['approval.requested', 'approval.decided', 'approval.expired']);

-- authorize as an agent of this workspace; returns the approval id it opened
create function pg_temp.ask(slug text, run_key text, extra jsonb default '{}') returns uuid language sql as $$
  select (tests.authorize(a.id, k.id, jsonb_build_object('tool', 'openai-api', 'action', 'generate:text',
    'call_hash', repeat('a', 64), 'run_key', ask.run_key) || ask.extra) -> 'approval' ->> 'id')::uuid
  from public.agents a join public.agent_api_keys k on k.agent_id = a.id
  where a.slug = ask.slug and a.workspace_id = (select id from public.workspaces where slug = 'gov')
$$;
create function pg_temp.run(run_key text) returns text language sql as $$
  select e.status || coalesce('/' || e.error_type, '') from public.executions e
  where e.run_key = run.run_key and e.workspace_id = (select id from public.workspaces where slug = 'gov')
$$;
create function pg_temp.status(id uuid) returns text language sql as $$
  select approval_status from public.approvals where approvals.id = status.id
$$;
create temporary table ask (name text primary key, id uuid);

-- TEST: level 3 opens a pending approval and the run waits for it
insert into ask values ('approve', pg_temp.ask('gov-l3', 'run-approve'));
select is(pg_temp.status((select id from ask where name = 'approve')), 'pending', 'authorize at level 3 opens a pending approval');
select is(pg_temp.run('run-approve'), 'waiting_approval', 'its run waits for the approval');
select is((select expires_at - requested_at from public.approvals where id = (select id from ask where name = 'approve')),
  interval '1440 minutes', 'a pending approval expires after a day by default');
select results_eq(
  $$select user_id from public.notifications where type = 'approval_requested'
    and data ->> 'approval_id' = (select id::text from ask where name = 'approve') order by user_id$$,
  $$values ('40000000-0000-4000-a000-000000000001'::uuid), ('40000000-0000-4000-a000-000000000002'::uuid), ('40000000-0000-4000-a000-000000000003'::uuid)$$,
  'the approvers (and admins, owners) are notified, not the viewer');
select is((select count(*) from public.deliveries where event_type = 'approval.requested'
  and payload -> 'data' ->> 'id' = (select id::text from ask where name = 'approve')), 1::bigint, 'approval.requested is emitted to the outbox');

-- TEST: pending -> approved; the run goes on
select is((tests.decide_approval((select id from ask where name = 'approve'), '40000000-0000-4000-a000-000000000002', 'approve', 'ok')) ->> 'final',
  'true', 'one approval is enough by default');
select is(pg_temp.status((select id from ask where name = 'approve')), 'approved', 'pending -> approved');
select is(pg_temp.run('run-approve'), 'running', 'waiting_approval -> running');
select ok((select approved_at = decided_at and approver_id = '40000000-0000-4000-a000-000000000002' and approval_notes = 'ok'
           from public.approvals where id = (select id from ask where name = 'approve')), 'approved_at, approver and notes are recorded');
select is((select count(*) from public.notifications where type = 'approval_decided'
  and data ->> 'approval_id' = (select id::text from ask where name = 'approve')), 4::bigint, 'the whole workspace is told of the decision');
select is((select count(*) from public.deliveries where event_type = 'approval.decided'
  and payload -> 'data' ->> 'id' = (select id::text from ask where name = 'approve')), 1::bigint, 'approval.decided is emitted to the outbox');

-- TEST: a decided approval cannot be decided again, by anyone, nor changed directly
select throws_ok($$select tests.decide_approval((select id from ask where name = 'approve'), '40000000-0000-4000-a000-000000000003', 'reject')$$,
  'AO409', 'this approval has already been decided: it is approved', 'a second decision is refused');
select throws_ok($$update public.approvals set approval_status = 'rejected' where id = (select id from ask where name = 'approve')$$,
  'AO409', null, 'even a direct update cannot change a decided approval');
select lives_ok($$select private.attach_approval_receipt((select v.id from public.approval_votes v where v.approval_id = (select id from ask where name = 'approve')), 'aaa.bbb.ccc')$$,
  'the receipt is attached once');
select is((select approval_signature from public.approvals where id = (select id from ask where name = 'approve')), 'aaa.bbb.ccc',
  'the deciding vote''s receipt is the approval''s signature');
select throws_ok($$select private.attach_approval_receipt((select v.id from public.approval_votes v where v.approval_id = (select id from ask where name = 'approve')), 'ddd.eee.fff')$$,
  'AO409', null, 'a receipt is never replaced');
select throws_ok($$update public.approvals set approval_signature = 'ddd.eee.fff' where id = (select id from ask where name = 'approve')$$,
  'AO409', null, 'nor the approval''s signature');

-- TEST: pending -> rejected; the run is canceled
insert into ask values ('reject', pg_temp.ask('gov-l3', 'run-reject'));
select lives_ok($$select tests.decide_approval((select id from ask where name = 'reject'), '40000000-0000-4000-a000-000000000003', 'reject', 'no')$$, 'an approver rejects');
select is(pg_temp.status((select id from ask where name = 'reject')), 'rejected', 'pending -> rejected');
select is(pg_temp.run('run-reject'), 'canceled/approval_rejected', 'waiting_approval -> canceled');

-- TEST: who may decide
insert into ask values ('self', pg_temp.ask('gov-l3', 'run-self', '{"on_behalf_of": "40000000-0000-4000-a000-000000000002"}'));
select throws_ok($$select tests.decide_approval((select id from ask where name = 'self'), '40000000-0000-4000-a000-000000000002', 'approve')$$,
  'AO403', 'nobody approves their own request: you are its requester (it was made on your behalf, or by an agent you created)', 'self-approval is refused');
select throws_ok($$select tests.decide_approval((select id from ask where name = 'self'), '40000000-0000-4000-a000-000000000004', 'approve')$$,
  'AO403', null, 'a viewer cannot decide');
select throws_ok($$select tests.decide_approval((select id from ask where name = 'self'), '40000000-0000-4000-a000-000000000005', 'approve')$$,
  'AO404', null, 'a person outside the workspace cannot even see it');
select throws_ok($$select tests.decide_approval((select id from ask where name = 'self'), '40000000-0000-4000-a000-000000000003', 'perhaps')$$,
  'AO422', null, 'a decision is approve or reject');
select is(pg_temp.status((select id from ask where name = 'self')), 'pending', 'refused decisions change nothing');

-- TEST: a run waiting for a pending approval cannot go on by itself; if it ends, the approval is moot
select throws_ok($$update public.executions set status = 'running' where run_key = 'run-self'$$,
  'AO409', null, 'waiting_approval -> running is refused while the approval is pending');
update public.executions set status = 'failed' where run_key = 'run-self';
select is(pg_temp.status((select id from ask where name = 'self')), 'canceled', 'a run that ends cancels its pending approval');

-- TEST: a run waiting for two approvals goes on only when both are approved
insert into ask values ('twin1', pg_temp.ask('gov-l3', 'run-twins'));
insert into ask values ('twin2', pg_temp.ask('gov-l3', 'run-twins'));
select tests.decide_approval((select id from ask where name = 'twin1'), '40000000-0000-4000-a000-000000000002', 'approve');
select is(pg_temp.run('run-twins'), 'waiting_approval', 'one of two approvals: the run still waits');
select tests.decide_approval((select id from ask where name = 'twin2'), '40000000-0000-4000-a000-000000000002', 'approve');
select is(pg_temp.run('run-twins'), 'running', 'both approved: the run goes on');

-- TEST: quorum: two of the approvers; the same approver votes once; one rejection ends it
insert into public.approval_rules (workspace_id, name, min_escalation_level, min_estimated_cost_usd, required_approvals)
values ((select id from public.workspaces where slug = 'gov'), 'two above 100', 3, 100, 2),
       ((select id from public.workspaces where slug = 'gov'), 'two at level 4', 4, null, 2);
insert into ask values ('quorum', pg_temp.ask('gov-l3', 'run-quorum', '{"estimated_cost_usd": 150}'));
select is((select quorum_required from public.approvals where id = (select id from ask where name = 'quorum')), 2, 'a rule above a cost asks for two approvers');
select is((tests.decide_approval((select id from ask where name = 'quorum'), '40000000-0000-4000-a000-000000000002', 'approve')) ->> 'final',
  'false', 'the first approval does not decide');
select is(pg_temp.status((select id from ask where name = 'quorum')), 'pending', 'still pending after one of two');
select throws_ok($$select tests.decide_approval((select id from ask where name = 'quorum'), '40000000-0000-4000-a000-000000000002', 'approve')$$,
  'AO409', 'you have already voted on this approval', 'nobody votes twice');
select is((tests.decide_approval((select id from ask where name = 'quorum'), '40000000-0000-4000-a000-000000000001', 'approve')) -> 'claims' -> 'approvers',
  '["40000000-0000-4000-a000-000000000002", "40000000-0000-4000-a000-000000000001"]'::jsonb, 'the second approval decides; the receipt names both');
insert into ask values ('quorum-no', pg_temp.ask('gov-l4', 'run-quorum-no'));
select is((select (escalation_level, quorum_required)::text from public.approvals where id = (select id from ask where name = 'quorum-no')),
  '(4,2)', 'level 4 opens an approval for a person, with the level-4 rule''s quorum');
select tests.decide_approval((select id from ask where name = 'quorum-no'), '40000000-0000-4000-a000-000000000002', 'approve');
select tests.decide_approval((select id from ask where name = 'quorum-no'), '40000000-0000-4000-a000-000000000003', 'reject');
select is(pg_temp.status((select id from ask where name = 'quorum-no')), 'rejected', 'one rejection ends a quorum');

-- TEST: pending -> canceled by the agent that asked (not by another)
insert into ask values ('cancel', pg_temp.ask('gov-l3', 'run-cancel'));
select throws_ok($$select tests.cancel_approval((select id from ask where name = 'cancel'),
  (select id from public.agents where slug = 'gov-l3b'), (select k.id from public.agent_api_keys k join public.agents a on a.id = k.agent_id where a.slug = 'gov-l3b'))$$,
  'AO404', null, 'another agent cannot cancel it');
select lives_ok($$select tests.cancel_approval((select id from ask where name = 'cancel'),
  (select id from public.agents where slug = 'gov-l3'), (select k.id from public.agent_api_keys k join public.agents a on a.id = k.agent_id where a.slug = 'gov-l3'))$$,
  'the agent that asked cancels it');
select is(pg_temp.status((select id from ask where name = 'cancel')) || ' ' || pg_temp.run('run-cancel'), 'canceled canceled/approval_canceled',
  'pending -> canceled, and its run is canceled');
select throws_ok($$select tests.cancel_approval((select id from ask where name = 'cancel'), null, null, '40000000-0000-4000-a000-000000000001')$$,
  'AO409', null, 'a canceled approval cannot be canceled again');

-- TEST: pending -> expired by the job, only when due; the schedule exists
insert into ask values ('due', pg_temp.ask('gov-l3', 'run-due'));
insert into ask values ('fresh', pg_temp.ask('gov-l3', 'run-fresh'));
set local session_replication_role = replica; -- what an approval asks for is immutable: make one old behind the guard's back
update public.approvals set requested_at = now() - interval '2 days', expires_at = now() - interval '1 minute' where id = (select id from ask where name = 'due');
set local session_replication_role = origin;
select is(private.expire_approvals(), 1, 'the job expires the one approval that is due');
select is(pg_temp.status((select id from ask where name = 'due')) || ' ' || pg_temp.run('run-due'), 'expired canceled/approval_expired',
  'pending -> expired, and its run is canceled');
select is(pg_temp.status((select id from ask where name = 'fresh')), 'pending', 'an approval not yet due stays pending');
select is(private.expire_approvals(), 0, 'running the job again expires nothing more');
select is((select count(*) from public.deliveries where event_type = 'approval.expired'
  and payload -> 'data' ->> 'id' = (select id::text from ask where name = 'due')), 1::bigint, 'approval.expired is emitted to the outbox');
select is((select count(*) from cron.job where jobname = 'expire-approvals' and command = 'select private.expire_approvals()' and schedule = '* * * * *'),
  1::bigint, 'the expiry job runs every minute');

-- TEST: an approval past due but not yet expired by the job cannot be decided: it expires instead
set local session_replication_role = replica;
update public.approvals set requested_at = now() - interval '2 days', expires_at = now() - interval '1 minute' where id = (select id from ask where name = 'fresh');
set local session_replication_role = origin;
select is((tests.decide_approval((select id from ask where name = 'fresh'), '40000000-0000-4000-a000-000000000002', 'approve')) ->> 'code',
  'approval_expired', 'deciding an approval past its expiry is refused');
select is(pg_temp.status((select id from ask where name = 'fresh')), 'expired', '... and it is expired on the spot');

-- TEST: the expiry comes from the workspace's settings
update public.workspaces set settings = '{"approvals": {"expiry_minutes": 5}}' where slug = 'gov';
insert into ask values ('five', pg_temp.ask('gov-l3', 'run-five'));
select is((select expires_at - requested_at from public.approvals where id = (select id from ask where name = 'five')),
  interval '5 minutes', 'settings.approvals.expiry_minutes sets how long approvals wait');

-- TEST: the approver is the transaction's claims: none, or an agent's, are refused
select throws_ok($$select private.decide_approval((select id from ask where name = 'fresh'), 'approve')$$, 'AO401', null,
  'no claims: no decision');
select throws_ok(format($$select private.decide_approval((select id from ask where name = 'fresh'), 'approve')
  from (select set_config('request.jwt.claims', %L, true)) c$$, tests.agent_claims((select id from public.agents where slug = 'gov-l3'))::text),
  'AO401', null, 'an agent''s claims: no decision');

select * from finish();
rollback;
