-- Demo data for governance: a second demo agent at escalation level 3 (publisher-v1, known key),
-- approval rules, a deployment history, and real authorize decisions made through
-- private.authorize (one allowed and notified, one pending approval), so that the approvals
-- loop in docs/governance.md can be tried at once with `npm start`.
-- The demo key is public: never load this file into a real project.

insert into public.agents (id, workspace_id, slug, name, role, type, agent_group, capabilities, tools_granted, escalation_level,
  config, created_by)
values (
  '00000000-0000-4000-c000-000000000401', '00000000-0000-4000-b000-000000000001', 'publisher-v1', 'Publisher',
  'publisher', 'media', 'marketing', array['publish:post', 'generate:text'], array['cms-api', 'openai-api'], 3,
  '{"model": "gpt-4o-mini"}', '00000000-0000-4000-a000-000000000001'
)
on conflict (id) do nothing;

-- demo key: ak_demo0401_DemoSecretForLocalUseOnly0000000000000000
insert into public.agent_api_keys (id, workspace_id, agent_id, name, prefix, key_hash, created_by)
values (
  '00000000-0000-4000-d000-000000000401', '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-c000-000000000401',
  'demo', 'ak_demo0401',
  encode(sha256(convert_to('ak_demo0401_DemoSecretForLocalUseOnly0000000000000000', 'UTF8')), 'hex'),
  '00000000-0000-4000-a000-000000000001'
)
on conflict (id) do nothing;

insert into public.approval_rules (workspace_id, name, min_escalation_level, min_estimated_cost_usd, required_approvals, created_by)
values
  ('00000000-0000-4000-b000-000000000001', 'Two approvers above 100 USD', 3, 100, 2, '00000000-0000-4000-a000-000000000001'),
  ('00000000-0000-4000-b000-000000000001', 'Two approvers when a person must act', 4, null, 2, '00000000-0000-4000-a000-000000000001')
on conflict on constraint approval_rules_workspace_name_key do nothing;

-- deployments: version 1 deployed by hand, then a config change makes version 2 (pending)
insert into public.deployments (workspace_id, agent_id, status, trigger_type, config, deployment_url, created_by)
select '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-c000-000000000401', 'deployed', 'manual',
  '{"config": {"model": "gpt-4o-mini"}, "deployment_config": {}}', 'https://agents.demo.local/publisher-v1',
  '00000000-0000-4000-a000-000000000001'
where not exists (select 1 from public.deployments where agent_id = '00000000-0000-4000-c000-000000000401');

update public.agents set config = '{"model": "gpt-4o", "temperature": 0.4}'
where id = '00000000-0000-4000-c000-000000000401' and config = '{"model": "gpt-4o-mini"}';

-- decisions through the real function; call_hash is SHA-256 of the RFC 8785 canonical JSON of the call
select private.authorize(jsonb_build_object(
  'tool', 'openai-api', 'action', 'generate:text', 'estimated_cost_usd', 0.02, 'estimated_tokens', 1200,
  'arguments', '{"model": "gpt-4o-mini", "prompt": "Three headlines for an eco-friendly bottle"}'::jsonb,
  'call_hash', encode(sha256(convert_to('{"action":"generate:text","arguments":{"model":"gpt-4o-mini","prompt":"Three headlines for an eco-friendly bottle"},"tool":"openai-api"}', 'UTF8')), 'hex')))
from (select set_config('request.jwt.claims', jsonb_build_object('sub', a.id, 'role', 'authenticated', 'actor', 'agent',
  'workspace_id', a.workspace_id, 'key_id', '00000000-0000-4000-d000-000000000001')::text, true) from public.agents a where a.id = '00000000-0000-4000-c000-000000000001') as claims
where not exists (select 1 from public.authorization_decisions where agent_id = '00000000-0000-4000-c000-000000000001');

select private.authorize(jsonb_build_object(
  'tool', 'cms-api', 'action', 'publish:post', 'estimated_cost_usd', 0.5, 'estimated_tokens', 0, 'run_key', 'demo-publish-001',
  'reason', 'Publish the approved Q4 launch post on the blog',
  'arguments', '{"channel": "blog", "title": "Q4 launch"}'::jsonb,
  'call_hash', encode(sha256(convert_to('{"action":"publish:post","arguments":{"channel":"blog","title":"Q4 launch"},"tool":"cms-api"}', 'UTF8')), 'hex')))
from (select set_config('request.jwt.claims', jsonb_build_object('sub', a.id, 'role', 'authenticated', 'actor', 'agent',
  'workspace_id', a.workspace_id, 'key_id', '00000000-0000-4000-d000-000000000401')::text, true) from public.agents a where a.id = '00000000-0000-4000-c000-000000000401') as claims
where not exists (select 1 from public.executions where run_key = 'demo-publish-001');

-- above 100 USD two approvers must approve (rule above); made on behalf of the demo viewer, so that
-- the demo approver and the demo admin (publisher-v1's creator, but not the requester here) can.
-- The demo approver has voted: the admin's vote completes the quorum. (Seeded votes carry no
-- receipt: the seed has no signing key; every vote cast through the approvals function does.)
select private.authorize(jsonb_build_object(
  'tool', 'cms-api', 'action', 'publish:post', 'estimated_cost_usd', 250, 'run_key', 'demo-publish-002',
  'on_behalf_of', '00000000-0000-4000-a000-000000000003',
  'reason', 'Send the Q4 launch newsletter to every subscriber',
  'arguments', '{"channel": "newsletter", "title": "Q4 launch"}'::jsonb,
  'call_hash', encode(sha256(convert_to('{"action":"publish:post","arguments":{"channel":"newsletter","title":"Q4 launch"},"tool":"cms-api"}', 'UTF8')), 'hex')))
from (select set_config('request.jwt.claims', jsonb_build_object('sub', a.id, 'role', 'authenticated', 'actor', 'agent',
  'workspace_id', a.workspace_id, 'key_id', '00000000-0000-4000-d000-000000000401')::text, true) from public.agents a where a.id = '00000000-0000-4000-c000-000000000401') as claims
where not exists (select 1 from public.executions where run_key = 'demo-publish-002');

select private.decide_approval(a.id, 'approve', 'The copy is right; a second approver is needed above 100 USD')
from (select set_config('request.jwt.claims', '{"sub": "00000000-0000-4000-a000-000000000002", "role": "authenticated"}', true)) as claims
cross join public.approvals a
join public.executions e on e.id = a.execution_id
where e.run_key = 'demo-publish-002' and a.approval_status = 'pending'
  and not exists (select 1 from public.approval_votes v where v.approval_id = a.id);
