-- authorize refuses an agent that is not active (AO403 agent_not_active) instead of recording a
-- denial: like a revoked key, a blocked or paused agent's still-valid token is an authentication
-- failure on every agent route (ingest, agent-auth, approvals), and it writes nothing at all, so
-- that a blocked agent cannot fill the decisions table or the audit chain. Denials that are
-- decisions (limits, capability, tool grant) are still answered and recorded as before.

create or replace function private.authorize(agent_id uuid, key_id uuid, request jsonb)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_req jsonb := coalesce(authorize.request, '{}'::jsonb);
  v_agent public.agents%rowtype;
  v_ws uuid;
  v_status text;
  v_slug text;
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
  v_hint text;
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

  perform private.set_governance_actor('agent', authorize.agent_id);

  -- the caller: a live key of an active agent. Otherwise 401 or 403, as on every agent route: a
  -- refused token is authentication, not a decision, and writes nothing (not even an audit row)
  select a.workspace_id, a.status, a.slug into v_ws, v_status, v_slug
  from public.agents a
  join public.agent_api_keys k on k.agent_id = a.id and k.id = authorize.key_id
  where a.id = authorize.agent_id and k.revoked_at is null and (k.expires_at is null or k.expires_at > now());
  if v_ws is null then
    raise exception 'the agent''s key has been revoked or has expired' using errcode = 'AO401', hint = 'revoked_api_key';
  end if;
  if v_status <> 'active' then
    raise exception 'agent % is %: it cannot be authorized', v_slug, v_status using errcode = 'AO403', hint = 'agent_not_active';
  end if;
  if v_on_behalf is not null and not exists (
    select 1 from public.workspace_members m where m.workspace_id = v_ws and m.user_id = v_on_behalf
  ) then
    raise exception 'on_behalf_of: is not a member of the agent''s workspace' using errcode = 'AO422', column = 'on_behalf_of', hint = 'validation_failed';
  end if;

  -- the run first, then the agent: the order ingest takes its locks in
  if v_run_key is not null then
    select e.id, e.status, e.agent_id, e.user_id into v_exec_id, v_exec_status, v_exec_agent, v_exec_user
    from public.executions e where e.workspace_id = v_ws and e.run_key = v_run_key
    for no key update;
    if v_exec_id is not null and v_exec_agent is distinct from authorize.agent_id then
      raise exception 'run_key: belongs to a run of another agent' using errcode = 'AO409', column = 'run_key', hint = 'run_key_conflict';
    end if;
    if v_exec_id is not null and private.is_terminal_status(v_exec_status) then
      raise exception 'run_key: the run has already ended (%)', v_exec_status using errcode = 'AO409', column = 'run_key', hint = 'run_finished';
    end if;
  end if;
  select * into v_agent from public.agents a where a.id = authorize.agent_id for no key update;

  -- (its status again, under the lock: a block that committed meanwhile wins)
  if v_agent.status <> 'active' then
    raise exception 'agent % is %: it cannot be authorized', v_agent.slug, v_agent.status using errcode = 'AO403', hint = 'agent_not_active';
  end if;

  -- the checks, in order; the first that fails is the reason
  begin
    v_quota := private.consume_quota(authorize.agent_id, 1, 0, 0);
  exception when sqlstate 'AO429' then
    get stacked diagnostics v_message = message_text, v_hint = pg_exception_hint;
    v_details := v_hint::jsonb;
    v_reason := coalesce(v_details ->> 'code', 'quota_exceeded');
  end;
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
  if v_reason is null then
    begin
      v_quota := v_quota || private.check_quota(authorize.agent_id, v_tokens, v_cost);
    exception when sqlstate 'AO429' then
      get stacked diagnostics v_message = message_text, v_hint = pg_exception_hint;
      v_details := v_hint::jsonb;
      v_reason := coalesce(v_details ->> 'code', 'quota_exceeded');
    end;
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
      values (v_ws, authorize.agent_id, v_run_key, 'agent', v_on_behalf,
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
  values (v_ws, authorize.agent_id, v_exec_id, v_tool, v_action, v_call_hash, v_cost, v_tokens, v_agent.escalation_level,
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
    if v_assignee is not null and (v_assignee = v_requester or not private.is_workspace_approver(v_ws, v_assignee)) then
      v_assignee := null;
    end if;

    insert into public.approvals (workspace_id, execution_id, decision_id, escalation_level, requested_by, requester_user_id,
      tool, action, arguments, call_hash, estimated_cost_usd, estimated_tokens, request_reason, quorum_required, rule_id,
      approver_id, expires_at)
    values (v_ws, v_exec_id, v_decision_id, v_agent.escalation_level, authorize.agent_id, v_requester,
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
  where a.id = authorize.agent_id and (a.last_activity_at is null or a.last_activity_at < now() - interval '1 minute');

  return jsonb_build_object(
    'decision', case when v_outcome = 'denied' then 'deny' when v_outcome like 'pending%' then 'pending' else 'allow' end,
    'outcome', v_outcome,
    'decision_id', v_decision_id,
    'agent_id', authorize.agent_id,
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
comment on function private.authorize(uuid, uuid, jsonb) is
  'Answers an agent''s request to use a tool for an action, in one transaction (see the approvals migration): request {tool, action, call_hash, arguments?, estimated_cost_usd?, estimated_tokens?, run_key?, reason?, on_behalf_of?}; answer {decision allow|pending|deny, outcome, reason, message, details, approval, execution_id, quota, ...}. Records the decision, opens an approval for levels 3 and 4, notifies approvers for levels 2 to 4. Refused with nothing written: AO401 for a dead key, AO403 for an agent that is not active, AO422 naming the field for bad input, AO409 for a run_key of another agent or of a finished run. Security definer: called by the authorize function for a verified agent.';

revoke all on function private.authorize(uuid, uuid, jsonb) from public;
grant execute on function private.authorize(uuid, uuid, jsonb) to service_role;
