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
