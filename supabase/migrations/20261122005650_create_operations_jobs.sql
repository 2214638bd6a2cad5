-- Operations jobs for columns the seeds name and that must mean something, and the restore drill's
-- record (seed 004: weekly automated restore of the latest backup with a checksum suite):
--   notifications.expires_at (seed 001): expired notifications are deleted by the job
--     notifications-expire, a retention rule (20261122005500); subscribers see the delete over
--     Realtime, so an expired message leaves every open inbox;
--   workflows.next_execution (seed 001): the next run a workflow's own cadence predicts (job
--     workflows-next-execution), null when its runs are not regular;
--   private.restore_drills: each drill's result (scripts/restore-drill.mjs, weekly in CI and on an
--     operator's schedule); private.last_restore_drill shows the latest.
-- The jobs are scheduled in the schedules migration, each calling one function here.

create table private.restore_drills (
  id uuid primary key default gen_random_uuid(),
  started_at timestamptz not null,
  finished_at timestamptz not null default now(),
  ok boolean not null,
  source text not null,
  backup_file text,
  backup_bytes bigint,
  backup_ms int,
  restore_ms int,
  verify_ms int,
  tables int not null default 0,
  rows_checked bigint not null default 0,
  differences text[] not null default '{}',
  error text,
  runner text,
  constraint restore_drills_ok_means_clean check (not ok or (cardinality(differences) = 0 and error is null)),
  constraint restore_drills_finished_after_started check (finished_at >= started_at)
);
comment on table private.restore_drills is 'One row per restore drill (seed 004: weekly automated restore of the latest backup with a checksum suite): the backup taken, the restore into a scratch cluster, the comparison of every table''s row count and checksum with the backup''s manifest, and the verdict. Written by scripts/restore-drill.mjs through private.record_restore_drill; operators read private.last_restore_drill.';
comment on column private.restore_drills.differences is 'Tables whose restored rows differ from the backup''s manifest (missing, extra, other count or checksum); empty when the drill passed.';
comment on column private.restore_drills.runner is 'Where the drill ran: ci (the weekly workflow), cron (an operator''s schedule), manual.';

create index restore_drills_finished_at_idx on private.restore_drills (finished_at desc);

create view private.last_restore_drill as
select d.*, now() - d.finished_at as age, d.finished_at < now() - interval '8 days' as overdue
from private.restore_drills d
order by d.finished_at desc
limit 1;
comment on view private.last_restore_drill is 'The latest restore drill, its age, and overdue = older than 8 days (a weekly drill missed): select * from private.last_restore_drill;';

create function private.record_restore_drill(result jsonb)
returns uuid
language sql
volatile
set search_path = ''
as $$
  insert into private.restore_drills (started_at, finished_at, ok, source, backup_file, backup_bytes, backup_ms, restore_ms, verify_ms,
    tables, rows_checked, differences, error, runner)
  select r.started_at, coalesce(r.finished_at, now()), r.ok, r.source, r.backup_file, r.backup_bytes, r.backup_ms, r.restore_ms, r.verify_ms,
    coalesce(r.tables, 0), coalesce(r.rows_checked, 0), coalesce(r.differences, '{}'), r.error, r.runner
  from jsonb_to_record(record_restore_drill.result) as r (started_at timestamptz, finished_at timestamptz, ok boolean, source text,
    backup_file text, backup_bytes bigint, backup_ms int, restore_ms int, verify_ms int, tables int, rows_checked bigint,
    differences text[], error text, runner text)
  returning id
$$;
comment on function private.record_restore_drill(jsonb) is 'Records one restore drill''s result (scripts/restore-drill.mjs): {started_at, finished_at, ok, source, backup_file, backup_bytes, backup_ms, restore_ms, verify_ms, tables, rows_checked, differences, error, runner}. Returns its id.';

-- the next run a workflow's cadence predicts: its last start plus the median gap between its last
-- 10 starts (at least 3 runs in the last 30 days), when those gaps are regular (the longest at most
-- 1.25 times the shortest, as a schedule makes them); otherwise null
create function private.forecast_workflow_runs(at timestamptz default now())
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_n int;
begin
  with recent as (
    select w.id as workflow_id, e.started_at,
      e.started_at - lag(e.started_at) over (partition by w.id order by e.started_at) as gap
    from public.workflows w
    cross join lateral (
      select x.started_at from public.executions x
      where x.workflow_id = w.id and x.started_at > forecast_workflow_runs.at - interval '30 days' and x.started_at <= forecast_workflow_runs.at
      order by x.started_at desc
      limit 10
    ) e
  ),
  cadence as (
    select r.workflow_id, max(r.started_at) as last_start, count(r.gap) as gaps,
      percentile_disc(0.5) within group (order by r.gap) as median_gap, min(r.gap) as min_gap, max(r.gap) as max_gap
    from recent r
    group by r.workflow_id
  ),
  forecast as (
    select w.id, case when c.gaps >= 2 and c.min_gap > interval '0' and c.max_gap <= c.min_gap * 1.25
      then c.last_start + c.median_gap end as next_execution
    from public.workflows w
    left join cadence c on c.workflow_id = w.id
  )
  update public.workflows w set next_execution = f.next_execution
  from forecast f
  where w.id = f.id and w.next_execution is distinct from f.next_execution;
  get diagnostics v_n = row_count;
  return v_n;
end;
$$;
comment on function private.forecast_workflow_runs(timestamptz) is
  'Job workflows-next-execution (every 10 minutes): sets workflows.next_execution (seed 001) to the last start plus the median gap of the workflow''s last 10 runs of the last 30 days when those gaps are regular (longest <= 1.25 x shortest, at least 3 runs), and to null otherwise. Reads runs from every source (n8n webhook, pull sync, ingest). Returns the workflows changed.';

revoke all on function private.record_restore_drill(jsonb) from public;
revoke all on function private.forecast_workflow_runs(timestamptz) from public;
revoke all on private.restore_drills, private.last_restore_drill from public;
