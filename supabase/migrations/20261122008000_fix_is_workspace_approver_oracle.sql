-- Security fix found by supabase/tests/database/security/isolation_matrix.test.sql (issue 8):
-- private.is_workspace_approver(workspace_id, user_id) is security definer and executable by
-- authenticated, and answered for any workspace: a member of workspace B could learn who holds
-- the approver role in workspace A by calling it with A's id. It now answers only to callers who
-- may know: the backend (no signed-in person, not an agent token: the service role, jobs and
-- security-definer callers such as private.authorize), a person asking about themselves, or a
-- member of that workspace. Everyone else gets false, the same answer as for a workspace that
-- does not exist, so the triggers that call it (approval rules, approval updates) refuse an
-- outsider the same way whatever the truth is. The governance area owns the function
-- (20261122004100); this replaces its body only.

create or replace function private.is_workspace_approver(workspace_id uuid, user_id uuid)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
      select 1 from public.workspace_members m
      where m.workspace_id = is_workspace_approver.workspace_id and m.user_id = is_workspace_approver.user_id
        and private.role_rank(m.role) >= private.role_rank('approver')
    )
    and (
      ((select auth.uid()) is null and not private.is_agent_token())
      or is_workspace_approver.user_id = (select auth.uid())
      or private.has_role(is_workspace_approver.workspace_id, 'viewer')
    )
$$;
comment on function private.is_workspace_approver(uuid, uuid) is
  'True when the person holds the approver role (or a higher one) in the workspace. Answers only the backend, the person themselves or a member of the workspace (false for anyone else, as for an unknown workspace). Security definer: reads memberships whatever the caller may see.';

revoke all on function private.is_workspace_approver(uuid, uuid) from public;
grant execute on function private.is_workspace_approver(uuid, uuid) to authenticated, service_role;
