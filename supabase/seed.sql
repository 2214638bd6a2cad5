-- Demo data only: one workspace, its admin, an approver and a viewer, and the seed's
-- content-gen-v1 agent with a known API key, so that `npm start` can be tried at once.
-- The demo key and passwords are public: never load this file into a real project.

insert into auth.users (id, aud, role, email, raw_user_meta_data, email_confirmed_at)
values
  ('00000000-0000-4000-a000-000000000001', 'authenticated', 'authenticated', 'admin@demo.local', '{"full_name": "Demo Admin"}', now()),
  ('00000000-0000-4000-a000-000000000002', 'authenticated', 'authenticated', 'approver@demo.local', '{"full_name": "Demo Approver"}', now()),
  ('00000000-0000-4000-a000-000000000003', 'authenticated', 'authenticated', 'viewer@demo.local', '{"full_name": "Demo Viewer"}', now())
on conflict (id) do nothing;

insert into public.workspaces (id, slug, name, plan, created_by)
values ('00000000-0000-4000-b000-000000000001', 'demo', 'Demo Workspace', 'pro', '00000000-0000-4000-a000-000000000001')
on conflict (id) do nothing;

insert into public.workspace_members (workspace_id, user_id, role, granted_by)
values
  ('00000000-0000-4000-b000-000000000001', '00000000-0000-4000-a000-000000000002', 'approver', '00000000-0000-4000-a000-000000000001'),
  ('00000000-0000-4000-b000-000000000001', '00000000-0000-4000-a000-000000000003', 'viewer', '00000000-0000-4000-a000-000000000001')
on conflict do nothing;

insert into public.agents (id, workspace_id, slug, name, role, type, agent_group, capabilities, tools_granted, escalation_level, created_by)
values
  ('00000000-0000-4000-c000-000000000001', '00000000-0000-4000-b000-000000000001', 'content-gen-v1', 'Content Generator',
   'content_generation', 'media', 'marketing', array['generate:text', 'estimate:cost'], array['openai-api', 'analytics-api'], 2,
   '00000000-0000-4000-a000-000000000001')
on conflict (id) do nothing;

-- demo key: ak_demo0001_DemoSecretForLocalUseOnly0000000000000000
insert into public.agent_api_keys (id, workspace_id, agent_id, name, prefix, key_hash, created_by)
values (
  '00000000-0000-4000-d000-000000000001', '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-c000-000000000001',
  'demo', 'ak_demo0001',
  encode(sha256(convert_to('ak_demo0001_DemoSecretForLocalUseOnly0000000000000000', 'UTF8')), 'hex'),
  '00000000-0000-4000-a000-000000000001'
)
on conflict (id) do nothing;

insert into public.agent_templates (workspace_id, name, description, type, default_config, default_capabilities, default_tools, is_public)
values
  (null, 'Content generator', 'Writes marketing copy with an LLM and estimates its cost.', 'media',
   '{"model": "gpt-4o-mini", "temperature": 0.7}', array['generate:text', 'estimate:cost'], array['openai-api'], true),
  ('00000000-0000-4000-b000-000000000001', 'Web researcher', 'Searches the web and summarises sources.', 'websearch',
   '{"model": "claude-3-5-haiku", "max_sources": 8}', array['search:web', 'generate:text'], array['search-api', 'anthropic-api'], false);

-- demo n8n signing secret (Standard Webhooks): whsec_ZGVtby1uOG4tc2lnbmluZy1zZWNyZXQtMDAwMDAwMDA=
insert into private.webhook_secrets (workspace_id, purpose, secret, created_by)
select '00000000-0000-4000-b000-000000000001', 'n8n', 'whsec_ZGVtby1uOG4tc2lnbmluZy1zZWNyZXQtMDAwMDAwMDA=', '00000000-0000-4000-a000-000000000001'
where not exists (select 1 from private.webhook_secrets where workspace_id = '00000000-0000-4000-b000-000000000001');

-- demo runs of content-gen-v1 over the last days, through the same function agents use
select private.ingest_runs(
  (select jsonb_agg(jsonb_build_object(
    'run_key', 'demo-' || g,
    'status', case when g % 10 = 0 then 'failed' when g % 17 = 0 then 'canceled' else 'succeeded' end,
    'started_at', now() - make_interval(hours => g * 3),
    'ended_at', now() - make_interval(hours => g * 3) + make_interval(secs => 1 + (g % 7)),
    'model', case when g % 3 = 0 then 'gpt-4o' else 'gpt-4o-mini' end,
    'tokens_in', 500 + g * 10, 'tokens_out', 100 + g,
    'user_id', case when g % 2 = 0 then '00000000-0000-4000-a000-000000000001' else '00000000-0000-4000-a000-000000000002' end,
    'user_rating', case when g % 4 = 0 then 5 when g % 5 = 0 then 3 end,
    'error_type', case when g % 10 = 0 then 'rate_limit' end,
    'error_message', case when g % 10 = 0 then 'OpenAI 429: rate limit reached for request ' || g end,
    'project', null,
    'spans', jsonb_build_array(
      jsonb_build_object('span_key', 'plan', 'kind', 'thought', 'name', 'plan the copy', 'started_at', now() - make_interval(hours => g * 3),
        'content', 'Lead with the benefit', 'confidence', 0.8, 'node_type', 'processing'),
      jsonb_build_object('span_key', 'llm', 'parent_span_key', 'plan', 'kind', 'llm', 'name', 'chat', 'started_at', now() - make_interval(hours => g * 3),
        'gen_ai_system', 'openai', 'gen_ai_request_model', case when g % 3 = 0 then 'gpt-4o' else 'gpt-4o-mini' end,
        'gen_ai_usage_input_tokens', 500 + g * 10, 'gen_ai_usage_output_tokens', 100 + g))
  )) from generate_series(1, 40) g))
from (select set_config('request.jwt.claims', '{"sub": "00000000-0000-4000-c000-000000000001", "role": "authenticated", "actor": "agent", "workspace_id": "00000000-0000-4000-b000-000000000001", "key_id": "00000000-0000-4000-d000-000000000001"}', true)) as claims
where not exists (select 1 from public.executions where run_key = 'demo-1');

insert into public.projects (workspace_id, slug, name, goals, target_audience, owner_user_id)
values ('00000000-0000-4000-b000-000000000001', 'q4-campaign-2025', 'Q4 campaign', 'Holiday product launch copy', 'eco-conscious shoppers',
  '00000000-0000-4000-a000-000000000001')
on conflict on constraint projects_workspace_slug_key do nothing;

insert into public.tasks (workspace_id, external_task_key, owner_agent_id, group_key, category, title)
values ('00000000-0000-4000-b000-000000000001', 'task-headlines', '00000000-0000-4000-c000-000000000001', 'marketing', 'copywriting', 'Write launch headlines')
on conflict on constraint tasks_workspace_key_key do nothing;

select private.ingest_metric_samples(
  '[{"metric_type": "accuracy", "value": 0.93, "unit": "ratio", "run_key": "demo-1"}, {"metric_type": "response_time", "value": 1200, "unit": "ms"}]')
from (select set_config('request.jwt.claims', '{"sub": "00000000-0000-4000-c000-000000000001", "role": "authenticated", "actor": "agent", "workspace_id": "00000000-0000-4000-b000-000000000001", "key_id": "00000000-0000-4000-d000-000000000001"}', true)) as claims
where not exists (select 1 from public.metric_samples where workspace_id = '00000000-0000-4000-b000-000000000001');

-- a negotiated price for the last two days: re-prices the demo runs it covers (cost_adjustments)
insert into public.model_prices (workspace_id, model_name, provider, model_pattern, input_per_mtok, output_per_mtok, valid_from, created_by)
select '00000000-0000-4000-b000-000000000001', 'gpt-4o-mini (negotiated)', 'openai', '^gpt-4o-mini$', 0.12, 0.48,
  date_trunc('day', now()) - interval '2 days', '00000000-0000-4000-a000-000000000001'
where not exists (select 1 from public.model_prices where workspace_id = '00000000-0000-4000-b000-000000000001');

-- an n8n workflow with a successful and a failed execution, as the webhook stores them
select private.ingest_n8n_execution('00000000-0000-4000-b000-000000000001', 'demo-delivery-' || x.id, x.payload)
from (values
  ('1', '{"execution_id": "901", "workflow_id": "42", "workflow_name": "Publish blog post", "mode": "trigger", "status": "success",
          "started_at": "2026-11-20T08:00:00Z", "stopped_at": "2026-11-20T08:00:12Z", "last_node_executed": "Publish"}'::jsonb),
  ('2', '{"execution_id": "902", "workflow_id": "42", "workflow_name": "Publish blog post", "mode": "trigger", "status": "error",
          "error_message": "WordPress answered 502", "last_node_executed": "Publish"}'::jsonb)
) as x (id, payload)
where not exists (select 1 from public.workflows where workspace_id = '00000000-0000-4000-b000-000000000001');
update public.workflows set agent_id = '00000000-0000-4000-c000-000000000001', trigger_config = '{"cron": "0 8 * * *"}'
where workspace_id = '00000000-0000-4000-b000-000000000001' and n8n_workflow_id = '42';

-- a routing decision with its request embedding (a fixed direction, so similarity queries are predictable)
-- (the outcome columns are what the routing trigger keeps from the run; a direct insert sets them)
insert into public.routing_decisions (workspace_id, execution_id, from_agent_id, selected_agent_id, query_text, candidates, reason, confidence, embedding,
  outcome_status, outcome_cost_usd, outcome_duration_ms, outcome_at)
select e.workspace_id, e.id, null, e.agent_id, 'write three launch headlines',
  ('[{"agent_id": "' || e.agent_id || '", "slug": "content-gen-v1", "score": 0.91}]')::jsonb, 'best match for copywriting', 0.91,
  (select array_agg(case when i <= 8 then 0.35355339 else 0 end) from generate_series(1, 1536) i)::extensions.vector,
  e.status, e.cost_usd, e.duration_ms, now()
from public.executions e
where e.workspace_id = '00000000-0000-4000-b000-000000000001' and e.run_key = 'demo-1'
  and not exists (select 1 from public.routing_decisions where workspace_id = '00000000-0000-4000-b000-000000000001');

-- a late report that contradicted a finished run: refused with 409 and kept for operators
insert into public.run_conflicts (workspace_id, execution_id, run_key, agent_id, source, field, reason, message)
select e.workspace_id, e.id, e.run_key, e.agent_id, 'agent', 'runs.0.status', 'run_final',
  format('the run has ended as %s: it cannot become failed', e.status)
from public.executions e
where e.workspace_id = '00000000-0000-4000-b000-000000000001' and e.run_key = 'demo-1'
  and not exists (select 1 from public.run_conflicts where workspace_id = '00000000-0000-4000-b000-000000000001');

-- a few Edge Function calls, as the functions record them
insert into public.api_usage (workspace_id, agent_id, function_name, endpoint, method, status_code, response_time_ms, request_id, created_at)
select '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-c000-000000000001', 'ingest', '/ingest/runs', 'POST',
  case when g % 9 = 0 then 429 else 200 end, 20 + g, 'demo-' || g, now() - make_interval(mins => g * 7)
from generate_series(1, 12) g
where not exists (select 1 from public.api_usage where workspace_id = '00000000-0000-4000-b000-000000000001');
