-- Retention (seed 000 section 10, seed 002 cleanup_old_data, seed 003 data retention), one job
-- per rule, each deleting in bounded batches so no run takes more than a few minutes:
--   runs older than 90 days: their trace (the run and its spans) moves to execution_traces_archive
--     and the spans leave execution_spans; successful runs are then deleted, failures stay;
--   hourly rollups after a year; dashboard activity after 90 days; pattern usage after 180 days
--   (public.pattern_usage, once the learning area creates it); delivered or dead outbox rows
--   after 30 days; pg_cron's own run history after 7 days.
-- Deletes of raw runs by these jobs set agentops.retention = on (transaction-local), which the delete
-- triggers read: private.executions_record_deltas (20261122005000, seals the rollup hours instead
-- of recomputing them) and the history trigger of 20261122006500 (seals the history days).

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

-- successful runs older than 90 days go (once archived); failures stay for learning
create function private.purge_successful_runs(at timestamptz default now(), batch_size int default 10000)
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_n int;
begin
  if not private.try_job_lock('retention-successful-runs') then
    return -1;
  end if;
  -- the rollups keep these runs: the delete trigger leaves their buckets alone
  perform set_config('agentops.retention', 'on', true);
  with gone as (
    delete from public.executions e
    where e.id in (
      select x.id from public.executions x
      where x.status = 'succeeded'
        and x.started_at < purge_successful_runs.at - interval '90 days'
        and exists (select 1 from public.execution_traces_archive a where a.execution_id = x.id)
      order by x.started_at
      limit greatest(purge_successful_runs.batch_size, 1)
    )
    returning 1
  )
  select count(*)::int into v_n from gone;
  return v_n;
end;
$$;
comment on function private.purge_successful_runs(timestamptz, int) is
  'Job retention-successful-runs (hourly): deletes up to batch_size successful runs started more than 90 days ago whose trace is archived (seed 000: keep failures for learning). Their hourly and daily rollups stay. Returns how many were deleted.';

create function private.purge_old_rollups(at timestamptz default now())
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_agents int;
  v_workspaces int;
begin
  delete from analytics.agent_stats_hourly h where h.hour < purge_old_rollups.at - interval '1 year';
  get diagnostics v_agents = row_count;
  delete from analytics.workspace_stats_hourly h where h.hour < purge_old_rollups.at - interval '1 year';
  get diagnostics v_workspaces = row_count;
  return v_agents + v_workspaces;
end;
$$;
comment on function private.purge_old_rollups(timestamptz) is 'Job retention-hourly-rollups (daily): deletes hourly rollup rows older than a year (seed 000). Daily rollups are kept.';

create function private.purge_old_activity(at timestamptz default now(), batch_size int default 50000)
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_n int;
begin
  with gone as (
    delete from analytics.user_activity u
    where u.id in (
      select x.id from analytics.user_activity x
      where x.created_at < purge_old_activity.at - interval '90 days'
      limit greatest(purge_old_activity.batch_size, 1)
    )
    returning 1
  )
  select count(*)::int into v_n from gone;
  return v_n;
end;
$$;
comment on function private.purge_old_activity(timestamptz, int) is 'Job retention-user-activity (hourly): deletes up to batch_size dashboard events older than 90 days (seed 002). Daily metrics and cohorts computed from them stay.';

-- pattern usage belongs to the learning area; this works as soon as its table exists
create function private.purge_old_pattern_usage(at timestamptz default now())
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_column text;
  v_n int;
begin
  if to_regclass('public.pattern_usage') is null then
    return 0;
  end if;
  select c.column_name into v_column
  from information_schema.columns c
  where c.table_schema = 'public' and c.table_name = 'pattern_usage'
    and c.column_name in ('used_at', 'created_at', 'occurred_at')
    and c.data_type like 'timestamp%'
  order by array_position(array['used_at', 'created_at', 'occurred_at']::text[], c.column_name::text)
  limit 1;
  if v_column is null then
    raise warning 'public.pattern_usage has no used_at/created_at column: pattern usage retention skipped';
    return 0;
  end if;
  execute format('delete from public.pattern_usage where %I < $1', v_column) using purge_old_pattern_usage.at - interval '180 days';
  get diagnostics v_n = row_count;
  return v_n;
end;
$$;
comment on function private.purge_old_pattern_usage(timestamptz) is
  'Job retention-pattern-usage (daily): deletes pattern usage rows older than 180 days (seed 003), from public.pattern_usage by its used_at (or created_at) column; does nothing while that table does not exist.';

create function private.purge_old_deliveries(at timestamptz default now())
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_n int;
begin
  delete from public.deliveries d
  where d.status in ('delivered', 'dead') and d.updated_at < purge_old_deliveries.at - interval '30 days';
  get diagnostics v_n = row_count;
  return v_n;
end;
$$;
comment on function private.purge_old_deliveries(timestamptz) is 'Job retention-deliveries (daily): deletes delivered and dead outbox rows (and their attempts) 30 days after their last change.';

create function private.purge_cron_history(at timestamptz default now())
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_n int;
begin
  delete from cron.job_run_details d where d.end_time < purge_cron_history.at - interval '7 days';
  get diagnostics v_n = row_count;
  return v_n;
end;
$$;
comment on function private.purge_cron_history(timestamptz) is 'Job cron-history-purge (daily): deletes pg_cron''s run history (cron.job_run_details) older than 7 days, which otherwise grows by every job every minute.';

-- seed 002 cleanup_old_data: every retention rule at once
create function analytics.cleanup_old_data()
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  perform private.archive_old_traces();
  perform private.purge_successful_runs();
  perform private.purge_old_rollups();
  perform private.purge_old_activity();
  perform private.purge_old_pattern_usage();
  perform private.purge_old_deliveries();
  perform private.purge_cron_history();
end;
$$;
comment on function analytics.cleanup_old_data() is
  'Seed 002: runs every retention rule once (each also runs as its own scheduled job). Security definer so that the service role may run it; not executable by API users.';

revoke all on function private.archive_old_traces(timestamptz, int) from public;
revoke all on function private.purge_successful_runs(timestamptz, int) from public;
revoke all on function private.purge_old_rollups(timestamptz) from public;
revoke all on function private.purge_old_activity(timestamptz, int) from public;
revoke all on function private.purge_old_pattern_usage(timestamptz) from public;
revoke all on function private.purge_old_deliveries(timestamptz) from public;
revoke all on function private.purge_cron_history(timestamptz) from public;
revoke all on function analytics.cleanup_old_data() from public, anon, authenticated;
grant execute on function analytics.cleanup_old_data() to service_role;

revoke all on public.execution_traces_archive from anon, authenticated;
grant select on public.execution_traces_archive to authenticated;

alter table public.execution_traces_archive enable row level security;

create policy execution_traces_archive_select on public.execution_traces_archive for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
