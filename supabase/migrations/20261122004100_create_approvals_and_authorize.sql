-- Governance: authorize and approvals (seed 000 section 5 approvals, section 8 approval_isolation;
-- DESIGN section 4 escalation levels: 1 act, 2 act and notify, 3 wait for an approver, 4 a human acts).
--
-- private.authorize answers an agent's "may I use tool T for action A at cost C and N tokens?" in
-- one transaction: the key is live, the agent active, one request fits its rate limit (counted),
-- it holds the capability and the tool grant, the estimate fits its tokens and budget (checked,
-- not consumed); then by escalation level: allowed, allowed and approvers notified, pending an
-- approver, pending a human. Every answer is a row of authorization_decisions, visible to the
-- workspace. A pending answer opens an approval (quorum and assignee from approval_rules) and, with
-- a run_key, moves the run to waiting_approval.
--
-- private.decide_approval records one approver's vote under a lock on the approval (two approvers
-- at once make one decision), refuses self-approval, double decisions and expired approvals,
-- ends the approval on the first rejection or when the quorum is met, moves the run on (running)
-- or ends it (canceled), and returns the claims the approvals function signs as the receipt;
-- private.attach_approval_receipt stores that receipt in the same transaction. A pg_cron job
-- expires pending approvals after the workspace's expiry (settings.approvals.expiry_minutes,
-- default 1440). Every change is appended to the governance audit chain by triggers.

create table public.approval_rules (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  name text not null,
  min_escalation_level int not null default 3,
  min_estimated_cost_usd numeric(14, 6),
  tool text,
  required_approvals int not null default 1,
  approver_id uuid references auth.users (id) on delete set null,
  enabled boolean not null default true,
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint approval_rules_workspace_name_key unique (workspace_id, name),
  constraint approval_rules_name_length check (char_length(name) between 1 and 200),
  constraint approval_rules_min_escalation_level_range check (min_escalation_level between 3 and 4),
  constraint approval_rules_min_cost_nonnegative check (min_estimated_cost_usd is null or min_estimated_cost_usd >= 0),
  constraint approval_rules_tool_length check (tool is null or char_length(tool) between 1 and 200),
  constraint approval_rules_required_approvals_range check (required_approvals between 1 and 10),
  constraint approval_rules_assignee_single_approval check (approver_id is null or required_approvals = 1)
);
comment on table public.approval_rules is 'When an approval needs more than one approver (quorum: M of the workspace''s approvers) or goes to one named approver. A rule applies to approvals at or above min_escalation_level, at or above min_estimated_cost_usd and for tool (null = any). The approval takes the largest required_approvals of the rules that apply; one rejection always ends it.';
comment on column public.approval_rules.required_approvals is 'M: how many different approvers must approve (1-10).';
comment on column public.approval_rules.approver_id is 'Assign matching approvals to this approver (only with required_approvals = 1); others in the workspace then do not see them.';

create table public.authorization_decisions (
  id uuid primary key default gen_random_uuid(),
  -- no foreign key to workspaces: every decision would take a KEY SHARE lock on its workspace's row,
  -- one lock shared by all of a workspace's concurrent decisions (a MultiXact each time); the agent
  -- key below already ties it to an agent of that workspace (whose row authorize holds locked
  -- anyway) and cascades with the agent, and so with the workspace
  workspace_id uuid not null,
  agent_id uuid not null,
  execution_id uuid,
  tool text not null,
  action text not null,
  call_hash text not null,
  estimated_cost_usd numeric(14, 6) not null default 0,
  estimated_tokens bigint not null default 0,
  escalation_level int not null,
  outcome text not null,
  reason text,
  message text not null,
  details jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  constraint authorization_decisions_id_workspace_key unique (id, workspace_id),
  constraint authorization_decisions_agent_fkey foreign key (agent_id, workspace_id) references public.agents (id, workspace_id) on delete cascade,
  constraint authorization_decisions_outcome_valid check (outcome in ('allowed', 'allowed_notified', 'pending_approval', 'pending_human', 'denied')),
  constraint authorization_decisions_reason_valid check (reason in ('agent_not_active', 'quota_exceeded', 'budget_exceeded', 'capability_missing', 'tool_not_granted')),
  constraint authorization_decisions_denied_has_reason check ((outcome = 'denied') = (reason is not null)),
  constraint authorization_decisions_escalation_level_range check (escalation_level between 1 and 4),
  constraint authorization_decisions_estimates_nonnegative check (estimated_cost_usd >= 0 and estimated_tokens >= 0),
  constraint authorization_decisions_call_hash_format check (call_hash ~ '^[0-9a-f]{64}$'),
  constraint authorization_decisions_tool_length check (char_length(tool) between 1 and 200),
  constraint authorization_decisions_action_length check (char_length(action) between 1 and 200),
  constraint authorization_decisions_details_object check (jsonb_typeof(details) = 'object')
);
comment on table public.authorization_decisions is 'Every answer of authorize: which agent asked to use which tool for which action at what estimate, its escalation level, and the outcome (allowed, allowed_notified, pending_approval, pending_human, denied with the reason). Written only by private.authorize; visible to the workspace and to the agent itself.';
comment on column public.authorization_decisions.call_hash is 'SHA-256 (hex) of the RFC 8785 canonical JSON of {"action", "arguments", "tool"} of the call: the exact call, without storing its arguments here.';
comment on column public.authorization_decisions.outcome is 'allowed (level 1), allowed_notified (level 2: approvers notified), pending_approval (level 3: an approval was opened), pending_human (level 4: a person must act), denied (reason says why).';
comment on column public.authorization_decisions.reason is 'Why a request was denied: agent_not_active, quota_exceeded (requests per minute or tokens per day), budget_exceeded (cost per month), capability_missing, tool_not_granted.';
comment on column public.authorization_decisions.details is 'For quota and budget denials: the limit, what was used, what remains and retry_after seconds.';

create table public.approvals (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  execution_id uuid,
  decision_id uuid,
  escalation_level int not null,
  requested_by uuid not null,
  requester_user_id uuid references auth.users (id) on delete set null,
  requested_at timestamptz not null default now(),
  tool text not null,
  action text not null,
  arguments jsonb not null default '{}'::jsonb,
  call_hash text not null,
  estimated_cost_usd numeric(14, 6) not null default 0,
  estimated_tokens bigint not null default 0,
  request_reason text,
  quorum_required int not null default 1,
  rule_id uuid references public.approval_rules (id) on delete set null,
  approver_id uuid references auth.users (id) on delete set null,
  approval_status text not null default 'pending',
  decided_at timestamptz,
  approved_at timestamptz generated always as (case when approval_status = 'approved' then decided_at end) stored,
  approval_notes text,
  approval_signature text,
  expires_at timestamptz not null,
  updated_at timestamptz not null default now(),
  constraint approvals_id_workspace_key unique (id, workspace_id),
  constraint approvals_decision_key unique (decision_id, workspace_id),
  constraint approvals_decision_fkey foreign key (decision_id, workspace_id) references public.authorization_decisions (id, workspace_id) on delete set null (decision_id),
  constraint approvals_requested_by_fkey foreign key (requested_by, workspace_id) references public.agents (id, workspace_id) on delete cascade,
  constraint approvals_status_valid check (approval_status in ('pending', 'approved', 'rejected', 'expired', 'canceled')),
  constraint approvals_decided_has_time check ((approval_status = 'pending') = (decided_at is null)),
  constraint approvals_escalation_level_range check (escalation_level between 1 and 4),
  constraint approvals_quorum_range check (quorum_required between 1 and 10),
  constraint approvals_estimates_nonnegative check (estimated_cost_usd >= 0 and estimated_tokens >= 0),
  constraint approvals_call_hash_format check (call_hash ~ '^[0-9a-f]{64}$'),
  constraint approvals_tool_length check (char_length(tool) between 1 and 200),
  constraint approvals_action_length check (char_length(action) between 1 and 200),
  constraint approvals_request_reason_length check (request_reason is null or char_length(request_reason) <= 2000),
  constraint approvals_notes_length check (approval_notes is null or char_length(approval_notes) <= 4000),
  constraint approvals_signature_format check (approval_signature is null or approval_signature ~ '^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$'),
  constraint approvals_signature_when_decided check (approval_signature is null or approval_status in ('approved', 'rejected')),
  constraint approvals_expires_after_requested check (expires_at > requested_at)
);
comment on table public.approvals is 'A request of an agent that a person must decide (seed 000 approvals): escalation level 3 (an approver approves) or 4 (a person acts). pending -> approved | rejected (by approvers, with a signed receipt) | expired (job) | canceled (by the agent, an admin, or because its run ended). Decided approvals never change again.';
comment on column public.approvals.execution_id is 'The run waiting for the decision (seed 000 execution_id); null when authorize was called without a run_key.';
comment on column public.approvals.decision_id is 'The authorize decision that opened this approval.';
comment on column public.approvals.requested_by is 'The agent that asked (seed 000 requested_by).';
comment on column public.approvals.requester_user_id is 'The person the request is made for: authorize''s on_behalf_of, else the run''s user, else the agent''s creator. That person may not approve it (nobody approves their own request).';
comment on column public.approvals.arguments is 'The exact arguments of the tool call the approver is asked to allow.';
comment on column public.approvals.call_hash is 'SHA-256 (hex) of the RFC 8785 canonical JSON of {"action", "arguments", "tool"}: named in the receipt, so that the agent can prove which call was approved.';
comment on column public.approvals.request_reason is 'Why the agent asks, in its own words (optional).';
comment on column public.approvals.quorum_required is 'How many different approvers must approve (from approval_rules, default 1). One rejection ends the approval.';
comment on column public.approvals.approver_id is 'Seed 000 approver_id: the approver it is assigned to (null = unassigned, seen by every approver of the workspace); once decided, the approver whose vote decided it.';
comment on column public.approvals.approval_status is 'pending, approved, rejected, expired, canceled.';
comment on column public.approvals.decided_at is 'When it left pending (approved, rejected, expired or canceled).';
comment on column public.approvals.approved_at is 'Seed 000 approved_at: decided_at of an approved approval, null otherwise.';
comment on column public.approvals.approval_signature is 'Seed 000 approval_signature: the receipt, an ES256 JWT signed with the platform''s key (published at GET /approvals/.well-known/jwks.json), naming the approval, the run, the call hash, the decision, the approver and the time.';
comment on column public.approvals.expires_at is 'A pending approval expires at this time (requested_at + workspaces.settings.approvals.expiry_minutes, default 1440 minutes).';

create table public.approval_votes (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  approval_id uuid not null,
  approver_id uuid references auth.users (id) on delete set null,
  decision text not null,
  notes text,
  receipt text,
  created_at timestamptz not null default clock_timestamp(),
  constraint approval_votes_approval_fkey foreign key (approval_id, workspace_id) references public.approvals (id, workspace_id) on delete cascade,
  constraint approval_votes_approval_approver_key unique (approval_id, approver_id),
  constraint approval_votes_decision_valid check (decision in ('approve', 'reject')),
  constraint approval_votes_notes_length check (notes is null or char_length(notes) <= 4000),
  constraint approval_votes_receipt_format check (receipt is null or receipt ~ '^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$')
);
comment on table public.approval_votes is 'Each approver''s decision on an approval, with the receipt signed for it. An approval with a quorum collects several; each approver votes once.';
comment on column public.approval_votes.created_at is 'When the vote was cast (clock time: votes of one transaction keep their order, so a receipt lists approvers in voting order).';
comment on column public.approval_votes.receipt is 'The ES256 JWT signed for this vote (status in it: pending while the quorum is not met, or the final decision). Stored in the same transaction as the vote.';

create index approval_rules_approver_id_idx on public.approval_rules (approver_id);
create index approval_rules_created_by_idx on public.approval_rules (created_by);
create index authorization_decisions_workspace_id_created_at_idx on public.authorization_decisions (workspace_id, created_at desc);
create index authorization_decisions_agent_id_workspace_idx on public.authorization_decisions (agent_id, workspace_id);
create index authorization_decisions_agent_created_idx on public.authorization_decisions (agent_id, created_at desc);
create index authorization_decisions_execution_id_idx on public.authorization_decisions (execution_id, workspace_id) where execution_id is not null;
create index approvals_workspace_id_requested_at_idx on public.approvals (workspace_id, requested_at desc);
create index approvals_execution_id_idx on public.approvals (execution_id, workspace_id);
create index approvals_requested_by_idx on public.approvals (requested_by, workspace_id);
create index approvals_requester_user_id_idx on public.approvals (requester_user_id);
create index approvals_rule_id_idx on public.approvals (rule_id);
create index approvals_approver_id_idx on public.approvals (approver_id);
create index approvals_status_idx on public.approvals (approval_status);
create index approvals_requested_at_idx on public.approvals (requested_at desc);
create index approvals_pending_expires_at_idx on public.approvals (expires_at) where approval_status = 'pending';
create index approvals_pending_execution_idx on public.approvals (execution_id) where approval_status = 'pending';
create index approval_votes_approval_id_idx on public.approval_votes (approval_id, workspace_id);
create index approval_votes_approver_id_idx on public.approval_votes (approver_id);
create index approval_votes_workspace_id_idx on public.approval_votes (workspace_id);

create trigger approval_rules_set_updated_at before update on public.approval_rules for each row execute function public.update_updated_at_column();
create trigger approvals_set_updated_at before update on public.approvals for each row execute function public.update_updated_at_column();

-- is this person an approver (or above) of the workspace?
create function private.is_workspace_approver(workspace_id uuid, user_id uuid)
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

-- how long a pending approval waits: workspaces.settings.approvals.expiry_minutes, default a day
create function private.approval_expiry(workspace_id uuid)
returns interval
language sql
stable
set search_path = ''
as $$
  select make_interval(mins => coalesce((
    select case when (w.settings -> 'approvals' ->> 'expiry_minutes') ~ '^[0-9]{1,6}$'
                 and (w.settings -> 'approvals' ->> 'expiry_minutes')::int > 0
            then (w.settings -> 'approvals' ->> 'expiry_minutes')::int end
    from public.workspaces w where w.id = approval_expiry.workspace_id
  ), 1440))
$$;
comment on function private.approval_expiry(uuid) is 'How long a pending approval of the workspace waits before it expires: settings -> approvals -> expiry_minutes (1-999999), default 1440 (a day).';

-- an approval as the API shows it
create function private.approval_json(approval public.approvals)
returns jsonb
language sql
stable
set search_path = ''
as $$
  select jsonb_build_object(
    'id', a.id,
    'workspace_id', a.workspace_id,
    'execution_id', a.execution_id,
    'run_key', (select e.run_key from public.executions e where e.id = a.execution_id),
    'decision_id', a.decision_id,
    'escalation_level', a.escalation_level,
    'requested_by', a.requested_by,
    'requester_user_id', a.requester_user_id,
    'requested_at', a.requested_at,
    'tool', a.tool,
    'action', a.action,
    'arguments', a.arguments,
    'call_hash', a.call_hash,
    'estimated_cost_usd', a.estimated_cost_usd,
    'estimated_tokens', a.estimated_tokens,
    'reason', a.request_reason,
    'quorum_required', a.quorum_required,
    'approvals_received', (select count(*) from public.approval_votes v where v.approval_id = a.id and v.decision = 'approve'),
    'rule_id', a.rule_id,
    'approver_id', a.approver_id,
    'status', a.approval_status,
    'decided_at', a.decided_at,
    'approved_at', a.approved_at,
    'expires_at', a.expires_at,
    'approval_notes', a.approval_notes,
    'approval_signature', a.approval_signature
  )
  from (select (approval_json.approval).*) a
$$;
comment on function private.approval_json(public.approvals) is 'An approval as the approvals and authorize functions answer it (status for approval_status, reason for request_reason, with the run_key and the approvals received so far). Runs with the caller''s rights.';

-- tells the workspace an approval left pending, and emits the event
create function private.announce_approval_decided(approval public.approvals)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_a public.approvals := announce_approval_decided.approval;
  v_slug text;
begin
  select a.slug into v_slug from public.agents a where a.id = v_a.requested_by;
  perform private.notify_workspace(
    v_a.workspace_id, 'viewer', 'approval_decided',
    format('Approval %s', v_a.approval_status),
    format('%s asked to %s with %s: %s', coalesce(v_slug, 'an agent'), v_a.action, v_a.tool, v_a.approval_status),
    jsonb_build_object('approval_id', v_a.id, 'status', v_a.approval_status, 'agent_id', v_a.requested_by,
      'execution_id', v_a.execution_id, 'tool', v_a.tool, 'action', v_a.action),
    case v_a.approval_status when 'rejected' then 'high' when 'approved' then 'medium' else 'low' end);
  perform private.emit_event(
    v_a.workspace_id,
    case when v_a.approval_status = 'expired' then 'approval.expired' else 'approval.decided' end,
    private.approval_json(v_a) - 'arguments');
end;
$$;
comment on function private.announce_approval_decided(public.approvals) is
  'Notifies the members of the requester''s workspace that an approval was approved, rejected, expired or canceled, and emits approval.decided (approval.expired for expiries) to the event outbox. Security definer: notifications and the outbox are not writable by clients.';

-- the runs of approvals that left pending: a refusal ends the run, an approval lets it go on
create function private.settle_approval_runs(approval_ids uuid[])
returns int
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_ended int;
  v_resumed int;
begin
  update public.executions e
  set status = 'canceled',
      error_type = 'approval_' || a.approval_status,
      error_message = coalesce(a.approval_notes, format('approval %s was %s', a.id, a.approval_status))
  from public.approvals a
  where a.id = any (settle_approval_runs.approval_ids) and a.approval_status in ('rejected', 'expired', 'canceled')
    and e.id = a.execution_id and e.status = 'waiting_approval';
  get diagnostics v_ended = row_count;

  update public.executions e
  set status = 'running'
  from public.approvals a
  where a.id = any (settle_approval_runs.approval_ids) and a.approval_status = 'approved'
    and e.id = a.execution_id and e.status = 'waiting_approval'
    and not exists (select 1 from public.approvals p where p.execution_id = e.id and p.approval_status = 'pending');
  get diagnostics v_resumed = row_count;
  return v_ended + v_resumed;
end;
$$;
comment on function private.settle_approval_runs(uuid[]) is
  'After approvals left pending: a run waiting for a rejected, expired or canceled approval is canceled (error_type approval_<status>); a run waiting for an approved one goes back to running once no other approval of it is pending. Security definer: called by the governance functions.';

create function private.authorize(request jsonb)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_req jsonb := coalesce(authorize.request, '{}'::jsonb);
  v_agent_id uuid;
  v_key_id uuid;
  v_claimed_ws uuid;
  v_agent public.agents%rowtype;
  v_ws uuid;
  v_take jsonb;
  v_tool text;
  v_action text;
  v_arguments jsonb;
  v_call_hash text;
  v_cost numeric;
  v_tokens bigint;
  v_run_key text;
  v_on_behalf uuid;
  v_request_reason text;
  v_exec_id uuid;
  v_exec_status text;
  v_exec_agent uuid;
  v_exec_user uuid;
  v_outcome text;
  v_reason text;
  v_message text;
  v_details jsonb := '{}'::jsonb;
  v_quota jsonb := '{}'::jsonb;
  v_decision_id uuid;
  v_approval public.approvals%rowtype;
  v_quorum int;
  v_rule_id uuid;
  v_assignee uuid;
  v_requester uuid;
  v_notified int := 0;
begin
  -- what zod checks at the edge, checked again here for every other client
  if jsonb_typeof(v_req) <> 'object' then
    raise exception 'the request must be a JSON object' using errcode = 'AO422', column = '(body)', hint = 'validation_failed';
  end if;
  v_tool := case when jsonb_typeof(v_req -> 'tool') = 'string' then v_req ->> 'tool' end;
  if v_tool is null or char_length(v_tool) not between 1 and 200 then
    raise exception 'tool: is required (1-200 characters)' using errcode = 'AO422', column = 'tool', hint = 'validation_failed';
  end if;
  v_action := case when jsonb_typeof(v_req -> 'action') = 'string' then v_req ->> 'action' end;
  if v_action is null or char_length(v_action) not between 1 and 200 then
    raise exception 'action: is required (1-200 characters)' using errcode = 'AO422', column = 'action', hint = 'validation_failed';
  end if;
  v_call_hash := case when jsonb_typeof(v_req -> 'call_hash') = 'string' then v_req ->> 'call_hash' end;
  if v_call_hash is null or v_call_hash !~ '^[0-9a-f]{64}$' then
    raise exception 'call_hash: is required (SHA-256 hex of the canonical call)' using errcode = 'AO422', column = 'call_hash', hint = 'validation_failed';
  end if;
  v_arguments := coalesce(v_req -> 'arguments', '{}'::jsonb);
  if v_req ? 'estimated_cost_usd' and jsonb_typeof(v_req -> 'estimated_cost_usd') <> 'null' then
    v_cost := case when jsonb_typeof(v_req -> 'estimated_cost_usd') = 'number' then (v_req ->> 'estimated_cost_usd')::numeric end;
    if v_cost is null or v_cost not between 0 and 10000000 then
      raise exception 'estimated_cost_usd: must be a number between 0 and 10000000' using errcode = 'AO422', column = 'estimated_cost_usd', hint = 'validation_failed';
    end if;
  end if;
  v_cost := round(coalesce(v_cost, 0), 6);
  if v_req ? 'estimated_tokens' and jsonb_typeof(v_req -> 'estimated_tokens') <> 'null' then
    v_tokens := case when jsonb_typeof(v_req -> 'estimated_tokens') = 'number' and (v_req ->> 'estimated_tokens') ~ '^[0-9]{1,13}$'
      then (v_req ->> 'estimated_tokens')::bigint end;
    if v_tokens is null or v_tokens > 1000000000000 then
      raise exception 'estimated_tokens: must be a whole number between 0 and 1000000000000' using errcode = 'AO422', column = 'estimated_tokens', hint = 'validation_failed';
    end if;
  end if;
  v_tokens := coalesce(v_tokens, 0);
  if v_req ? 'run_key' and jsonb_typeof(v_req -> 'run_key') <> 'null' then
    v_run_key := case when jsonb_typeof(v_req -> 'run_key') = 'string' then v_req ->> 'run_key' end;
    if v_run_key is null or char_length(v_run_key) not between 1 and 200 then
      raise exception 'run_key: must be 1-200 characters' using errcode = 'AO422', column = 'run_key', hint = 'validation_failed';
    end if;
  end if;
  if v_req ? 'reason' and jsonb_typeof(v_req -> 'reason') <> 'null' then
    v_request_reason := case when jsonb_typeof(v_req -> 'reason') = 'string' then v_req ->> 'reason' end;
    if v_request_reason is null or char_length(v_request_reason) > 2000 then
      raise exception 'reason: must be at most 2000 characters' using errcode = 'AO422', column = 'reason', hint = 'validation_failed';
    end if;
  end if;
  if v_req ? 'on_behalf_of' and jsonb_typeof(v_req -> 'on_behalf_of') <> 'null' then
    if jsonb_typeof(v_req -> 'on_behalf_of') <> 'string'
       or (v_req ->> 'on_behalf_of') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' then
      raise exception 'on_behalf_of: must be a user id (uuid)' using errcode = 'AO422', column = 'on_behalf_of', hint = 'validation_failed';
    end if;
    v_on_behalf := (v_req ->> 'on_behalf_of')::uuid;
  end if;

  -- the caller: the agent of the transaction's claims (request.jwt.claims, as PostgREST sets them;
  -- the authorize function sets them from the JWT it verified), with a live key of its workspace,
  -- its row locked once for the whole request (the agent first, then the run: the order ingest and
  -- the usage trigger take). Otherwise 401 or 403, as on every agent route: a refused token is
  -- authentication, not a decision, and writes nothing (not even an audit row)
  select c.agent_id, c.key_id, c.workspace_id into v_agent_id, v_key_id, v_claimed_ws from private.agent_claims() c;
  select a.* into v_agent
  from public.agents a
  join public.agent_api_keys k on k.agent_id = a.id and k.id = v_key_id
  where a.id = v_agent_id and a.workspace_id = v_claimed_ws
    and k.revoked_at is null and (k.expires_at is null or k.expires_at > now())
  for no key update of a;
  if not found then
    raise exception 'the agent''s key has been revoked or has expired' using errcode = 'AO401', hint = 'revoked_api_key';
  end if;
  if v_agent.status <> 'active' then
    raise exception 'agent % is %: it cannot be authorized', v_agent.slug, v_agent.status using errcode = 'AO403', hint = 'agent_not_active';
  end if;
  v_ws := v_agent.workspace_id;
  perform private.set_governance_actor('agent', v_agent_id);
  if v_on_behalf is not null and not exists (
    select 1 from public.workspace_members m where m.workspace_id = v_ws and m.user_id = v_on_behalf
  ) then
    raise exception 'on_behalf_of: is not a member of the agent''s workspace' using errcode = 'AO422', column = 'on_behalf_of', hint = 'validation_failed';
  end if;

  if v_run_key is not null then
    select e.id, e.status, e.agent_id, e.user_id into v_exec_id, v_exec_status, v_exec_agent, v_exec_user
    from public.executions e where e.workspace_id = v_ws and e.run_key = v_run_key
    for no key update;
    if v_exec_id is not null and v_exec_agent is distinct from v_agent_id then
      raise exception 'run_key: belongs to a run of another agent' using errcode = 'AO409', column = 'run_key', hint = 'run_key_conflict';
    end if;
    if v_exec_id is not null and private.is_terminal_status(v_exec_status) then
      raise exception 'run_key: the run has already ended (%)', v_exec_status using errcode = 'AO409', column = 'run_key', hint = 'run_finished';
    end if;
  end if;

  -- the checks, in order; the first that fails is the reason. The request is counted and the
  -- estimate checked (not consumed) in one statement, under the lock taken above
  v_take := private.take_quota(v_agent, 1, v_tokens, v_cost, false);
  v_quota := v_take -> 'quota';
  if jsonb_typeof(v_take -> 'exceeded') = 'object' and v_take -> 'exceeded' ->> 'limit' = 'requests_per_minute' then
    v_quota := '{}'::jsonb;
    v_message := v_take -> 'exceeded' ->> 'message';
    v_details := (v_take -> 'exceeded') - 'message';
    v_reason := v_details ->> 'code';
  end if;
  if v_reason is null and not (v_action = any (v_agent.capabilities)) then
    v_reason := 'capability_missing';
    v_message := format('agent %s does not hold the capability %s', v_agent.slug, v_action);
    v_details := jsonb_build_object('capability', v_action, 'capabilities', to_jsonb(v_agent.capabilities));
  end if;
  if v_reason is null and not (v_tool = any (v_agent.tools_granted)) then
    v_reason := 'tool_not_granted';
    v_message := format('agent %s has not been granted the tool %s', v_agent.slug, v_tool);
    v_details := jsonb_build_object('tool', v_tool, 'tools_granted', to_jsonb(v_agent.tools_granted));
  end if;
  if v_reason is null and jsonb_typeof(v_take -> 'exceeded') = 'object' then
    v_message := v_take -> 'exceeded' ->> 'message';
    v_details := (v_take -> 'exceeded') - 'message';
    v_reason := v_details ->> 'code';
  end if;

  if v_reason is not null then
    v_outcome := 'denied';
  else
    v_outcome := case v_agent.escalation_level when 1 then 'allowed' when 2 then 'allowed_notified' when 3 then 'pending_approval' else 'pending_human' end;
    v_message := case v_agent.escalation_level
      when 1 then 'allowed (escalation level 1: the agent acts on its own)'
      when 2 then 'allowed; the workspace''s approvers are notified (escalation level 2)'
      when 3 then 'pending: an approver must approve (escalation level 3)'
      else 'pending: a person must act (escalation level 4)' end;
  end if;

  -- the run: a pending answer makes it wait; an allowed one starts a new run
  if v_run_key is not null and v_outcome <> 'denied' then
    if v_exec_id is null then
      insert into public.executions (workspace_id, agent_id, run_key, source, user_id, status, metadata)
      values (v_ws, v_agent_id, v_run_key, 'agent', v_on_behalf,
        case when v_outcome like 'pending%' then 'waiting_approval' else 'running' end,
        jsonb_build_object('started_by', 'authorize'))
      on conflict on constraint executions_workspace_run_key_key do nothing
      returning id into v_exec_id;
      if v_exec_id is null then
        raise exception 'run_key: a run with this key was created at the same moment; retry' using errcode = 'AO409', column = 'run_key', hint = 'run_key_conflict';
      end if;
    elsif v_outcome like 'pending%' and v_exec_status <> 'waiting_approval' then
      update public.executions e set status = 'waiting_approval' where e.id = v_exec_id;
    end if;
  end if;

  insert into public.authorization_decisions (workspace_id, agent_id, execution_id, tool, action, call_hash, estimated_cost_usd,
    estimated_tokens, escalation_level, outcome, reason, message, details)
  values (v_ws, v_agent_id, v_exec_id, v_tool, v_action, v_call_hash, v_cost, v_tokens, v_agent.escalation_level,
    v_outcome, v_reason, v_message, v_details)
  returning id into v_decision_id;

  if v_outcome in ('pending_approval', 'pending_human') then
    -- the rules that apply: the largest quorum wins; a named approver only when one approval is enough
    select r.id, r.required_approvals, r.approver_id into v_rule_id, v_quorum, v_assignee
    from public.approval_rules r
    where r.workspace_id = v_ws and r.enabled and v_agent.escalation_level >= r.min_escalation_level
      and (r.min_estimated_cost_usd is null or v_cost >= r.min_estimated_cost_usd)
      and (r.tool is null or r.tool = v_tool)
    order by r.required_approvals desc, (r.approver_id is not null) desc, r.min_estimated_cost_usd desc nulls last, r.name
    limit 1;
    v_requester := coalesce(v_on_behalf, v_exec_user, v_agent.created_by);
    -- (membership read directly: private.is_workspace_approver answers people and the backend, and this transaction carries the agent's claims)
    if v_assignee is not null and (v_assignee = v_requester or not exists (
      select 1 from public.workspace_members m
      where m.workspace_id = v_ws and m.user_id = v_assignee and private.role_rank(m.role) >= private.role_rank('approver'))) then
      v_assignee := null;
    end if;

    insert into public.approvals (workspace_id, execution_id, decision_id, escalation_level, requested_by, requester_user_id,
      tool, action, arguments, call_hash, estimated_cost_usd, estimated_tokens, request_reason, quorum_required, rule_id,
      approver_id, expires_at)
    values (v_ws, v_exec_id, v_decision_id, v_agent.escalation_level, v_agent_id, v_requester,
      v_tool, v_action, v_arguments, v_call_hash, v_cost, v_tokens, v_request_reason, coalesce(v_quorum, 1), v_rule_id,
      v_assignee, now() + private.approval_expiry(v_ws))
    returning * into v_approval;

    if v_assignee is not null then
      insert into public.notifications (workspace_id, user_id, type, title, message, data, priority)
      values (v_ws, v_assignee, 'approval_requested', format('Approval requested by %s', v_agent.slug),
        format('%s asks to %s with %s', v_agent.slug, v_action, v_tool),
        jsonb_build_object('approval_id', v_approval.id, 'agent_id', v_agent.id, 'escalation_level', v_agent.escalation_level,
          'tool', v_tool, 'action', v_action, 'estimated_cost_usd', v_cost, 'execution_id', v_exec_id),
        case when v_agent.escalation_level = 4 then 'high' else 'medium' end);
      v_notified := 1;
    else
      v_notified := private.notify_workspace(v_ws, 'approver', 'approval_requested', format('Approval requested by %s', v_agent.slug),
        format('%s asks to %s with %s', v_agent.slug, v_action, v_tool),
        jsonb_build_object('approval_id', v_approval.id, 'agent_id', v_agent.id, 'escalation_level', v_agent.escalation_level,
          'tool', v_tool, 'action', v_action, 'estimated_cost_usd', v_cost, 'execution_id', v_exec_id),
        case when v_agent.escalation_level = 4 then 'high' else 'medium' end);
    end if;
    perform private.emit_event(v_ws, 'approval.requested', private.approval_json(v_approval) - 'arguments');
  elsif v_outcome = 'allowed_notified' then
    v_notified := private.notify_workspace(v_ws, 'approver', 'agent_action', format('%s used %s', v_agent.slug, v_tool),
      format('%s was allowed to %s with %s (escalation level 2)', v_agent.slug, v_action, v_tool),
      jsonb_build_object('decision_id', v_decision_id, 'agent_id', v_agent.id, 'tool', v_tool, 'action', v_action,
        'estimated_cost_usd', v_cost, 'execution_id', v_exec_id),
      'low');
  end if;

  update public.agents a set last_activity_at = now()
  where a.id = v_agent_id and (a.last_activity_at is null or a.last_activity_at < now() - interval '1 minute');

  return jsonb_build_object(
    'decision', case when v_outcome = 'denied' then 'deny' when v_outcome like 'pending%' then 'pending' else 'allow' end,
    'outcome', v_outcome,
    'decision_id', v_decision_id,
    'agent_id', v_agent_id,
    'workspace_id', v_ws,
    'escalation_level', v_agent.escalation_level,
    'tool', v_tool,
    'action', v_action,
    'call_hash', v_call_hash,
    'reason', v_reason,
    'message', v_message,
    'details', v_details,
    'notified', v_notified,
    'execution_id', v_exec_id,
    'run_key', v_run_key,
    'approval', case when v_approval.id is null then null else private.approval_json(v_approval) end,
    'quota', v_quota
  );
end;
$$;
comment on function private.authorize(jsonb) is
  'Answers an agent''s request to use a tool for an action, in one transaction (see the approvals migration): request {tool, action, call_hash, arguments?, estimated_cost_usd?, estimated_tokens?, run_key?, reason?, on_behalf_of?}; answer {decision allow|pending|deny, outcome, reason, message, details, approval, execution_id, quota, ...}. Records the decision, opens an approval for levels 3 and 4, notifies approvers for levels 2 to 4. Refused with nothing written: AO401 for a dead key, AO403 for an agent that is not active, AO422 naming the field for bad input, AO409 for a run_key of another agent or of a finished run. The caller is the agent of the transaction''s claims (request.jwt.claims: sub, key_id, workspace_id), never an argument. Security definer: called by the authorize function for a verified agent.';

create function private.decide_approval(approval_id uuid, decision text, notes text default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_exec uuid;
  v_a public.approvals%rowtype;
  v_role text;
  v_vote_id uuid;
  v_count int;
  v_approvers jsonb;
  v_status text;
  v_now timestamptz := now();
  v_approver uuid := private.claimed_user_id();
begin
  if decide_approval.decision is null or decide_approval.decision not in ('approve', 'reject') then
    raise exception 'decision: must be approve or reject' using errcode = 'AO422', column = 'decision', hint = 'validation_failed';
  end if;
  if char_length(decide_approval.notes) > 4000 then
    raise exception 'notes: must be at most 4000 characters' using errcode = 'AO422', column = 'notes', hint = 'validation_failed';
  end if;
  perform private.set_governance_actor('user', v_approver);

  -- lock order: the run, then the approval (as a run that ends cancels its approvals)
  select a.execution_id into v_exec from public.approvals a where a.id = decide_approval.approval_id;
  if v_exec is not null then
    perform 1 from public.executions e where e.id = v_exec for no key update;
  end if;
  select * into v_a from public.approvals a where a.id = decide_approval.approval_id for update;
  select m.role into v_role from public.workspace_members m
  where m.workspace_id = v_a.workspace_id and m.user_id = v_approver;
  if v_a.id is null or v_role is null then
    raise exception 'no approval with this id is visible to you' using errcode = 'AO404', column = 'approval_id', hint = 'approval_not_found';
  end if;
  if private.role_rank(v_role) < private.role_rank('approver') then
    raise exception 'only approvers (or admins and owners) decide approvals; you are a %', v_role
      using errcode = 'AO403', hint = 'approver_role_required';
  end if;
  if v_a.approval_status = 'expired' then
    raise exception 'this approval expired at % and can no longer be decided', v_a.expires_at
      using errcode = 'AO409', column = 'approval_id', hint = 'approval_expired';
  end if;
  if v_a.approval_status <> 'pending' then
    raise exception 'this approval has already been decided: it is %', v_a.approval_status
      using errcode = 'AO409', column = 'approval_id', hint = 'already_decided';
  end if;
  if v_a.approver_id is not null and v_a.approver_id <> v_approver then
    raise exception 'this approval is assigned to another approver' using errcode = 'AO403', hint = 'assigned_to_another_approver';
  end if;
  if v_a.requester_user_id = v_approver then
    raise exception 'nobody approves their own request: you are its requester (it was made on your behalf, or by an agent you created)'
      using errcode = 'AO403', hint = 'self_approval';
  end if;
  if v_a.expires_at <= v_now then
    perform private.set_governance_actor('system', null);
    update public.approvals a set approval_status = 'expired', approval_notes = coalesce(a.approval_notes, 'expired without a decision')
    where a.id = v_a.id
    returning * into v_a;
    perform private.settle_approval_runs(array[v_a.id]);
    perform private.announce_approval_decided(v_a);
    return jsonb_build_object('ok', false, 'code', 'approval_expired',
      'message', format('this approval expired at %s and can no longer be decided', v_a.expires_at),
      'approval', private.approval_json(v_a));
  end if;
  if exists (select 1 from public.approval_votes v where v.approval_id = v_a.id and v.approver_id = v_approver) then
    raise exception 'you have already voted on this approval' using errcode = 'AO409', column = 'approval_id', hint = 'already_voted';
  end if;

  insert into public.approval_votes (workspace_id, approval_id, approver_id, decision, notes)
  values (v_a.workspace_id, v_a.id, v_approver, decide_approval.decision, decide_approval.notes)
  returning id into v_vote_id;

  select count(*), coalesce(jsonb_agg(v.approver_id order by v.created_at, v.id), '[]'::jsonb)
  into v_count, v_approvers
  from public.approval_votes v where v.approval_id = v_a.id and v.decision = 'approve';
  v_status := case when decide_approval.decision = 'reject' then 'rejected' when v_count >= v_a.quorum_required then 'approved' else 'pending' end;

  if v_status <> 'pending' then
    update public.approvals a
    set approval_status = v_status, decided_at = v_now, approver_id = v_approver,
        approval_notes = coalesce(decide_approval.notes, a.approval_notes)
    where a.id = v_a.id
    returning * into v_a;
    perform private.settle_approval_runs(array[v_a.id]);
    perform private.announce_approval_decided(v_a);
  end if;

  return jsonb_build_object(
    'ok', true,
    'final', v_status <> 'pending',
    'vote_id', v_vote_id,
    'approval', private.approval_json(v_a),
    'claims', jsonb_build_object(
      'iss', 'agentops/approvals',
      'sub', v_a.id,
      'jti', v_vote_id,
      'iat', floor(extract(epoch from v_now))::bigint,
      'approval_id', v_a.id,
      'workspace_id', v_a.workspace_id,
      'agent_id', v_a.requested_by,
      'execution_id', v_a.execution_id,
      'run_key', (select e.run_key from public.executions e where e.id = v_a.execution_id),
      'tool', v_a.tool,
      'action', v_a.action,
      'call_hash', v_a.call_hash,
      'escalation_level', v_a.escalation_level,
      'decision', case decide_approval.decision when 'approve' then 'approved' else 'rejected' end,
      'status', v_status,
      'approver_id', v_approver,
      'approvers', v_approvers,
      'quorum', jsonb_build_object('required', v_a.quorum_required, 'approvals', v_count),
      'decided_at', to_char(v_now at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
    )
  );
end;
$$;
comment on function private.decide_approval(uuid, text, text) is
  'Records the decision of the approver of the transaction''s claims (a person''s JWT; never an argument) (approve or reject) on an approval under a row lock: two approvers at once make one decision. Refuses non-members (AO404), members below approver (AO403), approvals assigned to someone else (AO403), self-approval (AO403 self_approval), decided approvals (AO409 already_decided) and second votes (AO409 already_voted); an approval past its expiry is expired instead ({ok: false, code: approval_expired}). One rejection rejects; approvals reaching the quorum approve; the run moves on or is canceled; the workspace is notified. Returns {ok, final, vote_id, approval, claims}: the claims the approvals function signs as the receipt. Security definer: called by the approvals function for a verified person.';

create function private.attach_approval_receipt(vote_id uuid, receipt text)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_vote public.approval_votes%rowtype;
begin
  update public.approval_votes v set receipt = attach_approval_receipt.receipt
  where v.id = attach_approval_receipt.vote_id and v.receipt is null
  returning * into v_vote;
  if v_vote.id is null then
    raise exception 'no vote % without a receipt', attach_approval_receipt.vote_id using errcode = 'AO409', hint = 'receipt_already_attached';
  end if;
  -- the vote that decided the approval: its receipt is the approval's signature
  update public.approvals a set approval_signature = attach_approval_receipt.receipt
  where a.id = v_vote.approval_id and a.approval_status in ('approved', 'rejected') and a.approval_signature is null
    and a.approver_id = v_vote.approver_id;
end;
$$;
comment on function private.attach_approval_receipt(uuid, text) is
  'Stores the signed receipt of a vote and, for the vote that decided the approval, as the approval''s approval_signature. Each is written once. Security definer: called by the approvals function in the transaction of the decision.';

create function private.cancel_approval(approval_id uuid, notes text default null)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_exec uuid;
  v_a public.approvals%rowtype;
  v_role text;
  v_agent_id uuid;
  v_key_id uuid;
  v_user_id uuid;
begin
  -- who cancels: the agent or the person of the transaction's claims
  if private.is_agent_token() then
    select c.agent_id, c.key_id into v_agent_id, v_key_id from private.agent_claims() c;
  else
    v_user_id := private.claimed_user_id();
  end if;
  if char_length(cancel_approval.notes) > 4000 then
    raise exception 'notes: must be at most 4000 characters' using errcode = 'AO422', column = 'notes', hint = 'validation_failed';
  end if;
  if v_agent_id is not null then
    perform private.ingest_caller(v_agent_id, v_key_id);
    perform private.set_governance_actor('agent', v_agent_id);
  else
    perform private.set_governance_actor('user', v_user_id);
  end if;

  select a.execution_id into v_exec from public.approvals a where a.id = cancel_approval.approval_id;
  if v_exec is not null then
    perform 1 from public.executions e where e.id = v_exec for no key update;
  end if;
  select * into v_a from public.approvals a where a.id = cancel_approval.approval_id for update;
  if v_agent_id is not null then
    if v_a.id is null or v_a.requested_by <> v_agent_id then
      raise exception 'no approval with this id was requested by this agent' using errcode = 'AO404', column = 'approval_id', hint = 'approval_not_found';
    end if;
  else
    select m.role into v_role from public.workspace_members m where m.workspace_id = v_a.workspace_id and m.user_id = v_user_id;
    if v_a.id is null or v_role is null then
      raise exception 'no approval with this id is visible to you' using errcode = 'AO404', column = 'approval_id', hint = 'approval_not_found';
    end if;
    if private.role_rank(v_role) < private.role_rank('admin') then
      raise exception 'only the requesting agent or a workspace admin cancels an approval' using errcode = 'AO403', hint = 'admin_required';
    end if;
  end if;
  if v_a.approval_status <> 'pending' then
    raise exception 'this approval has already been decided: it is %', v_a.approval_status
      using errcode = 'AO409', column = 'approval_id', hint = 'already_decided';
  end if;

  update public.approvals a
  set approval_status = 'canceled',
      approval_notes = coalesce(cancel_approval.notes, case when v_agent_id is not null then 'canceled by the agent' else 'canceled by an admin' end)
  where a.id = v_a.id
  returning * into v_a;
  perform private.settle_approval_runs(array[v_a.id]);
  perform private.announce_approval_decided(v_a);
  return private.approval_json(v_a);
end;
$$;
comment on function private.cancel_approval(uuid, text) is
  'Withdraws a pending approval: by the agent that asked (its claims: key checked) or by a workspace admin (a person''s claims), as the transaction''s claims say. Its run, if waiting, is canceled. AO404 when not visible, AO403 for non-admins, AO409 when already decided. Security definer: called by the approvals function.';

-- job: pending approvals past their expiry become expired, and their runs are canceled
create function private.expire_approvals()
returns int
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_ids uuid[];
  v_a public.approvals%rowtype;
begin
  perform private.set_governance_actor('system', null);
  with expired as (
    update public.approvals a
    set approval_status = 'expired', approval_notes = coalesce(a.approval_notes, 'expired without a decision')
    where a.approval_status = 'pending' and a.expires_at <= now()
    returning a.id
  )
  select coalesce(array_agg(id), '{}') into v_ids from expired;
  if cardinality(v_ids) = 0 then
    return 0;
  end if;
  perform private.settle_approval_runs(v_ids);
  for v_a in select * from public.approvals a where a.id = any (v_ids) order by a.expires_at loop
    perform private.announce_approval_decided(v_a);
  end loop;
  return cardinality(v_ids);
end;
$$;
comment on function private.expire_approvals() is 'Job (every minute): pending approvals past expires_at become expired, the runs waiting for them are canceled, and their workspaces are notified (approval.expired). Returns how many expired. Security definer so that the scheduler needs no table rights.';

-- a run that was waiting for an approval: it may not go on by itself, and if it ends the approval is moot
create function private.sync_approvals_with_runs()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_run_key text;
  v_a public.approvals%rowtype;
begin
  select n.run_key into v_run_key
  from old_runs o
  join new_runs n on n.id = o.id
  where o.status = 'waiting_approval' and n.status = 'running'
    and exists (select 1 from public.approvals a where a.execution_id = n.id and a.approval_status = 'pending')
  limit 1;
  if v_run_key is not null then
    raise exception 'run % is waiting for an approval: it goes on once the approval is decided', v_run_key
      using errcode = 'AO409', column = 'status', hint = 'approval_pending';
  end if;

  for v_a in
    update public.approvals a
    set approval_status = 'canceled', approval_notes = coalesce(a.approval_notes, format('the run ended as %s', n.status))
    from old_runs o
    join new_runs n on n.id = o.id
    where o.status = 'waiting_approval' and private.is_terminal_status(n.status)
      and a.execution_id = n.id and a.approval_status = 'pending'
    returning a.*
  loop
    perform private.announce_approval_decided(v_a);
  end loop;
  return null;
end;
$$;
comment on function private.sync_approvals_with_runs() is
  'Statement trigger on executions (transition tables; only rows that were waiting_approval are looked at, so ingestion pays a join of its own rows and nothing else): refuses waiting_approval -> running while an approval of the run is pending (AO409 approval_pending), and cancels the pending approvals of runs that ended. Security definer: approvals are not writable by clients.';

-- (attached to public.executions, with every other trigger on runs, in 20261122006900_attach_executions_triggers.sql)

-- decided approvals never change; a pending one may only be (re)assigned
create function private.guard_approval_update()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (new.id, new.workspace_id, new.escalation_level, new.requested_by, new.requested_at, new.tool, new.action, new.arguments,
      new.call_hash, new.estimated_cost_usd, new.estimated_tokens, new.request_reason, new.quorum_required, new.expires_at)
     is distinct from
     (old.id, old.workspace_id, old.escalation_level, old.requested_by, old.requested_at, old.tool, old.action, old.arguments,
      old.call_hash, old.estimated_cost_usd, old.estimated_tokens, old.request_reason, old.quorum_required, old.expires_at)
     or (new.execution_id is distinct from old.execution_id and new.execution_id is not null)
     or (new.decision_id is distinct from old.decision_id and new.decision_id is not null)
     or (new.rule_id is distinct from old.rule_id and new.rule_id is not null)
     or (new.requester_user_id is distinct from old.requester_user_id and new.requester_user_id is not null) then
    raise exception 'what an approval asks for cannot be changed' using errcode = 'AO409', hint = 'approval_immutable';
  end if;

  if old.approval_status <> 'pending' then
    if new.approval_status <> old.approval_status or new.decided_at is distinct from old.decided_at
       or new.approval_notes is distinct from old.approval_notes
       or (new.approver_id is distinct from old.approver_id and new.approver_id is not null) then
      raise exception 'this approval has already been decided: it is %', old.approval_status
        using errcode = 'AO409', column = 'approval_status', hint = 'already_decided';
    end if;
    if old.approval_signature is not null and new.approval_signature is distinct from old.approval_signature then
      raise exception 'the receipt of an approval cannot be changed' using errcode = 'AO409', column = 'approval_signature', hint = 'receipt_immutable';
    end if;
    return new;
  end if;

  if new.approval_status = 'pending' and new.approval_signature is not null then
    raise exception 'a pending approval has no receipt' using errcode = 'AO409', column = 'approval_signature', hint = 'approval_pending';
  end if;
  if new.approval_status = 'pending' and new.approver_id is distinct from old.approver_id and new.approver_id is not null then
    if old.quorum_required > 1 then
      raise exception 'an approval that needs % approvers cannot be assigned to one', old.quorum_required
        using errcode = 'AO409', column = 'approver_id', hint = 'quorum_not_assignable';
    end if;
    if not private.is_workspace_approver(new.workspace_id, new.approver_id) then
      raise exception 'approver_id: is not an approver of this workspace' using errcode = 'AO422', column = 'approver_id', hint = 'validation_failed';
    end if;
    if new.approver_id = old.requester_user_id then
      raise exception 'approver_id: nobody approves their own request' using errcode = 'AO422', column = 'approver_id', hint = 'self_approval';
    end if;
  end if;
  if new.approval_status <> 'pending' and new.decided_at is null then
    new.decided_at := now();
  end if;
  return new;
end;
$$;
comment on function private.guard_approval_update() is
  'Trigger: what an approval asks for never changes; a decided approval never changes again (its receipt is written once); a pending one may be assigned only to an approver of the workspace other than the requester, and only when it needs a single approval. Stamps decided_at.';

create trigger approvals_guard_update before update on public.approvals
  for each row execute function private.guard_approval_update();

create function private.guard_approval_vote_update()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if (new.id, new.workspace_id, new.approval_id, new.decision, new.notes, new.created_at)
     is distinct from (old.id, old.workspace_id, old.approval_id, old.decision, old.notes, old.created_at)
     or (new.approver_id is distinct from old.approver_id and new.approver_id is not null)
     or (old.receipt is not null and new.receipt is distinct from old.receipt) then
    raise exception 'a vote cannot be changed once cast' using errcode = 'AO409', hint = 'vote_immutable';
  end if;
  return new;
end;
$$;
comment on function private.guard_approval_vote_update() is 'Trigger: a vote never changes; only its receipt is written, once.';

create trigger approval_votes_guard_update before update on public.approval_votes
  for each row execute function private.guard_approval_vote_update();

create function private.check_approval_rule()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.approver_id is not null and not private.is_workspace_approver(new.workspace_id, new.approver_id) then
    raise exception 'approver_id: is not an approver of this workspace' using errcode = 'AO422', column = 'approver_id', hint = 'validation_failed';
  end if;
  return new;
end;
$$;
comment on function private.check_approval_rule() is 'Trigger: a rule assigns approvals only to an approver (or admin, owner) of its workspace.';

create trigger approval_rules_check before insert or update of approver_id, workspace_id on public.approval_rules
  for each row execute function private.check_approval_rule();

-- the audit chain: every decision, approval change and vote
create function private.audit_authorization_decision()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.append_governance_audit(new.workspace_id, 'authorize.' || new.outcome, 'authorization_decision', new.id,
    jsonb_build_object('agent_id', new.agent_id, 'execution_id', new.execution_id, 'tool', new.tool, 'action', new.action,
      'call_hash', new.call_hash, 'estimated_cost_usd', new.estimated_cost_usd, 'estimated_tokens', new.estimated_tokens,
      'escalation_level', new.escalation_level, 'outcome', new.outcome, 'reason', new.reason, 'details', new.details));
  return null;
end;
$$;
comment on function private.audit_authorization_decision() is 'Trigger: appends each authorize decision to the governance audit chain. Security definer: the chain is not writable by clients.';

create trigger authorization_decisions_audit after insert on public.authorization_decisions
  for each row execute function private.audit_authorization_decision();

create function private.audit_approval_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    perform private.append_governance_audit(new.workspace_id, 'approval.requested', 'approval', new.id,
      jsonb_build_object('decision_id', new.decision_id, 'agent_id', new.requested_by, 'execution_id', new.execution_id,
        'requester_user_id', new.requester_user_id, 'tool', new.tool, 'action', new.action, 'call_hash', new.call_hash,
        'escalation_level', new.escalation_level, 'quorum_required', new.quorum_required, 'rule_id', new.rule_id,
        'approver_id', new.approver_id, 'expires_at', new.expires_at));
  elsif new.approval_status is distinct from old.approval_status then
    perform private.append_governance_audit(new.workspace_id, 'approval.' || new.approval_status, 'approval', new.id,
      jsonb_build_object('previous_status', old.approval_status, 'status', new.approval_status, 'approver_id', new.approver_id,
        'decided_at', new.decided_at, 'notes', new.approval_notes, 'execution_id', new.execution_id));
  elsif new.approver_id is distinct from old.approver_id and new.approval_status = 'pending' then
    perform private.append_governance_audit(new.workspace_id, 'approval.assigned', 'approval', new.id,
      jsonb_build_object('previous_approver_id', old.approver_id, 'approver_id', new.approver_id));
  end if;
  return null;
end;
$$;
comment on function private.audit_approval_change() is 'Trigger: appends approval requests, status changes (approved, rejected, expired, canceled) and assignments to the governance audit chain. Security definer: the chain is not writable by clients.';

create trigger approvals_audit after insert or update of approval_status, approver_id on public.approvals
  for each row execute function private.audit_approval_change();

create function private.audit_approval_vote()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    perform private.append_governance_audit(new.workspace_id, 'approval.voted', 'approval_vote', new.id,
      jsonb_build_object('approval_id', new.approval_id, 'approver_id', new.approver_id, 'decision', new.decision, 'notes', new.notes));
  elsif new.receipt is not null and old.receipt is null then
    perform private.append_governance_audit(new.workspace_id, 'approval.receipt_signed', 'approval_vote', new.id,
      jsonb_build_object('approval_id', new.approval_id, 'approver_id', new.approver_id,
        'receipt_sha256', encode(sha256(convert_to(new.receipt, 'UTF8')), 'hex')));
  end if;
  return null;
end;
$$;
comment on function private.audit_approval_vote() is 'Trigger: appends each vote and the SHA-256 of each receipt signed for it to the governance audit chain, so that a receipt can be matched to the chain. Security definer: the chain is not writable by clients.';

create trigger approval_votes_audit after insert or update of receipt on public.approval_votes
  for each row execute function private.audit_approval_vote();

select cron.schedule('expire-approvals', '* * * * *', $$select private.expire_approvals()$$);

revoke all on function private.is_workspace_approver(uuid, uuid) from public;
revoke all on function private.approval_expiry(uuid) from public;
revoke all on function private.approval_json(public.approvals) from public;
revoke all on function private.announce_approval_decided(public.approvals) from public;
revoke all on function private.settle_approval_runs(uuid[]) from public;
revoke all on function private.authorize(jsonb) from public;
revoke all on function private.decide_approval(uuid, text, text) from public;
revoke all on function private.attach_approval_receipt(uuid, text) from public;
revoke all on function private.cancel_approval(uuid, text) from public;
revoke all on function private.expire_approvals() from public;
revoke all on function private.sync_approvals_with_runs() from public;
revoke all on function private.guard_approval_update() from public;
revoke all on function private.guard_approval_vote_update() from public;
revoke all on function private.check_approval_rule() from public;
revoke all on function private.audit_authorization_decision() from public;
revoke all on function private.audit_approval_change() from public;
revoke all on function private.audit_approval_vote() from public;
grant execute on function private.is_workspace_approver(uuid, uuid) to authenticated, service_role;
grant execute on function private.approval_expiry(uuid) to authenticated, service_role;
grant execute on function private.approval_json(public.approvals) to authenticated, service_role;
grant execute on function private.authorize(jsonb) to service_role;
grant execute on function private.decide_approval(uuid, text, text) to service_role;
grant execute on function private.attach_approval_receipt(uuid, text) to service_role;
grant execute on function private.cancel_approval(uuid, text) to service_role;
grant execute on function private.expire_approvals() to service_role;

revoke all on public.approval_rules, public.authorization_decisions, public.approvals, public.approval_votes from anon, authenticated;
grant select, insert, update, delete on public.approval_rules to authenticated;
grant select on public.authorization_decisions to authenticated;
grant select on public.approvals to authenticated;
grant update (approver_id) on public.approvals to authenticated;
grant select on public.approval_votes to authenticated;

alter publication supabase_realtime add table public.approvals;

alter table public.approval_rules enable row level security;
alter table public.authorization_decisions enable row level security;
alter table public.approvals enable row level security;
alter table public.approval_votes enable row level security;

create policy approval_rules_select on public.approval_rules for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
create policy approval_rules_insert on public.approval_rules for insert to authenticated
  with check ((select private.has_role(workspace_id, 'admin')));
create policy approval_rules_update on public.approval_rules for update to authenticated
  using ((select private.has_role(workspace_id, 'admin')))
  with check ((select private.has_role(workspace_id, 'admin')));
create policy approval_rules_delete on public.approval_rules for delete to authenticated
  using ((select private.has_role(workspace_id, 'admin')));

-- every decision is visible to the workspace; an agent sees its own
create policy authorization_decisions_select on public.authorization_decisions for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')) or agent_id = (select private.current_agent_id()));

-- seed 000 approval_isolation, per workspace: approvers see what is theirs or unassigned; admins see
-- all of their workspace's; the requesting agent sees its own
create policy approvals_select on public.approvals for select to authenticated
  using (
    workspace_id in (select private.workspace_ids('admin'))
    or (workspace_id in (select private.workspace_ids('approver')) and (approver_id is null or approver_id = (select auth.uid())))
    or requested_by = (select private.current_agent_id())
  );
-- (re)assigning a pending approval: admins to any approver; an approver claims an unassigned one
create policy approvals_update on public.approvals for update to authenticated
  using (
    (select private.has_role(workspace_id, 'admin'))
    or ((select private.has_role(workspace_id, 'approver')) and approver_id is null)
  )
  with check (
    (select private.has_role(workspace_id, 'admin'))
    or ((select private.has_role(workspace_id, 'approver')) and approver_id = (select auth.uid()))
  );

create policy approval_votes_select on public.approval_votes for select to authenticated
  using (approval_id in (select a.id from public.approvals a));
