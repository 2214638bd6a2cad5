-- executions: the one table for every run, whatever its source (an agent through ingest, n8n
-- through its webhook, the API, OpenTelemetry). The seeds' metrics_events, workflow_executions,
-- agent_runs and execution_traces are views over it (see the compatibility views migration).
-- The status machine is enforced here, for every client: terminal states are final, and so are
-- a finished run's times and error fields (a later report may add detail, never contradict it);
-- a run waiting for an approval cannot end as succeeded before it is approved. Timestamps outside
-- the accepted window are refused rather than stored bent. run_conflicts records the reports that
-- contradicted a finished run, so operators see conflicting reporters.

create table public.executions (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  agent_id uuid,
  run_key text not null,
  source text not null default 'agent',
  task_id uuid,
  workflow_id uuid,
  project_id uuid,
  parent_execution_id uuid,
  user_id uuid references auth.users (id) on delete set null,
  environment text not null default 'prod',
  status text not null,
  started_at timestamptz not null default now(),
  ended_at timestamptz,
  ended_at_stamped boolean not null default false,
  duration_ms int,
  model text,
  tokens_in int not null default 0,
  tokens_out int not null default 0,
  tokens_cached int not null default 0,
  cost_usd numeric(14, 6) not null default 0,
  cost_source text not null default 'none',
  model_price_id uuid references public.model_prices (id) on delete set null,
  input jsonb,
  output jsonb,
  error_type text,
  error_message text,
  user_rating smallint,
  feedback text,
  metadata jsonb not null default '{}'::jsonb,
  over_limit text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint executions_workspace_run_key_key unique (workspace_id, run_key),
  constraint executions_id_workspace_key unique (id, workspace_id),
  constraint executions_agent_fkey foreign key (agent_id, workspace_id) references public.agents (id, workspace_id) on delete restrict,
  constraint executions_task_fkey foreign key (task_id, workspace_id) references public.tasks (id, workspace_id) on delete cascade,
  constraint executions_workflow_fkey foreign key (workflow_id, workspace_id) references public.workflows (id, workspace_id) on delete set null (workflow_id),
  constraint executions_project_fkey foreign key (project_id, workspace_id) references public.projects (id, workspace_id) on delete set null (project_id),
  constraint executions_source_valid check (source in ('agent', 'n8n', 'api', 'otel')),
  constraint executions_agent_required check (agent_id is not null or source in ('n8n', 'otel')),
  constraint executions_environment_valid check (environment in ('dev', 'staging', 'prod')),
  constraint executions_status_valid check (status in ('queued', 'running', 'waiting_approval', 'succeeded', 'failed', 'timeout', 'canceled')),
  constraint executions_ended_after_started check (ended_at is null or ended_at >= started_at),
  constraint executions_duration_nonnegative check (duration_ms is null or duration_ms >= 0),
  constraint executions_tokens_nonnegative check (tokens_in >= 0 and tokens_out >= 0 and tokens_cached >= 0),
  constraint executions_cached_within_input check (tokens_cached <= tokens_in),
  constraint executions_cost_nonnegative check (cost_usd >= 0),
  constraint executions_cost_source_valid check (cost_source in ('reported', 'computed', 'none')),
  constraint executions_computed_cost_has_price check (cost_source <> 'computed' or model_price_id is not null),
  constraint executions_user_rating_range check (user_rating is null or user_rating between 1 and 5),
  constraint executions_run_key_length check (char_length(run_key) between 1 and 200),
  constraint executions_error_type_length check (error_type is null or char_length(error_type) <= 200),
  constraint executions_metadata_object check (jsonb_typeof(metadata) = 'object'),
  constraint executions_over_limit_valid check (over_limit is null or over_limit in ('tokens_per_day', 'cost_per_month')),
  constraint executions_no_self_parent check (parent_execution_id is null or parent_execution_id <> id)
);
comment on table public.executions is 'One row per run of an agent or workflow, from any source (seed 000 executions and metrics_events, seed 001 workflow_executions, seed 002 agent_runs, seed 003 execution_traces, seed 004 executions).';
comment on column public.executions.run_key is 'The caller''s id for the run, unique per workspace: sending the same run_key again updates the same run (retries are safe). n8n runs use n8n:<connection id>:<workflow id>:<execution id> (docs/n8n).';
comment on column public.executions.source is 'Where the run was reported from: agent (ingest), n8n (webhook), api, otel (OTLP traces).';
comment on column public.executions.parent_execution_id is 'The run that handed this one its work (agent chains). Kept without a foreign key, as every reference to a run is: checked when written (private.check_run_reference: a run of the same workspace, live or archived), and left as it is when retention archives the parent, so a failed child keeps its lineage after its successful parent is purged (issue 13).';
comment on column public.executions.user_id is 'The person on whose behalf the run happened, when known.';
comment on column public.executions.status is 'queued -> running -> waiting_approval -> running -> succeeded | failed | timeout | canceled. Terminal states are final (and so are a finished run''s times and error fields); waiting_approval may fail, time out or be canceled but reaches succeeded only through running, i.e. after its approval. The database refuses any other transition.';
comment on column public.executions.ended_at_stamped is 'True when the database stamped ended_at (the run reached a final state without one): the source''s own ended_at may still replace it once.';
comment on column public.executions.over_limit is 'Set when the run was recorded while its agent was over tokens_per_day or cost_per_month (the run happened and is counted; quota.breached / budget.breached was raised). authorize is what prevents spend.';
comment on column public.executions.duration_ms is 'Wall-clock duration; computed from started_at and ended_at when the caller does not report it.';
comment on column public.executions.tokens_in is 'Input (prompt) tokens, including tokens_cached (seed 004 token_input).';
comment on column public.executions.tokens_out is 'Output (completion) tokens (seed 004 token_output).';
comment on column public.executions.tokens_cached is 'Input tokens served from the provider''s prompt cache, priced at the cached rate.';
comment on column public.executions.cost_usd is 'Cost in USD: as reported by the caller (cost_source reported) or computed from model_prices (cost_source computed, model_price_id names the price row).';
comment on column public.executions.cost_source is 'reported: the caller sent cost_usd; computed: priced by the database from tokens and model_prices; none: no cost and no price.';
comment on column public.executions.user_rating is 'Rating 1-5 given by the user (seed 000).';

create table public.run_conflicts (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  execution_id uuid not null,
  run_key text not null,
  agent_id uuid,
  source text not null,
  field text not null,
  reason text not null,
  message text not null,
  reported_at timestamptz not null default now(),
  constraint run_conflicts_reason_valid check (reason in ('run_final', 'approval_pending')),
  constraint run_conflicts_field_length check (char_length(field) between 1 and 200),
  constraint run_conflicts_message_length check (char_length(message) <= 2000)
);
comment on table public.run_conflicts is 'Reports refused because they contradicted a run (a finished run''s status, times or error fields, or succeeded for a run still waiting for its approval): answered 409 and kept here so operators see conflicting reporters. Append-only; the run itself is unchanged. Ids without foreign keys: the record outlives the run.';
comment on column public.run_conflicts.field is 'The field at fault as the API named it, e.g. runs.0.status or status.';

create index executions_workspace_id_started_at_idx on public.executions (workspace_id, started_at desc);
create index executions_agent_started_idx on public.executions (agent_id, started_at desc);
create index executions_agent_id_workspace_idx on public.executions (agent_id, workspace_id);
create index executions_task_started_idx on public.executions (task_id, started_at desc) where task_id is not null;
create index executions_task_id_workspace_idx on public.executions (task_id, workspace_id) where task_id is not null;
create index executions_workflow_started_idx on public.executions (workflow_id, started_at desc) where workflow_id is not null;
create index executions_workflow_id_workspace_idx on public.executions (workflow_id, workspace_id) where workflow_id is not null;
create index executions_project_id_workspace_idx on public.executions (project_id, workspace_id) where project_id is not null;
create index executions_parent_execution_id_idx on public.executions (parent_execution_id, workspace_id) where parent_execution_id is not null;
create index executions_user_id_started_idx on public.executions (user_id, started_at desc) where user_id is not null;
create index executions_status_started_idx on public.executions (status, started_at desc);
create index executions_model_price_id_idx on public.executions (model_price_id) where model_price_id is not null;
create index executions_started_at_brin_idx on public.executions using brin (started_at) with (pages_per_range = 32);
create index executions_updated_at_idx on public.executions (updated_at);
create index run_conflicts_workspace_reported_idx on public.run_conflicts (workspace_id, reported_at desc);
create index run_conflicts_execution_id_idx on public.run_conflicts (execution_id);

-- Triggers: every trigger on this table, the status machine's below included, is attached in
-- 20261122006900_attach_executions_triggers.sql, in firing order, after the areas whose functions
-- they call.

-- the status machine, in one place
create function private.execution_transition_allowed(from_status text, to_status text)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select from_status = to_status
    or (from_status = 'queued' and to_status in ('running', 'waiting_approval', 'succeeded', 'failed', 'timeout', 'canceled'))
    or (from_status = 'running' and to_status in ('waiting_approval', 'succeeded', 'failed', 'timeout', 'canceled'))
    or (from_status = 'waiting_approval' and to_status in ('running', 'failed', 'timeout', 'canceled'))
$$;
comment on function private.execution_transition_allowed(text, text) is
  'The run status machine: queued -> running | waiting_approval | terminal; running -> waiting_approval | terminal; waiting_approval -> running (once approved) | failed | timeout | canceled, never straight to succeeded; terminal states (succeeded, failed, timeout, canceled) are final.';

create function private.is_terminal_status(status text)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select status in ('succeeded', 'failed', 'timeout', 'canceled')
$$;
comment on function private.is_terminal_status(text) is 'True for the final run states.';

-- the timestamps a run may carry: from agentops.min_timestamp (default 2000-01-01) to now plus
-- agentops.max_ahead (default 1 day); both settable per database or role (alter database ... set)
create function private.accepted_time_range()
returns tstzrange
language sql
stable
set search_path = ''
as $$
  select tstzrange(
    coalesce(nullif(current_setting('agentops.min_timestamp', true), '')::timestamptz, '2000-01-01 00:00:00+00'::timestamptz),
    now() + coalesce(nullif(current_setting('agentops.max_ahead', true), '')::interval, interval '1 day'),
    '[]')
$$;
comment on function private.accepted_time_range() is
  'The window run and span timestamps must fall in: agentops.min_timestamp (default 2000-01-01 UTC) to now() + agentops.max_ahead (default 1 day). Anything outside is refused (AO422 naming the field), never stored bent.';

create function private.enforce_execution_status()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_range tstzrange := private.accepted_time_range();
  v_field text;
begin
  if tg_op = 'UPDATE' and not private.execution_transition_allowed(old.status, new.status) then
    if old.status = 'waiting_approval' and new.status = 'succeeded' then
      raise exception 'run % is waiting for an approval: it cannot end as succeeded before it is approved', old.run_key
        using errcode = 'AO409', column = 'status', hint = 'approval_pending';
    end if;
    raise exception 'run % has ended as %: it cannot become %', old.run_key, old.status, new.status
      using errcode = 'AO409', column = 'status', hint = 'run_final';
  end if;
  -- a finished run's times and error fields are final; only a stamped ended_at may still be replaced by the source's.
  -- An operator correcting history on purpose says so first: set local agentops.correction = 'on'
  if tg_op = 'UPDATE' and private.is_terminal_status(old.status) and current_setting('agentops.correction', true) is distinct from 'on' then
    v_field := case
      -- an n8n run's start estimated at receipt may be replaced by n8n's own (metadata.started_at_source)
      when new.started_at is distinct from old.started_at
        and not (old.source = 'n8n' and old.metadata ->> 'started_at_source' = 'received') then 'started_at'
      -- an n8n run's end may be filled in once n8n reports it (it is left null, never stamped)
      when new.ended_at is distinct from old.ended_at and not old.ended_at_stamped
        and not (old.source = 'n8n' and old.ended_at is null) then 'ended_at'
      when new.duration_ms is distinct from old.duration_ms and not old.ended_at_stamped then 'duration_ms'
      when new.error_type is distinct from old.error_type then 'error_type'
      when new.error_message is distinct from old.error_message then 'error_message'
    end;
    if v_field is not null then
      raise exception 'run % has ended as %: its % cannot change', old.run_key, old.status, v_field
        using errcode = 'AO409', column = v_field, hint = 'run_final';
    end if;
  end if;
  if (tg_op = 'INSERT' or new.started_at is distinct from old.started_at) and not (new.started_at <@ v_range) then
    raise exception 'started_at must be between % and %', lower(v_range), upper(v_range)
      using errcode = 'AO422', column = 'started_at', hint = 'validation_failed';
  end if;
  if new.ended_at is not null and (tg_op = 'INSERT' or new.ended_at is distinct from old.ended_at) and not (new.ended_at <@ v_range) then
    raise exception 'ended_at must be between % and %', lower(v_range), upper(v_range)
      using errcode = 'AO422', column = 'ended_at', hint = 'validation_failed';
  end if;
  if tg_op = 'UPDATE' and old.ended_at_stamped and new.ended_at is distinct from old.ended_at then
    -- the source's own end replaces the stamp, and the duration derived from the stamp goes with it
    new.ended_at_stamped := false;
    if new.duration_ms is not distinct from old.duration_ms then
      new.duration_ms := null;
    end if;
  end if;
  -- n8n runs keep ended_at null until n8n itself reports the end (no invented times, issue 12)
  if private.is_terminal_status(new.status) and new.ended_at is null and new.source <> 'n8n' then
    new.ended_at := greatest(now(), new.started_at);
    new.ended_at_stamped := true;
  end if;
  if new.duration_ms is null and new.ended_at is not null then
    new.duration_ms := least(round(extract(epoch from (new.ended_at - new.started_at)) * 1000), 2147483647)::int;
  end if;
  return new;
end;
$$;
comment on function private.enforce_execution_status() is 'Trigger: refuses illegal status transitions (AO409 run_final, or approval_pending for waiting_approval -> succeeded), refuses changes to a finished run''s started_at, ended_at, duration_ms and error fields (AO409 naming the column; a stamped ended_at may be replaced once; an operator''s deliberate correction sets agentops.correction = on first), refuses timestamps outside private.accepted_time_range() (AO422 naming the column), stamps ended_at when a run reaches a final state without one, and derives duration_ms.';

-- rows of other areas keep the id of their run without a foreign key (retention archives runs, and
-- what was learned from a run outlives it), and a run keeps its parent's the same way: this trigger
-- checks the id when such a row is written. On executions it checks parent_execution_id, after the
-- statement's rows are in (as a foreign key would, so that a parent inserted by the same statement
-- counts); everywhere else execution_id, before the row is written.
create function private.check_run_reference()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_run uuid;
  v_column text;
begin
  -- one branch per column: plpgsql prepares a field reference only when its branch first runs
  if tg_table_name = 'executions' then
    v_run := new.parent_execution_id;
    v_column := 'parent_execution_id';
  else
    v_run := new.execution_id;
    v_column := 'execution_id';
  end if;
  if v_run is not null
     and not exists (select 1 from public.executions e where e.id = v_run and e.workspace_id = new.workspace_id)
     and not exists (select 1 from public.execution_traces_archive a where a.execution_id = v_run and a.workspace_id = new.workspace_id) then
    raise exception 'no run % in this workspace', v_run
      using errcode = 'AO404', column = v_column, hint = 'run_not_found';
  end if;
  return new;
end;
$$;
comment on function private.check_run_reference() is
  'Trigger for rows that keep a run id without a foreign key (echo entries, routing decisions, metric samples, pattern usage, ledger entries, experiment runs; on executions, the parent): the run must exist in the row''s workspace, in executions or in execution_traces_archive (AO404 naming the column). Deleting or archiving the run later leaves the row as it is. Security definer: the writer may not be able to read the run.';

revoke all on function private.execution_transition_allowed(text, text) from public;
revoke all on function private.is_terminal_status(text) from public;
revoke all on function private.accepted_time_range() from public;
revoke all on function private.enforce_execution_status() from public;
revoke all on function private.check_run_reference() from public;
grant execute on function private.execution_transition_allowed(text, text) to authenticated, service_role;
grant execute on function private.is_terminal_status(text) to authenticated, service_role;
grant execute on function private.accepted_time_range() to authenticated, service_role;

revoke all on public.run_conflicts from anon, authenticated;
grant select on public.run_conflicts to authenticated;

alter table public.executions enable row level security;
alter table public.run_conflicts enable row level security;

-- people read their workspace's runs; an agent reads its own; members may correct runs
-- (status, rating, feedback) from Studio, under the same status machine
create policy executions_select on public.executions for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')) or agent_id = (select private.current_agent_id()));
create policy executions_insert on public.executions for insert to authenticated
  with check ((select private.has_role(workspace_id, 'member')));
create policy executions_update on public.executions for update to authenticated
  using ((select private.has_role(workspace_id, 'member')))
  with check ((select private.has_role(workspace_id, 'member')));
create policy executions_delete on public.executions for delete to authenticated
  using ((select private.has_role(workspace_id, 'admin')));
create policy run_conflicts_select on public.run_conflicts for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
