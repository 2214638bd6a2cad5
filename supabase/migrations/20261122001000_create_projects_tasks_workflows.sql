-- The work runs belong to: projects (seed 000 history context), tasks (seed 004) and n8n
-- workflows (seed 001) with the counters the n8n webhook keeps.

create table public.projects (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  slug text not null,
  name text not null,
  goals text,
  target_audience text,
  owner_user_id uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint projects_workspace_slug_key unique (workspace_id, slug),
  constraint projects_id_workspace_key unique (id, workspace_id),
  constraint projects_slug_format check (slug ~ '^[a-z0-9][a-z0-9._-]{0,99}$'),
  constraint projects_name_length check (char_length(name) between 1 and 200)
);
comment on table public.projects is 'A body of work runs contribute to, e.g. q4-campaign-2025 (seed 000 history project_id, project_name, project_goals, target_audience).';

create table public.tasks (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  external_task_key text not null,
  owner_agent_id uuid,
  project_id uuid,
  group_key text not null default 'default',
  category text not null default 'general',
  title text not null,
  status text not null default 'queued',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  due_at timestamptz,
  completed_at timestamptz,
  constraint tasks_workspace_key_key unique (workspace_id, external_task_key),
  constraint tasks_id_workspace_key unique (id, workspace_id),
  constraint tasks_owner_agent_fkey foreign key (owner_agent_id, workspace_id) references public.agents (id, workspace_id) on delete restrict,
  constraint tasks_project_fkey foreign key (project_id, workspace_id) references public.projects (id, workspace_id) on delete set null (project_id),
  constraint tasks_status_valid check (status in ('queued', 'running', 'completed', 'failed', 'canceled')),
  constraint tasks_completed_after_created check (completed_at is null or completed_at >= created_at),
  constraint tasks_key_length check (char_length(external_task_key) between 1 and 200),
  constraint tasks_title_length check (char_length(title) between 1 and 500)
);
comment on table public.tasks is 'A unit of work agents run against (seed 004 tasks); runs reference it. Keyed by external_task_key per workspace for idempotent ingestion.';
comment on column public.tasks.group_key is 'Group dimension for analytics (seed 004).';
comment on column public.tasks.category is 'Category dimension for analytics (seed 004).';

create table public.workflows (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  agent_id uuid,
  name text not null,
  description text,
  n8n_workflow_id text,
  n8n_connection_id uuid,
  trigger_config jsonb not null default '{}'::jsonb,
  status text not null default 'inactive',
  last_execution timestamptz,
  next_execution timestamptz,
  execution_count int not null default 0,
  success_count int not null default 0,
  error_count int not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint workflows_workspace_n8n_key unique (workspace_id, n8n_connection_id, n8n_workflow_id),
  constraint workflows_id_workspace_key unique (id, workspace_id),
  constraint workflows_agent_fkey foreign key (agent_id, workspace_id) references public.agents (id, workspace_id) on delete cascade,
  constraint workflows_status_valid check (status in ('active', 'paused', 'error', 'inactive')),
  constraint workflows_counters_nonnegative check (execution_count >= 0 and success_count >= 0 and error_count >= 0),
  constraint workflows_name_length check (char_length(name) between 1 and 255)
);
comment on table public.workflows is 'An n8n workflow (seed 001). The counters are kept by the database from the runs n8n reports, not by clients.';
comment on column public.workflows.n8n_workflow_id is 'The workflow id inside n8n; with the workspace and the n8n connection, the idempotency key for upserts from the webhook and the pull sync.';
comment on column public.workflows.n8n_connection_id is 'The n8n instance (public.n8n_connections) this workflow lives in: workflow ids of two instances never merge. Its foreign key is declared with that table.';
comment on column public.workflows.execution_count is 'Runs of this workflow in a final state (kept from executions; retries of a delivery do not count twice).';

create index projects_owner_user_id_idx on public.projects (owner_user_id);
create index tasks_owner_agent_id_idx on public.tasks (owner_agent_id, workspace_id);
create index tasks_owner_created_idx on public.tasks (owner_agent_id, created_at desc);
create index tasks_project_id_idx on public.tasks (project_id, workspace_id);
create index tasks_group_created_idx on public.tasks (group_key, created_at desc);
create index tasks_category_created_idx on public.tasks (category, created_at desc);
create index tasks_workspace_id_created_at_idx on public.tasks (workspace_id, created_at desc);
create index workflows_agent_id_idx on public.workflows (agent_id, workspace_id);
create index workflows_agent_created_idx on public.workflows (agent_id, created_at desc);

create trigger projects_set_updated_at before update on public.projects for each row execute function public.update_updated_at_column();
create trigger tasks_set_updated_at before update on public.tasks for each row execute function public.update_updated_at_column();
create trigger workflows_set_updated_at before update on public.workflows for each row execute function public.update_updated_at_column();

alter table public.projects enable row level security;
alter table public.tasks enable row level security;
alter table public.workflows enable row level security;

create policy projects_select on public.projects for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
create policy projects_insert on public.projects for insert to authenticated
  with check ((select private.has_role(workspace_id, 'member')));
create policy projects_update on public.projects for update to authenticated
  using ((select private.has_role(workspace_id, 'member'))) with check ((select private.has_role(workspace_id, 'member')));
create policy projects_delete on public.projects for delete to authenticated
  using ((select private.has_role(workspace_id, 'admin')));

create policy tasks_select on public.tasks for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')) or owner_agent_id = (select private.current_agent_id()));
create policy tasks_insert on public.tasks for insert to authenticated
  with check ((select private.has_role(workspace_id, 'member')));
create policy tasks_update on public.tasks for update to authenticated
  using ((select private.has_role(workspace_id, 'member'))) with check ((select private.has_role(workspace_id, 'member')));
create policy tasks_delete on public.tasks for delete to authenticated
  using ((select private.has_role(workspace_id, 'admin')));

create policy workflows_select on public.workflows for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')) or agent_id = (select private.current_agent_id()));
create policy workflows_insert on public.workflows for insert to authenticated
  with check ((select private.has_role(workspace_id, 'member')));
create policy workflows_update on public.workflows for update to authenticated
  using ((select private.has_role(workspace_id, 'member'))) with check ((select private.has_role(workspace_id, 'member')));
create policy workflows_delete on public.workflows for delete to authenticated
  using ((select private.has_role(workspace_id, 'admin')));
