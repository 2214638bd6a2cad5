-- executions: the one table for every run, whatever its source (an agent through ingest, n8n
-- through its webhook, the API, OpenTelemetry). The seeds' metrics_events, workflow_executions,
-- agent_runs and execution_traces are views over it (see the compatibility views migration).
-- The status machine is enforced here, for every client: terminal states are final.

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
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint executions_workspace_run_key_key unique (workspace_id, run_key),
  constraint executions_id_workspace_key unique (id, workspace_id),
  constraint executions_agent_fkey foreign key (agent_id, workspace_id) references public.agents (id, workspace_id) on delete restrict,
  constraint executions_task_fkey foreign key (task_id, workspace_id) references public.tasks (id, workspace_id) on delete cascade,
  constraint executions_workflow_fkey foreign key (workflow_id, workspace_id) references public.workflows (id, workspace_id) on delete set null (workflow_id),
  constraint executions_project_fkey foreign key (project_id, workspace_id) references public.projects (id, workspace_id) on delete set null (project_id),
  constraint executions_parent_fkey foreign key (parent_execution_id, workspace_id) references public.executions (id, workspace_id) on delete set null (parent_execution_id),
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
  constraint executions_no_self_parent check (parent_execution_id is null or parent_execution_id <> id)
);
comment on table public.executions is 'One row per run of an agent or workflow, from any source (seed 000 executions and metrics_events, seed 001 workflow_executions, seed 002 agent_runs, seed 003 execution_traces, seed 004 executions).';
comment on column public.executions.run_key is 'The caller''s id for the run, unique per workspace: sending the same run_key again updates the same run (retries are safe). n8n runs use n8n:<execution id>.';
comment on column public.executions.source is 'Where the run was reported from: agent (ingest), n8n (webhook), api, otel (OTLP traces).';
comment on column public.executions.parent_execution_id is 'The run that handed this one its work (agent chains).';
comment on column public.executions.user_id is 'The person on whose behalf the run happened, when known.';
comment on column public.executions.status is 'queued -> running -> waiting_approval -> running -> succeeded | failed | timeout | canceled. Terminal states are final; the database refuses any other transition.';
comment on column public.executions.duration_ms is 'Wall-clock duration; computed from started_at and ended_at when the caller does not report it.';
comment on column public.executions.tokens_in is 'Input (prompt) tokens, including tokens_cached (seed 004 token_input).';
comment on column public.executions.tokens_out is 'Output (completion) tokens (seed 004 token_output).';
comment on column public.executions.tokens_cached is 'Input tokens served from the provider''s prompt cache, priced at the cached rate.';
comment on column public.executions.cost_usd is 'Cost in USD: as reported by the caller (cost_source reported) or computed from model_prices (cost_source computed, model_price_id names the price row).';
comment on column public.executions.cost_source is 'reported: the caller sent cost_usd; computed: priced by the database from tokens and model_prices; none: no cost and no price.';
comment on column public.executions.user_rating is 'Rating 1-5 given by the user (seed 000).';

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

create trigger executions_set_updated_at before update on public.executions for each row execute function public.update_updated_at_column();

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
    or (from_status = 'waiting_approval' and to_status in ('running', 'succeeded', 'failed', 'timeout', 'canceled'))
$$;
comment on function private.execution_transition_allowed(text, text) is
  'The run status machine: queued -> running | waiting_approval | terminal; running -> waiting_approval | terminal; waiting_approval -> running | terminal; terminal states (succeeded, failed, timeout, canceled) are final.';

create function private.is_terminal_status(status text)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select status in ('succeeded', 'failed', 'timeout', 'canceled')
$$;
comment on function private.is_terminal_status(text) is 'True for the final run states.';

create function private.enforce_execution_status()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and not private.execution_transition_allowed(old.status, new.status) then
    raise exception 'a run cannot go from % to %', old.status, new.status
      using errcode = 'AO409', column = 'status', hint = 'illegal_status_transition';
  end if;
  if private.is_terminal_status(new.status) and new.ended_at is null then
    new.ended_at := greatest(now(), new.started_at);
  end if;
  if new.duration_ms is null and new.ended_at is not null then
    new.duration_ms := least(round(extract(epoch from (new.ended_at - new.started_at)) * 1000), 2147483647)::int;
  end if;
  return new;
end;
$$;
comment on function private.enforce_execution_status() is 'Trigger: refuses illegal status transitions, stamps ended_at when a run reaches a final state, and derives duration_ms.';

create trigger executions_enforce_status before insert or update of status, ended_at, started_at, duration_ms on public.executions
  for each row execute function private.enforce_execution_status();

revoke all on function private.execution_transition_allowed(text, text) from public;
revoke all on function private.is_terminal_status(text) from public;
revoke all on function private.enforce_execution_status() from public;
grant execute on function private.execution_transition_allowed(text, text) to authenticated, service_role;
grant execute on function private.is_terminal_status(text) to authenticated, service_role;

alter table public.executions enable row level security;

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
