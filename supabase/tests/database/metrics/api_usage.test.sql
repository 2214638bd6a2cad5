-- api_usage is an append-only log: a row is never refused because its caller or workspace is gone
-- (issue 13: a valid JWT whose user had been deleted from auth.users lost its api_usage row to a
-- foreign key error). Ids are kept as they were; viewers still read their workspace's rows.
begin;
select plan(4);

-- SETUP
select tests.create_user('usage-log@test.local', '46000000-0000-4000-a000-000000000001');
select tests.create_workspace('usage-log', '46000000-0000-4000-a000-000000000001');

-- TEST: ids of a deleted user, agent or workspace are written as they are
select lives_ok($$insert into public.api_usage (workspace_id, user_id, agent_id, function_name, endpoint, method, status_code, response_time_ms)
  values ((select id from public.workspaces where slug = 'usage-log'), gen_random_uuid(), null, 'approvals', '/approvals', 'GET', 200, 12)$$,
  'a user no longer in auth.users: the row is written');
select lives_ok($$insert into public.api_usage (workspace_id, user_id, agent_id, function_name, endpoint, method, status_code, response_time_ms)
  values (gen_random_uuid(), null, gen_random_uuid(), 'ingest', '/ingest/runs', 'POST', 401, 3)$$,
  'an agent and a workspace that are gone: the row is written');
select is((select count(*) from pg_constraint where conrelid = 'public.api_usage'::regclass and contype = 'f'), 0::bigint,
  'api_usage has no foreign key that could refuse a row');

-- TEST: the workspace's viewers still read its rows
select tests.authenticate_as('46000000-0000-4000-a000-000000000001');
select is((select count(*) from public.api_usage where function_name = 'approvals'), 1::bigint, 'the workspace reads its usage rows');

select * from finish();
rollback;
