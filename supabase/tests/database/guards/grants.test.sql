-- Grants are code (supabase/migrations/*_grant_api_roles.sql), not default privileges: hosted
-- projects no longer expose new tables automatically. Over the whole schema:
--   * no default privilege hands the API roles anything in public or analytics;
--   * anon holds no privilege on any table, view or sequence of public, analytics or private;
--   * every command a policy gives `authenticated` is granted (else the policy is dead and every
--     such read or write is 42501: 403 on a real project), and no table is granted a command
--     no policy allows;
--   * no materialized view (no RLS) is readable by people or agents;
--   * service_role reads every table and view of public and analytics;
--   * no API role holds any privilege on a table of private.
-- Runs as postgres, which is not a superuser (as in `supabase test db`).
begin;
select plan(7);

-- TEST: no default privileges for the API roles in the exposed schemas
select is(
  array(select format('%s in %s: %s', d.defaclrole::regrole, n.nspname, d.defaclacl::text)
        from pg_default_acl d join pg_namespace n on n.oid = d.defaclnamespace
        where n.nspname in ('public', 'analytics')
          and exists (select 1 from aclexplode(d.defaclacl) a where a.grantee in ('anon'::regrole, 'authenticated'::regrole, 'service_role'::regrole))),
  array[]::text[], 'no default privileges give anon, authenticated or service_role anything in public or analytics');

-- TEST: anon holds nothing
select is(
  array(select format('%I.%I', n.nspname, c.relname)
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in ('public', 'analytics', 'private') and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
          and (has_any_column_privilege('anon', c.oid, 'select, insert, update, references')
               or (c.relkind <> 'S' and has_table_privilege('anon', c.oid, 'delete, truncate, trigger'))
               or (c.relkind = 'S' and has_sequence_privilege('anon', c.oid, 'usage, select, update')))
        order by 1),
  array[]::text[], 'anon holds no privilege on any relation');

-- TEST: every policy of authenticated has its grant
select is(
  array(select format('%I.%I %s', n.nspname, c.relname, cmd)
        from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
        cross join lateral unnest(case p.polcmd when '*' then array['select', 'insert', 'update', 'delete']
          else array[case p.polcmd when 'r' then 'select' when 'a' then 'insert' when 'w' then 'update' when 'd' then 'delete' end] end) cmd
        where n.nspname in ('public', 'analytics')
          and (p.polroles = '{0}' or 'authenticated'::regrole = any (p.polroles))
          and not case when cmd = 'delete' then has_table_privilege('authenticated', c.oid, 'delete')
                       else has_any_column_privilege('authenticated', c.oid, cmd) end
        order by 1),
  array[]::text[], 'every command a policy gives authenticated is granted to it');

-- TEST: no grant without a policy
select is(
  array(select format('%I.%I %s', n.nspname, c.relname, cmd)
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        cross join unnest(array['select', 'insert', 'update', 'delete']) cmd
        where n.nspname in ('public', 'analytics') and c.relkind in ('r', 'p')
          and case when cmd = 'delete' then has_table_privilege('authenticated', c.oid, 'delete')
                   else has_any_column_privilege('authenticated', c.oid, cmd) end
          and not exists (select 1 from pg_policy p where p.polrelid = c.oid
                            and (p.polroles = '{0}' or 'authenticated'::regrole = any (p.polroles))
                            and (p.polcmd = '*' or p.polcmd = case cmd when 'select' then 'r' when 'insert' then 'a' when 'update' then 'w' else 'd' end::"char"))
        order by 1),
  array[]::text[], 'authenticated is granted no command that no policy allows');

-- TEST: materialized views are for the jobs and the service role only
select is(
  array(select format('%I.%I', n.nspname, c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind = 'm' and n.nspname in ('public', 'analytics')
          and (has_table_privilege('authenticated', c.oid, 'select') or has_table_privilege('anon', c.oid, 'select'))
        order by 1),
  array[]::text[], 'no materialized view is readable by people or agents (no RLS on them)');

-- TEST: the service role reads everything exposed
select is(
  array(select format('%I.%I', n.nspname, c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in ('public', 'analytics') and c.relkind in ('r', 'p', 'v', 'm')
          and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e')
          and not has_table_privilege('service_role', c.oid, 'select')
        order by 1),
  array[]::text[], 'service_role reads every table and view of public and analytics');

-- TEST: private keeps its tables to itself
select is(
  array(select format('%I.%I %s', n.nspname, c.relname, r.rolname) from pg_class c join pg_namespace n on n.oid = c.relnamespace
        cross join (values ('anon'), ('authenticated'), ('service_role')) r (rolname)
        where n.nspname = 'private' and c.relkind in ('r', 'p', 'v', 'm', 'f')
          and (has_any_column_privilege(r.rolname, c.oid, 'select, insert, update, references')
               or has_table_privilege(r.rolname, c.oid, 'delete, truncate'))
        order by 1),
  array[]::text[], 'no API role holds a privilege on a table of private');

select * from finish();
rollback;
