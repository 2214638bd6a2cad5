-- Tenancy: workspaces, their members with one of five roles, and user profiles.
-- Every policy in the project checks membership through private.has_role(), a single
-- security-definer function, wrapped as (select ...) so that it runs once per statement.

create table public.workspaces (
  id uuid primary key default gen_random_uuid(),
  slug text not null,
  name text not null,
  plan text not null default 'starter',
  settings jsonb not null default '{}'::jsonb,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint workspaces_slug_key unique (slug),
  constraint workspaces_slug_format check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  constraint workspaces_name_length check (char_length(name) between 1 and 200),
  constraint workspaces_plan_valid check (plan in ('free', 'starter', 'pro', 'enterprise')),
  constraint workspaces_settings_object check (jsonb_typeof(settings) = 'object')
);
comment on table public.workspaces is 'A tenant: every other row in the project belongs to exactly one workspace (seed 001 teams, seed 002 workspaces).';
comment on column public.workspaces.settings is 'Workspace-wide settings, for example approval expiry and reputation weights; read by database functions.';

create table public.workspace_members (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null default 'member',
  granted_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint workspace_members_pkey primary key (workspace_id, user_id),
  constraint workspace_members_role_valid check (role in ('owner', 'admin', 'approver', 'member', 'viewer'))
);
comment on table public.workspace_members is 'Who belongs to a workspace and with which role (seed 001 user_roles, seed 002 workspace_members).';
comment on column public.workspace_members.role is 'owner > admin > approver > member > viewer: each role may do what the roles below it may. Viewers read; members manage agents and runs; approvers decide approvals; admins manage keys, rules and members.';

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  email text,
  full_name text,
  avatar_url text,
  subscription_tier text not null default 'free',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint profiles_subscription_tier_valid check (subscription_tier in ('free', 'starter', 'pro', 'enterprise'))
);
comment on table public.profiles is 'Public profile of a Supabase Auth user, created by a trigger on auth.users (seed 001 users).';

create index workspace_members_user_id_idx on public.workspace_members (user_id);
create index workspace_members_granted_by_idx on public.workspace_members (granted_by);
create index workspaces_created_by_idx on public.workspaces (created_by);

-- updated_at for every table that has one
create function public.update_updated_at_column()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;
comment on function public.update_updated_at_column() is 'Trigger: keeps updated_at current on every update. Named as seeds 001 and 002 name it, in public, so that their own migrations can attach it to tables of theirs.';

create trigger workspaces_set_updated_at before update on public.workspaces
  for each row execute function public.update_updated_at_column();
create trigger workspace_members_set_updated_at before update on public.workspace_members
  for each row execute function public.update_updated_at_column();
create trigger profiles_set_updated_at before update on public.profiles
  for each row execute function public.update_updated_at_column();

-- the ordering of roles, in one place
create function private.role_rank(role text)
returns int
language sql
immutable
set search_path = ''
as $$
  select case role_rank.role
    when 'viewer' then 1
    when 'member' then 2
    when 'approver' then 3
    when 'admin' then 4
    when 'owner' then 5
  end
$$;
comment on function private.role_rank(text) is 'Rank of a workspace role: a role may do what every lower-ranked role may.';

-- is the caller a person (not an agent token)?
create function private.is_agent_token()
returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce((select auth.jwt()) ->> 'actor', '') = 'agent'
$$;
comment on function private.is_agent_token() is 'True when the request carries an agent JWT minted by agent-auth (claim actor = agent).';

create function private.has_role(workspace_id uuid, min_role text default 'viewer')
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select not private.is_agent_token()
    and exists (
      select 1
      from public.workspace_members m
      where m.workspace_id = has_role.workspace_id
        and m.user_id = (select auth.uid())
        and private.role_rank(m.role) >= private.role_rank(has_role.min_role)
    )
$$;
comment on function private.has_role(uuid, text) is
  'True when the signed-in person is a member of the workspace with at least min_role. Security definer so that policies can read workspace_members without recursing into its own policies.';

create function private.workspace_ids(min_role text default 'viewer')
returns setof uuid
language sql
stable
security definer
set search_path = ''
as $$
  select m.workspace_id
  from public.workspace_members m
  where m.user_id = (select auth.uid())
    and not private.is_agent_token()
    and private.role_rank(m.role) >= private.role_rank(workspace_ids.min_role)
$$;
comment on function private.workspace_ids(text) is
  'The workspaces in which the signed-in person holds at least min_role; used by policies written as workspace_id in (select ...). Security definer for the same reason as has_role.';

-- a new auth user gets a profile
create function private.handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into public.profiles (id, email, full_name, avatar_url)
  values (
    new.id,
    new.email,
    new.raw_user_meta_data ->> 'full_name',
    new.raw_user_meta_data ->> 'avatar_url'
  )
  on conflict (id) do update set email = excluded.email;
  return new;
end;
$$;
comment on function private.handle_new_user() is 'Trigger on auth.users: creates the profile. Security definer because it runs as the auth service role.';

create trigger on_auth_user_created after insert on auth.users
  for each row execute function private.handle_new_user();

-- the creator of a workspace becomes its owner
create function private.add_workspace_owner()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if new.created_by is not null then
    insert into public.workspace_members (workspace_id, user_id, role, granted_by)
    values (new.id, new.created_by, 'owner', new.created_by)
    on conflict do nothing;
  end if;
  return new;
end;
$$;
comment on function private.add_workspace_owner() is 'Trigger: the person who creates a workspace becomes its owner. Security definer because no membership exists yet for the policy to accept.';

create trigger workspaces_add_owner after insert on public.workspaces
  for each row execute function private.add_workspace_owner();

-- a workspace keeps at least one owner
create function private.keep_one_owner()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if old.role = 'owner' and (tg_op = 'DELETE' or new.role <> 'owner') then
    if not exists (
      select 1 from public.workspace_members m
      where m.workspace_id = old.workspace_id and m.role = 'owner' and m.user_id <> old.user_id
    ) and exists (select 1 from public.workspaces w where w.id = old.workspace_id) then
      raise exception 'workspace % must keep at least one owner', old.workspace_id
        using errcode = 'check_violation';
    end if;
  end if;
  return coalesce(new, old);
end;
$$;
comment on function private.keep_one_owner() is 'Trigger: refuses to remove or demote the last owner of a workspace.';

create trigger workspace_members_keep_one_owner before update or delete on public.workspace_members
  for each row execute function private.keep_one_owner();

revoke all on function private.role_rank(text) from public;
revoke all on function private.is_agent_token() from public;
revoke all on function private.has_role(uuid, text) from public;
revoke all on function private.workspace_ids(text) from public;
revoke all on function private.handle_new_user() from public;
revoke all on function private.add_workspace_owner() from public;
revoke all on function private.keep_one_owner() from public;
revoke all on function public.update_updated_at_column() from public;
grant execute on function private.role_rank(text) to authenticated, service_role;
grant execute on function private.is_agent_token() to authenticated, service_role;
grant execute on function private.has_role(uuid, text) to authenticated, service_role;
grant execute on function private.workspace_ids(text) to authenticated, service_role;
grant usage on schema private to authenticated;

alter table public.workspaces enable row level security;
alter table public.workspace_members enable row level security;
alter table public.profiles enable row level security;

create policy workspaces_select on public.workspaces for select to authenticated
  using (id in (select private.workspace_ids('viewer')));
create policy workspaces_insert on public.workspaces for insert to authenticated
  with check (created_by = (select auth.uid()) and not (select private.is_agent_token()));
create policy workspaces_update on public.workspaces for update to authenticated
  using ((select private.has_role(id, 'admin')))
  with check ((select private.has_role(id, 'admin')));
create policy workspaces_delete on public.workspaces for delete to authenticated
  using ((select private.has_role(id, 'owner')));

create policy workspace_members_select on public.workspace_members for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
create policy workspace_members_insert on public.workspace_members for insert to authenticated
  with check ((select private.has_role(workspace_id, 'admin')) and (role <> 'owner' or (select private.has_role(workspace_id, 'owner'))));
create policy workspace_members_update on public.workspace_members for update to authenticated
  using ((select private.has_role(workspace_id, 'admin')))
  with check ((select private.has_role(workspace_id, 'admin')) and (role <> 'owner' or (select private.has_role(workspace_id, 'owner'))));
create policy workspace_members_delete on public.workspace_members for delete to authenticated
  using ((select private.has_role(workspace_id, 'admin')) or user_id = (select auth.uid()));

create policy profiles_select on public.profiles for select to authenticated
  using (
    id = (select auth.uid())
    or exists (
      select 1 from public.workspace_members m
      where m.user_id = profiles.id and m.workspace_id in (select private.workspace_ids('viewer'))
    )
  );
create policy profiles_update on public.profiles for update to authenticated
  using (id = (select auth.uid()))
  with check (id = (select auth.uid()));
