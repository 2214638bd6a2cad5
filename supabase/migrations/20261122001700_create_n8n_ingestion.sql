-- n8n: the n8n instances a workspace connects (each with its own signing secrets and, for the pull
-- sync, an encrypted public-API key), the webhook ids already received (a repeated delivery
-- answers with the first outcome and writes nothing), and the one SQL call that stores an n8n
-- execution, whether pushed by the error workflow or pulled from n8n's API. A run is keyed by its
-- connection, workflow and n8n's execution id (n8n:<connection id>:<workflow id>:<execution id>),
-- so executions of two instances that count from 1 never merge; a failure without an execution
-- id (a trigger's) is keyed by what n8n gives: the workflow and the error's own time.

create table public.n8n_connections (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null default 'n8n',
  base_url text,
  has_api_key boolean not null default false,
  sync_enabled boolean not null default false,
  sync_interval_seconds int not null default 60,
  sync_high_water bigint,
  sync_walk_cursor text,
  sync_walk_top bigint,
  sync_open_ids text[] not null default '{}',
  sync_lease_token uuid,
  sync_lease_until timestamptz,
  next_sync_at timestamptz not null default now(),
  last_sync_started_at timestamptz,
  last_sync_finished_at timestamptz,
  last_sync_status text,
  last_sync_error text,
  last_sync_stored int,
  sync_consecutive_failures int not null default 0,
  synced_executions bigint not null default 0,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint n8n_connections_id_workspace_key unique (id, workspace_id),
  constraint n8n_connections_name_length check (char_length(name) between 1 and 100),
  constraint n8n_connections_base_url_format check (base_url is null or (base_url ~ '^https?://[^\s/?#]+' and char_length(base_url) <= 500)),
  constraint n8n_connections_sync_needs_url check (not sync_enabled or base_url is not null),
  constraint n8n_connections_interval_range check (sync_interval_seconds between 10 and 86400),
  constraint n8n_connections_last_sync_status_valid check (last_sync_status is null or last_sync_status in ('ok', 'error')),
  constraint n8n_connections_open_ids_bounded check (cardinality(sync_open_ids) <= 1000)
);
comment on table public.n8n_connections is 'An n8n instance connected to a workspace: its runs are keyed by this connection and n8n''s execution id. Deliveries signed with one of its secrets belong to it; with an API key it is also pulled from (GET /api/v1/executions) on schedule. Written by the n8n-sync function only; the key itself lives encrypted in private.n8n_credentials.';
comment on column public.n8n_connections.has_api_key is 'An encrypted public-API key is stored (it is never readable back).';
comment on column public.n8n_connections.sync_high_water is 'Every execution with an id up to this one has been pulled (those still unfinished are in sync_open_ids).';
comment on column public.n8n_connections.sync_walk_cursor is 'n8n''s nextCursor of a walk from the newest execution down to sync_high_water that a pass left unfinished; the next pass resumes there.';
comment on column public.n8n_connections.sync_walk_top is 'The newest execution id of the walk in progress; becomes sync_high_water when the walk ends.';
comment on column public.n8n_connections.sync_open_ids is 'Executions pulled before they finished (new, running, waiting), fetched again by each pass until final.';
comment on column public.n8n_connections.sync_lease_until is 'A sync pass holds the connection until then, so two passes never walk it at once.';

create table private.n8n_credentials (
  connection_id uuid primary key references public.n8n_connections (id) on delete cascade,
  ciphertext text not null,
  iv text not null,
  key_fingerprint text not null,
  updated_by uuid references auth.users (id) on delete set null,
  updated_at timestamptz not null default now()
);
comment on table private.n8n_credentials is 'The n8n public-API key of a connection, AES-256-GCM encrypted by the n8n-sync function with N8N_CREDENTIALS_KEY (the database never sees the key or the plain text). key_fingerprint names the encryption key, so a rotated key is detected instead of decrypting garbage.';

create table private.webhook_secrets (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  connection_id uuid not null,
  purpose text not null default 'n8n',
  secret text not null,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  constraint webhook_secrets_connection_fkey foreign key (connection_id, workspace_id) references public.n8n_connections (id, workspace_id) on delete cascade,
  constraint webhook_secrets_purpose_valid check (purpose in ('n8n')),
  constraint webhook_secrets_secret_format check (secret ~ '^whsec_[A-Za-z0-9+/=]{32,}$')
);
comment on table private.webhook_secrets is 'Signing secrets of incoming webhooks per n8n connection (whsec_<base64>). Several may be live during a rotation; an expired one no longer verifies. A secret inserted without a connection belongs to the workspace''s first connection (created when missing).';

create table private.webhook_receipts (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  webhook_id text not null,
  outcome jsonb,
  received_at timestamptz not null default now(),
  constraint webhook_receipts_pkey primary key (workspace_id, webhook_id)
);
comment on table private.webhook_receipts is 'webhook-id of every accepted delivery with the answer it got, kept past the 5-minute signature tolerance: a repeated delivery is answered with that outcome (duplicate: true) and writes nothing. Purged after a day.';

alter table public.workflows
  add constraint workflows_n8n_connection_fkey foreign key (n8n_connection_id, workspace_id)
  references public.n8n_connections (id, workspace_id) on delete set null (n8n_connection_id);

create index n8n_connections_workspace_id_idx on public.n8n_connections (workspace_id, created_at);
create index n8n_connections_created_by_idx on public.n8n_connections (created_by);
create index n8n_connections_due_idx on public.n8n_connections (next_sync_at) where sync_enabled and has_api_key;
create index n8n_credentials_updated_by_idx on private.n8n_credentials (updated_by);
create index webhook_secrets_workspace_id_idx on private.webhook_secrets (workspace_id, purpose);
create index webhook_secrets_connection_id_idx on private.webhook_secrets (connection_id, workspace_id);
create index webhook_secrets_created_by_idx on private.webhook_secrets (created_by);
create index webhook_receipts_received_at_idx on private.webhook_receipts (received_at);
create index workflows_n8n_connection_id_idx on public.workflows (n8n_connection_id, workspace_id) where n8n_connection_id is not null;

create trigger n8n_connections_set_updated_at before update on public.n8n_connections for each row execute function public.update_updated_at_column();

-- the workspace's first n8n connection, created on demand (deliveries signed with a secret made
-- before connections existed, and the demo data, belong to it)
create function private.default_n8n_connection(workspace_id uuid)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_id uuid;
begin
  perform pg_advisory_xact_lock(hashtextextended('n8n_connection:' || default_n8n_connection.workspace_id::text, 0));
  select c.id into v_id from public.n8n_connections c
  where c.workspace_id = default_n8n_connection.workspace_id order by c.created_at, c.id limit 1;
  if v_id is null then
    insert into public.n8n_connections (workspace_id, name) values (default_n8n_connection.workspace_id, 'n8n') returning id into v_id;
  end if;
  return v_id;
end;
$$;
comment on function private.default_n8n_connection(uuid) is 'The workspace''s first n8n connection, created when it has none. Security definer: connections are written by the system only.';

create function private.webhook_secrets_default_connection()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.connection_id is null then
    new.connection_id := private.default_n8n_connection(new.workspace_id);
  end if;
  return new;
end;
$$;
comment on function private.webhook_secrets_default_connection() is 'Trigger: a secret inserted without a connection belongs to the workspace''s first connection.';

create trigger webhook_secrets_default_connection before insert on private.webhook_secrets
  for each row execute function private.webhook_secrets_default_connection();

-- the live secrets of a workspace with the connection each belongs to, for the function to verify a signature with
create function private.webhook_signing_secrets(workspace_id uuid, purpose text default 'n8n')
returns table (connection_id uuid, secret text)
language sql
stable
security definer
set search_path = ''
as $$
  select s.connection_id, s.secret
  from private.webhook_secrets s
  where s.workspace_id = webhook_signing_secrets.workspace_id and s.purpose = webhook_signing_secrets.purpose
    and (s.expires_at is null or s.expires_at > now())
  order by s.created_at desc
$$;
comment on function private.webhook_signing_secrets(uuid, text) is 'The live signing secrets of a workspace, newest first, each with its n8n connection (the secret that verifies a delivery says which instance sent it). Security definer: secrets are not readable by clients.';

create function private.require_n8n_admin(workspace_id uuid, user_id uuid)
returns void
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  if not exists (
    select 1 from public.workspace_members m
    where m.workspace_id = require_n8n_admin.workspace_id and m.user_id = require_n8n_admin.user_id
      and private.role_rank(m.role) >= private.role_rank('admin')
  ) then
    raise exception 'only workspace admins manage n8n connections and their secrets' using errcode = 'AO403', hint = 'admin_required';
  end if;
end;
$$;
comment on function private.require_n8n_admin(uuid, uuid) is 'Raises AO403 unless the user is an admin (or owner) of the workspace. Security definer: reads memberships for the n8n functions.';

-- create a new secret for a connection (null: the workspace's first); the previous ones stay valid for a grace period
create function private.rotate_webhook_secret(workspace_id uuid, connection_id uuid, secret text, grace interval default interval '1 day')
returns table (secret_id uuid, n8n_connection_id uuid)
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_id uuid;
  v_connection uuid := rotate_webhook_secret.connection_id;
  v_actor uuid := private.claimed_user_id();
begin
  perform private.require_n8n_admin(rotate_webhook_secret.workspace_id, v_actor);
  if v_connection is null then
    v_connection := private.default_n8n_connection(rotate_webhook_secret.workspace_id);
  elsif not exists (select 1 from public.n8n_connections c where c.id = v_connection and c.workspace_id = rotate_webhook_secret.workspace_id) then
    raise exception 'no n8n connection % in this workspace', v_connection using errcode = 'AO404', column = 'connection_id', hint = 'connection_not_found';
  end if;
  update private.webhook_secrets s set expires_at = least(coalesce(s.expires_at, 'infinity'), now() + rotate_webhook_secret.grace)
  where s.workspace_id = rotate_webhook_secret.workspace_id and s.connection_id = v_connection and s.purpose = 'n8n';
  insert into private.webhook_secrets (workspace_id, connection_id, purpose, secret, created_by)
  values (rotate_webhook_secret.workspace_id, v_connection, 'n8n', rotate_webhook_secret.secret, v_actor)
  returning id into v_id;
  return query select v_id, v_connection;
end;
$$;
comment on function private.rotate_webhook_secret(uuid, uuid, text, interval) is 'Adds a new signing secret to an n8n connection (null: the workspace''s first) for the person of the transaction''s claims (private.claimed_user_id), an admin of the workspace; earlier secrets of that connection expire after the grace period. Security definer: secrets are not writable by clients.';

-- an admin registers an n8n instance or changes it; settings: name, base_url, sync_enabled, sync_interval_seconds
create function private.configure_n8n_connection(workspace_id uuid, connection_id uuid, settings jsonb)
returns public.n8n_connections
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_row public.n8n_connections%rowtype;
  v_s record;
  v_actor uuid := private.claimed_user_id();
begin
  perform private.require_n8n_admin(configure_n8n_connection.workspace_id, v_actor);
  if jsonb_typeof(configure_n8n_connection.settings) is distinct from 'object' then
    raise exception 'settings must be a JSON object' using errcode = 'AO422', column = '(body)', hint = 'validation_failed';
  end if;
  select * into v_s from jsonb_to_record(configure_n8n_connection.settings) as x (
    name text, base_url text, sync_enabled boolean, sync_interval_seconds int);
  if configure_n8n_connection.connection_id is null then
    insert into public.n8n_connections (workspace_id, name, base_url, sync_enabled, sync_interval_seconds, created_by)
    values (configure_n8n_connection.workspace_id, coalesce(v_s.name, 'n8n'), rtrim(v_s.base_url, '/'), coalesce(v_s.sync_enabled, false),
      coalesce(v_s.sync_interval_seconds, 60), v_actor)
    returning * into v_row;
  else
    update public.n8n_connections c set
      name = coalesce(v_s.name, c.name),
      base_url = case when configure_n8n_connection.settings ? 'base_url' then rtrim(v_s.base_url, '/') else c.base_url end,
      sync_enabled = coalesce(v_s.sync_enabled, c.sync_enabled),
      sync_interval_seconds = coalesce(v_s.sync_interval_seconds, c.sync_interval_seconds),
      next_sync_at = case when v_s.sync_enabled then least(c.next_sync_at, now()) else c.next_sync_at end
    where c.id = configure_n8n_connection.connection_id and c.workspace_id = configure_n8n_connection.workspace_id
    returning * into v_row;
    if v_row.id is null then
      raise exception 'no n8n connection % in this workspace', configure_n8n_connection.connection_id
        using errcode = 'AO404', column = 'connection_id', hint = 'connection_not_found';
    end if;
  end if;
  return v_row;
end;
$$;
comment on function private.configure_n8n_connection(uuid, uuid, jsonb) is 'Creates (connection_id null) or changes an n8n connection for the person of the transaction''s claims (private.claimed_user_id), an admin of the workspace. Security definer: connections are written by the n8n-sync function only.';

-- stores (or, with null, removes) the encrypted API key of a connection
create function private.set_n8n_credentials(workspace_id uuid, connection_id uuid, ciphertext text, iv text, key_fingerprint text)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_actor uuid := private.claimed_user_id();
begin
  perform private.require_n8n_admin(set_n8n_credentials.workspace_id, v_actor);
  if not exists (select 1 from public.n8n_connections c where c.id = set_n8n_credentials.connection_id and c.workspace_id = set_n8n_credentials.workspace_id) then
    raise exception 'no n8n connection % in this workspace', set_n8n_credentials.connection_id using errcode = 'AO404', column = 'connection_id', hint = 'connection_not_found';
  end if;
  if set_n8n_credentials.ciphertext is null then
    delete from private.n8n_credentials k where k.connection_id = set_n8n_credentials.connection_id;
  else
    insert into private.n8n_credentials as k (connection_id, ciphertext, iv, key_fingerprint, updated_by)
    values (set_n8n_credentials.connection_id, set_n8n_credentials.ciphertext, set_n8n_credentials.iv, set_n8n_credentials.key_fingerprint, v_actor)
    on conflict on constraint n8n_credentials_pkey do update set ciphertext = excluded.ciphertext, iv = excluded.iv, key_fingerprint = excluded.key_fingerprint,
      updated_by = excluded.updated_by, updated_at = now();
  end if;
  update public.n8n_connections c set has_api_key = set_n8n_credentials.ciphertext is not null, sync_consecutive_failures = 0,
    next_sync_at = now()
  where c.id = set_n8n_credentials.connection_id;
end;
$$;
comment on function private.set_n8n_credentials(uuid, uuid, text, text, text) is 'Stores the encrypted n8n API key of a connection (null removes it) for the person of the transaction''s claims (private.claimed_user_id), an admin of the workspace. Security definer: credentials are never readable or writable by clients.';

-- one n8n execution, normalized by the functions (shared/schemas/n8n.ts) from any payload n8n sends
-- or its API returns. Not granted to anyone: called by ingest_n8n_execution and n8n_sync_store_page.
create function private.store_n8n_execution(workspace_id uuid, connection_id uuid, execution jsonb, webhook_id text default null)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_ws uuid := store_n8n_execution.workspace_id;
  v_x record;
  v_status text;
  v_key text;
  v_prefix text;
  v_fingerprint text;
  v_known text;
  v_error jsonb;
  v_error_type text;
  v_started timestamptz;
  v_started_source text;
  v_workflow public.workflows%rowtype;
  v_old_status text;
  v_run public.executions%rowtype;
  v_new record;
  v_parent uuid;
begin
  if jsonb_typeof(store_n8n_execution.execution) is distinct from 'object' then
    raise exception 'an n8n execution must be a JSON object' using errcode = 'AO422', column = '(body)', hint = 'validation_failed';
  end if;
  select * into v_x from jsonb_to_record(store_n8n_execution.execution) as x (
    kind text, execution_id text, workflow_id text, workflow_name text, mode text, status text, finished boolean,
    started_at timestamptz, started_at_source text, stopped_at timestamptz, retry_of text, retry_success_id text, wait_till timestamptz,
    url text, last_node_executed text, trigger_node text, error_timestamp bigint, error_message text, error_type text,
    error_stack text, error jsonb, custom_data jsonb
  );
  if v_x.workflow_id is null or v_x.workflow_id = '' then
    raise exception 'an n8n execution needs its workflow id' using errcode = 'AO422', column = 'workflow_id', hint = 'validation_failed';
  end if;
  if v_x.status is null then
    raise exception 'an n8n execution needs its status' using errcode = 'AO422', column = 'status', hint = 'validation_failed';
  end if;
  -- n8n's statuses (packages/workflow ExecutionStatus) mapped onto the run status machine
  v_status := case v_x.status
    when 'success' then 'succeeded' when 'warning' then 'succeeded'
    when 'error' then 'failed' when 'crashed' then 'failed'
    when 'canceled' then 'canceled'
    when 'new' then 'queued'
    when 'running' then 'running' when 'waiting' then 'running'
    when 'unknown' then case when v_x.finished then 'succeeded' else 'running' end
  end;
  if v_status is null then
    raise exception 'unknown n8n status %', v_x.status using errcode = 'AO422', column = 'status', hint = 'validation_failed';
  end if;

  v_error := jsonb_strip_nulls(coalesce(v_x.error, '{}'::jsonb));
  v_error_type := case when v_status = 'failed' then coalesce(nullif(left(v_x.error_type, 200), ''), 'n8n_' || v_x.status) end;
  -- no invented times: the start n8n reports, else the one its execution context carries, else the time
  -- of receipt (marked, and replaced once n8n reports the real one); the end only from n8n
  v_started := coalesce(v_x.started_at, least(v_x.stopped_at, now()));
  v_started_source := case when v_x.started_at is not null then coalesce(v_x.started_at_source, 'n8n')
    when v_x.stopped_at is not null then 'stopped_at' else 'received' end;

  -- the workflow: read, and written only when it is new or renamed (its counters are written once, by
  -- the trigger on executions: an upsert here would write the row a second time in every delivery)
  select * into v_workflow from public.workflows w
  where w.workspace_id = v_ws and w.n8n_connection_id = store_n8n_execution.connection_id and w.n8n_workflow_id = v_x.workflow_id;
  if v_workflow.id is null or v_workflow.name is distinct from coalesce(left(v_x.workflow_name, 255), v_workflow.name) then
    insert into public.workflows as w (workspace_id, n8n_connection_id, n8n_workflow_id, name, status)
    values (v_ws, store_n8n_execution.connection_id, v_x.workflow_id, coalesce(left(v_x.workflow_name, 255), 'n8n workflow ' || left(v_x.workflow_id, 200)), 'active')
    on conflict on constraint workflows_workspace_n8n_key do update
      set name = coalesce(left(v_x.workflow_name, 255), w.name)
    returning * into v_workflow;
  end if;

  -- identity: the connection, the workflow and n8n's execution id; without an id (a trigger's
  -- failure), what n8n gives: the workflow and the error's own time (else node and delivery)
  v_prefix := 'n8n:' || store_n8n_execution.connection_id::text || ':'
    || case when char_length(v_x.workflow_id) <= 40 then v_x.workflow_id else md5(v_x.workflow_id) end || ':';
  -- the same failure seen by both paths carries the same error object: its time (ms) within its workflow
  -- (the node is not part of it: n8n's trigger payload of a failed poll does not name the node, its record does)
  v_fingerprint := case when v_x.error_timestamp is not null then md5(concat_ws('|', v_x.workflow_id, v_x.error_timestamp::text)) end;
  if v_x.execution_id is not null then
    v_key := v_prefix || v_x.execution_id;
    -- n8n records a failed poll as an execution but tells the error workflow about it without an
    -- id: the run the push made is the same run, now known by its id
    -- (looked up first: an update of no rows would still fire every statement trigger on executions)
    if v_fingerprint is not null
       and exists (select 1 from public.executions t where t.workspace_id = v_ws and t.run_key = v_prefix || 'trigger:' || v_fingerprint) then
      update public.executions e set run_key = v_key, metadata = e.metadata || jsonb_build_object('n8n_execution_id', v_x.execution_id)
      where e.workspace_id = v_ws and e.run_key = v_prefix || 'trigger:' || v_fingerprint
        and not exists (select 1 from public.executions d where d.workspace_id = v_ws and d.run_key = v_key);
    end if;
  else
    v_key := v_prefix || case when v_x.kind = 'trigger' then 'trigger:' else 'noid:' end
      || coalesce(v_fingerprint, md5(concat_ws('|', coalesce(v_x.trigger_node, v_x.last_node_executed, ''),
           coalesce('webhook:' || store_n8n_execution.webhook_id, 'received:' || clock_timestamp()::text))));
    if v_fingerprint is not null then
      select e.run_key into v_known from public.executions e
      where e.workspace_id = v_ws and e.workflow_id = v_workflow.id
        and e.started_at between to_timestamp(v_x.error_timestamp / 1000.0) - interval '1 day' and to_timestamp(v_x.error_timestamp / 1000.0) + interval '1 day'
        and e.metadata ->> 'n8n_error_fingerprint' = v_fingerprint
      limit 1;
      v_key := coalesce(v_known, v_key);
    end if;
  end if;

  select e.status into v_old_status from public.executions e
  where e.workspace_id = v_ws and e.run_key = v_key
  for no key update;

  select e.id into v_parent from public.executions e
  where v_x.retry_of is not null and e.workspace_id = v_ws
    and e.run_key = v_prefix || v_x.retry_of;

  -- a new run is inserted and a known one updated, never `insert ... on conflict do update`: that fires
  -- the statement triggers of both insert and update (with their transition tables) on every delivery
  select v_ws as workspace_id, v_workflow.agent_id as agent_id, v_key as run_key, 'n8n' as source, v_workflow.id as workflow_id, v_parent as parent_execution_id, v_status as status,
    v_started as started_at,
    case when private.is_terminal_status(v_status) then v_x.stopped_at end as ended_at,
    v_error_type as error_type,
    case when v_status = 'failed' then v_x.error_message end as error_message,
    jsonb_strip_nulls(jsonb_build_object('n8n_connection_id', store_n8n_execution.connection_id, 'n8n_execution_id', v_x.execution_id,
      'n8n_status', v_x.status, 'n8n_finished', v_x.finished, 'mode', v_x.mode, 'retry_of', v_x.retry_of, 'retry_success_id', v_x.retry_success_id,
      'wait_till', v_x.wait_till, 'last_node_executed', v_x.last_node_executed, 'trigger_node', v_x.trigger_node, 'url', v_x.url,
      'n8n_error_fingerprint', v_fingerprint, 'started_at_source', v_started_source, 'ended_at_source', case when v_x.stopped_at is not null then 'n8n' end,
      'error_stack', v_x.error_stack,
      'error', nullif(v_error, '{}'::jsonb), 'custom_data', v_x.custom_data)) as metadata
  into v_new;
  if v_old_status is null then
    insert into public.executions as e (workspace_id, agent_id, run_key, source, workflow_id, parent_execution_id, status,
      started_at, ended_at, error_type, error_message, metadata)
    select v_new.workspace_id, v_new.agent_id, v_new.run_key, v_new.source, v_new.workflow_id, v_new.parent_execution_id, v_new.status,
      v_new.started_at, v_new.ended_at, v_new.error_type, v_new.error_message, v_new.metadata
    on conflict on constraint executions_workspace_run_key_key do nothing
    returning * into v_run;
  end if;
  if v_run.id is null then
    -- known (or inserted a moment ago by a concurrent delivery): merged into what is stored
    update public.executions as e set
    status = case when private.execution_transition_allowed(e.status, n.status) then n.status else e.status end,
    -- n8n's own start (or its execution context's) replaces the time of receipt; otherwise a
    -- finished run's start is final (private.enforce_execution_status); before that, n8n's own
    -- start wins, and between estimates the earlier
    started_at = case
      when e.metadata ->> 'started_at_source' = 'received' and v_started_source <> 'received' and v_started <= coalesce(e.ended_at, v_started) then v_started
      when private.is_terminal_status(e.status) then e.started_at
      when v_started_source = 'n8n' then v_started
      when e.metadata ->> 'started_at_source' = 'n8n' then e.started_at
      else least(e.started_at, v_started) end,
    -- only n8n's end, filling a gap or replacing a stamp; a known end never moves
    ended_at = case
      when e.metadata ->> 'ended_at_source' = 'n8n' then e.ended_at
      when private.is_terminal_status(case when private.execution_transition_allowed(e.status, n.status) then n.status else e.status end)
        then coalesce(case when v_x.stopped_at >= least(e.started_at, v_started) then v_x.stopped_at end, e.ended_at)
      else e.ended_at end,
    -- a report adds detail, never contradicts: n8n's error class replaces only the generic n8n_<status>, before the run is final
    error_type = case
      when private.is_terminal_status(e.status) then e.error_type
      when e.error_type is null or e.error_type like 'n8n\_%' then coalesce(v_error_type, e.error_type)
      else e.error_type end,
    error_message = case when private.is_terminal_status(e.status) then e.error_message else coalesce(e.error_message, n.error_message) end,
    parent_execution_id = coalesce(e.parent_execution_id, n.parent_execution_id),
    -- a finished run keeps what it knows (a late 'running' record adds new keys, never n8n_status = running);
    -- an open run takes the newer report's values
    metadata = case when private.is_terminal_status(e.status)
        then (n.metadata - 'started_at_source' - 'error' - 'error_stack' - 'custom_data') || e.metadata
        else e.metadata || (n.metadata - 'started_at_source' - 'error' - 'error_stack' - 'custom_data') end
      || jsonb_strip_nulls(jsonb_build_object(
        'started_at_source', case
          when e.metadata ->> 'started_at_source' = 'received' and v_started_source <> 'received' and v_started <= coalesce(e.ended_at, v_started) then v_started_source
          when private.is_terminal_status(e.status) then e.metadata ->> 'started_at_source'
          when v_started_source = 'n8n' or e.metadata ->> 'started_at_source' = 'n8n' then 'n8n'
          when v_started < e.started_at then v_started_source
          else e.metadata ->> 'started_at_source' end,
        'ended_at_source', case when e.metadata ->> 'ended_at_source' = 'n8n' or v_x.stopped_at is not null then 'n8n' end,
        'error', nullif(coalesce(n.metadata -> 'error', '{}'::jsonb) || coalesce(e.metadata -> 'error', '{}'::jsonb), '{}'::jsonb),
        'error_stack', coalesce(e.metadata -> 'error_stack', n.metadata -> 'error_stack'),
        'custom_data', coalesce(e.metadata -> 'custom_data', n.metadata -> 'custom_data')))
    from (select v_new.status, v_new.metadata, v_new.error_message, v_new.parent_execution_id) as n (status, metadata, error_message, parent_execution_id)
    where e.workspace_id = v_ws and e.run_key = v_key
    returning * into v_run;
  end if;

  -- the workflow's counters and agent_usage are kept by the trigger on executions (private.book_run_usage),
  -- for runs of every path alike

  return jsonb_build_object('workflow_id', v_workflow.id, 'execution_id', v_run.id, 'run_key', v_run.run_key, 'status', v_run.status,
    'n8n_execution_id', v_x.execution_id, 'created', v_old_status is null);
end;
$$;
comment on function private.store_n8n_execution(uuid, uuid, jsonb, text) is
  'Stores one normalized n8n execution of a connection: upserts the workflow by (connection, n8n workflow id) and the run by n8n:<connection>:<workflow>:<execution id> (without an id: by workflow and the error''s own time, which also links a failed poll pushed without an id to its execution). An older status never overwrites a newer one, n8n''s own times replace estimates, detail is added but never contradicted; the workflow counters follow from the runs (private.book_run_usage).';

-- what the n8n-webhook function calls after verifying the signature: one execution or a page of them
create function private.ingest_n8n_execution(workspace_id uuid, webhook_id text, execution jsonb)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_ws uuid := ingest_n8n_execution.workspace_id;
  v_connection uuid;
  v_outcome jsonb;
  v_item jsonb;
  v_runs jsonb := '[]'::jsonb;
begin
  insert into private.webhook_receipts (workspace_id, webhook_id) values (v_ws, ingest_n8n_execution.webhook_id)
  on conflict on constraint webhook_receipts_pkey do nothing;
  if not found then
    -- a retry of a delivery that was stored: the first answer again, nothing written
    select r.outcome into v_outcome from private.webhook_receipts r
    where r.workspace_id = v_ws and r.webhook_id = ingest_n8n_execution.webhook_id;
    return coalesce(v_outcome, '{}'::jsonb) || jsonb_build_object('duplicate', true);
  end if;

  if jsonb_typeof(ingest_n8n_execution.execution) is distinct from 'object' then
    raise exception 'an n8n delivery must be a JSON object' using errcode = 'AO422', column = '(body)', hint = 'validation_failed';
  end if;
  begin
    v_connection := coalesce((ingest_n8n_execution.execution ->> 'connection_id')::uuid, private.default_n8n_connection(v_ws));
  exception when invalid_text_representation then
    raise exception 'connection_id must be a UUID' using errcode = 'AO422', column = 'connection_id', hint = 'validation_failed';
  end;
  if not exists (select 1 from public.n8n_connections c where c.id = v_connection and c.workspace_id = v_ws) then
    raise exception 'no n8n connection % in this workspace', v_connection using errcode = 'AO422', column = 'connection_id', hint = 'connection_not_found';
  end if;

  if jsonb_typeof(ingest_n8n_execution.execution -> 'executions') = 'array' then
    for v_item in select x from jsonb_array_elements(ingest_n8n_execution.execution -> 'executions') x loop
      v_runs := v_runs || jsonb_build_array(private.store_n8n_execution(v_ws, v_connection, v_item, ingest_n8n_execution.webhook_id));
    end loop;
    v_outcome := jsonb_build_object('stored', jsonb_array_length(v_runs), 'runs', v_runs);
  else
    v_outcome := private.store_n8n_execution(v_ws, v_connection, ingest_n8n_execution.execution, ingest_n8n_execution.webhook_id);
  end if;
  v_outcome := v_outcome || jsonb_build_object('duplicate', false);
  update private.webhook_receipts r set outcome = v_outcome
  where r.workspace_id = v_ws and r.webhook_id = ingest_n8n_execution.webhook_id;
  return v_outcome;
end;
$$;
comment on function private.ingest_n8n_execution(uuid, text, jsonb) is
  'Stores what one signed n8n delivery carries (one normalized execution, or {"executions": [...]} for a page of the API''s records) for the connection named by connection_id (default: the workspace''s first). A webhook-id seen before answers with the first outcome and duplicate: true and writes nothing. Security definer: called by the n8n-webhook function after verifying the signature.';

-- the pull sync (n8n-sync function): claim due connections, store pages with their cursor, finish
create function private.n8n_sync_claim(max_connections int default 5, lease interval default interval '5 minutes')
returns table (connection_id uuid, workspace_id uuid, base_url text, ciphertext text, iv text, key_fingerprint text,
  sync_high_water bigint, sync_walk_cursor text, sync_walk_top bigint, sync_open_ids text[], lease_token uuid)
language sql
volatile
security definer
set search_path = ''
as $$
  with due as (
    select c.id from public.n8n_connections c
    where c.sync_enabled and c.has_api_key and c.base_url is not null and c.next_sync_at <= now()
      and (c.sync_lease_until is null or c.sync_lease_until < now())
    order by c.next_sync_at
    limit greatest(1, least(n8n_sync_claim.max_connections, 50))
    for update skip locked
  ), claimed as (
    update public.n8n_connections c set sync_lease_token = gen_random_uuid(), sync_lease_until = now() + n8n_sync_claim.lease,
      last_sync_started_at = now()
    from due where c.id = due.id
    returning c.*
  )
  select c.id, c.workspace_id, c.base_url, k.ciphertext, k.iv, k.key_fingerprint, c.sync_high_water, c.sync_walk_cursor,
    c.sync_walk_top, c.sync_open_ids, c.sync_lease_token
  from claimed c join private.n8n_credentials k on k.connection_id = c.id
$$;
comment on function private.n8n_sync_claim(int, interval) is 'Job (through the n8n-sync function): leases the n8n connections due for a pull and returns their encrypted key and cursor. Security definer: reads credentials for the function only.';

create function private.n8n_sync_store_page(connection_id uuid, lease_token uuid, page jsonb)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_conn public.n8n_connections%rowtype;
  v_item jsonb;
  v_result jsonb;
  v_stored int := 0;
  v_created int := 0;
  v_state record;
begin
  select * into v_conn from public.n8n_connections c where c.id = n8n_sync_store_page.connection_id for no key update;
  if v_conn.id is null then
    raise exception 'no n8n connection %', n8n_sync_store_page.connection_id using errcode = 'AO404', column = 'connection_id', hint = 'connection_not_found';
  end if;
  if v_conn.sync_lease_token is distinct from n8n_sync_store_page.lease_token or v_conn.sync_lease_until < now() then
    raise exception 'this sync pass no longer holds the connection' using errcode = 'AO409', column = 'lease_token', hint = 'lease_lost';
  end if;
  if jsonb_typeof(n8n_sync_store_page.page) is distinct from 'object' or jsonb_typeof(coalesce(n8n_sync_store_page.page -> 'executions', '[]')) <> 'array' then
    raise exception 'a page is {"executions": [...], "state": {...}}' using errcode = 'AO422', column = 'page', hint = 'validation_failed';
  end if;
  for v_item in select x from jsonb_array_elements(coalesce(n8n_sync_store_page.page -> 'executions', '[]')) x loop
    v_result := private.store_n8n_execution(v_conn.workspace_id, v_conn.id, v_item);
    v_stored := v_stored + 1;
    v_created := v_created + (v_result ->> 'created')::boolean::int;
  end loop;
  -- the cursor moves in the same transaction as the runs it covers: a pass killed half way resumes here
  select * into v_state from jsonb_to_record(coalesce(n8n_sync_store_page.page -> 'state', '{}')) as s (
    sync_high_water bigint, sync_walk_cursor text, sync_walk_top bigint, sync_open_ids text[]);
  update public.n8n_connections c set
    sync_high_water = case when n8n_sync_store_page.page -> 'state' ? 'sync_high_water' then v_state.sync_high_water else c.sync_high_water end,
    sync_walk_cursor = case when n8n_sync_store_page.page -> 'state' ? 'sync_walk_cursor' then v_state.sync_walk_cursor else c.sync_walk_cursor end,
    sync_walk_top = case when n8n_sync_store_page.page -> 'state' ? 'sync_walk_top' then v_state.sync_walk_top else c.sync_walk_top end,
    sync_open_ids = case when n8n_sync_store_page.page -> 'state' ? 'sync_open_ids' then coalesce(v_state.sync_open_ids[1:1000], '{}') else c.sync_open_ids end,
    synced_executions = c.synced_executions + v_created
  where c.id = v_conn.id;
  return jsonb_build_object('stored', v_stored, 'created', v_created);
end;
$$;
comment on function private.n8n_sync_store_page(uuid, uuid, jsonb) is 'Job (through the n8n-sync function): stores one page of pulled executions and the cursor after it in one transaction, for the pass holding the connection''s lease. Security definer: writes runs and sync state for the function only.';

create function private.n8n_sync_finish(connection_id uuid, lease_token uuid, stored int, error text default null)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  update public.n8n_connections c set
    sync_lease_token = null, sync_lease_until = null,
    last_sync_finished_at = now(),
    last_sync_status = case when n8n_sync_finish.error is null then 'ok' else 'error' end,
    last_sync_error = left(n8n_sync_finish.error, 2000),
    last_sync_stored = n8n_sync_finish.stored,
    sync_consecutive_failures = case when n8n_sync_finish.error is null then 0 else c.sync_consecutive_failures + 1 end,
    -- failures back off (interval x 2^failures, at most a day); success keeps the interval
    next_sync_at = now() + make_interval(secs => least(86400, c.sync_interval_seconds
      * power(2, least(10, case when n8n_sync_finish.error is null then 0 else c.sync_consecutive_failures + 1 end))))
  where c.id = n8n_sync_finish.connection_id and c.sync_lease_token = n8n_sync_finish.lease_token;
end;
$$;
comment on function private.n8n_sync_finish(uuid, uuid, int, text) is 'Job (through the n8n-sync function): records how a pass over a connection ended (ok, or its error with back-off) and releases the lease. Security definer: writes sync state for the function only.';

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

revoke all on function private.default_n8n_connection(uuid) from public;
revoke all on function private.webhook_secrets_default_connection() from public;
revoke all on function private.webhook_signing_secrets(uuid, text) from public;
revoke all on function private.require_n8n_admin(uuid, uuid) from public;
revoke all on function private.rotate_webhook_secret(uuid, uuid, text, interval) from public;
revoke all on function private.configure_n8n_connection(uuid, uuid, jsonb) from public;
revoke all on function private.set_n8n_credentials(uuid, uuid, text, text, text) from public;
revoke all on function private.store_n8n_execution(uuid, uuid, jsonb, text) from public;
revoke all on function private.ingest_n8n_execution(uuid, text, jsonb) from public;
revoke all on function private.n8n_sync_claim(int, interval) from public;
revoke all on function private.n8n_sync_store_page(uuid, uuid, jsonb) from public;
revoke all on function private.n8n_sync_finish(uuid, uuid, int, text) from public;
revoke all on function private.purge_webhook_receipts() from public;
grant execute on function private.webhook_signing_secrets(uuid, text) to service_role;
grant execute on function private.rotate_webhook_secret(uuid, uuid, text, interval) to service_role;
grant execute on function private.configure_n8n_connection(uuid, uuid, jsonb) to service_role;
grant execute on function private.set_n8n_credentials(uuid, uuid, text, text, text) to service_role;
grant execute on function private.ingest_n8n_execution(uuid, text, jsonb) to service_role;
grant execute on function private.n8n_sync_claim(int, interval) to service_role;
grant execute on function private.n8n_sync_store_page(uuid, uuid, jsonb) to service_role;
grant execute on function private.n8n_sync_finish(uuid, uuid, int, text) to service_role;

revoke all on public.n8n_connections from anon, authenticated;
grant select on public.n8n_connections to authenticated;
grant select, insert, update, delete on public.n8n_connections to service_role;

alter table public.n8n_connections enable row level security;

-- people read their workspace's connections (never the key: it is not in this table); only the
-- n8n-sync function writes them, for admins
create policy n8n_connections_select on public.n8n_connections for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));

-- housekeeping of the ingestion side tables
select cron.schedule('purge-webhook-receipts', '17 * * * *', $$select private.purge_webhook_receipts()$$);
select cron.schedule('purge-request-windows', '*/10 * * * *', $$select private.purge_request_windows()$$);
select cron.schedule('purge-agent-auth-failures', '23 3 * * *', $$select private.purge_agent_auth_failures()$$);
