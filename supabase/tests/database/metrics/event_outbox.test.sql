-- The event outbox: emit_event queues one delivery per matching active subscription (once per
-- event), claiming is exclusive and leased, completion moves rows through failed/dead/delivered,
-- the secret is never selectable by API roles and only admins reveal or rotate it.
begin;
select plan(24);

-- SETUP: a workspace with an admin and a viewer, and an outsider
select tests.create_user('admin@outbox.test', '50000000-0000-4000-a000-000000000001');
select tests.create_user('viewer@outbox.test', '50000000-0000-4000-a000-000000000002');
select tests.create_user('outsider@outbox.test', '50000000-0000-4000-a000-000000000003');
select tests.create_workspace('outbox', '50000000-0000-4000-a000-000000000001');
select tests.create_workspace('outbox-other', '50000000-0000-4000-a000-000000000003');
select tests.add_member((select id from public.workspaces where slug = 'outbox'), '50000000-0000-4000-a000-000000000002', 'viewer');

-- TEST: an admin subscribes; the database generates the secret
select tests.authenticate_as('50000000-0000-4000-a000-000000000001');
select lives_ok($$
  insert into public.event_subscriptions (workspace_id, name, channel, target, event_types)
  values ((select id from public.workspaces where slug = 'outbox'), 'ops hook', 'webhook', 'https://example.test/hook', array['approval.requested', 'run.failed']),
         ((select id from public.workspaces where slug = 'outbox'), 'ops slack', 'slack', 'https://hooks.slack.test/T1/B1/x', array['approval.requested']),
         ((select id from public.workspaces where slug = 'outbox'), 'ops mail', 'email', 'ops@example.test', array['approval.decided']),
         ((select id from public.workspaces where slug = 'outbox'), 'paused', 'webhook', 'https://example.test/paused', array['approval.requested'])
$$, 'an admin creates subscriptions');
update public.event_subscriptions set active = false where name = 'paused';
select throws_ok($$select secret from public.event_subscriptions$$, '42501', null, 'the secret column is not selectable, not even by an admin');
select matches(public.reveal_event_subscription_secret((select id from public.event_subscriptions where name = 'ops hook')),
  '^whsec_[A-Za-z0-9+/]{43}=$', 'an admin reveals a generated whsec_ secret of 32 bytes');
select isnt(public.rotate_event_subscription_secret((select id from public.event_subscriptions where name = 'ops hook')),
  public.reveal_event_subscription_secret((select id from public.event_subscriptions where name = 'ops slack')), 'rotation gives a new secret');
select is((select created_by from public.event_subscriptions where name = 'ops hook'), '50000000-0000-4000-a000-000000000001'::uuid,
  'created_by defaults to the caller');

-- TEST: bad input is refused naming the constraint
select throws_ok($$insert into public.event_subscriptions (workspace_id, name, channel, target, event_types)
  values ((select id from public.workspaces where slug = 'outbox'), 'bad', 'email', 'not-an-address', array['run.failed'])$$,
  '23514', null, 'an email subscription needs an address');
select throws_ok($$insert into public.event_subscriptions (workspace_id, name, channel, target, event_types)
  values ((select id from public.workspaces where slug = 'outbox'), 'bad', 'webhook', 'https://x.test', array['run.exploded'])$$,
  '23514', null, 'unknown event types are refused');

-- TEST: viewers read subscriptions without secrets and cannot manage or reveal
select tests.authenticate_as('50000000-0000-4000-a000-000000000002');
select is((select count(*) from public.event_subscriptions), 4::bigint, 'a viewer lists the subscriptions');
select throws_ok($$select public.reveal_event_subscription_secret((select id from public.event_subscriptions where name = 'ops hook'))$$,
  'AO403', null, 'a viewer cannot reveal a secret');
select throws_ok($$insert into public.event_subscriptions (workspace_id, name, channel, target, event_types)
  values ((select id from public.workspaces where slug = 'outbox'), 'mine', 'webhook', 'https://x.test', array['run.failed'])$$,
  '42501', null, 'a viewer cannot subscribe');

-- TEST: outsiders see nothing and cannot reveal
select tests.authenticate_as('50000000-0000-4000-a000-000000000003');
select is((select count(*) from public.event_subscriptions), 0::bigint, 'an outsider sees no subscriptions');
select throws_ok($$select public.reveal_event_subscription_secret((select id from public.event_subscriptions s limit 1))$$,
  'AO404', null, 'an outsider cannot reveal anything');
select tests.clear_authentication();

-- TEST: emit_event queues one delivery per active matching subscription
select is(private.emit_event((select id from public.workspaces where slug = 'outbox'), 'approval.requested', '{"approval_id": "a1"}'),
  2, 'approval.requested reaches the webhook and the slack subscription, not the paused one');
select is(private.emit_event((select id from public.workspaces where slug = 'outbox'), 'approval.decided', '{}'), 1, 'approval.decided reaches the mail subscription');
select is(private.emit_event((select id from public.workspaces where slug = 'outbox-other'), 'approval.requested', '{}'), 0, 'another workspace''s subscriptions are not used');
select is((select payload #>> '{data,approval_id}' from public.deliveries where channel = 'slack'), 'a1', 'the payload carries the event data in an envelope');
select is((select count(*)::int from public.deliveries d where d.payload ? 'type' and d.payload ? 'timestamp' and d.payload ? 'event_id'
  and d.workspace_id = (select id from public.workspaces where slug = 'outbox')), 3,
  'every payload has type, timestamp and event_id');

-- TEST: the same event id is queued once per subscription
select is(private.queue_event((select id from public.workspaces where slug = 'outbox'), 'approval.decided', '{}', (select event_id from public.deliveries where channel = 'email')),
  0, 'queuing the same event again adds nothing');
select throws_ok($$select private.emit_event((select id from public.workspaces where slug = 'outbox'), 'Bad Type', '{}')$$, 'AO422', null,
  'a malformed event type is refused');

-- TEST: claiming is exclusive and leased; completion moves rows along
create temporary table claimed on commit drop as select * from private.claim_deliveries(10, 60, (select id from public.workspaces where slug = 'outbox'));
select is((select count(*)::int from claimed), 3, 'three due rows are claimed');
select is((select count(*)::int from private.claim_deliveries(10, 60, (select id from public.workspaces where slug = 'outbox'))), 0,
  'claimed rows are not claimed again while leased');
select is(private.complete_delivery((select id from claimed where channel = 'slack'), 1, false, 500, 'boom'), 'failed', 'a 500 is retried later');
select is(private.complete_delivery((select id from claimed where channel = 'email'), 1, true, 200), 'delivered', 'a 2xx is delivered');
select is(private.complete_delivery((select id from claimed where channel = 'email'), 1, true, 200), 'stale', 'a second report changes nothing');

select * from finish();
rollback;
