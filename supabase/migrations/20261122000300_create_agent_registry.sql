-- The agent registry ("Badge ritual", seed 000 section 1, with the fields of seeds 001 and 004):
-- who each agent is, what it may do (capabilities, tool grants, escalation level), its limits,
-- its API keys (hash and display prefix only), the audit log of every permission change,
-- templates, and the daily usage counters that quotas and cost_insights read.

create table public.agents (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  slug text not null,
  name text not null,
  description text,
  role text not null default 'general',
  type text not null default 'general',
  agent_group text not null default 'default',
  status text not null default 'active',
  is_active boolean generated always as (status = 'active') stored,
  capabilities text[] not null default '{}',
  tools_granted text[] not null default '{}',
  escalation_level int not null default 2,
  requests_per_minute int not null default 100,
  tokens_per_day bigint not null default 1000000,
  cost_per_month numeric(14, 4) not null default 5000,
  config jsonb not null default '{}'::jsonb,
  deployment_config jsonb not null default '{}'::jsonb,
  template_id uuid,
  created_by uuid references auth.users (id) on delete set null,
  last_activity_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint agents_workspace_slug_key unique (workspace_id, slug),
  constraint agents_id_workspace_key unique (id, workspace_id),
  constraint agents_slug_format check (slug ~ '^[a-z0-9][a-z0-9._-]{0,99}$'),
  constraint agents_name_length check (char_length(name) between 1 and 200),
  constraint agents_status_valid check (status in ('active', 'inactive', 'paused', 'error', 'retired', 'blocked')),
  constraint agents_escalation_level_range check (escalation_level between 1 and 4),
  constraint agents_requests_per_minute_positive check (requests_per_minute > 0),
  constraint agents_tokens_per_day_positive check (tokens_per_day > 0),
  constraint agents_cost_per_month_nonnegative check (cost_per_month >= 0),
  constraint agents_config_object check (jsonb_typeof(config) = 'object'),
  constraint agents_deployment_config_object check (jsonb_typeof(deployment_config) = 'object')
);
comment on table public.agents is 'An AI agent: identity, permissions and limits (seed 000 agents, seed 001 agents, seed 004 agents).';
comment on column public.agents.slug is 'Stable identifier within the workspace, e.g. content-gen-v1 (seed 000 agent_id, seed 004 external_agent_key).';
comment on column public.agents.name is 'Human-readable label (seed 004 display_name).';
comment on column public.agents.role is 'What the agent does, e.g. content_generator (seed 000 role).';
comment on column public.agents.type is 'Kind of agent, e.g. market, websearch, media, alarm (seed 001 type).';
comment on column public.agents.agent_group is 'Team or cluster for aggregation (seed 004 agent_group).';
comment on column public.agents.status is 'Lifecycle: active, inactive, paused, error (seed 001), retired, blocked (seed 004). Only active agents may authenticate, ingest or be authorized.';
comment on column public.agents.is_active is 'Generated: status = active (seed 000 is_active).';
comment on column public.agents.capabilities is 'Actions the agent may perform, e.g. generate:text, estimate:cost.';
comment on column public.agents.tools_granted is 'Tools the agent may call, e.g. openai-api, sora-api.';
comment on column public.agents.escalation_level is '1 act, 2 act and notify approvers, 3 wait for an approver, 4 a human acts (seed 000).';
comment on column public.agents.requests_per_minute is 'Quota: runs and authorize calls per rolling minute.';
comment on column public.agents.tokens_per_day is 'Quota: input plus output tokens per UTC day.';
comment on column public.agents.cost_per_month is 'Budget in USD per calendar month (seed 000 costs_per_month).';
comment on column public.agents.deployment_config is 'How the agent is deployed (seed 001); a change of config creates a new deployment version.';
comment on column public.agents.last_activity_at is 'Time of the latest run or authorize call (seed 001 last_activity).';

create table public.agent_templates (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid references public.workspaces (id) on delete cascade,
  name text not null,
  description text,
  type text not null default 'general',
  default_config jsonb not null default '{}'::jsonb,
  default_capabilities text[] not null default '{}',
  default_tools text[] not null default '{}',
  is_public boolean not null default false,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint agent_templates_name_length check (char_length(name) between 1 and 200),
  constraint agent_templates_default_config_object check (jsonb_typeof(default_config) = 'object'),
  constraint agent_templates_owner_or_public check (workspace_id is not null or is_public)
);
comment on table public.agent_templates is 'Reusable agent configurations (seed 001). Public templates (is_public) are readable by every signed-in person; private ones by their workspace.';
comment on column public.agent_templates.workspace_id is 'Owning workspace; null only for global public templates managed by the platform.';

alter table public.agents
  add constraint agents_template_id_fkey foreign key (template_id) references public.agent_templates (id) on delete set null;

create table public.agent_api_keys (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null,
  agent_id uuid not null,
  name text not null default 'default',
  prefix text not null,
  key_hash text not null,
  expires_at timestamptz,
  last_used_at timestamptz,
  failed_attempts int not null default 0,
  revoked_at timestamptz,
  revoked_by uuid references auth.users (id) on delete set null,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  constraint agent_api_keys_agent_fkey foreign key (agent_id, workspace_id) references public.agents (id, workspace_id) on delete cascade,
  constraint agent_api_keys_workspace_id_fkey foreign key (workspace_id) references public.workspaces (id) on delete cascade,
  constraint agent_api_keys_prefix_key unique (prefix),
  constraint agent_api_keys_key_hash_key unique (key_hash),
  constraint agent_api_keys_prefix_format check (prefix ~ '^ak_[A-Za-z0-9]{8}$'),
  constraint agent_api_keys_key_hash_format check (key_hash ~ '^[0-9a-f]{64}$'),
  constraint agent_api_keys_name_length check (char_length(name) between 1 and 100)
);
comment on table public.agent_api_keys is 'API keys of agents (ak_<prefix>_<secret>). Only the SHA-256 hash and the display prefix are stored; the secret is shown once when issued. Replaces seed 000 agents.api_key_hash.';
comment on column public.agent_api_keys.prefix is 'The public part of the key (ak_ and 8 characters), shown in lists and used to rate-limit failed attempts.';
comment on column public.agent_api_keys.key_hash is 'SHA-256 of the whole key, hex. Keys carry 256 bits of entropy, so a fast hash is the right one.';
comment on column public.agent_api_keys.failed_attempts is 'Exchanges that named this prefix with a wrong secret.';

create table public.agent_permissions_log (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  agent_id uuid not null references public.agents (id) on delete cascade,
  action text not null,
  before_state jsonb,
  after_state jsonb,
  changed_by uuid,
  created_at timestamptz not null default now(),
  constraint agent_permissions_log_action_valid check (action in (
    'agent_created', 'capability_granted', 'capability_revoked', 'tool_granted', 'tool_revoked',
    'escalation_changed', 'limits_changed', 'status_changed', 'key_issued', 'key_revoked'
  ))
);
comment on table public.agent_permissions_log is 'Audit of every change to what an agent may do, written by triggers (seed 000). Append-only.';
comment on column public.agent_permissions_log.changed_by is 'The person (auth.uid()) who made the change; null when made by the service role or a job.';

create table public.agent_usage (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  agent_id uuid not null references public.agents (id) on delete cascade,
  date date not null,
  tokens_used bigint not null default 0,
  requests_count int not null default 0,
  cost_usd numeric(14, 6) not null default 0,
  runs_count int not null default 0,
  updated_at timestamptz not null default now(),
  constraint agent_usage_agent_date_key unique (agent_id, date),
  constraint agent_usage_tokens_nonnegative check (tokens_used >= 0),
  constraint agent_usage_requests_nonnegative check (requests_count >= 0),
  constraint agent_usage_cost_nonnegative check (cost_usd >= 0),
  constraint agent_usage_runs_nonnegative check (runs_count >= 0)
);
comment on table public.agent_usage is 'Per agent and UTC day: tokens, requests and cost consumed (seed 000). Runs, tokens and cost are booked by a trigger on executions on the UTC day each run started, whatever path the run came by (ingest, OTLP, n8n, authorize, SQL), in the same transaction; a corrected or late run moves its own day. requests_count counts API requests (ingest, authorize), kept by private.consume_quota.';
comment on column public.agent_usage.runs_count is 'Runs of the agent that started on this UTC day (each run counted once, whatever path it came by).';

create index agents_workspace_id_status_idx on public.agents (workspace_id, status);
create index agents_workspace_id_updated_at_idx on public.agents (workspace_id, updated_at desc);
create index agents_created_by_idx on public.agents (created_by);
create index agents_template_id_idx on public.agents (template_id);
create index agents_type_idx on public.agents (type);
create index agents_capabilities_idx on public.agents using gin (capabilities);
create index agents_tools_granted_idx on public.agents using gin (tools_granted);
create index agents_active_created_by_idx on public.agents (created_by) where status = 'active';
create index agent_templates_workspace_id_idx on public.agent_templates (workspace_id);
create index agent_templates_created_by_idx on public.agent_templates (created_by);
create index agent_templates_public_idx on public.agent_templates (is_public) where is_public;
create index agent_api_keys_agent_id_idx on public.agent_api_keys (agent_id, workspace_id);
create index agent_api_keys_workspace_id_idx on public.agent_api_keys (workspace_id);
create index agent_api_keys_revoked_by_idx on public.agent_api_keys (revoked_by);
create index agent_api_keys_created_by_idx on public.agent_api_keys (created_by);
create index agent_permissions_log_agent_id_created_at_idx on public.agent_permissions_log (agent_id, created_at desc);
create index agent_permissions_log_workspace_id_created_at_idx on public.agent_permissions_log (workspace_id, created_at desc);
create index agent_usage_agent_id_date_idx on public.agent_usage (agent_id, date desc);
create index agent_usage_workspace_id_date_idx on public.agent_usage (workspace_id, date desc);

-- failed key exchanges, for rate limiting per key prefix and per client address
create table private.agent_auth_failures (
  id bigint generated always as identity primary key,
  prefix text,
  client_addr text,
  reason text not null,
  attempted_at timestamptz not null default now()
);
comment on table private.agent_auth_failures is 'Failed API key exchanges; private.exchange_agent_key refuses a prefix or address with too many recent failures.';
create index agent_auth_failures_prefix_idx on private.agent_auth_failures (prefix, attempted_at desc);
create index agent_auth_failures_client_addr_idx on private.agent_auth_failures (client_addr, attempted_at desc);

create trigger agents_set_updated_at before update on public.agents
  for each row execute function public.update_updated_at_column();
create trigger agent_templates_set_updated_at before update on public.agent_templates
  for each row execute function public.update_updated_at_column();
create trigger agent_usage_set_updated_at before update on public.agent_usage
  for each row execute function public.update_updated_at_column();

-- the agent behind the request's JWT, if it is an agent token of an active agent with a live key
create function private.current_agent_id()
returns uuid
language sql
stable
security definer
set search_path = ''
as $$
  select a.id
  from public.agents a
  join public.agent_api_keys k on k.agent_id = a.id
  where private.is_agent_token()
    and a.id = (select auth.uid())
    and a.workspace_id = ((select auth.jwt()) ->> 'workspace_id')::uuid
    and k.id = ((select auth.jwt()) ->> 'key_id')::uuid
    and k.revoked_at is null
    and (k.expires_at is null or k.expires_at > now())
    and a.status = 'active'
$$;
comment on function private.current_agent_id() is
  'The agent whose JWT signs the request, when that agent is active and its key is neither revoked nor expired; null otherwise. Security definer so that policies can check agents and keys without exposing them.';

-- permission audit: one row per kind of change
create function private.log_agent_permission_changes()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_actor uuid := case when private.is_agent_token() then null else (select auth.uid()) end;
  v_added text[];
  v_removed text[];
begin
  if tg_op = 'INSERT' then
    insert into public.agent_permissions_log (workspace_id, agent_id, action, before_state, after_state, changed_by)
    values (new.workspace_id, new.id, 'agent_created', null,
      jsonb_build_object('capabilities', new.capabilities, 'tools_granted', new.tools_granted,
        'escalation_level', new.escalation_level, 'requests_per_minute', new.requests_per_minute,
        'tokens_per_day', new.tokens_per_day, 'cost_per_month', new.cost_per_month, 'status', new.status),
      coalesce(v_actor, new.created_by));
    return new;
  end if;

  select coalesce(array_agg(x order by x), '{}') into v_added from unnest(new.capabilities) x where x <> all (old.capabilities);
  select coalesce(array_agg(x order by x), '{}') into v_removed from unnest(old.capabilities) x where x <> all (new.capabilities);
  if cardinality(v_added) > 0 then
    insert into public.agent_permissions_log (workspace_id, agent_id, action, before_state, after_state, changed_by)
    values (new.workspace_id, new.id, 'capability_granted', jsonb_build_object('capabilities', old.capabilities),
      jsonb_build_object('capabilities', new.capabilities, 'granted', v_added), v_actor);
  end if;
  if cardinality(v_removed) > 0 then
    insert into public.agent_permissions_log (workspace_id, agent_id, action, before_state, after_state, changed_by)
    values (new.workspace_id, new.id, 'capability_revoked', jsonb_build_object('capabilities', old.capabilities),
      jsonb_build_object('capabilities', new.capabilities, 'revoked', v_removed), v_actor);
  end if;

  select coalesce(array_agg(x order by x), '{}') into v_added from unnest(new.tools_granted) x where x <> all (old.tools_granted);
  select coalesce(array_agg(x order by x), '{}') into v_removed from unnest(old.tools_granted) x where x <> all (new.tools_granted);
  if cardinality(v_added) > 0 then
    insert into public.agent_permissions_log (workspace_id, agent_id, action, before_state, after_state, changed_by)
    values (new.workspace_id, new.id, 'tool_granted', jsonb_build_object('tools_granted', old.tools_granted),
      jsonb_build_object('tools_granted', new.tools_granted, 'granted', v_added), v_actor);
  end if;
  if cardinality(v_removed) > 0 then
    insert into public.agent_permissions_log (workspace_id, agent_id, action, before_state, after_state, changed_by)
    values (new.workspace_id, new.id, 'tool_revoked', jsonb_build_object('tools_granted', old.tools_granted),
      jsonb_build_object('tools_granted', new.tools_granted, 'revoked', v_removed), v_actor);
  end if;

  if new.escalation_level is distinct from old.escalation_level then
    insert into public.agent_permissions_log (workspace_id, agent_id, action, before_state, after_state, changed_by)
    values (new.workspace_id, new.id, 'escalation_changed', jsonb_build_object('escalation_level', old.escalation_level),
      jsonb_build_object('escalation_level', new.escalation_level), v_actor);
  end if;

  if (new.requests_per_minute, new.tokens_per_day, new.cost_per_month)
     is distinct from (old.requests_per_minute, old.tokens_per_day, old.cost_per_month) then
    insert into public.agent_permissions_log (workspace_id, agent_id, action, before_state, after_state, changed_by)
    values (new.workspace_id, new.id, 'limits_changed',
      jsonb_build_object('requests_per_minute', old.requests_per_minute, 'tokens_per_day', old.tokens_per_day, 'cost_per_month', old.cost_per_month),
      jsonb_build_object('requests_per_minute', new.requests_per_minute, 'tokens_per_day', new.tokens_per_day, 'cost_per_month', new.cost_per_month),
      v_actor);
  end if;

  if new.status is distinct from old.status then
    insert into public.agent_permissions_log (workspace_id, agent_id, action, before_state, after_state, changed_by)
    values (new.workspace_id, new.id, 'status_changed', jsonb_build_object('status', old.status),
      jsonb_build_object('status', new.status), v_actor);
  end if;
  return new;
end;
$$;
comment on function private.log_agent_permission_changes() is
  'Trigger: writes agent_permissions_log for creation and for every change of capabilities, tools, escalation level, limits or status, with before and after state and who. Security definer: the log is not writable by clients.';

create trigger agents_log_permission_changes
  after insert or update of capabilities, tools_granted, escalation_level, requests_per_minute, tokens_per_day, cost_per_month, status
  on public.agents
  for each row execute function private.log_agent_permission_changes();

create function private.log_agent_key_changes()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_actor uuid := case when private.is_agent_token() then null else (select auth.uid()) end;
begin
  if tg_op = 'INSERT' then
    insert into public.agent_permissions_log (workspace_id, agent_id, action, before_state, after_state, changed_by)
    values (new.workspace_id, new.agent_id, 'key_issued', null,
      jsonb_build_object('key_id', new.id, 'prefix', new.prefix, 'name', new.name, 'expires_at', new.expires_at),
      coalesce(v_actor, new.created_by));
  elsif new.revoked_at is not null and old.revoked_at is null then
    insert into public.agent_permissions_log (workspace_id, agent_id, action, before_state, after_state, changed_by)
    values (new.workspace_id, new.agent_id, 'key_revoked', jsonb_build_object('key_id', old.id, 'prefix', old.prefix),
      jsonb_build_object('key_id', new.id, 'prefix', new.prefix, 'revoked_at', new.revoked_at),
      coalesce(v_actor, new.revoked_by));
  end if;
  return new;
end;
$$;
comment on function private.log_agent_key_changes() is 'Trigger: records key issue and revocation in agent_permissions_log. Security definer: the log is not writable by clients.';

create trigger agent_api_keys_log_changes after insert or update of revoked_at on public.agent_api_keys
  for each row execute function private.log_agent_key_changes();

-- keys are never edited except to be revoked
create function private.guard_agent_api_key_update()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (new.id, new.workspace_id, new.agent_id, new.prefix, new.key_hash, new.created_at, new.created_by)
     is distinct from (old.id, old.workspace_id, old.agent_id, old.prefix, old.key_hash, old.created_at, old.created_by) then
    raise exception 'an agent key cannot be changed, only revoked' using errcode = 'check_violation';
  end if;
  if old.revoked_at is not null and new.revoked_at is distinct from old.revoked_at then
    raise exception 'a revoked key stays revoked' using errcode = 'check_violation';
  end if;
  return new;
end;
$$;
comment on function private.guard_agent_api_key_update() is 'Trigger: a key''s identity and hash never change, and a revoked key cannot be restored.';

create trigger agent_api_keys_guard_update before update on public.agent_api_keys
  for each row execute function private.guard_agent_api_key_update();

-- exchanging an API key for an agent identity (used by the agent-auth function)
create function private.exchange_agent_key(key_hash text, prefix text, client_addr text)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_prefix_failures int;
  v_addr_failures int;
  v_key public.agent_api_keys%rowtype;
  v_agent public.agents%rowtype;
  v_reason text;
begin
  -- too many recent failures from this address (the platform's, never a client-supplied one):
  -- refuse before looking
  select count(*) into v_addr_failures from private.agent_auth_failures f
    where f.client_addr = exchange_agent_key.client_addr and f.attempted_at > now() - interval '1 minute';
  if v_addr_failures >= 30 then
    return jsonb_build_object('ok', false, 'reason', 'rate_limited', 'retry_after', 60);
  end if;

  select * into v_key from public.agent_api_keys k where k.key_hash = exchange_agent_key.key_hash;
  -- too many recent failures for this key prefix: anyone may send a prefix, so the limit refuses
  -- further wrong keys for it but never the holder of the right key
  if v_key.id is null or v_key.revoked_at is not null then
    select count(*) into v_prefix_failures from private.agent_auth_failures f
      where f.prefix = exchange_agent_key.prefix and f.attempted_at > now() - interval '1 minute';
    if v_prefix_failures >= 10 then
      return jsonb_build_object('ok', false, 'reason', 'rate_limited', 'retry_after', 60);
    end if;
  end if;
  if v_key.id is null then
    v_reason := 'unknown_key';
    update public.agent_api_keys k set failed_attempts = k.failed_attempts + 1 where k.prefix = exchange_agent_key.prefix;
  elsif v_key.revoked_at is not null then
    v_reason := 'revoked_key';
  elsif v_key.expires_at is not null and v_key.expires_at <= now() then
    v_reason := 'expired_key';
  else
    select * into v_agent from public.agents a where a.id = v_key.agent_id;
    if v_agent.status <> 'active' then
      v_reason := 'agent_' || v_agent.status;
    end if;
  end if;

  if v_reason is not null then
    insert into private.agent_auth_failures (prefix, client_addr, reason)
    values (exchange_agent_key.prefix, exchange_agent_key.client_addr, v_reason);
    return jsonb_build_object('ok', false, 'reason', v_reason);
  end if;

  -- last_used_at at minute resolution: one write per key per minute at most
  update public.agent_api_keys k set last_used_at = now()
    where k.id = v_key.id and (k.last_used_at is null or k.last_used_at < now() - interval '1 minute');

  return jsonb_build_object(
    'ok', true,
    'agent_id', v_agent.id,
    'workspace_id', v_agent.workspace_id,
    'key_id', v_key.id,
    'slug', v_agent.slug,
    'escalation_level', v_agent.escalation_level
  );
end;
$$;
comment on function private.exchange_agent_key(text, text, text) is
  'Looks up an agent API key by its SHA-256 hash for agent-auth; refuses unknown, revoked and expired keys and inactive agents, records each failure, and rate-limits failures per client address (30/min, the address the platform''s gateway guarantees) and per key prefix (10/min: wrong keys for a prefix are refused, the right key never is, so others'' failures cannot lock a key''s holder out). Security definer: keys are not readable by the caller.';

create function private.purge_agent_auth_failures()
returns int
language sql
volatile
security definer
set search_path = ''
as $$
  with gone as (
    delete from private.agent_auth_failures where attempted_at < now() - interval '1 day' returning 1
  )
  select count(*)::int from gone
$$;
comment on function private.purge_agent_auth_failures() is 'Job: forgets failed key exchanges older than a day. Security definer so that the scheduler role needs no table rights.';

revoke all on function private.current_agent_id() from public;
revoke all on function private.log_agent_permission_changes() from public;
revoke all on function private.log_agent_key_changes() from public;
revoke all on function private.guard_agent_api_key_update() from public;
revoke all on function private.exchange_agent_key(text, text, text) from public;
revoke all on function private.purge_agent_auth_failures() from public;
grant execute on function private.current_agent_id() to authenticated, service_role;
grant execute on function private.exchange_agent_key(text, text, text) to service_role;

alter table public.agents enable row level security;
alter table public.agent_templates enable row level security;
alter table public.agent_api_keys enable row level security;
alter table public.agent_permissions_log enable row level security;
alter table public.agent_usage enable row level security;

-- agents: workspace viewers read; an agent reads itself; members manage
create policy agents_select on public.agents for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')) or id = (select private.current_agent_id()));
create policy agents_insert on public.agents for insert to authenticated
  with check ((select private.has_role(workspace_id, 'member')));
create policy agents_update on public.agents for update to authenticated
  using ((select private.has_role(workspace_id, 'member')))
  with check ((select private.has_role(workspace_id, 'member')));
create policy agents_delete on public.agents for delete to authenticated
  using ((select private.has_role(workspace_id, 'admin')));

create policy agent_templates_select on public.agent_templates for select to authenticated
  using (is_public or workspace_id in (select private.workspace_ids('viewer')));
create policy agent_templates_insert on public.agent_templates for insert to authenticated
  with check (workspace_id is not null and (select private.has_role(workspace_id, 'member')));
create policy agent_templates_update on public.agent_templates for update to authenticated
  using (workspace_id is not null and (select private.has_role(workspace_id, 'member')))
  with check (workspace_id is not null and (select private.has_role(workspace_id, 'member')));
create policy agent_templates_delete on public.agent_templates for delete to authenticated
  using (workspace_id is not null and (select private.has_role(workspace_id, 'admin')));

-- keys: admins only; the hash is never useful to read, but listing prefixes is
create policy agent_api_keys_select on public.agent_api_keys for select to authenticated
  using ((select private.has_role(workspace_id, 'admin')));
create policy agent_api_keys_insert on public.agent_api_keys for insert to authenticated
  with check ((select private.has_role(workspace_id, 'admin')) and created_by = (select auth.uid()));
create policy agent_api_keys_update on public.agent_api_keys for update to authenticated
  using ((select private.has_role(workspace_id, 'admin')))
  with check ((select private.has_role(workspace_id, 'admin')));

create policy agent_permissions_log_select on public.agent_permissions_log for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));

-- usage: viewers read; an agent reads its own usage (seed 000 agent_usage_isolation)
create policy agent_usage_select on public.agent_usage for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')) or agent_id = (select private.current_agent_id()));

revoke all on public.agent_permissions_log from anon, authenticated;
grant select on public.agent_permissions_log to authenticated;
revoke all on public.agent_usage from anon, authenticated;
grant select on public.agent_usage to authenticated;
revoke all on public.agent_api_keys from anon, authenticated;
-- admins issue and revoke keys under RLS (the agents function); the hash is never readable
grant insert, update on public.agent_api_keys to authenticated;
grant select (id, workspace_id, agent_id, name, prefix, expires_at, last_used_at, failed_attempts, revoked_at, revoked_by, created_by, created_at)
  on public.agent_api_keys to authenticated;
