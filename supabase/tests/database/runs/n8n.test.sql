-- n8n in the database: connections are readable by their workspace only and their API keys by
-- nobody; runs are keyed by connection, workflow and execution id; a repeated webhook-id writes
-- nothing; no end is invented; the pull sync's lease lets one pass at a time store pages.
begin;
select plan(22);

-- SETUP
select tests.create_user('n8n-admin@test.local', '41000000-0000-4000-a000-000000000001');
select tests.create_user('n8n-viewer@test.local', '41000000-0000-4000-a000-000000000002');
select tests.create_user('n8n-other@test.local', '41000000-0000-4000-a000-000000000003');
select tests.create_workspace('n8n-a', '41000000-0000-4000-a000-000000000001');
select tests.create_workspace('n8n-b', '41000000-0000-4000-a000-000000000003');
select tests.add_member((select id from public.workspaces where slug = 'n8n-a'), '41000000-0000-4000-a000-000000000002', 'viewer');
create temp table ids as select
  (select id from public.workspaces where slug = 'n8n-a') as ws,
  (select id from public.workspaces where slug = 'n8n-b') as other;
grant select on ids to authenticated;
insert into public.n8n_connections (id, workspace_id, name, base_url, sync_enabled, has_api_key)
select '41000000-0000-4000-c000-000000000001'::uuid, ws, 'first', 'http://n8n-one.test', true, true from ids
union all select '41000000-0000-4000-c000-000000000002'::uuid, ws, 'second', 'http://n8n-two.test', false, false from ids;
insert into private.n8n_credentials (connection_id, ciphertext, iv, key_fingerprint) values ('41000000-0000-4000-c000-000000000001', 'c2VhbGVk', 'aXY=', 'f');

-- TEST: a secret inserted without a connection belongs to the workspace's first connection
insert into private.webhook_secrets (workspace_id, secret) select other, 'whsec_' || encode(convert_to(repeat('k', 32), 'UTF8'), 'base64') from ids;
select is((select count(*)::int from public.n8n_connections where workspace_id = (select other from ids)), 1,
  'a secret without a connection gets the workspace''s first connection, created on demand');

-- TEST: one execution id, two connections: two runs of two workflows
select private.store_n8n_execution(ws, '41000000-0000-4000-c000-000000000001', '{"execution_id": "1", "workflow_id": "wf", "status": "success", "started_at": "2026-11-30T10:00:00Z", "stopped_at": "2026-11-30T10:00:01Z"}') from ids;
select private.store_n8n_execution(ws, '41000000-0000-4000-c000-000000000002', '{"execution_id": "1", "workflow_id": "wf", "status": "error", "error_message": "boom"}') from ids;
select is((select count(*)::int from public.executions where workspace_id = (select ws from ids) and metadata ->> 'n8n_execution_id' = '1'), 2,
  'the same execution id of two instances is two runs');
select is((select count(*)::int from public.workflows where workspace_id = (select ws from ids) and n8n_workflow_id = 'wf'), 2,
  'the same workflow id of two instances is two workflows');
select is((select run_key from public.executions where workspace_id = (select ws from ids) and status = 'succeeded' and metadata ->> 'n8n_execution_id' = '1'),
  'n8n:41000000-0000-4000-c000-000000000001:wf:1', 'run key: n8n, connection, workflow, execution id');

-- TEST: no invented times
select is((select ended_at from public.executions where workspace_id = (select ws from ids) and status = 'failed' and metadata ->> 'n8n_execution_id' = '1'), null,
  'a failed n8n run without n8n''s end keeps ended_at null');
select private.store_n8n_execution(ws, '41000000-0000-4000-c000-000000000002', '{"execution_id": "1", "workflow_id": "wf", "status": "error", "started_at": "2026-11-30T09:00:00Z", "stopped_at": "2026-11-30T09:00:05Z"}') from ids;
select is((select array[started_at, ended_at] from public.executions where workspace_id = (select ws from ids) and status = 'failed' and metadata ->> 'n8n_execution_id' = '1'),
  array['2026-11-30T09:00:00Z', '2026-11-30T09:00:05Z']::timestamptz[], 'n8n''s own start replaces the time of receipt and its end fills the gap');
select is((select array[execution_count, error_count] from public.workflows w where w.n8n_connection_id = '41000000-0000-4000-c000-000000000002'), array[1, 1],
  'the second report of a failed run does not count again');
select throws_ok($$select private.store_n8n_execution((select ws from ids), '41000000-0000-4000-c000-000000000002', '{"execution_id": "2", "status": "success"}')$$,
  'AO422', 'an n8n execution needs its workflow id', 'no workflow: refused naming the field');

-- TEST: a late 'running' record of a finished run adds nothing that contradicts it
select private.store_n8n_execution(ws, '41000000-0000-4000-c000-000000000001', '{"execution_id": "1", "workflow_id": "wf", "status": "running", "started_at": "2026-11-30T10:00:00Z", "mode": "webhook"}') from ids;
select is((select array[status, metadata ->> 'n8n_status', metadata ->> 'n8n_finished'] from public.executions
  where run_key = 'n8n:41000000-0000-4000-c000-000000000001:wf:1'), array['succeeded', 'success', null],
  'a late running record leaves the succeeded run''s status and n8n_status as they were');
select is((select metadata ->> 'mode' from public.executions where run_key = 'n8n:41000000-0000-4000-c000-000000000001:wf:1'), 'webhook',
  'and still adds detail the run did not have');

-- TEST: a repeated webhook-id answers the first outcome and writes nothing
select private.ingest_n8n_execution(ws, 'msg-1', '{"execution_id": "5", "workflow_id": "wf5", "status": "running"}') from ids;
select is((select (private.ingest_n8n_execution(ws, 'msg-1', '{"execution_id": "5", "workflow_id": "wf5", "status": "success", "stopped_at": "2026-11-30T10:00:00Z"}') ->> 'duplicate')::boolean from ids),
  true, 'a repeated webhook-id answers duplicate: true');
select is((select status from public.executions where workspace_id = (select ws from ids) and metadata ->> 'n8n_execution_id' = '5'), 'running',
  'and the repeated delivery wrote nothing');

-- TEST: the pull sync's lease
select is((select count(*)::int from private.n8n_sync_claim(50) where connection_id = '41000000-0000-4000-c000-000000000001'), 1,
  'a due connection with a key is claimed');
select is((select count(*)::int from private.n8n_sync_claim(50) where connection_id = '41000000-0000-4000-c000-000000000001'), 0,
  'a claimed connection is not claimed again while its lease runs');
select throws_ok($$select private.n8n_sync_store_page('41000000-0000-4000-c000-000000000001', gen_random_uuid(), '{"executions": [], "state": {"sync_high_water": 9}}')$$,
  'AO409', 'this sync pass no longer holds the connection', 'a pass without the lease cannot store a page');
select lives_ok($$select private.n8n_sync_store_page('41000000-0000-4000-c000-000000000001',
    (select sync_lease_token from public.n8n_connections where id = '41000000-0000-4000-c000-000000000001'),
    '{"executions": [{"execution_id": "30", "workflow_id": "wf", "status": "success", "started_at": "2026-11-30T11:00:00Z", "stopped_at": "2026-11-30T11:00:02Z"}], "state": {"sync_high_water": 30, "sync_walk_cursor": null}}')$$,
  'the pass holding the lease stores a page and its cursor');
select is((select sync_high_water from public.n8n_connections where id = '41000000-0000-4000-c000-000000000001'), 30::bigint, 'the cursor moved with the page');

-- TEST: who sees connections and keys
select tests.authenticate_as('41000000-0000-4000-a000-000000000002');
select is((select count(*)::int from public.n8n_connections), 2, 'a viewer reads the connections of the workspace');
select throws_ok($$select * from private.n8n_credentials$$, '42501', null, 'a viewer cannot read API keys');
select throws_ok($$update public.n8n_connections set sync_enabled = false$$, '42501', null, 'a viewer cannot change a connection');
select tests.authenticate_as('41000000-0000-4000-a000-000000000003');
select is((select count(*)::int from public.n8n_connections where workspace_id = (select ws from ids)), 0, 'another workspace sees none of them');
select tests.clear_authentication();

-- TEST: the receipts are purged by a scheduled job
select is((select count(*)::int from cron.job where jobname = 'purge-webhook-receipts'), 1, 'the receipts purge is scheduled');

select * from finish();
rollback;
