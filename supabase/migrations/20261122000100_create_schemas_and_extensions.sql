-- Schemas and extensions every later migration builds on.
-- public: tenant data under RLS; analytics: rollups (read-only over the API);
-- private: security-definer helpers and job functions, never exposed; extensions: vector & co.

create schema if not exists extensions;
create schema if not exists private;
create schema if not exists analytics;

comment on schema private is 'Security-definer helpers, ingestion, quota, rollup and job functions. Not exposed over the API.';
comment on schema analytics is 'Rollups, materialized views and product analytics (seed 002). Read-only over the API, under RLS.';

create extension if not exists vector with schema extensions;
create extension if not exists pg_cron with schema pg_catalog;

revoke all on schema private from public;
grant usage on schema private to service_role;

grant usage on schema analytics to authenticated, service_role;
revoke create on schema analytics from public;

-- Scheduled jobs never overlap themselves: each takes an advisory lock keyed by its pg_cron name
-- (one place for the keys, no magic numbers). A test that must keep a job away while it works
-- takes the same lock: select private.try_job_lock('<job name>', true).
create function private.job_lock_key(job_name text)
returns bigint
language sql
immutable
parallel safe
set search_path = ''
as $$
  select hashtextextended('agentops.job:' || job_lock_key.job_name, 0)
$$;
comment on function private.job_lock_key(text) is 'The advisory-lock key of a scheduled job, from its pg_cron job name.';

create function private.try_job_lock(job_name text, wait boolean default false)
returns boolean
language plpgsql
volatile
set search_path = ''
as $$
begin
  if try_job_lock.wait then
    perform pg_advisory_xact_lock(private.job_lock_key(try_job_lock.job_name));
    return true;
  end if;
  return pg_try_advisory_xact_lock(private.job_lock_key(try_job_lock.job_name));
end;
$$;
comment on function private.try_job_lock(text, boolean) is
  'Takes the job''s transaction-level advisory lock: false at once when another run of the job holds it (the job skips its turn), or waits for it with wait => true. Released at commit or rollback.';

revoke all on function private.job_lock_key(text) from public;
revoke all on function private.try_job_lock(text, boolean) from public;
grant execute on function private.job_lock_key(text) to service_role;
grant execute on function private.try_job_lock(text, boolean) to service_role;
