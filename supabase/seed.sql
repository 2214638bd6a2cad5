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
