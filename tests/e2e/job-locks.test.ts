// A scheduled job whose previous run still holds its advisory lock returns at once (-1, or false
// for the view refresh) instead of overlapping. Two sessions as `postgres` (not a superuser),
// as pg_cron and a slow previous run would be: one holds the locks, the other runs the jobs.
// (Moved from metrics/jobs.test.sql, which needed dblink to 127.0.0.1 with a password.)
import { describe, expect, it } from "vitest";
import { connect } from "./helpers.ts";

describe("bounded jobs skip while another run holds their lock", () => {
  it("every bounded job and the view refresh return at once", async () => {
    const holder = connect();
    const runner = connect();
    try {
      await holder.begin(async (tx) => {
        await tx`select private.try_job_lock(k, true) from unnest(array['analytics-rollup-hourly', 'analytics-rollup-daily', 'analytics-refresh-views', 'analytics-cohorts', 'alerts-evaluate', 'retention-archive-traces', 'learning-low-value-patterns']) k`;
        await tx`select private.try_job_lock(r.job_name, true) from (select distinct job_name from private.retention_rules) r`;
        const rows = await runner`
          select private.rollup_dirty_hours() as n union all select private.rollup_dirty_days() union all select private.compute_user_cohorts()
          union all select private.evaluate_alert_rules() union all select private.archive_old_traces() union all select private.purge_low_value_patterns()`;
        expect(rows.map((r) => Number(r.n))).toEqual([-1, -1, -1, -1, -1, -1]);
        // every retention job (private.retention_rules) skips too
        const retention = await runner`select r.job_name, private.apply_retention(r.job_name) as n from (select distinct job_name from private.retention_rules) r`;
        expect(retention.length).toBeGreaterThanOrEqual(7);
        expect(retention.filter((r) => Number(r.n) !== -1)).toEqual([]);
        const [refresh] = await runner`select private.refresh_materialized_views() as ok`;
        expect(refresh.ok).toBe(false);
      });
      // and once the lock is gone, the same call does its work again
      const [free] = await runner`select private.refresh_materialized_views() as ok`;
      expect(free.ok).toBe(true);
    } finally {
      await holder.end({ timeout: 5 });
      await runner.end({ timeout: 5 });
    }
  });
});
