-- Notifications (seed 001), delivered live through Supabase Realtime, with the seed's
-- agent status-change trigger; and api_usage (seed 001): one row per Edge Function call.

create table public.notifications (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  type text not null,
  title text not null,
  message text not null,
  data jsonb not null default '{}'::jsonb,
  priority text not null default 'medium',
  read_at timestamptz,
  expires_at timestamptz,
  created_at timestamptz not null default now(),
  constraint notifications_priority_valid check (priority in ('low', 'medium', 'high', 'critical')),
  constraint notifications_type_format check (type ~ '^[a-z][a-z0-9_]{0,63}$'),
  constraint notifications_title_length check (char_length(title) between 1 and 255)
);
comment on table public.notifications is 'Messages to one person (seed 001), e.g. agent_status_change, approval_requested, alert_fired. In the supabase_realtime publication: subscribe with filter user_id=eq.<uid>.';
comment on column public.notifications.read_at is 'Set by the recipient when read; the only column a recipient may change.';

create table public.api_usage (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid,
  user_id uuid,
  agent_id uuid,
  function_name text not null,
  endpoint text not null,
  method text not null,
  status_code int not null,
  response_time_ms int,
  request_id text,
  created_at timestamptz not null default now(),
  constraint api_usage_method_valid check (method in ('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS')),
  constraint api_usage_status_code_range check (status_code between 100 and 599),
  constraint api_usage_response_time_nonnegative check (response_time_ms is null or response_time_ms >= 0)
);
comment on table public.api_usage is 'One row per Edge Function call (seed 001): who called which endpoint, the status and the time it took. Rows with no workspace (failed authentication) are visible to the service role only. Seed 001''s cost_usd per call is not kept: what a call costs is the cost of the runs it reported (executions.cost_usd, per agent and day in agent_usage), and the platform bills invocations per project, not per call (docs/schema-map.md).';
comment on column public.api_usage.workspace_id is 'The workspace the call acted in. Like user_id and agent_id, an id without a foreign key: an append-only log row is never refused because its caller or workspace was deleted meanwhile.';
comment on column public.api_usage.endpoint is 'The route pattern, not the raw URL, so that ids do not fragment the statistics.';

create index notifications_user_id_created_at_idx on public.notifications (user_id, created_at desc);
create index notifications_workspace_id_created_at_idx on public.notifications (workspace_id, created_at desc);
create index notifications_unread_idx on public.notifications (user_id, created_at) where read_at is null;
create index notifications_priority_idx on public.notifications (priority);
create index api_usage_workspace_id_created_at_idx on public.api_usage (workspace_id, created_at desc);
create index api_usage_user_id_idx on public.api_usage (user_id);
create index api_usage_agent_id_created_at_idx on public.api_usage (agent_id, created_at desc);
create index api_usage_created_at_brin_idx on public.api_usage using brin (created_at);

-- sends one notification to each person of a workspace at or above a role
create function private.notify_workspace(
  workspace_id uuid, min_role text, type text, title text, message text,
  data jsonb default '{}'::jsonb, priority text default 'medium'
)
returns int
language sql
volatile
security definer
set search_path = ''
as $$
  with sent as (
    insert into public.notifications (workspace_id, user_id, type, title, message, data, priority)
    select notify_workspace.workspace_id, m.user_id, notify_workspace.type, notify_workspace.title,
           notify_workspace.message, notify_workspace.data, notify_workspace.priority
    from public.workspace_members m
    where m.workspace_id = notify_workspace.workspace_id
      and private.role_rank(m.role) >= private.role_rank(notify_workspace.min_role)
    returning 1
  )
  select count(*)::int from sent
$$;
comment on function private.notify_workspace(uuid, text, text, text, text, jsonb, text) is
  'Creates a notification for every member of the workspace holding at least min_role; returns how many. Security definer: notifications are not insertable by clients.';

-- seed 001 notify_agent_status_change: tell the agent's creator, or the admins when there is none
create function private.notify_agent_status_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_priority text := case when new.status in ('error', 'blocked') then 'high' when new.status = 'active' then 'medium' else 'low' end;
  v_data jsonb := jsonb_build_object('agent_id', new.id, 'old_status', old.status, 'new_status', new.status);
  v_message text := format('Agent "%s" status changed from %s to %s', new.name, old.status, new.status);
begin
  if new.created_by is not null and exists (
    select 1 from public.workspace_members m where m.workspace_id = new.workspace_id and m.user_id = new.created_by
  ) then
    insert into public.notifications (workspace_id, user_id, type, title, message, data, priority)
    values (new.workspace_id, new.created_by, 'agent_status_change', 'Agent Status Updated', v_message, v_data, v_priority);
  else
    perform private.notify_workspace(new.workspace_id, 'admin', 'agent_status_change', 'Agent Status Updated', v_message, v_data, v_priority);
  end if;
  return new;
end;
$$;
comment on function private.notify_agent_status_change() is
  'Trigger (seed 001): notifies the agent''s creator, or the workspace admins, when an agent''s status changes. Security definer: notifications are not insertable by clients.';

create trigger agents_notify_status_change after update of status on public.agents
  for each row when (old.status is distinct from new.status)
  execute function private.notify_agent_status_change();

revoke all on function private.notify_workspace(uuid, text, text, text, text, jsonb, text) from public;
revoke all on function private.notify_agent_status_change() from public;
grant execute on function private.notify_workspace(uuid, text, text, text, text, jsonb, text) to service_role;

alter publication supabase_realtime add table public.notifications;

alter table public.notifications enable row level security;
alter table public.api_usage enable row level security;

create policy notifications_select on public.notifications for select to authenticated
  using (user_id = (select auth.uid()) and not (select private.is_agent_token()));
create policy notifications_update on public.notifications for update to authenticated
  using (user_id = (select auth.uid()) and not (select private.is_agent_token()))
  with check (user_id = (select auth.uid()));
create policy notifications_delete on public.notifications for delete to authenticated
  using (user_id = (select auth.uid()) and not (select private.is_agent_token()));

create policy api_usage_select on public.api_usage for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));

revoke all on public.notifications from anon, authenticated;
grant select, delete on public.notifications to authenticated;
grant update (read_at) on public.notifications to authenticated;
revoke all on public.api_usage from anon, authenticated;
grant select on public.api_usage to authenticated;
