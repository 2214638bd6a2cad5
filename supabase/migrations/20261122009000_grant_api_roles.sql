-- Grants as code: what each API role may do on every relation of the exposed schemas, given here
-- rather than by default privileges. Current hosted projects no longer grant new `public` tables
-- to anon, authenticated and service_role automatically (config.toml: auto_expose_new_tables =
-- false), so without this every read or write as a person or an agent is 42501 (403 from the
-- functions) and PostgREST and Studio see nothing.
-- The rule, per relation in public and analytics:
--   * anon: nothing (no policy names anon; people and agents always hold a JWT);
--   * authenticated: for a table, exactly the commands a policy gives it (a policy without its
--     grant is dead; a grant without a policy is refused by RLS anyway, so none is given); the
--     migration that creates a table may narrow this itself (column grants, select only): a
--     table that already has any grant to authenticated is left as that migration made it;
--     views and materialized views: select where the view's own migration did not decide;
--   * service_role (server-side tools, Studio, bypasses RLS): reads and writes on public tables,
--     reads on views and on analytics (written only by the jobs);
--   * private: no table privilege for any API role (its helpers are granted one by one where
--     defined; the schema is not exposed).
-- Later migrations grant their own tables in the same way; supabase/tests/database/guards/
-- grants.test.sql fails on any relation that breaks the rule.

do $$
declare
  r record;
  v_cmds text[];
begin
  for r in
    select c.oid, n.nspname, c.relname, c.relkind
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ('public', 'analytics') and c.relkind in ('r', 'p', 'v', 'm', 'f')
      and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e')
    order by 2, 3
  loop
    if r.relkind in ('r', 'p', 'f') then
      if not has_any_column_privilege('authenticated', r.oid, 'select, insert, update, references')
         and not has_table_privilege('authenticated', r.oid, 'delete') then
        select coalesce(array_agg(distinct cmd), '{}') into v_cmds
        from (
          select case p.polcmd when 'r' then 'select' when 'a' then 'insert' when 'w' then 'update' when 'd' then 'delete' end as cmd
          from pg_policy p
          where p.polrelid = r.oid and p.polcmd <> '*'
            and (p.polroles = '{0}' or 'authenticated'::regrole = any (p.polroles))
          union all
          select unnest(array['select', 'insert', 'update', 'delete'])
          from pg_policy p
          where p.polrelid = r.oid and p.polcmd = '*'
            and (p.polroles = '{0}' or 'authenticated'::regrole = any (p.polroles))
        ) cmds;
        if cardinality(v_cmds) > 0 then
          execute format('grant %s on %I.%I to authenticated', array_to_string(v_cmds, ', '), r.nspname, r.relname);
        end if;
      end if;
      if r.nspname = 'public' then
        execute format('grant select, insert, update, delete on %I.%I to service_role', r.nspname, r.relname);
      else
        execute format('grant select on %I.%I to service_role', r.nspname, r.relname);
      end if;
    else
      if not has_any_column_privilege('authenticated', r.oid, 'select') and r.relkind = 'v' then
        execute format('grant select on %I.%I to authenticated', r.nspname, r.relname);
      end if;
      execute format('grant select on %I.%I to service_role', r.nspname, r.relname);
    end if;
  end loop;
end
$$;

-- sequences behind serial columns (identity columns need no grant)
grant usage, select on all sequences in schema public to authenticated, service_role;
grant usage, select on all sequences in schema analytics to service_role;

grant usage on schema public to anon, authenticated, service_role;
grant usage on schema analytics to authenticated, service_role;
