-- Seed 002's security considerations: "read-only access for the analytics service", "row-level
-- security for multi-tenancy", "audit logging for sensitive queries" ("encrypted connections only"
-- is the stack's and the project's setting: docs/security.md).
--
-- analytics_reader: the role an analytics service logs in through (a login role granted it, see
-- below). It reads exactly what a signed-in person may read in public and analytics, under the
-- same policies (each select policy for authenticated names it too), and writes nothing: no insert,
-- update, delete or truncate anywhere, no function that writes. The service states whom it reads
-- for as PostgREST does, with request.jwt.claims ({"sub": <user id>, "role": "authenticated"});
-- without claims it sees no tenant row at all.
--   create role analytics_service login password '...' in role analytics_reader;
--   -- per session or transaction: set role analytics_reader;
--   --   select set_config('request.jwt.claims', '{"sub":"<user>","role":"authenticated"}', true);
-- private.grant_analytics_reader() applies the rule to every relation; it runs here, after every
-- table exists, and a later migration that adds a table calls it again
-- (supabase/tests/database/security/analytics_reader.test.sql fails until it does).
--
-- pgaudit (Supabase offers it; the local stack preloads it): session logging of role and grant
-- changes and schema changes (pgaudit.log = 'role, ddl', set in the server's configuration: the
-- local stack's postgresql.auto.conf, a hosted project's `alter role postgres set pgaudit.log`),
-- and object logging through the role auditor (pgaudit.role = 'auditor'): every statement, by any
-- role, that reads a secret (API key hashes, webhook signing secrets, subscription secrets) or
-- deletes from or rewrites the tables that carry money, identity and accountability is logged
-- with its text. docs/security.md lists them and where the log goes.

create extension if not exists pgaudit with schema extensions;

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'analytics_reader') then
    create role analytics_reader nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'auditor') then
    create role auditor nologin noinherit;
  end if;
end
$$;
-- postgres (not a superuser; on PostgreSQL 15 creating a role does not make one its member) may
-- act as it: services log in with roles `in role analytics_reader`, and tests switch to it
grant analytics_reader to postgres;
comment on role analytics_reader is 'Read-only access for an analytics service (seed 002): select on what authenticated may read in public and analytics, under the same row level security (request.jwt.claims), nothing else.';
comment on role auditor is 'pgaudit''s object-audit role (pgaudit.role): its grants are not access but the list of audited statements; nobody logs in as it.';

-- extensions: the types and operators of the columns it reads (vector), as the API roles have
grant usage on schema public, analytics, extensions to analytics_reader;

create function private.grant_analytics_reader()
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
  r record;
  v_n int := 0;
  v_reader oid := (select oid from pg_roles where rolname = 'analytics_reader');
  v_authenticated oid := (select oid from pg_roles where rolname = 'authenticated');
begin
  -- select wherever authenticated has it, on the table or on some columns
  for r in
    select c.oid::regclass as rel,
      exists (select 1 from aclexplode(c.relacl) a where a.grantee = v_authenticated and a.privilege_type = 'SELECT') as whole,
      (select string_agg(format('%I', att.attname), ', ' order by att.attnum)
       from pg_attribute att cross join lateral aclexplode(att.attacl) a
       where att.attrelid = c.oid and att.attnum > 0 and not att.attisdropped
         and a.grantee = v_authenticated and a.privilege_type = 'SELECT') as columns
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ('public', 'analytics') and c.relkind in ('r', 'p', 'v', 'm', 'f')
      and not exists (select 1 from pg_depend d where d.objid = c.oid and d.deptype = 'e')
  loop
    if r.whole then
      execute format('grant select on %s to analytics_reader', r.rel);
      v_n := v_n + 1;
    elsif r.columns is not null then
      execute format('grant select (%s) on %s to analytics_reader', r.columns, r.rel);
      v_n := v_n + 1;
    end if;
  end loop;
  -- the same row level security: every select (or all-commands) policy for authenticated names it too
  for r in
    select pol.polname, c.oid::regclass as rel,
      (select string_agg(quote_ident(ro.rolname), ', ') from pg_roles ro where ro.oid = any (pol.polroles)) as roles
    from pg_policy pol join pg_class c on c.oid = pol.polrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ('public', 'analytics') and pol.polcmd in ('r', '*')
      and v_authenticated = any (pol.polroles) and not v_reader = any (pol.polroles)
  loop
    execute format('alter policy %I on %s to %s, analytics_reader', r.polname, r.rel, r.roles);
  end loop;
  -- the functions those policies and the security-invoker views call (auth.uid(), private.workspace_ids, ...)
  for r in
    select distinct d.refobjid::regprocedure as fn, pn.nspname
    from pg_depend d
    join pg_proc p on p.oid = d.refobjid
    join pg_namespace pn on pn.oid = p.pronamespace
    where d.refclassid = 'pg_proc'::regclass
      and (d.classid = 'pg_policy'::regclass
        or (d.classid = 'pg_rewrite'::regclass and exists (
          select 1 from pg_rewrite rw join pg_class c on c.oid = rw.ev_class join pg_namespace n on n.oid = c.relnamespace
          where rw.oid = d.objid and n.nspname in ('public', 'analytics'))))
      and pn.nspname in ('private', 'auth', 'public', 'extensions')
      and not exists (select 1 from pg_depend e where e.objid = p.oid and e.deptype = 'e')
  loop
    execute format('grant usage on schema %I to analytics_reader', r.nspname);
    execute format('grant execute on function %s to analytics_reader', r.fn);
  end loop;
  return v_n;
end;
$$;
comment on function private.grant_analytics_reader() is
  'Gives analytics_reader select on every relation of public and analytics that authenticated may select (whole or by column), adds it to every select policy for authenticated, and lets it execute the functions those policies and views call. Idempotent; a migration that adds a table calls it. Returns the relations granted.';
revoke all on function private.grant_analytics_reader() from public;

select private.grant_analytics_reader();

-- pgaudit's object audit: what the auditor may do is what gets logged, for every role
grant select on public.agent_api_keys, private.webhook_secrets, public.event_subscriptions to auditor;
grant update on public.agent_api_keys, public.workspace_members, public.agents, public.model_prices to auditor;
grant delete on public.workspaces, public.workspace_members, public.agents, public.agent_api_keys, public.executions,
  public.approvals, public.rep_transactions, public.governance_audit_log, public.model_prices, public.agent_usage to auditor;
