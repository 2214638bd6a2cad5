-- Each retention rule with rows on both sides of its line: traces older than 90 days move to the
-- archive; successful runs older than 90 days go, failures stay; hourly rollups go after a year;
-- activity after 90 days; pattern usage after 180 days; finished deliveries after 30 days;
-- pg_cron history after 7 days. Rollups outlive the raw rows they summarise. Every rule that
-- deletes is a row of private.retention_rules applied by private.apply_retention(job): each rule
-- names a table and timestamp column that exist, each rule's job is scheduled under pg_cron and
-- calls it, and every rule's SQL runs.
begin;
select plan(29);

-- the jobs' locks, held by this test so that a pg_cron run cannot take them meanwhile
select private.try_job_lock('retention-archive-traces', true);
select private.try_job_lock(r.job_name, true) from (select distinct job_name from private.retention_rules) r;

-- TEST: every rule names a table and a timestamp column that exist, and a known owner
select is(
  array(select r.job_name || ' ' || r.relation from private.retention_rules r
        where to_regclass(r.relation) is null
           or not exists (select 1 from pg_attribute a where a.attrelid = to_regclass(r.relation) and a.attname = r.age_column
                          and not a.attisdropped and a.atttypid in ('timestamptz'::regtype, 'timestamp'::regtype))
        order by 1),
  array[]::text[], 'every rule''s table exists and its age column is a timestamp');

-- TEST: every rule's job is scheduled under pg_cron and calls private.apply_retention with its name; no such job lacks rules
select is(
  array(select distinct r.job_name from private.retention_rules r
        where not exists (select 1 from cron.job j where j.jobname = r.job_name and j.active
                            and j.command = format('select private.apply_retention(%L)', r.job_name))
        order by 1),
  array[]::text[], 'each rule''s job runs private.apply_retention(<its name>) under pg_cron');
select is(
  array(select j.jobname::text from cron.job j
        where j.command like '%apply_retention%'
          and not exists (select 1 from private.retention_rules r where j.command = format('select private.apply_retention(%L)', r.job_name))
        order by 1),
  array[]::text[], 'no pg_cron job applies a job name that has no rule');

-- TEST: every rule's SQL runs (nothing is older than -infinity), and an unknown job is refused
select is((select sum(private.apply_retention(j.job_name, '-infinity'))::int from (select distinct job_name from private.retention_rules) j),
  0, 'every rule runs and deletes nothing before -infinity');
select throws_ok($$select private.apply_retention('no-such-job')$$, '22023', 'no retention rule for job no-such-job',
  'a job with no rule is refused by name');


-- SETUP
select tests.create_user('admin@retention.test', '52000000-0000-4000-a000-000000000001');
select tests.create_workspace('retention', '52000000-0000-4000-a000-000000000001');
select tests.create_agent((select id from public.workspaces where slug = 'retention'), 'keeper');
create temporary table ctx on commit drop as
select (select id from public.workspaces where slug = 'retention') as ws, (select id from public.agents where slug = 'keeper') as agent;

insert into public.executions (workspace_id, agent_id, run_key, status, started_at, duration_ms, cost_usd)
select c.ws, c.agent, v.k, v.status, now() - v.age, 100, 0.5
from ctx c, (values ('ok-old', 'succeeded', interval '91 days'), ('ok-new', 'succeeded', interval '89 days'),
                    ('bad-old', 'failed', interval '91 days'), ('bad-new', 'failed', interval '89 days')) as v (k, status, age);
insert into public.execution_spans (workspace_id, execution_id, span_key, kind, name, started_at)
select e.workspace_id, e.id, 's1', 'llm', 'call', e.started_at from public.executions e where e.workspace_id = (select ws from ctx);
select private.rollup_dirty_hours(100000, true);

-- TEST: traces older than 90 days move to the archive, with their spans
select is(private.archive_old_traces(now(), 1000) >= 2, true, 'the archive job moves the old runs');
select is(array(select run_key from public.execution_traces_archive a where a.workspace_id = (select ws from ctx) order by run_key),
  array['bad-old', 'ok-old'], 'both old runs are archived, neither recent one');
select is((select jsonb_array_length(spans) from public.execution_traces_archive where run_key = 'ok-old' and workspace_id = (select ws from ctx)),
  1, 'the archive row carries the run''s spans');
select is(array(select e.run_key from public.execution_spans s join public.executions e on e.id = s.execution_id
                where s.workspace_id = (select ws from ctx) order by 1),
  array['bad-new', 'ok-new'], 'old spans left execution_spans, recent ones stay');
select is(private.archive_old_traces(now(), 1000), 0, 'archiving again moves nothing twice');

-- TEST: successful runs older than 90 days go, failures stay
select is(private.apply_retention('retention-successful-runs', now(), 1000) >= 1, true, 'the purge deletes old successful runs');
select is(array(select run_key from public.executions where workspace_id = (select ws from ctx) order by run_key),
  array['bad-new', 'bad-old', 'ok-new'], 'the old success is gone; the old failure and the recent runs stay');
select is((select count(*) from private.rollup_dirty_hours d where d.workspace_id = (select ws from ctx)), 0::bigint,
  'the purge marks no rollup dirty');
select is((select sum(runs) from analytics.workspace_stats_hourly h where h.workspace_id = (select ws from ctx)), 4::bigint,
  'the hourly rollups still count all four runs');

-- TEST: a successful run not yet archived is not purged
select set_config('agentops.retention', 'on', true);
insert into public.executions (workspace_id, agent_id, run_key, status, started_at, duration_ms)
select c.ws, c.agent, 'ok-unarchived', 'succeeded', now() - interval '95 days', 100 from ctx c;
select set_config('agentops.retention', '', true);
select is(private.apply_retention('retention-successful-runs', now(), 1000), 0, 'an old success whose trace is not archived yet stays until it is');

-- TEST: hourly rollups go after a year
insert into analytics.workspace_stats_hourly (workspace_id, hour, runs, latency_histogram)
select (select ws from ctx), date_trunc('hour', now() - v.age, 'UTC'), 1, array_fill(0, array[250])
from (values (interval '366 days'), (interval '364 days')) as v (age);
insert into analytics.agent_stats_hourly (workspace_id, agent_id, hour, runs, latency_histogram)
select (select ws from ctx), (select agent from ctx), date_trunc('hour', now() - v.age, 'UTC'), 1, array_fill(0, array[250])
from (values (interval '366 days'), (interval '364 days')) as v (age);
select ok(private.apply_retention('retention-hourly-rollups', now()) >= 2, 'the rollup purge deletes year-old rows');
select is((select count(*) from analytics.workspace_stats_hourly h where h.workspace_id = (select ws from ctx) and h.hour < now() - interval '300 days'),
  1::bigint, 'the 364-day-old workspace row stays, the 366-day-old one is gone');
select is((select count(*) from analytics.agent_stats_hourly h where h.workspace_id = (select ws from ctx) and h.hour < now() - interval '300 days'),
  1::bigint, 'the same for agent rows');

-- TEST: raw activity goes after 90 days
insert into analytics.user_activity (user_id, workspace_id, event_type, created_at)
values ('52000000-0000-4000-a000-000000000001', (select ws from ctx), 'page_view', now() - interval '91 days'),
       ('52000000-0000-4000-a000-000000000001', (select ws from ctx), 'page_view', now() - interval '89 days');
select ok(private.apply_retention('retention-user-activity', now()) >= 1, 'the activity purge deletes old events');
select is((select count(*) from analytics.user_activity u where u.workspace_id = (select ws from ctx)), 1::bigint, 'the 89-day-old event stays');

-- TEST: a run deletes at most batch_size rows per rule, oldest first
insert into analytics.user_activity (user_id, workspace_id, event_type, created_at)
select '52000000-0000-4000-a000-000000000001', (select ws from ctx), 'page_view', now() - interval '100 years' from generate_series(1, 3);
select is(private.apply_retention('retention-user-activity', now(), 2), 2, 'a batch of 2 deletes 2 rows');
select is((select count(*) from analytics.user_activity u where u.workspace_id = (select ws from ctx) and u.created_at < now() - interval '99 years'),
  1::bigint, 'the third waits for the next run');

-- TEST: pattern usage goes after 180 days (the learning area's table; its foreign keys are not the point here)
set local session_replication_role = replica;
insert into public.pattern_usage (workspace_id, pattern_id, used_at)
values ((select ws from ctx), gen_random_uuid(), now() - interval '181 days'), ((select ws from ctx), gen_random_uuid(), now() - interval '179 days');
set local session_replication_role = origin;
select ok(private.apply_retention('retention-pattern-usage', now()) >= 1, 'the pattern usage purge deletes old uses');
select is((select count(*) from public.pattern_usage p where p.workspace_id = (select ws from ctx)), 1::bigint, 'the 179-day-old use stays');

-- TEST: finished deliveries go after 30 days, pending ones never
insert into public.deliveries (workspace_id, event_type, event_id, channel, target, payload, status, delivered_at, updated_at)
values ((select ws from ctx), 'run.failed', gen_random_uuid(), 'webhook', 'https://x.test', '{}', 'delivered', now(), now()),
       ((select ws from ctx), 'run.failed', gen_random_uuid(), 'webhook', 'https://x.test', '{}', 'dead', null, now()),
       ((select ws from ctx), 'run.failed', gen_random_uuid(), 'webhook', 'https://x.test', '{}', 'pending', null, now());
select ok(private.apply_retention('retention-deliveries', now() + interval '31 days') >= 2, 'delivered and dead rows go after 30 days');
select is((select array_agg(status) from public.deliveries where workspace_id = (select ws from ctx)), array['pending'], 'a pending row stays');

-- TEST: pg_cron history goes after 7 days
insert into cron.job_run_details (jobid, runid, job_pid, database, username, command, status, return_message, start_time, end_time)
values (999001, 99900001, 1, 'postgres', 'postgres', 'select 1', 'succeeded', '1 row', now() - interval '8 days', now() - interval '8 days'),
       (999001, 99900002, 1, 'postgres', 'postgres', 'select 1', 'succeeded', '1 row', now() - interval '6 days', now() - interval '6 days');
select ok(private.apply_retention('cron-history-purge', now()) >= 1, 'the cron history purge deletes old runs');
select is((select count(*) from cron.job_run_details where jobid = 999001), 1::bigint, 'the 6-day-old run stays');

-- TEST: seed 002 cleanup_old_data runs every rule
select lives_ok($$select analytics.cleanup_old_data()$$, 'cleanup_old_data runs every retention rule');

select * from finish();
rollback;
