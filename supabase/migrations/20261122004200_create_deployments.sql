-- Deployments (seed 001): numbered versions of an agent's configuration and how their rollout
-- went. A change of an agent's config or deployment_config creates the next version by trigger
-- (trigger_type config_change); members create manual and scheduled ones. Version numbers are
-- kept by the database (max + 1 under a lock on the agent), at most one version of an agent is
-- deployed at a time, and statuses move forward only. The seed's "efficient agent dashboard" query
-- (latest deployment and latest workflow counters per agent) is the view public.agent_dashboard,
-- served by agents (workspace_id, updated_at desc), deployments (agent_id, version) and
-- workflows (agent_id, created_at desc).

create table public.deployments (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  agent_id uuid not null,
  version int not null,
  status text not null default 'pending',
  trigger_type text not null default 'manual',
  trigger_config jsonb not null default '{}'::jsonb,
  config jsonb not null default '{}'::jsonb,
  deployment_url text,
  error_message text,
  deployed_at timestamptz,
  stopped_at timestamptz,
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint deployments_agent_version_key unique (agent_id, version),
  constraint deployments_agent_fkey foreign key (agent_id, workspace_id) references public.agents (id, workspace_id) on delete cascade,
  constraint deployments_version_positive check (version >= 1),
  constraint deployments_status_valid check (status in ('pending', 'deploying', 'deployed', 'failed', 'stopped')),
  constraint deployments_trigger_type_valid check (trigger_type in ('manual', 'config_change', 'scheduled')),
  constraint deployments_trigger_config_object check (jsonb_typeof(trigger_config) = 'object'),
  constraint deployments_config_object check (jsonb_typeof(config) = 'object'),
  constraint deployments_deployed_has_time check (status <> 'deployed' or deployed_at is not null),
  constraint deployments_stopped_has_time check (status <> 'stopped' or stopped_at is not null),
  constraint deployments_url_format check (deployment_url is null or deployment_url ~ '^https?://\S+$'),
  constraint deployments_error_message_length check (error_message is null or char_length(error_message) <= 4000)
);
comment on table public.deployments is 'A numbered version of an agent''s configuration and its rollout (seed 001 deployments): pending -> deploying -> deployed -> stopped, or failed. A change of the agent''s config creates the next version (trigger_type config_change); at most one version per agent is deployed.';
comment on column public.deployments.version is 'Per agent 1, 2, 3, ...: assigned by the database on insert (any value sent is replaced).';
comment on column public.deployments.trigger_type is 'What created it: manual, config_change (the agent''s config changed) or scheduled.';
comment on column public.deployments.trigger_config is 'How it was triggered: for config_change the fields that changed; for scheduled, the schedule.';
comment on column public.deployments.config is 'The agent''s config and deployment_config this version deploys (a snapshot).';
comment on column public.deployments.deployed_at is 'When it became deployed (set by the database if not given).';
comment on column public.deployments.stopped_at is 'When it was stopped (set by the database if not given, also when a newer version is deployed).';

create index deployments_agent_id_workspace_idx on public.deployments (agent_id, workspace_id);
create index deployments_agent_id_status_idx on public.deployments (agent_id, status);
create index deployments_agent_id_created_at_idx on public.deployments (agent_id, created_at desc);
create index deployments_status_idx on public.deployments (status);
create index deployments_workspace_id_created_at_idx on public.deployments (workspace_id, created_at desc);
create index deployments_created_by_idx on public.deployments (created_by);
create unique index deployments_one_deployed_idx on public.deployments (agent_id) where status = 'deployed';

create trigger deployments_set_updated_at before update on public.deployments for each row execute function public.update_updated_at_column();

-- the status machine, in one place
create function private.deployment_transition_allowed(from_status text, to_status text)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select from_status = to_status
    or (from_status = 'pending' and to_status in ('deploying', 'deployed', 'failed', 'stopped'))
    or (from_status = 'deploying' and to_status in ('deployed', 'failed', 'stopped'))
    or (from_status = 'deployed' and to_status in ('stopped', 'failed'))
$$;
comment on function private.deployment_transition_allowed(text, text) is
  'The deployment status machine: pending -> deploying | deployed | failed | stopped; deploying -> deployed | failed | stopped; deployed -> stopped | failed; failed and stopped are final.';

-- versions, transitions, timestamps, and one deployed version per agent
create function private.prepare_deployment()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    -- one writer per agent at a time: the next version is max + 1
    perform 1 from public.agents a where a.id = new.agent_id and a.workspace_id = new.workspace_id for no key update;
    select coalesce(max(d.version), 0) + 1 into new.version from public.deployments d where d.agent_id = new.agent_id;
  else
    if (new.id, new.workspace_id, new.agent_id, new.version, new.trigger_type, new.trigger_config, new.config, new.created_at)
       is distinct from (old.id, old.workspace_id, old.agent_id, old.version, old.trigger_type, old.trigger_config, old.config, old.created_at) then
      raise exception 'a deployment''s version, agent, trigger and config cannot be changed: create a new deployment'
        using errcode = 'AO409', hint = 'deployment_immutable';
    end if;
    if not private.deployment_transition_allowed(old.status, new.status) then
      raise exception 'a deployment cannot go from % to %', old.status, new.status
        using errcode = 'AO409', column = 'status', hint = 'illegal_status_transition';
    end if;
  end if;

  if new.status = 'deployed' and new.deployed_at is null then
    new.deployed_at := now();
  end if;
  if new.status = 'stopped' and new.stopped_at is null then
    new.stopped_at := now();
  end if;
  -- deploying a version stops the one deployed before it
  if new.status = 'deployed' and (tg_op = 'INSERT' or old.status <> 'deployed') then
    update public.deployments d set status = 'stopped', stopped_at = now()
    where d.agent_id = new.agent_id and d.status = 'deployed' and d.id <> new.id;
  end if;
  return new;
end;
$$;
comment on function private.prepare_deployment() is
  'Trigger: numbers a new deployment (max + 1 per agent, under a lock on the agent row), refuses changes to what a deployment is and illegal status transitions, stamps deployed_at and stopped_at, and stops the previously deployed version when another one is deployed. Security definer: the lock and the numbering must see every deployment of the agent.';

create trigger deployments_prepare before insert or update on public.deployments
  for each row execute function private.prepare_deployment();

-- a change of an agent's configuration is a new deployment version
create function private.create_config_deployment()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.deployments (workspace_id, agent_id, status, trigger_type, trigger_config, config, created_by)
  values (
    new.workspace_id, new.id, 'pending', 'config_change',
    jsonb_build_object('changed', to_jsonb(array_remove(array[
      case when new.config is distinct from old.config then 'config' end,
      case when new.deployment_config is distinct from old.deployment_config then 'deployment_config' end
    ], null))),
    jsonb_build_object('config', new.config, 'deployment_config', new.deployment_config),
    case when private.is_agent_token() then null else (select auth.uid()) end
  );
  return null;
end;
$$;
comment on function private.create_config_deployment() is
  'Trigger on agents: a change of config or deployment_config creates the next deployment version (pending, trigger_type config_change) with a snapshot of both. Security definer: the person changing the agent may be a member who could not lock the agent row otherwise.';

create trigger agents_create_config_deployment after update of config, deployment_config on public.agents
  for each row when (old.config is distinct from new.config or old.deployment_config is distinct from new.deployment_config)
  execute function private.create_config_deployment();

-- seed 001 "efficient agent dashboard query": latest deployment and latest workflow counters per agent
create view public.agent_dashboard with (security_invoker = true) as
select
  a.id, a.workspace_id, a.slug, a.name, a.description, a.type, a.role, a.agent_group, a.status, a.escalation_level,
  a.config, a.deployment_config, a.created_by, a.created_at, a.updated_at, a.last_activity_at,
  d.id as deployment_id, d.version as deployment_version, d.status as deployment_status, d.deployed_at,
  w.id as workflow_id, w.execution_count, w.success_count, w.error_count
from public.agents a
left join lateral (
  select d.id, d.version, d.status, d.deployed_at
  from public.deployments d
  where d.agent_id = a.id
  order by d.version desc
  limit 1
) d on true
left join lateral (
  select w.id, w.execution_count, w.success_count, w.error_count
  from public.workflows w
  where w.agent_id = a.id
  order by w.created_at desc
  limit 1
) w on true;
comment on view public.agent_dashboard is 'Seed 001 agent dashboard: each agent with its latest deployment (status, deployed_at) and its latest workflow''s counters. Query it as select * from agent_dashboard where workspace_id = $1 order by updated_at desc: agents_workspace_id_updated_at_idx, deployments_agent_version_key and workflows_agent_created_idx serve it with one index probe per agent.';

revoke all on function private.deployment_transition_allowed(text, text) from public;
revoke all on function private.prepare_deployment() from public;
revoke all on function private.create_config_deployment() from public;
grant execute on function private.deployment_transition_allowed(text, text) to authenticated, service_role;

revoke all on public.deployments from anon, authenticated;
grant select, insert, update, delete on public.deployments to authenticated;
revoke all on public.agent_dashboard from anon, authenticated;
grant select on public.agent_dashboard to authenticated;

alter table public.deployments enable row level security;

create policy deployments_select on public.deployments for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')) or agent_id = (select private.current_agent_id()));
create policy deployments_insert on public.deployments for insert to authenticated
  with check ((select private.has_role(workspace_id, 'member')));
create policy deployments_update on public.deployments for update to authenticated
  using ((select private.has_role(workspace_id, 'member')))
  with check ((select private.has_role(workspace_id, 'member')));
create policy deployments_delete on public.deployments for delete to authenticated
  using ((select private.has_role(workspace_id, 'admin')));
