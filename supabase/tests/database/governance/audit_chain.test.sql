-- The governance audit trail: permission changes, decisions and approvals appended in order, each
-- row chained to the previous one of its workspace; the verifier names the first broken link for
-- an edited row, a re-hashed row, a deleted row and rows cut off the end; the log is append-only.
-- Rows are sealed (seq, prev_hash, hash) when their transaction commits if the chain head is free
-- (else by a later commit, the governance-audit-seal job or verification): the setup below is
-- written unsealed, then `set constraints ... immediate` seals it as a commit would. Sealing in id
-- order after the head, aborted rows leaving no gap, the job's sweep and verification of rows it
-- cannot seal are tested here; two sessions (a commit that finds the head taken does not wait) in
-- supabase/functions/authorize/app.test.ts; the job under pg_cron in tests/liveness/cron.test.ts.
begin;
select plan(42);

-- SETUP: a workspace whose owner grants a tool, and an agent that asks and is approved
select tests.create_user('owner@gova.test', '60000000-0000-4000-a000-000000000001');
select tests.create_user('approver@gova.test', '60000000-0000-4000-a000-000000000002');
select tests.create_user('stranger@gova.test', '60000000-0000-4000-a000-000000000003');
select tests.create_workspace('gova', '60000000-0000-4000-a000-000000000001') as ws \gset
select tests.create_workspace('govb', '60000000-0000-4000-a000-000000000003') as other \gset
select tests.add_member(:'ws', '60000000-0000-4000-a000-000000000002', 'approver');
select tests.create_agent(:'ws', 'ga-l3', 3) as agent \gset
select tests.create_agent(:'other', 'gb-agent', 1);
select tests.authenticate_as('60000000-0000-4000-a000-000000000001');
update public.agents set tools_granted = array['openai-api', 'sora-api'] where id = :'agent';
select tests.clear_authentication();
select (tests.authorize(:'agent', (select id from public.agent_api_keys where agent_id = :'agent'),
  jsonb_build_object('tool', 'sora-api', 'action', 'generate:text', 'call_hash', repeat('e', 64))) -> 'approval' ->> 'id') as approval \gset
select tests.decide_approval(:'approval', '60000000-0000-4000-a000-000000000002', 'approve');
select private.attach_approval_receipt((select id from public.approval_votes where approval_id = :'approval'), 'hdr.body.sig');

-- TEST: nothing is sealed, and no chain head is locked or moved, before the transaction commits
select is((select count(*) from public.governance_audit_log where workspace_id = :'ws' and seq is null and hash is null), 8::bigint,
  'appended rows wait unsealed for the commit (no seq, no hashes)');
select is((select count(*) from private.governance_audit_heads where workspace_id = :'ws'), 0::bigint,
  'the chain head is not touched while the transaction runs');
set constraints public.governance_audit_log_seal immediate;
select is((select count(*) from public.governance_audit_log where workspace_id = :'ws' and seq is null), 0::bigint,
  'at commit (here: set constraints immediate) every row is sealed, in the order it was written');
select is((select last_seq from private.governance_audit_heads where workspace_id = :'ws'), 8::bigint, '... and the head moved to the last one');

create function pg_temp.verify(ws uuid) returns text language sql as $$
  select case when v.ok then 'ok ' || v.rows_checked else 'broken at ' || v.first_broken_seq || ': ' || v.reason end
  from private.verify_governance_audit_chain(verify.ws) v
$$;
create function pg_temp.last_seq(ws uuid) returns bigint language sql as $$
  select max(seq) from public.governance_audit_log where workspace_id = last_seq.ws
$$;

-- TEST: everything governance did is in the chain, in order
select results_eq(
  format('select event_type from public.governance_audit_log where workspace_id = %L order by seq', :'ws'),
  $$values ('permission.agent_created'), ('permission.key_issued'), ('permission.tool_granted'), ('authorize.pending_approval'),
    ('approval.requested'), ('approval.voted'), ('approval.approved'), ('approval.receipt_signed')$$,
  'permission changes, the decision, the request, the vote, the decision and the receipt, in order');
select is((select actor_type || ':' || actor_id from public.governance_audit_log where workspace_id = :'ws' and event_type = 'permission.tool_granted'),
  'user:60000000-0000-4000-a000-000000000001', 'a permission change names the person who made it');
select is((select payload -> 'after_state' -> 'granted' from public.governance_audit_log where workspace_id = :'ws' and event_type = 'permission.tool_granted'),
  '["sora-api"]'::jsonb, '... and what changed');
select is((select actor_type || ':' || actor_id from public.governance_audit_log where workspace_id = :'ws' and event_type = 'authorize.pending_approval'),
  'agent:' || :'agent', 'a decision names the agent that asked');
select is((select actor_type || ':' || actor_id from public.governance_audit_log where workspace_id = :'ws' and event_type = 'approval.approved'),
  'user:60000000-0000-4000-a000-000000000002', 'an approval names the approver');
select is((select payload ->> 'receipt_sha256' from public.governance_audit_log where workspace_id = :'ws' and event_type = 'approval.receipt_signed'),
  encode(sha256(convert_to('hdr.body.sig', 'UTF8')), 'hex'), 'the receipt''s SHA-256 is chained');

-- TEST: the links
select is((select array_agg(seq order by seq) from public.governance_audit_log where workspace_id = :'ws'), array[1, 2, 3, 4, 5, 6, 7, 8]::bigint[],
  'seq counts 1, 2, 3, ... per workspace');
select is((select prev_hash from public.governance_audit_log where workspace_id = :'ws' and seq = 1), null, 'the first row has no previous hash');
select is((select count(*) from public.governance_audit_log l join public.governance_audit_log p on p.workspace_id = l.workspace_id and p.seq = l.seq - 1
           where l.workspace_id = :'ws' and l.prev_hash = p.hash), 7::bigint, 'every other row carries the hash of the one before it');
select is((select count(*) from public.governance_audit_log l where l.workspace_id = :'ws'
           and l.hash = private.governance_audit_hash(l.prev_hash, l.workspace_id, l.seq, l.event_type, l.actor_type, l.actor_id,
             l.subject_type, l.subject_id, l.payload, l.created_at)), 8::bigint, 'every hash is the hash of its row');
select is((select min(seq) from public.governance_audit_log where workspace_id = :'other'), 1::bigint, 'another workspace has its own chain');
select is(pg_temp.verify(:'ws'), 'ok 8', 'the chain verifies');

-- TEST: tampering is found, at the first broken link (triggers off: the log refuses changes otherwise)
set local session_replication_role = replica;
savepoint tamper;
update public.governance_audit_log set payload = payload || '{"tool": "openai-api"}' where workspace_id = :'ws' and seq = 4;
select is(pg_temp.verify(:'ws'), 'broken at 4: hash does not match the row''s content', 'an edited row is named');
rollback to savepoint tamper;
update public.governance_audit_log l set payload = l.payload || '{"tool": "openai-api"}',
  hash = private.governance_audit_hash(l.prev_hash, l.workspace_id, l.seq, l.event_type, l.actor_type, l.actor_id, l.subject_type, l.subject_id,
    l.payload || '{"tool": "openai-api"}', l.created_at)
where workspace_id = :'ws' and seq = 4;
select is(pg_temp.verify(:'ws'), 'broken at 5: prev_hash does not match the hash of the previous row', 'an edited and re-hashed row breaks the next link');
rollback to savepoint tamper;
delete from public.governance_audit_log where workspace_id = :'ws' and seq = 2;
select is(pg_temp.verify(:'ws'), 'broken at 3: seq 3 follows seq 1: rows are missing before it', 'a deleted row is found');
rollback to savepoint tamper;
delete from public.governance_audit_log where workspace_id = :'ws' and seq = 8;
select is(pg_temp.verify(:'ws'), 'broken at 8: the chain head is at seq 8 but the log ends at seq 7: rows were cut off the end', 'rows cut off the end are found');
rollback to savepoint tamper;
set local session_replication_role = origin;
select is(pg_temp.verify(:'ws'), 'ok 8', 'untouched, it verifies again');

-- TEST: sealing takes the unsealed rows in id order after the head; aborted rows leave no gap
savepoint more;
set constraints public.governance_audit_log_seal deferred; -- (as in a transaction that has not committed yet)
select private.append_governance_audit(:'ws', 'approval.assigned', 'approval', :'approval', '{"n": 1}') as id9 \gset
savepoint aborted;
select private.append_governance_audit(:'ws', 'approval.assigned', 'approval', :'approval', '{"n": 2}');
rollback to savepoint aborted;
select private.append_governance_audit(:'ws', 'approval.assigned', 'approval', :'approval', '{"n": 3}') as id10 \gset
select is(private.seal_governance_audit_rows(:'ws'), 2, 'a seal takes every unsealed row of the workspace it sees');
select is((select array_agg(seq order by id) from public.governance_audit_log where id in (:id9, :id10)), array[9, 10]::bigint[],
  '... in id order after the head, the aborted row leaving no gap');
select is(pg_temp.verify(:'ws'), 'ok 10', '... and the chain verifies');
select is(private.seal_governance_audit_rows(:'ws'), 0, 'nothing left: a second seal does nothing');

-- TEST: a sealed row is never sealed again, even with the seal's own switch on
savepoint reseal;
set local agentops.audit_sealing = on;
select throws_ok(format($$update public.governance_audit_log set seq = 11 where id = %s$$, :id10), 'AO409', null, 'a sealed row keeps its link');
rollback to savepoint reseal;

-- TEST: rows that verification cannot seal (a read-only transaction) are reported, not ignored
select private.append_governance_audit(:'ws', 'approval.assigned', 'approval', :'approval', '{"n": 4}') as id11 \gset
savepoint readonly;
set local transaction_read_only = on;
select is((select v.ok::text || ' ' || v.first_broken_seq || ' ' || v.first_broken_id || ': ' || v.reason from private.verify_governance_audit_chain(:'ws') v),
  'false 11 ' || :id11 || ': 1 rows are not sealed yet: the next request of the workspace or the governance-audit-seal job (every minute) seals them; verify in a writable transaction to seal them first',
  'verification in a read-only transaction names the first row not sealed yet');
rollback to savepoint readonly;
select is(pg_temp.verify(:'ws'), 'ok 11', 'in a writable one, verification seals it first, and the chain verifies');

-- TEST: a commit seals only rows appended in its last 10 seconds (so it never walks the dead index
-- entries older seals left before VACUUM); an older row waiting is the job's
insert into public.governance_audit_log (workspace_id, event_type, actor_type, subject_type, payload, created_at)
values (:'ws', 'approval.assigned', 'system', 'approval', '{"n": "old"}', now() - interval '1 minute')
returning id as old_id \gset
select private.append_governance_audit(:'ws', 'approval.assigned', 'approval', :'approval', '{"n": "new"}') as new_id \gset
set constraints public.governance_audit_log_seal immediate; -- (as at commit)
set constraints public.governance_audit_log_seal deferred;
select is((select array_agg(coalesce(seq, 0) order by id) from public.governance_audit_log where id in (:old_id, :new_id)), array[0, 12]::bigint[],
  'a commit seals the row it appended, not one appended a minute before it');
select is(private.seal_governance_audit_tails(), 1, '... which the job seals');
select is(pg_temp.verify(:'ws'), 'ok 13', '... and the chain verifies');

-- TEST: the job seals every workspace's tail
select private.append_governance_audit(:'ws', 'approval.assigned', 'approval', :'approval', '{"n": 5}');
select private.append_governance_audit(:'other', 'approval.assigned', 'approval', null, '{"n": 6}');
select is(private.seal_governance_audit_tails(), 2, 'the job seals what waits, in every workspace');
select is((select count(*) from public.governance_audit_log where seq is null), 0::bigint, '... nothing is left unsealed');
select is(pg_temp.verify(:'ws') || ', ' || pg_temp.verify(:'other'), 'ok 14, ok 3', '... and both chains verify');
select is((select schedule || ' ' || command from cron.job where jobname = 'governance-audit-seal'), '* * * * * select private.seal_governance_audit_tails()',
  '... every minute by pg_cron (it runs there: tests/liveness/cron.test.ts)');
rollback to savepoint more;

-- TEST: append-only, even for the database owner
select throws_ok(format($$update public.governance_audit_log set payload = '{}' where workspace_id = %L$$, :'ws'), 'AO409', 'the governance audit log is append-only', 'no update');
select throws_ok(format($$delete from public.governance_audit_log where workspace_id = %L and seq = 8$$, :'ws'), 'AO409', null, 'no delete');
select throws_ok('truncate public.governance_audit_log', 'AO409', null, 'no truncate');

-- TEST: verifying is for members of the workspace
select tests.authenticate_as('60000000-0000-4000-a000-000000000003');
select throws_ok(format('select * from public.verify_governance_audit_chain(%L)', :'ws'), 'AO403', null, 'a stranger cannot verify another workspace''s chain');
select tests.authenticate_as('60000000-0000-4000-a000-000000000002');
select is((select ok from public.verify_governance_audit_chain(:'ws')), true, 'a member verifies it through the public function');
select tests.clear_authentication();

-- TEST: the chain goes when its workspace goes
select lives_ok(format('delete from public.workspaces where id = %L', :'other'), 'deleting a workspace is not blocked by its audit log');
select is((select count(*) from public.governance_audit_log where workspace_id = :'other'), 0::bigint, '... and its audit rows go with it');

select * from finish();
rollback;
