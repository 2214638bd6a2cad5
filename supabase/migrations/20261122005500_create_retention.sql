-- Retention (seed 000 section 10, seed 002 cleanup_old_data, seed 003 data retention, seed 001
-- notifications.expires_at). Every rule that deletes is a row of private.retention_rules: which
-- table, by which timestamp column, after how long, which rows are eligible, which area owns the
-- table, and the pg_cron job that applies it. One function, private.apply_retention(job), applies
-- a job's rules: it takes the job's advisory lock (private.try_job_lock), deletes at most
-- batch_size rows per rule, oldest first, and returns how many went. The rules read as a table
-- (select * from private.retention_rules), and a rule is added with one insert and one
-- cron.schedule, not a new function. The one rule that moves rather than deletes,
-- archive_old_traces, stays a function of its own:
--   runs older than 90 days: their trace (the run and its spans) moves to execution_traces_archive
--     and the spans leave execution_spans; successful archived runs are then deleted, failures stay;
--   hourly rollups after a year; dashboard activity after 90 days; pattern usage after 180 days;
--   delivered or dead outbox rows after 30 days; pg_cron's own run history after 7 days;
--   notifications once their expires_at has passed.
-- Retention never deletes what another area holds: evaluations, echo entries, routing decisions,
-- approvals, the ledger and the audit chain keep a run's id and outlive it (the archive row stays
-- addressable by id; supabase/tests/database/metrics/retention_keeps.test.sql).
-- Retention's deletes set agentops.retention = on (transaction-local), which the delete triggers on
-- executions read: private.executions_record_deltas (20261122005000: subtracts nothing and seals the
-- rollup hours instead of recomputing them) and private.history_note_deleted_runs (20261122006500, seals the
-- history days).

create table public.execution_traces_archive (
  execution_id uuid primary key,
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  agent_id uuid,
  run_key text not null,
  source text not null,
  status text not null,
  started_at timestamptz not null,
  ended_at timestamptz,
  duration_ms int,
  model text,
  tokens_in int not null default 0,
  tokens_out int not null default 0,
  cost_usd numeric(14, 6) not null default 0,
  error_type text,
  error_message text,
  metadata jsonb not null default '{}'::jsonb,
  spans jsonb not null default '[]'::jsonb,
  archived_at timestamptz not null default now(),
  constraint execution_traces_archive_spans_array check (jsonb_typeof(spans) = 'array')
);
comment on table public.execution_traces_archive is 'Seed 003 execution_traces_archive: runs older than 90 days with their whole span tree (spans, as JSON rows of execution_spans), moved here by the retention job. Successful runs then leave executions; failed runs stay there (without spans). Append-only; viewers read it.';
comment on column public.execution_traces_archive.agent_id is 'The agent of the run; no foreign key, so the archive outlives the agent.';
comment on column public.execution_traces_archive.spans is 'The run''s execution_spans rows as they were, ordered by started_at.';

create index execution_traces_archive_workspace_started_idx on public.execution_traces_archive (workspace_id, started_at desc);
create index execution_traces_archive_agent_started_idx on public.execution_traces_archive (agent_id, started_at desc);

-- traces older than 90 days move to the archive
create function private.archive_old_traces(at timestamptz default now(), batch_size int default 5000)
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_ids uuid[];
begin
  if not private.try_job_lock('retention-archive-traces') then
    return -1;
  end if;
  perform set_config('agentops.retention', 'on', true);

  select coalesce(array_agg(e.id), '{}') into v_ids
  from (
    select e.id from public.executions e
    where e.started_at < archive_old_traces.at - interval '90 days'
      and not exists (select 1 from public.execution_traces_archive a where a.execution_id = e.id)
    order by e.started_at
    limit greatest(archive_old_traces.batch_size, 1)
  ) e;

  insert into public.execution_traces_archive (execution_id, workspace_id, agent_id, run_key, source, status, started_at, ended_at,
    duration_ms, model, tokens_in, tokens_out, cost_usd, error_type, error_message, metadata, spans)
  select e.id, e.workspace_id, e.agent_id, e.run_key, e.source, e.status, e.started_at, e.ended_at, e.duration_ms, e.model,
    e.tokens_in, e.tokens_out, e.cost_usd, e.error_type, e.error_message, e.metadata,
    coalesce((select jsonb_agg(to_jsonb(s) order by s.started_at, s.span_key) from public.execution_spans s where s.execution_id = e.id), '[]'::jsonb)
  from public.executions e
  where e.id = any (v_ids)
  on conflict (execution_id) do nothing;

  delete from public.execution_spans s where s.execution_id = any (v_ids);
  return cardinality(v_ids);
end;
$$;
comment on function private.archive_old_traces(timestamptz, int) is
  'Job retention-archive-traces (hourly): copies up to batch_size runs started more than 90 days ago, with their spans, into execution_traces_archive and deletes the spans. Returns how many runs were archived.';

-- every rule that deletes, as a row; private.apply_retention applies the rules of one job
create table private.retention_rules (
  job_name text not null,
  relation text not null,
  age_column text not null,
  max_age interval not null,
  eligible text not null default 'true',
  owner_area text not null,
  batch_size int not null,
  constraint retention_rules_pkey primary key (job_name, relation),
  constraint retention_rules_max_age_not_negative check (max_age >= interval '0'),
  constraint retention_rules_batch_size_positive check (batch_size > 0),
  constraint retention_rules_owner_area_known check (owner_area in ('runs', 'metrics', 'learning', 'delivery', 'operations'))
);
comment on table private.retention_rules is 'The retention rules that delete: rows of relation whose age_column is older than max_age and that match eligible go, at most batch_size per rule and run, oldest first, when the pg_cron job job_name runs private.apply_retention(job_name). Written by migrations only.';
comment on column private.retention_rules.relation is 'The schema-qualified table the rule deletes from (resolved when the rule runs, so a rule may name a table a later migration creates).';
comment on column private.retention_rules.eligible is 'A boolean SQL expression over the row, aliased r, that a row must also meet to go (for example, only archived successful runs); ''true'' for every old row.';
comment on column private.retention_rules.owner_area is 'The area that owns the table (runs, metrics, learning, delivery, operations): rows other areas hold are never a retention rule''s to delete.';

insert into private.retention_rules (job_name, relation, age_column, max_age, eligible, owner_area, batch_size) values
  -- once archived, successful runs go; failures stay for learning (seed 000). Their rollups stay (sealed).
  ('retention-successful-runs', 'public.executions', 'started_at', interval '90 days',
    $$r.status = 'succeeded' and exists (select 1 from public.execution_traces_archive a where a.execution_id = r.id)$$, 'runs', 10000),
  -- hourly rollups after a year (seed 000); daily rollups are kept
  ('retention-hourly-rollups', 'analytics.agent_stats_hourly', 'hour', interval '1 year', 'true', 'metrics', 50000),
  ('retention-hourly-rollups', 'analytics.workspace_stats_hourly', 'hour', interval '1 year', 'true', 'metrics', 50000),
  -- dashboard events after 90 days (seed 002); daily metrics and cohorts computed from them stay
  ('retention-user-activity', 'analytics.user_activity', 'created_at', interval '90 days', 'true', 'metrics', 50000),
  -- pattern usage after 180 days (seed 003); the table is the learning area's (20261122006000)
  ('retention-pattern-usage', 'public.pattern_usage', 'used_at', interval '180 days', 'true', 'learning', 50000),
  -- delivered and dead outbox rows (and their attempts) 30 days after their last change; pending ones never
  ('retention-deliveries', 'public.deliveries', 'updated_at', interval '30 days', $$r.status in ('delivered', 'dead')$$, 'delivery', 50000),
  -- pg_cron's own run history, which grows by every job every minute, after 7 days
  ('cron-history-purge', 'cron.job_run_details', 'end_time', interval '7 days', 'true', 'operations', 50000),
  -- notifications once their expires_at has passed (seed 001); Realtime subscribers receive the delete
  ('notifications-expire', 'public.notifications', 'expires_at', interval '0', 'true', 'operations', 10000);

-- the one retention function: a job's rules, under the job's lock, in bounded batches
create function private.apply_retention(job_name text, at timestamptz default now(), batch_size int default null)
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_rule private.retention_rules;
  v_n int;
  v_total int := 0;
begin
  if not exists (select 1 from private.retention_rules r where r.job_name = apply_retention.job_name) then
    raise exception 'no retention rule for job %', apply_retention.job_name using errcode = '22023';
  end if;
  if not private.try_job_lock(apply_retention.job_name) then
    return -1;
  end if;
  -- the delete triggers on executions read this: the rollups and history keep what they counted
  perform set_config('agentops.retention', 'on', true);
  for v_rule in
    select * from private.retention_rules r where r.job_name = apply_retention.job_name order by r.relation
  loop
    -- a row's ctid, taken and used in one statement (no table here is partitioned)
    execute format(
      'delete from %1$s d where d.ctid = any (array(select r.ctid from %1$s r where r.%2$I < $1 and (%3$s) order by r.%2$I limit $2))',
      v_rule.relation::regclass, v_rule.age_column, v_rule.eligible)
    using apply_retention.at - v_rule.max_age, greatest(coalesce(apply_retention.batch_size, v_rule.batch_size), 1);
    get diagnostics v_n = row_count;
    v_total := v_total + v_n;
  end loop;
  return v_total;
end;
$$;
comment on function private.apply_retention(text, timestamptz, int) is
  'Applies the retention rules of one pg_cron job (private.retention_rules): under the job''s advisory lock, deletes per rule at most batch_size (the rule''s own when null) rows older than max_age at `at` that are eligible, oldest first, with agentops.retention on so that the delete triggers on executions seal what rollups and history counted. Returns how many rows went, -1 when another run holds the lock; raises 22023 for a job with no rule.';

-- seed 002 cleanup_old_data: every retention rule at once
create function analytics.cleanup_old_data()
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_job text;
begin
  perform private.archive_old_traces();
  for v_job in select distinct r.job_name from private.retention_rules r order by 1 loop
    perform private.apply_retention(v_job);
  end loop;
end;
$$;
comment on function analytics.cleanup_old_data() is
  'Seed 002: runs every retention rule once (each also runs as its own scheduled job). Security definer so that the service role may run it; not executable by API users.';

revoke all on function private.archive_old_traces(timestamptz, int) from public;
revoke all on function private.apply_retention(text, timestamptz, int) from public;
revoke all on function analytics.cleanup_old_data() from public, anon, authenticated;
grant execute on function analytics.cleanup_old_data() to service_role;

revoke all on private.retention_rules from public, anon, authenticated;

revoke all on public.execution_traces_archive from anon, authenticated;
grant select on public.execution_traces_archive to authenticated;

alter table public.execution_traces_archive enable row level security;

create policy execution_traces_archive_select on public.execution_traces_archive for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
