-- The agent registry: the permission audit trigger, status notifications, key exchange
-- (unknown, revoked, expired, blocked, rate limits) and agent-scoped access.
begin;
select plan(23);

-- SETUP
select tests.create_user('admin@reg.test', '30000000-0000-4000-a000-000000000001');
select tests.create_user('viewer@reg.test', '30000000-0000-4000-a000-000000000002');
select tests.create_workspace('reg', '30000000-0000-4000-a000-000000000001');
select tests.add_member((select id from public.workspaces where slug = 'reg'), '30000000-0000-4000-a000-000000000002', 'viewer');
select tests.create_agent((select id from public.workspaces where slug = 'reg'), 'writer', 2, array['generate:text'], array['openai-api']);
select tests.create_agent((select id from public.workspaces where slug = 'reg'), 'other', 1);

-- TEST: creation is logged
select is((select count(*) from public.agent_permissions_log l join public.agents a on a.id = l.agent_id where a.slug = 'writer' and l.action = 'agent_created'),
  1::bigint, 'agent creation is logged');

-- TEST: the admin changes permissions; each kind of change is logged with who
select tests.authenticate_as('30000000-0000-4000-a000-000000000001');
update public.agents set tools_granted = array['openai-api', 'sora-api'], capabilities = '{}', escalation_level = 3, tokens_per_day = 5000
where slug = 'writer';
select tests.clear_authentication();
select results_eq(
  $$select action from public.agent_permissions_log l join public.agents a on a.id = l.agent_id
    where a.slug = 'writer' and l.action <> 'agent_created' and l.action <> 'key_issued' order by action$$,
  array['capability_revoked', 'escalation_changed', 'limits_changed', 'tool_granted'],
  'one log row per kind of change');
select is((select after_state -> 'granted' from public.agent_permissions_log l join public.agents a on a.id = l.agent_id
           where a.slug = 'writer' and l.action = 'tool_granted'), '["sora-api"]'::jsonb, 'the granted tool is named');
select is((select changed_by from public.agent_permissions_log l join public.agents a on a.id = l.agent_id
           where a.slug = 'writer' and l.action = 'escalation_changed'), '30000000-0000-4000-a000-000000000001'::uuid, 'who changed it is recorded');
select is((select before_state || after_state from public.agent_permissions_log l join public.agents a on a.id = l.agent_id
           where a.slug = 'writer' and l.action = 'escalation_changed'), '{"escalation_level": 3}'::jsonb, 'before and after are recorded');

-- TEST: status change notifies
update public.agents set status = 'error' where slug = 'writer';
select is((select count(*) from public.notifications n where n.type = 'agent_status_change' and n.data ->> 'new_status' = 'error'
           and n.data ->> 'agent_id' = (select id::text from public.agents where slug = 'writer')),
  1::bigint, 'a status change notifies the admins (no creator)');
select is((select priority from public.notifications n where n.type = 'agent_status_change' and n.data ->> 'new_status' = 'error' limit 1),
  'high', 'an error status is high priority');
update public.agents set status = 'active' where slug = 'writer';

-- TEST: key exchange
select is((private.exchange_agent_key(encode(sha256(convert_to((select id::text from public.agents where slug = 'writer'), 'UTF8')), 'hex'), 'ak_x', '1.1.1.1')) ->> 'ok',
  'true', 'a live key of an active agent is accepted');
select is((private.exchange_agent_key(repeat('0', 64), 'ak_nothere', '1.1.1.1')) ->> 'reason', 'unknown_key', 'an unknown key is refused');
update public.agents set status = 'blocked' where slug = 'writer';
select is((private.exchange_agent_key(encode(sha256(convert_to((select id::text from public.agents where slug = 'writer'), 'UTF8')), 'hex'), 'ak_x', '1.1.1.2')) ->> 'reason',
  'agent_blocked', 'a blocked agent is refused');
update public.agents set status = 'active' where slug = 'writer';
update public.agent_api_keys set revoked_at = now() where agent_id = (select id from public.agents where slug = 'writer');
select is((private.exchange_agent_key(encode(sha256(convert_to((select id::text from public.agents where slug = 'writer'), 'UTF8')), 'hex'), 'ak_x', '1.1.1.3')) ->> 'reason',
  'revoked_key', 'a revoked key is refused');
select is((select count(*) from public.agent_permissions_log l join public.agents a on a.id = l.agent_id where a.slug = 'writer' and l.action = 'key_revoked'),
  1::bigint, 'revocation is logged');
select throws_ok($$update public.agent_api_keys set revoked_at = null where agent_id = (select id from public.agents where slug = 'writer')$$,
  '23514', null, 'a revoked key stays revoked');
select throws_ok($$update public.agent_api_keys set key_hash = repeat('1', 64) where agent_id = (select id from public.agents where slug = 'other')$$,
  '23514', null, 'a key hash never changes');

-- TEST: rate limit per prefix after 10 failures in a minute, per address after 30
select count(private.exchange_agent_key(repeat('0', 64), 'ak_brute001', '9.9.9.' || g)) from generate_series(1, 10) g;
select is((private.exchange_agent_key(encode(sha256(convert_to((select id::text from public.agents where slug = 'other'), 'UTF8')), 'hex'), 'ak_brute001', '8.8.8.8')) ->> 'ok',
  'true', 'a prefix with 10 recent failures still lets the right key in (others'' failures never lock its holder out)');
select is((private.exchange_agent_key(repeat('0', 64), 'ak_brute001', '8.8.8.8')) ->> 'reason',
  'rate_limited', 'but refuses further wrong keys for it');
select count(private.exchange_agent_key(repeat('0', 64), 'ak_r' || g, '7.7.7.7')) from generate_series(1, 30) g;
select is((private.exchange_agent_key(repeat('0', 64), 'ak_fresh01', '7.7.7.7')) ->> 'reason', 'rate_limited', 'an address with 30 recent failures is refused');

-- TEST: an agent token reaches only its own agent and usage; a revoked key's token reaches nothing
insert into public.agent_usage (workspace_id, agent_id, date, tokens_used)
select workspace_id, id, current_date, 10 from public.agents where slug in ('writer', 'other');
select tests.authenticate_as_agent((select id from public.agents where slug = 'other'));
select results_eq($$select slug from public.agents$$, array['other'], 'an agent sees only itself');
select is((select count(*) from public.agent_usage), 1::bigint, 'an agent sees only its own usage (seed 000 agent_usage_isolation)');
select is((select count(*) from public.workspace_members), 0::bigint, 'an agent sees no members');
select tests.authenticate_as_agent((select id from public.agents where slug = 'writer'));
select is((select count(*) from public.agents), 0::bigint, 'a token whose key was revoked reaches nothing');

-- TEST: viewers see usage and the log, not keys
select tests.authenticate_as('30000000-0000-4000-a000-000000000002');
select is((select count(*) from public.agent_usage), 2::bigint, 'a viewer sees the workspace usage');
select is((select count(*) from public.agent_api_keys), 0::bigint, 'a viewer sees no keys');

select * from finish();
rollback;
