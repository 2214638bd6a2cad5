-- Two refinements of deciding approvals:
-- * a vote's time is the moment it was cast (clock_timestamp(), not the transaction's start), so
--   the approvers a receipt lists are in the order they voted, also for votes cast in one
--   transaction;
-- * the self-approval refusal says why: the requester of an approval is the person named by
--   on_behalf_of, else the run's user, else the agent's creator ("requested on your behalf" misled
--   the agent's creator).

alter table public.approval_votes alter column created_at set default clock_timestamp();
comment on column public.approval_votes.created_at is 'When the vote was cast (clock time: votes of one transaction keep their order).';

create or replace function private.decide_approval(approval_id uuid, approver_id uuid, decision text, notes text default null)
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
begin
  if decide_approval.decision is null or decide_approval.decision not in ('approve', 'reject') then
    raise exception 'decision: must be approve or reject' using errcode = 'AO422', column = 'decision', hint = 'validation_failed';
  end if;
  if char_length(decide_approval.notes) > 4000 then
    raise exception 'notes: must be at most 4000 characters' using errcode = 'AO422', column = 'notes', hint = 'validation_failed';
  end if;
  perform private.set_governance_actor('user', decide_approval.approver_id);

  -- lock order: the run, then the approval (as a run that ends cancels its approvals)
  select a.execution_id into v_exec from public.approvals a where a.id = decide_approval.approval_id;
  if v_exec is not null then
    perform 1 from public.executions e where e.id = v_exec for no key update;
  end if;
  select * into v_a from public.approvals a where a.id = decide_approval.approval_id for update;
  select m.role into v_role from public.workspace_members m
  where m.workspace_id = v_a.workspace_id and m.user_id = decide_approval.approver_id;
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
  if v_a.approver_id is not null and v_a.approver_id <> decide_approval.approver_id then
    raise exception 'this approval is assigned to another approver' using errcode = 'AO403', hint = 'assigned_to_another_approver';
  end if;
  if v_a.requester_user_id = decide_approval.approver_id then
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
  if exists (select 1 from public.approval_votes v where v.approval_id = v_a.id and v.approver_id = decide_approval.approver_id) then
    raise exception 'you have already voted on this approval' using errcode = 'AO409', column = 'approval_id', hint = 'already_voted';
  end if;

  insert into public.approval_votes (workspace_id, approval_id, approver_id, decision, notes)
  values (v_a.workspace_id, v_a.id, decide_approval.approver_id, decide_approval.decision, decide_approval.notes)
  returning id into v_vote_id;

  select count(*), coalesce(jsonb_agg(v.approver_id order by v.created_at, v.id), '[]'::jsonb)
  into v_count, v_approvers
  from public.approval_votes v where v.approval_id = v_a.id and v.decision = 'approve';
  v_status := case when decide_approval.decision = 'reject' then 'rejected' when v_count >= v_a.quorum_required then 'approved' else 'pending' end;

  if v_status <> 'pending' then
    update public.approvals a
    set approval_status = v_status, decided_at = v_now, approver_id = decide_approval.approver_id,
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
      'approver_id', decide_approval.approver_id,
      'approvers', v_approvers,
      'quorum', jsonb_build_object('required', v_a.quorum_required, 'approvals', v_count),
      'decided_at', to_char(v_now at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
    )
  );
end;
$$;
comment on function private.decide_approval(uuid, uuid, text, text) is
  'Records an approver''s decision (approve or reject) on an approval under a row lock: two approvers at once make one decision. Refuses non-members (AO404), members below approver (AO403), approvals assigned to someone else (AO403), self-approval (AO403 self_approval), decided approvals (AO409 already_decided) and second votes (AO409 already_voted); an approval past its expiry is expired instead ({ok: false, code: approval_expired}). One rejection rejects; approvals reaching the quorum approve; the run moves on or is canceled; the workspace is notified. Returns {ok, final, vote_id, approval, claims}: the claims the approvals function signs as the receipt. Security definer: called by the approvals function for a verified person.';

revoke all on function private.decide_approval(uuid, uuid, text, text) from public;
grant execute on function private.decide_approval(uuid, uuid, text, text) to service_role;
