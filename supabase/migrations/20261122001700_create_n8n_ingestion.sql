-- n8n: per-workspace signing secrets (Standard Webhooks), a record of received webhook ids
-- (replays are refused), and the one SQL call that upserts a workflow and its run by n8n's
-- execution id and keeps the workflow's counters exact however often n8n delivers.

create table private.webhook_secrets (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  purpose text not null default 'n8n',
  secret text not null,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  constraint webhook_secrets_purpose_valid check (purpose in ('n8n')),
  constraint webhook_secrets_secret_format check (secret ~ '^whsec_[A-Za-z0-9+/=]{32,}$')
);
comment on table private.webhook_secrets is 'Signing secrets of incoming webhooks per workspace (whsec_<base64>). Several may be live during a rotation; an expired one no longer verifies.';

create table private.webhook_receipts (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  webhook_id text not null,
  received_at timestamptz not null default now(),
  constraint webhook_receipts_pkey primary key (workspace_id, webhook_id)
);
comment on table private.webhook_receipts is 'webhook-id of every accepted delivery, kept past the 5-minute signature tolerance so that a replay is refused. Purged after a day.';

create index webhook_secrets_workspace_id_idx on private.webhook_secrets (workspace_id, purpose);
create index webhook_secrets_created_by_idx on private.webhook_secrets (created_by);
create index webhook_receipts_received_at_idx on private.webhook_receipts (received_at);

-- the live secrets of a workspace, for the function to verify a signature with
create function private.webhook_signing_secrets(workspace_id uuid, purpose text default 'n8n')
returns text[]
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(array_agg(s.secret order by s.created_at desc), '{}')
  from private.webhook_secrets s
  where s.workspace_id = webhook_signing_secrets.workspace_id and s.purpose = webhook_signing_secrets.purpose
    and (s.expires_at is null or s.expires_at > now())
$$;
comment on function private.webhook_signing_secrets(uuid, text) is 'The live signing secrets of a workspace, newest first. Security definer: secrets are not readable by clients.';

-- create a new secret; the previous ones stay valid for a grace period (default a day)
create function private.rotate_webhook_secret(workspace_id uuid, secret text, created_by uuid, grace interval default interval '1 day')
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  if not exists (
    select 1 from public.workspace_members m
    where m.workspace_id = rotate_webhook_secret.workspace_id and m.user_id = rotate_webhook_secret.created_by
      and private.role_rank(m.role) >= private.role_rank('admin')
  ) then
    raise exception 'only workspace admins manage webhook secrets' using errcode = 'AO403', hint = 'admin_required';
  end if;
  update private.webhook_secrets s set expires_at = least(coalesce(s.expires_at, 'infinity'), now() + rotate_webhook_secret.grace)
  where s.workspace_id = rotate_webhook_secret.workspace_id and s.purpose = 'n8n';
  insert into private.webhook_secrets (workspace_id, purpose, secret, created_by)
  values (rotate_webhook_secret.workspace_id, 'n8n', rotate_webhook_secret.secret, rotate_webhook_secret.created_by)
  returning id into v_id;
  return v_id;
end;
$$;
comment on function private.rotate_webhook_secret(uuid, text, uuid, interval) is 'Adds a new n8n signing secret for an admin of the workspace; earlier secrets expire after the grace period. Security definer: secrets are not writable by clients.';

-- one n8n execution, normalized by the function from either payload shape n8n sends
create function private.ingest_n8n_execution(workspace_id uuid, webhook_id text, execution jsonb)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_ws uuid := ingest_n8n_execution.workspace_id;
  v_x record;
  v_status text;
  v_workflow public.workflows%rowtype;
  v_old_status text;
  v_run public.executions%rowtype;
  v_parent uuid;
begin
  insert into private.webhook_receipts (workspace_id, webhook_id) values (v_ws, ingest_n8n_execution.webhook_id)
  on conflict on constraint webhook_receipts_pkey do nothing;
  if not found then
    raise exception 'webhook % was received already', ingest_n8n_execution.webhook_id
      using errcode = 'AO409', column = 'webhook-id', hint = 'duplicate_delivery';
  end if;

  select * into v_x from jsonb_to_record(ingest_n8n_execution.execution) as x (
    execution_id text, workflow_id text, workflow_name text, mode text, status text, started_at timestamptz,
    stopped_at timestamptz, retry_of text, error_message text, error_stack text, last_node_executed text, url text
  );
  v_status := case v_x.status
    when 'success' then 'succeeded' when 'warning' then 'succeeded'
    when 'error' then 'failed' when 'crashed' then 'failed'
    when 'canceled' then 'canceled' when 'new' then 'queued'
    else 'running' end;

  insert into public.workflows as w (workspace_id, n8n_workflow_id, name, status)
  values (v_ws, v_x.workflow_id, coalesce(v_x.workflow_name, 'n8n workflow ' || v_x.workflow_id), 'active')
  on conflict on constraint workflows_workspace_n8n_key do update
    set name = coalesce(v_x.workflow_name, w.name)
  returning * into v_workflow;

  select e.status into v_old_status from public.executions e
  where e.workspace_id = v_ws and e.run_key = 'n8n:' || v_x.execution_id
  for no key update;

  select e.id into v_parent from public.executions e
  where v_x.retry_of is not null and e.workspace_id = v_ws and e.run_key = 'n8n:' || v_x.retry_of;

  insert into public.executions as e (workspace_id, agent_id, run_key, source, workflow_id, parent_execution_id, status,
    started_at, ended_at, error_type, error_message, metadata)
  values (v_ws, v_workflow.agent_id, 'n8n:' || v_x.execution_id, 'n8n', v_workflow.id, v_parent, v_status,
    coalesce(v_x.started_at, v_x.stopped_at, now()),
    case when private.is_terminal_status(v_status) then coalesce(v_x.stopped_at, now()) end,
    case when v_status = 'failed' then coalesce('n8n_' || v_x.status, 'n8n_error') end,
    v_x.error_message,
    jsonb_strip_nulls(jsonb_build_object('n8n_execution_id', v_x.execution_id, 'n8n_status', v_x.status, 'mode', v_x.mode,
      'retry_of', v_x.retry_of, 'last_node_executed', v_x.last_node_executed, 'url', v_x.url, 'error_stack', left(v_x.error_stack, 20000))))
  on conflict on constraint executions_workspace_run_key_key do update set
    status = case when private.execution_transition_allowed(e.status, excluded.status) then excluded.status else e.status end,
    started_at = least(e.started_at, excluded.started_at),
    ended_at = case when private.execution_transition_allowed(e.status, excluded.status) then coalesce(excluded.ended_at, e.ended_at) else e.ended_at end,
    error_type = coalesce(excluded.error_type, e.error_type),
    error_message = coalesce(excluded.error_message, e.error_message),
    parent_execution_id = coalesce(e.parent_execution_id, excluded.parent_execution_id),
    metadata = e.metadata || excluded.metadata
  returning * into v_run;

  -- counters move only when a run reaches a final state for the first time
  if private.is_terminal_status(v_run.status) and (v_old_status is null or not private.is_terminal_status(v_old_status)) then
    update public.workflows w set
      execution_count = w.execution_count + 1,
      success_count = w.success_count + (v_run.status = 'succeeded')::int,
      error_count = w.error_count + (v_run.status in ('failed', 'timeout'))::int,
      last_execution = greatest(w.last_execution, coalesce(v_run.ended_at, v_run.started_at))
    where w.id = v_workflow.id;
  elsif v_old_status is null then
    update public.workflows w set last_execution = greatest(w.last_execution, v_run.started_at) where w.id = v_workflow.id;
  end if;

  return jsonb_build_object('workflow_id', v_workflow.id, 'execution_id', v_run.id, 'run_key', v_run.run_key, 'status', v_run.status,
    'created', v_old_status is null);
end;
$$;
comment on function private.ingest_n8n_execution(uuid, text, jsonb) is
  'Stores one n8n execution delivered by the n8n-webhook function: refuses a webhook-id seen before (AO409), upserts the workflow by n8n workflow id and the run by n8n:<execution id> (an older status never overwrites a newer one), and moves the workflow counters only when the run first reaches a final state. Security definer: called by the function after verifying the signature.';

create function private.purge_webhook_receipts()
returns int
language sql
volatile
security definer
set search_path = ''
as $$
  with gone as (delete from private.webhook_receipts where received_at < now() - interval '1 day' returning 1)
  select count(*)::int from gone
$$;
comment on function private.purge_webhook_receipts() is 'Job: forgets webhook ids older than a day (signatures older than 5 minutes are refused anyway).';

revoke all on function private.webhook_signing_secrets(uuid, text) from public;
revoke all on function private.rotate_webhook_secret(uuid, text, uuid, interval) from public;
revoke all on function private.ingest_n8n_execution(uuid, text, jsonb) from public;
revoke all on function private.purge_webhook_receipts() from public;
grant execute on function private.webhook_signing_secrets(uuid, text) to service_role;
grant execute on function private.rotate_webhook_secret(uuid, text, uuid, interval) to service_role;
grant execute on function private.ingest_n8n_execution(uuid, text, jsonb) to service_role;

-- housekeeping of the ingestion side tables
select cron.schedule('purge-webhook-receipts', '17 * * * *', $$select private.purge_webhook_receipts()$$);
select cron.schedule('purge-request-windows', '*/10 * * * *', $$select private.purge_request_windows()$$);
select cron.schedule('purge-agent-auth-failures', '23 3 * * *', $$select private.purge_agent_auth_failures()$$);
