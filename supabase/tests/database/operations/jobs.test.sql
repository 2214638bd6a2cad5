-- The seeds' columns that must mean something: notifications.expires_at is acted on (expired
-- notifications are deleted by a scheduled job), workflows.next_execution is filled from the
-- workflow's own cadence; the columns no data can fill truthfully are gone (metrics_events.p99,
-- api_usage.cost_usd). The restore drill's record and its last result.
begin;
select plan(16);

-- the job's lock, held by this test so that a pg_cron run cannot take it meanwhile
select private.try_job_lock('notifications-expire', true);

-- SETUP
select tests.create_user('owner@ops.test', '69000000-0000-4000-a000-000000000001');
select tests.create_workspace('ops', '69000000-0000-4000-a000-000000000001');
select tests.create_agent((select id from public.workspaces where slug = 'ops'), 'ops-agent');
create temporary table ctx as
select (select id from public.workspaces where slug = 'ops') as ws, (select id from public.agents where slug = 'ops-agent') as agent,
  '69000000-0000-4000-a000-000000000001'::uuid as owner;

-- TEST: notifications past expires_at are deleted; others stay
insert into public.notifications (workspace_id, user_id, type, title, message, expires_at)
select c.ws, c.owner, 'test', t.title, 'm', t.expires from ctx c
cross join (values ('expired', now() - interval '1 hour'), ('later', now() + interval '1 hour'), ('never', null::timestamptz)) as t (title, expires);
select is(private.apply_retention('notifications-expire'), 1, 'one notification had expired');
select results_eq($$select title from public.notifications where user_id = (select owner from ctx) order by title$$,
  $$values ('later'::text), ('never')$$, 'the unexpired and the never-expiring stay');
select is(private.apply_retention('notifications-expire', now() + interval '2 hours'), 1, 'the other goes once its time has come');
select is((select command from cron.job where jobname = 'notifications-expire'), $$select private.apply_retention('notifications-expire')$$,
  'scheduled under pg_cron as notifications-expire');

-- TEST: workflows.next_execution from the workflow's cadence
insert into public.workflows (workspace_id, name, n8n_workflow_id)
select c.ws, w.name, w.name from ctx c cross join (values ('hourly'), ('irregular'), ('twice')) as w (name);
insert into public.executions (workspace_id, agent_id, workflow_id, run_key, source, status, started_at)
select c.ws, c.agent, w.id, w.name || '-' || g, 'n8n', 'succeeded', t.at
from ctx c
join public.workflows w on w.workspace_id = c.ws
cross join lateral (
  select g, case w.name
      when 'hourly' then date_trunc('hour', now()) - make_interval(hours => 6 - g) + interval '30 seconds' * (g % 2)
      when 'irregular' then now() - make_interval(hours => (array[40, 20, 19, 3, 1])[g])
      else now() - make_interval(hours => g) end as at
  from generate_series(1, case when w.name = 'twice' then 2 else 5 end) g
) t;
select ok(private.forecast_workflow_runs() >= 1, 'the job changes the workflows whose forecast changed');
select is((select next_execution from public.workflows where workspace_id = (select ws from ctx) and name = 'hourly'),
  (select max(started_at) from public.executions e join public.workflows w on w.id = e.workflow_id where w.workspace_id = (select ws from ctx) and w.name = 'hourly')
    + (select percentile_disc(0.5) within group (order by gap) from (
        select started_at - lag(started_at) over (order by started_at) as gap from public.executions e join public.workflows w on w.id = e.workflow_id
        where w.workspace_id = (select ws from ctx) and w.name = 'hourly') x where gap is not null),
  'a workflow that runs hourly: its last run plus the median gap');
select is((select next_execution from public.workflows where workspace_id = (select ws from ctx) and name = 'irregular'), null,
  'irregular runs predict nothing');
select is((select next_execution from public.workflows where workspace_id = (select ws from ctx) and name = 'twice'), null,
  'two runs are not a cadence');
select is(private.forecast_workflow_runs(), 0, 'a second pass changes nothing');
select is((select command from cron.job where jobname = 'workflows-next-execution'), 'select private.forecast_workflow_runs()',
  'scheduled under pg_cron as workflows-next-execution');

-- TEST: columns no data fills are not offered under the seeds' names
select hasnt_column('public', 'metrics_events', 'p99_latency_ms', 'metrics_events has no always-null p99 (metrics_hourly has it)');
select hasnt_column('public', 'api_usage', 'cost_usd', 'api_usage has no never-filled cost_usd');

-- TEST: the restore drill's record; the last result by a query
select private.record_restore_drill(jsonb_build_object('started_at', now() - interval '8 days 1 hour', 'finished_at', now() - interval '8 days 1 hour',
  'ok', true, 'source', 'test', 'tables', 10, 'rows_checked', 100, 'runner', 'ci'));
select private.record_restore_drill(jsonb_build_object('started_at', now() - interval '1 minute', 'ok', false, 'source', 'test', 'tables', 10,
  'differences', jsonb_build_array('public.executions: 9 rows, want 10'), 'runner', 'manual'));
select results_eq($$select ok, differences, overdue, runner from private.last_restore_drill$$,
  $$values (false, array['public.executions: 9 rows, want 10'], false, 'manual'::text)$$, 'the last drill, with what differed');
select throws_ok($$select private.record_restore_drill(jsonb_build_object('started_at', now(), 'ok', true, 'source', 'x', 'differences', jsonb_build_array('t: missing')))$$,
  '23514', null, 'a drill with differences cannot pass');
select tests.authenticate_as('69000000-0000-4000-a000-000000000001');
select throws_ok($$select * from private.last_restore_drill$$, '42501', null, 'people do not read the drill log');
select tests.clear_authentication();
select is((select count(*) from private.restore_drills where source = 'test'), 2::bigint, 'both drills are recorded');

select * from finish();
rollback;
