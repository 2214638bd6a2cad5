-- Test helpers every pgTAP file uses (after supabase-test-helpers / basejump): pgTAP itself,
-- users and agents created in one call, identity switching, frozen time.
-- Runs first (pg_prove takes files in name order) and commits, so later files can use them.
create extension if not exists pgtap with schema extensions;

create schema if not exists tests;
grant usage on schema tests to anon, authenticated, service_role;

-- a Supabase Auth user with a known id and email; returns the id
create or replace function tests.create_user(email text, id uuid default gen_random_uuid())
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into auth.users (id, aud, role, email, raw_user_meta_data)
  values (create_user.id, 'authenticated', 'authenticated', create_user.email, jsonb_build_object('full_name', create_user.email));
  return create_user.id;
end;
$$;

-- a workspace owned by owner_id; returns its id
create or replace function tests.create_workspace(slug text, owner_id uuid)
returns uuid
language sql
security definer
set search_path = ''
as $$
  insert into public.workspaces (slug, name, created_by) values (create_workspace.slug, create_workspace.slug, create_workspace.owner_id)
  returning id
$$;

create or replace function tests.add_member(workspace_id uuid, user_id uuid, role text)
returns void
language sql
security definer
set search_path = ''
as $$
  insert into public.workspace_members (workspace_id, user_id, role) values (add_member.workspace_id, add_member.user_id, add_member.role)
$$;

-- an active agent with a live key; returns the agent id (the key id is agent id's sibling in agent_api_keys)
create or replace function tests.create_agent(workspace_id uuid, slug text, escalation_level int default 1,
  capabilities text[] default array['generate:text'], tools text[] default array['openai-api'])
returns uuid
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_agent uuid;
begin
  insert into public.agents (workspace_id, slug, name, escalation_level, capabilities, tools_granted)
  values (create_agent.workspace_id, create_agent.slug, create_agent.slug, create_agent.escalation_level, create_agent.capabilities, create_agent.tools)
  returning id into v_agent;
  insert into public.agent_api_keys (workspace_id, agent_id, prefix, key_hash)
  values (create_agent.workspace_id, v_agent, 'ak_' || substr(md5(v_agent::text), 1, 8),
          encode(sha256(convert_to(v_agent::text, 'UTF8')), 'hex'));
  return v_agent;
end;
$$;

-- act as a signed-in person for the rest of the transaction
create or replace function tests.authenticate_as(user_id uuid)
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform set_config('request.jwt.claims', jsonb_build_object(
    'sub', authenticate_as.user_id, 'role', 'authenticated', 'aud', 'authenticated')::text, true);
  perform set_config('role', 'authenticated', true);
end;
$$;

-- the claims agent-auth would put in an agent's JWT (security definer: works whoever is acting)
create or replace function tests.agent_claims(agent_id uuid)
returns jsonb
language sql
security definer
set search_path = ''
as $$
  select jsonb_build_object('sub', a.id, 'role', 'authenticated', 'aud', 'authenticated', 'actor', 'agent',
    'workspace_id', a.workspace_id, 'key_id', k.id)
  from public.agents a join public.agent_api_keys k on k.agent_id = a.id
  where a.id = agent_claims.agent_id
  order by k.created_at
  limit 1
$$;

-- act as an agent holding a JWT from agent-auth
create or replace function tests.authenticate_as_agent(agent_id uuid)
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform set_config('request.jwt.claims', tests.agent_claims(authenticate_as_agent.agent_id)::text, true);
  perform set_config('role', 'authenticated', true);
end;
$$;

-- call a privileged function as a request does: the claims the functions would set from the verified
-- JWT put in place for the one call, the role unchanged, the earlier claims put back. `call` is the
-- SQL expression to evaluate (its arguments quoted with format's %L); its value comes back as text.
create or replace function tests.call_with_claims(claims jsonb, call text)
returns text
language plpgsql
set search_path = ''
as $$
declare
  v_before text := coalesce(current_setting('request.jwt.claims', true), '');
  v_result text;
begin
  perform set_config('request.jwt.claims', call_with_claims.claims::text, true);
  execute format('select (%s)::text', call_with_claims.call) into v_result;
  perform set_config('request.jwt.claims', v_before, true);
  return v_result;
end;
$$;

-- the claims of a person's JWT (Supabase Auth)
create or replace function tests.person_claims(user_id uuid)
returns jsonb
language sql
immutable
set search_path = ''
as $$
  select jsonb_build_object('sub', person_claims.user_id, 'role', 'authenticated', 'aud', 'authenticated')
$$;

-- the claims agent-auth would put in an agent's JWT for one of its keys (security definer: works
-- whoever is acting)
create or replace function tests.agent_key_claims(agent_id uuid, key_id uuid)
returns jsonb
language sql
security definer
set search_path = ''
as $$
  select jsonb_build_object('sub', a.id, 'role', 'authenticated', 'aud', 'authenticated',
    'actor', 'agent', 'workspace_id', a.workspace_id, 'key_id', agent_key_claims.key_id)
  from public.agents a where a.id = agent_key_claims.agent_id
$$;

create or replace function tests.authorize(agent_id uuid, key_id uuid, request jsonb)
returns jsonb
language sql
set search_path = ''
as $$
  select tests.call_with_claims(tests.agent_key_claims(authorize.agent_id, authorize.key_id),
    format('private.authorize(%L::jsonb)', authorize.request))::jsonb
$$;

create or replace function tests.ingest_runs(agent_id uuid, key_id uuid, runs jsonb, source text default 'agent')
returns jsonb
language sql
set search_path = ''
as $$
  select tests.call_with_claims(tests.agent_key_claims(ingest_runs.agent_id, ingest_runs.key_id),
    format('private.ingest_runs(%L::jsonb, %L)', ingest_runs.runs, ingest_runs.source))::jsonb
$$;

create or replace function tests.ingest_metric_samples(agent_id uuid, key_id uuid, samples jsonb)
returns jsonb
language sql
set search_path = ''
as $$
  select tests.call_with_claims(tests.agent_key_claims(ingest_metric_samples.agent_id, ingest_metric_samples.key_id),
    format('private.ingest_metric_samples(%L::jsonb)', ingest_metric_samples.samples))::jsonb
$$;

-- an agent reports a run conflict with its first key
create or replace function tests.record_run_conflict(agent_id uuid, run_key text, field text, reason text, message text, source text default 'agent')
returns void
language sql
set search_path = ''
as $$
  select tests.call_with_claims(tests.agent_claims(record_run_conflict.agent_id),
    format('private.record_run_conflict(%L, %L, %L, %L, %L)', record_run_conflict.run_key, record_run_conflict.field,
      record_run_conflict.reason, record_run_conflict.message, record_run_conflict.source));
$$;

create or replace function tests.decide_approval(approval_id uuid, approver_id uuid, decision text, notes text default null)
returns jsonb
language sql
set search_path = ''
as $$
  select tests.call_with_claims(tests.person_claims(decide_approval.approver_id),
    format('private.decide_approval(%L::uuid, %L, %L)', decide_approval.approval_id, decide_approval.decision,
      decide_approval.notes))::jsonb
$$;

-- a person records dashboard activity (the person read from the claims, as the activity function sets them)
create or replace function tests.record_activity(user_id uuid, events jsonb, ip_address text default null, user_agent text default null)
returns int
language sql
set search_path = ''
as $$
  select tests.call_with_claims(tests.person_claims(record_activity.user_id),
    format('private.record_activity(%L::jsonb, %L, %L)', record_activity.events, record_activity.ip_address,
      record_activity.user_agent))::int
$$;

-- an agent (with its key) or a person cancels
create or replace function tests.cancel_approval(approval_id uuid, agent_id uuid default null, key_id uuid default null, user_id uuid default null, notes text default null)
returns jsonb
language sql
set search_path = ''
as $$
  select tests.call_with_claims(
    case when cancel_approval.agent_id is not null then tests.agent_key_claims(cancel_approval.agent_id, cancel_approval.key_id)
         else tests.person_claims(cancel_approval.user_id) end,
    format('private.cancel_approval(%L::uuid, %L)', cancel_approval.approval_id, cancel_approval.notes))::jsonb
$$;

create or replace function tests.authenticate_as_anon()
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform set_config('request.jwt.claims', '{"role": "anon"}', true);
  perform set_config('role', 'anon', true);
end;
$$;

create or replace function tests.authenticate_as_service_role()
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform set_config('request.jwt.claims', '{"role": "service_role"}', true);
  perform set_config('role', 'service_role', true);
end;
$$;

-- back to the test's own (superuser) identity
create or replace function tests.clear_authentication()
returns void
language plpgsql
set search_path = ''
as $$
begin
  perform set_config('role', 'postgres', true);
  perform set_config('request.jwt.claims', '', true);
end;
$$;

-- the number of rows of a table the current identity can see (for RLS assertions)
create or replace function tests.visible_rows(relation regclass)
returns bigint
language plpgsql
set search_path = ''
as $$
declare
  v_count bigint;
begin
  execute format('select count(*) from %s', relation) into v_count;
  return v_count;
end;
$$;

grant execute on all functions in schema tests to anon, authenticated, service_role;

begin;
select plan(1);
select has_schema('tests', 'the tests schema with its helpers exists');
select * from finish();
commit;
