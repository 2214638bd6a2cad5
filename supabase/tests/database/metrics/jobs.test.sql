-- The metrics area's pg_cron jobs: each exists by name with its schedule and calls exactly one
-- private function; scheduling again by name does not duplicate; concurrently refreshed
-- materialized views have a unique index over columns that are never null. (That a job whose
-- lock is taken returns at once needs a second session: tests/e2e/job-locks.test.ts, since
-- `supabase test db` gives one session as postgres, without dblink to localhost.)
begin;
select plan(6);

-- TEST: every job, by name, with its schedule and command
select results_eq(
  $$select jobname::text collate "default", schedule, command from cron.job
    where jobname::text in ('analytics-rollup-hourly', 'analytics-rollup-daily', 'analytics-refresh-views', 'analytics-cohorts', 'alerts-evaluate',
      'retention-archive-traces', 'retention-successful-runs', 'retention-user-activity', 'retention-hourly-rollups',
      'retention-pattern-usage', 'retention-deliveries', 'cron-history-purge')
    order by 1$$,
  $$values
    ('alerts-evaluate', '* * * * *', 'select private.evaluate_alert_rules()'),
    ('analytics-cohorts', '20 0 * * *', 'select private.compute_user_cohorts()'),
    ('analytics-refresh-views', '*/10 * * * *', 'select private.refresh_materialized_views()'),
    ('analytics-rollup-daily', '*/5 * * * *', 'select private.rollup_dirty_days()'),
    ('analytics-rollup-hourly', '* * * * *', 'select private.rollup_dirty_hours()'),
    ('cron-history-purge', '55 3 * * *', $q$select private.apply_retention('cron-history-purge')$q$),
    ('retention-archive-traces', '5 * * * *', 'select private.archive_old_traces()'),
    ('retention-deliveries', '50 3 * * *', $q$select private.apply_retention('retention-deliveries')$q$),
    ('retention-hourly-rollups', '25 3 * * *', $q$select private.apply_retention('retention-hourly-rollups')$q$),
    ('retention-pattern-usage', '45 3 * * *', $q$select private.apply_retention('retention-pattern-usage')$q$),
    ('retention-successful-runs', '15 * * * *', $q$select private.apply_retention('retention-successful-runs')$q$),
    ('retention-user-activity', '35 * * * *', $q$select private.apply_retention('retention-user-activity')$q$)$$,
  'the twelve jobs exist with their schedules, each calling one private function (retention: private.apply_retention with the job''s name)');
select ok((select bool_and(active) from cron.job where jobname::text like 'analytics-%' or jobname::text like 'alerts-%' or jobname::text like 'retention-%'),
  'all of them are active');

-- TEST: applying the schedule again updates the job of that name
select cron.schedule('analytics-rollup-hourly', '* * * * *', $$select private.rollup_dirty_hours()$$);
select is((select count(*) from cron.job where jobname::text = 'analytics-rollup-hourly'), 1::bigint, 'scheduling by name again does not duplicate');

-- TEST: every concurrently refreshed materialized view has a unique index over non-null columns
select is(
  array(select m.matviewname::text from pg_matviews m
        where m.schemaname = 'analytics'
          and not exists (
            select 1 from pg_index i
            where i.indrelid = format('analytics.%I', m.matviewname)::regclass and i.indisunique and i.indpred is null
              and not exists (select 1 from unnest(i.indkey) k where k = 0)
          )
        order by 1),
  array[]::text[], 'each materialized view has a unique index on plain columns (REFRESH CONCURRENTLY needs one)');
select is((select count(*) from analytics.mv_active_users where activity_date is null or workspace_id is null), 0::bigint, 'mv_active_users keys are never null');
select is((select count(*) from analytics.mv_top_agents where agent_id is null), 0::bigint, 'mv_top_agents keys are never null');

select * from finish();
rollback;
