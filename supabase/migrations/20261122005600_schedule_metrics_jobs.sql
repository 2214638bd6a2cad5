-- The metrics area's pg_cron jobs (and the learning area's cleanup and drill jobs below), each by name (cron.schedule with a name updates the job of that
-- name, so applying this again never duplicates one) and each calling exactly one private function.
-- Every job is bounded (a batch per run) and does not overlap itself (an advisory lock; a run
-- that finds the lock taken returns at once). The list is in docs/metrics.md.

select cron.schedule('analytics-rollup-hourly', '* * * * *', $$select private.rollup_dirty_hours()$$);
select cron.schedule('analytics-rollup-daily', '*/5 * * * *', $$select private.rollup_dirty_days()$$);
select cron.schedule('analytics-refresh-views', '*/10 * * * *', $$select private.refresh_materialized_views()$$);
select cron.schedule('analytics-cohorts', '20 0 * * *', $$select private.compute_user_cohorts()$$);
select cron.schedule('alerts-evaluate', '* * * * *', $$select private.evaluate_alert_rules()$$);
select cron.schedule('retention-archive-traces', '5 * * * *', $$select private.archive_old_traces()$$);
select cron.schedule('retention-successful-runs', '15 * * * *', $$select private.apply_retention('retention-successful-runs')$$);
select cron.schedule('retention-user-activity', '35 * * * *', $$select private.apply_retention('retention-user-activity')$$);
select cron.schedule('retention-hourly-rollups', '25 3 * * *', $$select private.apply_retention('retention-hourly-rollups')$$);
select cron.schedule('retention-pattern-usage', '45 3 * * *', $$select private.apply_retention('retention-pattern-usage')$$);
select cron.schedule('retention-deliveries', '50 3 * * *', $$select private.apply_retention('retention-deliveries')$$);
select cron.schedule('cron-history-purge', '55 3 * * *', $$select private.apply_retention('cron-history-purge')$$);
select cron.schedule('learning-low-value-patterns', '40 4 * * *', $$select private.purge_low_value_patterns()$$);
select cron.schedule('notifications-expire', '*/5 * * * *', $$select private.apply_retention('notifications-expire')$$);
select cron.schedule('workflows-next-execution', '*/10 * * * *', $$select private.forecast_workflow_runs()$$);
