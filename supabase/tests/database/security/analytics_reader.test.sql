-- Seed 002: read-only access for the analytics service, under the same row level security. The
-- role analytics_reader reads what a signed-in person reads (the same grants, the same policies,
-- the person's request.jwt.claims) and writes nothing, anywhere.
begin;
select plan(13);

-- SETUP: two workspaces with a run each
select tests.create_user('a@reader.test', '6a000000-0000-4000-a000-000000000001');
select tests.create_user('b@reader.test', '6a000000-0000-4000-a000-000000000002');
select tests.create_workspace('reader-a', '6a000000-0000-4000-a000-000000000001');
select tests.create_workspace('reader-b', '6a000000-0000-4000-a000-000000000002');
select tests.create_agent((select id from public.workspaces where slug = 'reader-a'), 'reader-agent-a');
select tests.create_agent((select id from public.workspaces where slug = 'reader-b'), 'reader-agent-b');
insert into public.executions (workspace_id, agent_id, run_key, status)
select a.workspace_id, a.id, 'reader-run', 'succeeded' from public.agents a where a.slug in ('reader-agent-a', 'reader-agent-b');
select private.rollup_dirty_hours();

-- TEST: the role itself
select is((select rolsuper or rolbypassrls or rolcanlogin or rolcreaterole or rolcreatedb from pg_roles where rolname = 'analytics_reader'), false,
  'analytics_reader is no superuser, does not bypass RLS, cannot log in by itself or create anything');

-- TEST: it may select exactly what authenticated may select in public and analytics (tables, views, columns)
select is(array(
    select format('%s.%s', table_schema, table_name) from information_schema.role_table_grants
    where grantee = 'authenticated' and privilege_type = 'SELECT' and table_schema in ('public', 'analytics')
    except
    select format('%s.%s', table_schema, table_name) from information_schema.role_table_grants
    where grantee = 'analytics_reader' and privilege_type = 'SELECT'),
  '{}'::text[], 'every relation authenticated reads, analytics_reader reads (a new table: call private.grant_analytics_reader())');
select is(array(
    select format('%s.%s.%s', table_schema, table_name, column_name) from information_schema.column_privileges
    where grantee = 'authenticated' and privilege_type = 'SELECT' and table_schema in ('public', 'analytics')
    except
    select format('%s.%s.%s', table_schema, table_name, column_name) from information_schema.column_privileges
    where grantee = 'analytics_reader' and privilege_type = 'SELECT'),
  '{}'::text[], 'column grants too (e.g. the API keys'' non-secret columns, never the hash)');
select is(array(
    select format('%s on %s.%s', pol.polname, n.nspname, c.relname) from pg_policy pol join pg_class c on c.oid = pol.polrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ('public', 'analytics') and pol.polcmd in ('r', '*')
      and (select oid from pg_roles where rolname = 'authenticated') = any (pol.polroles)
      and not (select oid from pg_roles where rolname = 'analytics_reader') = any (pol.polroles)),
  '{}'::text[], 'every select policy for authenticated applies to analytics_reader too');

-- TEST: it writes nothing: no write privilege on any relation, no executable function that writes
select is(array(
    select format('%s %s.%s', privilege_type, table_schema, table_name) from information_schema.role_table_grants
    where grantee = 'analytics_reader' and privilege_type <> 'SELECT'),
  '{}'::text[], 'no insert, update, delete, truncate, references or trigger privilege anywhere');
select is(array(
    select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname in ('public', 'private', 'analytics') and p.provolatile = 'v' and p.prokind = 'f'
      and has_function_privilege('analytics_reader', p.oid, 'execute')
      and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
      and p.prorettype <> 'trigger'::regtype),
  '{}'::text[], 'no volatile function of the project''s schemas is executable by it');

-- TEST: as analytics_reader reading for A's owner: A's rows only, through tables, views and rollups
set local role analytics_reader;
select set_config('request.jwt.claims', '{"sub": "6a000000-0000-4000-a000-000000000001", "role": "authenticated"}', true);
select results_eq($$select w.slug::text from public.executions e join public.workspaces w on w.id = e.workspace_id where e.run_key = 'reader-run'$$,
  $$values ('reader-a'::text)$$, 'runs: only the workspace the person belongs to');
select ok((select count(*) from public.agent_performance_summary s join public.agents a on a.id = s.agent_uuid where a.slug = 'reader-agent-b') = 0
  and (select count(*) from analytics.agent_stats_hourly h join public.agents a on a.id = h.agent_id where a.slug = 'reader-agent-b') = 0
  and (select count(*) from analytics.agent_stats_hourly h join public.agents a on a.id = h.agent_id where a.slug = 'reader-agent-a') > 0,
  'views and analytics rollups: the same isolation');
select throws_ok($$insert into public.executions (workspace_id, agent_id, run_key, status)
    select workspace_id, id, 'reader-write', 'succeeded' from public.agents where slug = 'reader-agent-a'$$, '42501', null, 'it cannot insert a run');
select throws_ok($$delete from public.executions where run_key = 'reader-run'$$, '42501', null, 'it cannot delete');
select throws_ok($$select key_hash from public.agent_api_keys$$, '42501', null, 'it cannot read key hashes');
select throws_ok($$select * from private.webhook_secrets$$, '42501', null, 'it cannot read the private schema''s secrets');

-- TEST: without claims, no tenant row
select set_config('request.jwt.claims', '', true);
select is((select count(*) from public.executions where run_key = 'reader-run'), 0::bigint, 'no claims, no rows');
reset role;

select * from finish();
rollback;
