-- Dashboard activity: private.record_activity validates every event (naming events.N.field),
-- refuses workspaces the person is not a member of and writes nothing then; people read their own
-- events, admins their workspace's; new activity marks its day dirty; cohorts count retention.
begin;
select plan(15);

-- the jobs' locks, held by this test so that a pg_cron run cannot take them meanwhile
select private.try_job_lock('analytics-cohorts', true);

-- SETUP
select tests.create_user('admin@activity.test', '55000000-0000-4000-a000-000000000001');
select tests.create_user('viewer@activity.test', '55000000-0000-4000-a000-000000000002');
select tests.create_user('outsider@activity.test', '55000000-0000-4000-a000-000000000003');
select tests.create_workspace('activity', '55000000-0000-4000-a000-000000000001');
select tests.add_member((select id from public.workspaces where slug = 'activity'), '55000000-0000-4000-a000-000000000002', 'viewer');
create temporary table ctx on commit drop as select (select id from public.workspaces where slug = 'activity') as ws;
grant select on ctx to authenticated;

-- TEST: a batch of events is recorded in one call
select is(tests.record_activity('55000000-0000-4000-a000-000000000002', jsonb_build_array(
  jsonb_build_object('event_type', 'page_view', 'page_path', '/agents', 'workspace_id', (select ws from ctx), 'session_id', gen_random_uuid()),
  jsonb_build_object('event_type', 'feature_use', 'event_name', 'export_csv', 'workspace_id', (select ws from ctx), 'metadata', jsonb_build_object('rows', 10)),
  jsonb_build_object('event_type', 'login')), '10.0.0.1', 'Mozilla/5.0'), 3, 'three events are recorded');
select is((select row(ip_address, user_agent)::text from analytics.user_activity where event_type = 'login' and user_id = '55000000-0000-4000-a000-000000000002'),
  row('10.0.0.1'::inet, 'Mozilla/5.0')::text, 'with the caller''s address and user agent');
select ok(exists (select 1 from private.rollup_dirty_days d where d.workspace_id = (select ws from ctx)), 'the activity''s day is marked for the daily rollup');

-- TEST: bad events are refused naming the field, and nothing is written
select throws_like($$select tests.record_activity('55000000-0000-4000-a000-000000000002', '[{"event_type": "page_view"}, {"event_type": "dance"}]')$$,
  'events.1.event_type:%', 'an unknown event type names events.1.event_type');
select throws_ok($$select tests.record_activity('55000000-0000-4000-a000-000000000002', '[{"event_type": "page_view", "session_id": "nope"}]')$$,
  'AO422', null, 'a malformed session id is refused');
select throws_ok($$select tests.record_activity('55000000-0000-4000-a000-000000000002', '[{"event_type": "page_view", "occurred_at": "2001-01-01T00:00:00Z"}]')$$,
  'AO422', null, 'an event from long ago is refused');
select throws_ok($$select tests.record_activity('55000000-0000-4000-a000-000000000002', '[]')$$, 'AO422', null, 'an empty batch is refused');
select throws_ok(format($$select tests.record_activity('55000000-0000-4000-a000-000000000003', '[{"event_type": "page_view", "workspace_id": "%s"}]')$$, (select ws from ctx)),
  'AO403', null, 'an outsider cannot record activity in the workspace');
-- TEST: the person is the one of the transaction's claims, never an argument: without a person's claims nothing is recorded
select throws_ok($$select private.record_activity('[{"event_type": "login"}]')$$, 'AO401', null, 'no claims: refused');
select throws_ok(format($$select set_config('request.jwt.claims', '%s', true), private.record_activity('[{"event_type": "login"}]')$$,
    jsonb_build_object('sub', '55000000-0000-4000-a000-000000000002', 'role', 'authenticated', 'actor', 'agent')),
  'AO401', null, 'an agent''s claims: refused');
select set_config('request.jwt.claims', '', true);
select is((select count(*) from analytics.user_activity where user_id in ('55000000-0000-4000-a000-000000000002', '55000000-0000-4000-a000-000000000003')), 3::bigint,
  'refused batches wrote nothing');

-- TEST: people read their own events, admins their workspace's, nobody writes directly
select tests.authenticate_as('55000000-0000-4000-a000-000000000002');
select is((select count(*) from analytics.user_activity), 3::bigint, 'a viewer reads their own events');
select throws_ok($$insert into analytics.user_activity (user_id, event_type) values ('55000000-0000-4000-a000-000000000002', 'login')$$, '42501', null,
  'activity is not writable through the API');
select tests.authenticate_as('55000000-0000-4000-a000-000000000001');
select is((select count(*) from analytics.user_activity), 2::bigint, 'an admin reads the workspace''s events (not the viewer''s login outside it)');
select tests.clear_authentication();

-- TEST: a cohort of two people first seen ten days ago, one of whom came back the next day
insert into analytics.user_activity (user_id, workspace_id, event_type, created_at)
select v.who::uuid, (select ws from ctx), 'page_view', (now() at time zone 'UTC')::date::timestamp at time zone 'UTC' - v.ago
from (values ('55000000-0000-4000-a000-000000000001', interval '10 days' - interval '1 hour'),
             ('55000000-0000-4000-a000-000000000002', interval '10 days' - interval '2 hours'),
             ('55000000-0000-4000-a000-000000000001', interval '9 days' - interval '1 hour')) as v (who, ago);
select private.compute_user_cohorts(now(), 40);
select is((select row(initial_users, retention_data)::text from analytics.user_cohorts
           where workspace_id = (select ws from ctx) and cohort_date = (now() at time zone 'UTC')::date - 10),
  row(2, '{"day_1": 50.00, "day_7": 0.00, "day_30": null}'::jsonb)::text, 'day-1 retention 50 %, day 7 none, day 30 not known yet');

select * from finish();
rollback;
