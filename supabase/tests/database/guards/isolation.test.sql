-- Isolation generated from the catalog: for every table and view in the exposed schemas that
-- has a workspace_id, a member of another workspace, an agent of another workspace and anon
-- see none of the demo workspace's rows and can change none of them. A table added later is
-- covered without anyone remembering. (The demo seed fills the demo workspace.)
begin;
select plan(6);

-- SETUP: an outsider with a workspace of their own and an agent there
select tests.create_user('outsider@test.local', '10000000-0000-4000-a000-00000000000f');
select tests.create_workspace('outsiders', '10000000-0000-4000-a000-00000000000f');
select tests.create_agent((select id from public.workspaces where slug = 'outsiders'), 'outsider-agent');

create temporary table exposed on commit drop as
select format('%I.%I', c.table_schema, c.table_name) as rel, t.table_type
from information_schema.columns c
join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
where c.table_schema in ('public', 'analytics') and c.column_name = 'workspace_id'
union
select format('%I.%I', schemaname, matviewname), 'MATERIALIZED VIEW' from pg_matviews
where schemaname in ('public', 'analytics')
  and exists (select 1 from pg_attribute a where a.attrelid = format('%I.%I', schemaname, matviewname)::regclass and a.attname = 'workspace_id');
grant select on exposed to anon, authenticated;

create function pg_temp.leaks(for_write boolean) returns text[] language plpgsql as $$
declare
  r record;
  v_n bigint;
  v_out text[] := '{}';
begin
  for r in select rel, table_type from exposed order by rel loop
    begin
      if for_write then
        if r.table_type <> 'BASE TABLE' then continue; end if;
        execute format('with x as (update %s set workspace_id = workspace_id where workspace_id = %L returning 1) select count(*) from x',
          r.rel, '00000000-0000-4000-b000-000000000001') into v_n;
        if v_n > 0 then v_out := v_out || (r.rel || ' update'); end if;
        execute format('with x as (delete from %s where workspace_id = %L returning 1) select count(*) from x',
          r.rel, '00000000-0000-4000-b000-000000000001') into v_n;
        if v_n > 0 then v_out := v_out || (r.rel || ' delete'); end if;
      else
        execute format('select count(*) from %s where workspace_id = %L', r.rel, '00000000-0000-4000-b000-000000000001') into v_n;
        if v_n > 0 then v_out := v_out || (r.rel || ' read ' || v_n); end if;
      end if;
    exception when insufficient_privilege then
      null; -- refused outright: no leak
    end;
  end loop;
  return v_out;
end;
$$;

-- TEST: the seed put rows in the demo workspace, so the checks below have something to find
select ok((select count(*) from exposed) >= 5, 'several exposed relations carry workspace_id');
create function pg_temp.empty_in_demo() returns text[] language plpgsql as $$
declare
  r record;
  v_n bigint;
  v_out text[] := '{}';
begin
  for r in select rel from exposed where table_type = 'BASE TABLE' order by rel loop
    execute format('select count(*) from %s where workspace_id = %L', r.rel, '00000000-0000-4000-b000-000000000001') into v_n;
    if v_n = 0 then v_out := v_out || r.rel; end if;
  end loop;
  return v_out;
end;
$$;
-- TEST: every table with a workspace_id has demo rows, or the isolation checks would prove nothing for it
select is(pg_temp.empty_in_demo(), '{}'::text[], 'every workspace table has rows in the demo workspace (add them to the seed)');

-- TEST: a member of another workspace reads nothing of the demo workspace
select tests.authenticate_as('10000000-0000-4000-a000-00000000000f');
select is(pg_temp.leaks(false), '{}'::text[], 'a member of another workspace sees no demo rows anywhere');
-- TEST: ... and changes nothing
select is(pg_temp.leaks(true), '{}'::text[], 'a member of another workspace changes no demo rows anywhere');

-- TEST: an agent of another workspace reads nothing
select tests.authenticate_as_agent((select id from public.agents where slug = 'outsider-agent'));
select is(pg_temp.leaks(false), '{}'::text[], 'an agent of another workspace sees no demo rows anywhere');

-- TEST: anon reads nothing
select tests.authenticate_as_anon();
select is(pg_temp.leaks(false), '{}'::text[], 'anon sees no demo rows anywhere');

select * from finish();
rollback;
