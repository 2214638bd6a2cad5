-- Guards over the whole schema, so that a table or function added later cannot slip through:
-- RLS on every table of the exposed schemas, a comment on every table, an index on every
-- foreign key, fixed search_path and no anon execute on security-definer functions.
begin;
select plan(6);

-- TEST: every table in public and analytics has row level security enabled
select is(
  array(select format('%I.%I', n.nspname, c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in ('public', 'analytics') and c.relkind in ('r', 'p') and not c.relrowsecurity and not c.relispartition
        order by 1),
  array[]::text[],
  'every table in the exposed schemas has RLS enabled'
);

-- TEST: every table (and view) in public and analytics has a comment
select is(
  array(select format('%I.%I', n.nspname, c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname in ('public', 'analytics', 'private') and c.relkind in ('r', 'p', 'v', 'm') and not c.relispartition
          and obj_description(c.oid, 'pg_class') is null
        order by 1),
  array[]::text[],
  'every table and view has a comment for Studio'
);

-- TEST: every foreign key is covered by an index that starts with its columns
select is(
  array(
    select format('%s(%s)', con.conrelid::regclass, array_to_string(array(select a.attname from unnest(con.conkey) k join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k), ','))
    from pg_constraint con
    join pg_namespace n on n.oid = (select relnamespace from pg_class where oid = con.conrelid)
    where con.contype = 'f' and n.nspname in ('public', 'analytics', 'private')
      and not exists (
        select 1 from pg_index i
        where i.indrelid = con.conrelid
          and (i.indkey::int2[])[0:cardinality(con.conkey) - 1] @> con.conkey
          and (i.indkey::int2[])[0:cardinality(con.conkey) - 1] <@ con.conkey
      )
    order by 1),
  array[]::text[],
  'every foreign key has an index on its columns'
);

-- TEST: every security-definer function in project schemas fixes its search_path
select is(
  array(select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname in ('public', 'private', 'analytics') and p.prosecdef
          and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')
        order by 1),
  array[]::text[],
  'every security-definer function has a fixed search_path'
);

-- TEST: no security-definer function is executable by anon
select is(
  array(select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname in ('public', 'private', 'analytics') and p.prosecdef
          and has_function_privilege('anon', p.oid, 'execute')
        order by 1),
  array[]::text[],
  'anon cannot execute any security-definer function'
);

-- TEST: every project function fixes its search_path (house style), definer or not
select is(
  array(select p.oid::regprocedure::text from pg_proc p join pg_namespace n on n.oid = p.pronamespace
        where n.nspname in ('public', 'private', 'analytics') and p.prokind in ('f', 'p')
          and not exists (select 1 from unnest(coalesce(p.proconfig, '{}')) c where c like 'search_path=%')
          and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
        order by 1),
  array[]::text[],
  'every project function has a fixed search_path'
);

select * from finish();
rollback;
