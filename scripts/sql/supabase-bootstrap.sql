-- What Supabase's own database image provides before any migration runs, recreated for a
-- plain PostgreSQL 15 (no Docker). Local stack only: never a migration, because on a real
-- Supabase project (or under `supabase start`) all of this already exists.
-- Runs as the cluster's own superuser `supabase_admin` (as in Supabase's image, where initdb's
-- superuser is supabase_admin); migrations, seeds and tests then run as `postgres`, which is
-- NOT a superuser: LOGIN CREATEROLE CREATEDB REPLICATION BYPASSRLS, as Supabase gives it.
-- Idempotent: the local scripts run it on every start.

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'postgres') then
    create role postgres login createrole createdb replication bypassrls password 'postgres';
  end if;
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticator') then
    create role authenticator login noinherit password 'postgres';
  end if;
  if not exists (select 1 from pg_roles where rolname = 'supabase_auth_admin') then
    create role supabase_auth_admin login noinherit createrole password 'postgres';
  end if;
  if not exists (select 1 from pg_roles where rolname = 'supabase_storage_admin') then
    create role supabase_storage_admin login noinherit createrole password 'postgres';
  end if;
  if not exists (select 1 from pg_roles where rolname = 'supabase_realtime_admin') then
    create role supabase_realtime_admin nologin noinherit;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'dashboard_user') then
    create role dashboard_user nologin createdb createrole replication;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'pgbouncer') then
    create role pgbouncer login password 'postgres';
  end if;
end
$$;

-- postgres as Supabase defines it (clusters made before this file said so had it as their
-- bootstrap superuser, which PostgreSQL may refuse to demote: `npm run db:reset` then)
do $$
begin
  alter role postgres nosuperuser login createrole createdb replication bypassrls;
exception when others then
  raise warning 'postgres stays a superuser in this old cluster (%): run npm run db:reset', sqlerrm;
end
$$;

grant anon, authenticated, service_role to authenticator;
grant anon, authenticated, service_role to postgres;
-- Supabase lets postgres manage the auth and storage tables' triggers and policies
grant supabase_auth_admin, supabase_storage_admin to postgres;
-- what Supabase grants postgres beyond a plain role: signal its own sessions' peers, read stats,
-- and run restores and tests that switch triggers off (session_replication_role = replica)
grant pg_monitor, pg_signal_backend to postgres;
grant set on parameter session_replication_role to postgres;
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';

-- as on a hosted project, postgres owns the database (so also the public schema, through
-- pg_database_owner) and the extensions schema: it may grant on them to roles of its own
do $$
begin
  execute format('alter database %I owner to postgres', current_database());
end
$$;
grant usage on schema public to anon, authenticated, service_role;
-- No default privileges for the API roles on public: hosted projects no longer give them, so
-- every migration grants what each role needs (supabase/migrations/*_grant_api_roles.sql).

create schema if not exists extensions;
alter schema extensions owner to postgres;
grant usage on schema extensions to anon, authenticated, service_role;
alter default privileges in schema extensions grant all on tables to postgres, anon, authenticated, service_role;
alter default privileges in schema extensions grant all on functions to postgres, anon, authenticated, service_role;
alter default privileges in schema extensions grant all on sequences to postgres, anon, authenticated, service_role;

-- The extensions Supabase's image provides or lets postgres create (supautils): a plain
-- PostgreSQL only lets a superuser create them, so they exist before the first migration and
-- the migrations' `create extension if not exists` find them, as on a hosted project.
create extension if not exists pg_cron with schema pg_catalog;
create extension if not exists vector with schema extensions;
create extension if not exists pgcrypto with schema extensions;
create extension if not exists "uuid-ossp" with schema extensions;
create extension if not exists pgtap with schema extensions;         -- supabase test db
create extension if not exists plpgsql_check with schema extensions; -- supabase db lint
create extension if not exists pgaudit with schema extensions;       -- offered by Supabase (supautils)

-- pg_cron as Supabase's image sets it up: postgres schedules and owns the jobs, and the jobs
-- run in background workers (postgresql.auto.conf: cron.use_background_workers), so no
-- password or pg_hba entry stands between the scheduler and its jobs.
grant usage on schema cron to postgres with grant option;
grant all on all tables in schema cron to postgres with grant option;
grant all on all sequences in schema cron to postgres with grant option;
grant all on all functions in schema cron to postgres with grant option;
alter default privileges in schema cron grant all on tables to postgres with grant option;
alter default privileges in schema cron grant all on sequences to postgres with grant option;
alter default privileges in schema cron grant all on functions to postgres with grant option;

-- The auth schema, as GoTrue and Supabase define the parts this project uses.
create schema if not exists auth authorization supabase_auth_admin;
grant usage on schema auth to anon, authenticated, service_role, postgres;

create table if not exists auth.users (
  instance_id uuid,
  id uuid primary key,
  aud varchar(255),
  role varchar(255),
  email varchar(255),
  encrypted_password varchar(255),
  email_confirmed_at timestamptz,
  invited_at timestamptz,
  confirmation_token varchar(255),
  recovery_token varchar(255),
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb,
  raw_user_meta_data jsonb,
  is_super_admin boolean,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  phone text unique,
  phone_confirmed_at timestamptz,
  banned_until timestamptz,
  deleted_at timestamptz,
  is_sso_user boolean not null default false,
  is_anonymous boolean not null default false
);
alter table auth.users owner to supabase_auth_admin;
grant all on auth.users to postgres, service_role, supabase_admin;

create or replace function auth.uid() returns uuid
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

create or replace function auth.role() returns text
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

create or replace function auth.email() returns text
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$$;

create or replace function auth.jwt() returns jsonb
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

alter function auth.uid() owner to supabase_auth_admin;
alter function auth.role() owner to supabase_auth_admin;
alter function auth.email() owner to supabase_auth_admin;
alter function auth.jwt() owner to supabase_auth_admin;
grant execute on function auth.uid(), auth.role(), auth.email(), auth.jwt() to anon, authenticated, service_role, postgres;

-- The storage schema exists on every Supabase project; the advisors look into it.
create schema if not exists storage authorization supabase_storage_admin;
grant usage on schema storage to postgres, anon, authenticated, service_role;

-- Supabase Realtime listens to this publication; postgres owns it, so migrations add tables.
do $$
begin
  if not exists (select 1 from pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
end
$$;
alter publication supabase_realtime owner to postgres;

-- pgaudit (Supabase offers it; the server preloads it, scripts/lib/stack.mjs): only a superuser
-- creates it on a plain PostgreSQL, so here; the analytics security migration finds it.
create extension if not exists pgaudit with schema extensions;

-- Supabase puts the extensions schema on the search path of its roles.
alter role postgres set search_path = "$user", public, extensions;
alter role supabase_admin set search_path = "$user", public, extensions;
alter role authenticator set search_path = "$user", public, extensions;
alter role service_role set search_path = "$user", public, extensions;
