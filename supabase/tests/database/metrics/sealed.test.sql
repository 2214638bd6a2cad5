-- Aggregates survive retention (issue 13): once the retention job has purged some raw runs of an
-- hour, that hour and its day are sealed. Re-pricing the surviving old runs, rating one, the
-- hourly and daily jobs and aggregate_daily_metrics then leave every rollup of the sealed day
-- exactly as it was before the purge (never recomputed from the failures that are left), the
-- refused changes are counted, and an unsealed hour is still recomputed as before.
begin;
select plan(13);

select tests.create_user('admin@sealed.test', '52000000-0000-4000-a000-000000000001');
select tests.create_workspace('sealed', '52000000-0000-4000-a000-000000000001');
select tests.create_agent((select id from public.workspaces where slug = 'sealed'), 'seal-a');
select tests.create_agent((select id from public.workspaces where slug = 'sealed'), 'seal-b');

create temporary table ctx on commit drop as
select (select id from public.workspaces where slug = 'sealed') as ws,
  date_trunc('day', now() - interval '100 days', 'UTC') + interval '9 hours' as old_hour,
  date_trunc('hour', now(), 'UTC') - interval '2 hours' as new_hour;

-- 100 days ago: 3 hours of runs, four in five succeeded (retention purges those), the rest failed;
-- two hours ago: a few runs that stay
insert into public.executions (workspace_id, agent_id, source, run_key, status, started_at, ended_at, duration_ms, model, tokens_in, tokens_out,
  user_id, error_type)
select c.ws, a.id, 'agent', 'seal-old-' || g, case when g % 5 = 0 then 'failed' else 'succeeded' end,
  c.old_hour + make_interval(hours => g % 3, mins => g % 50), c.old_hour + make_interval(hours => g % 3, mins => g % 50, secs => 3),
  100 + g * 37, 'seal-model', 1000 + g, 200 + g, '52000000-0000-4000-a000-000000000001', case when g % 5 = 0 then 'tool_error' end
from ctx c, generate_series(1, 60) g
cross join lateral (select ag.id from public.agents ag where ag.workspace_id = c.ws order by ag.slug offset (g % 2) limit 1) a;
insert into public.executions (workspace_id, agent_id, source, run_key, status, started_at, ended_at, duration_ms, model, tokens_in, tokens_out)
select c.ws, (select id from public.agents where workspace_id = c.ws and slug = 'seal-a'), 'agent', 'seal-new-' || g, 'succeeded',
  c.new_hour + make_interval(mins => g), c.new_hour + make_interval(mins => g, secs => 2), 500 + g, 'seal-model', 100, 50
from ctx c, generate_series(1, 5) g;

select private.rollup_dirty_hours(100000, true);
select private.rollup_dirty_days(100000, true);

-- every rollup row of the workspace, without the columns that only say when it was written
create function pg_temp.rollups() returns table (tbl text, k text, v jsonb) language sql as $$
  select 'agent_stats_hourly', coalesce(h.agent_id::text, '-') || '@' || h.hour, to_jsonb(h) - 'id' - 'computed_at' from analytics.agent_stats_hourly h where h.workspace_id = (select ws from ctx)
  union all select 'workspace_stats_hourly', h.hour::text, to_jsonb(h) - 'id' - 'computed_at' from analytics.workspace_stats_hourly h where h.workspace_id = (select ws from ctx)
  union all select 'agent_stats_day', coalesce(d.agent_id::text, '-') || '@' || d.day, to_jsonb(d) - 'id' - 'computed_at' from analytics.agent_stats_day d where d.workspace_id = (select ws from ctx)
  union all select 'workspace_stats_day', d.day::text, to_jsonb(d) - 'id' - 'computed_at' from analytics.workspace_stats_day d where d.workspace_id = (select ws from ctx)
  union all select 'agent_performance', p.agent_id || '@' || p.metric_date, to_jsonb(p) - 'id' - 'created_at' - 'updated_at' from analytics.agent_performance p where p.workspace_id = (select ws from ctx)
  union all select 'daily_metrics', m.metric_date::text, to_jsonb(m) - 'id' - 'created_at' - 'updated_at' from analytics.daily_metrics m where m.workspace_id = (select ws from ctx)
$$;
create temporary table snap (name text, tbl text, k text, v jsonb) on commit drop;
create function pg_temp.changed_since(snapshot text) returns bigint language sql as $$
  select count(*) from pg_temp.rollups() r
  full join (select * from pg_temp.snap where name = snapshot) s on s.tbl = r.tbl and s.k = r.k
  where r.v is distinct from s.v
$$;

select is((select sum(runs) from analytics.workspace_stats_hourly where workspace_id = (select ws from ctx) and hour < (select new_hour from ctx)),
  60::bigint, 'before the purge the old hours count their 60 runs');
insert into pg_temp.snap select 'before', * from pg_temp.rollups();

-- TEST: the retention jobs purge the old successes (archived first); their hours are sealed, nothing is recomputed
select ok(private.archive_old_traces(now(), 1000) >= 60, 'the old runs are archived');
select is(private.apply_retention('retention-successful-runs', now(), 1000), 48, 'retention purges the 48 old successes');
select set_config('agentops.retention', '', true);
select is((select count(*)::int from private.rollup_sealed_hours where workspace_id = (select ws from ctx)), 3, 'their three hours are sealed');
select private.rollup_dirty_hours(100000, true);
select private.rollup_dirty_days(100000, true);
select is(pg_temp.changed_since('before'), 0::bigint, 'after the purge and both jobs, every rollup equals its value before');

-- TEST: re-pricing touches history (valid_from 2000-01-01) and a late rating arrives on an old failed run
insert into public.model_prices (workspace_id, model_name, model_pattern, input_per_mtok, output_per_mtok)
values ((select ws from ctx), 'seal-model', 'seal-model', 1000, 2000);
select private.reprice_executions((select ws from ctx), null, null, 'sealed test');
select ok((select count(*) from public.cost_adjustments a join public.executions e on e.id = a.execution_id
           where e.workspace_id = (select ws from ctx) and e.started_at < (select new_hour from ctx)) > 0,
  're-pricing changed the cost of surviving old runs');
update public.executions set user_rating = 1, feedback = 'late'
where workspace_id = (select ws from ctx) and run_key = 'seal-old-10';
select ok(private.rollup_dirty_hours(100000, true) >= 1, 'the hourly job takes the changed buckets off its log');
select private.rollup_dirty_days(100000, true);
select is(
  (select count(*) from pg_temp.rollups() r join pg_temp.snap s on s.name = 'before' and s.tbl = r.tbl and s.k = r.k
   where r.k not like '%' || (select new_hour::date from ctx)::text || '%' and r.v is distinct from s.v),
  0::bigint, 'every rollup of the sealed day still equals its value before: nothing recomputed from the failures left');
select ok((select sum(refused_changes) from private.rollup_sealed_hours where workspace_id = (select ws from ctx)) >= 1,
  'the refused re-aggregation is counted on the sealed hours');

-- TEST: aggregate_daily_metrics says so for a sealed day instead of shrinking it
select throws_ok(
  format('select analytics.aggregate_daily_metrics(%L::date, %L::uuid)', (select old_hour::date from ctx), (select ws from ctx)),
  'AO409', null, 'aggregate_daily_metrics for one workspace''s sealed day refuses with AO409');
select lives_ok(format('select analytics.aggregate_daily_metrics(%L::date)', (select old_hour::date from ctx)),
  'for every workspace it skips the sealed day');
select is(
  (select count(*) from pg_temp.rollups() r join pg_temp.snap s on s.name = 'before' and s.tbl = r.tbl and s.k = r.k
   where r.k not like '%' || (select new_hour::date from ctx)::text || '%' and r.v is distinct from s.v),
  0::bigint, 'and the sealed day''s rollups are still those of before the purge');

-- TEST: an hour that retention did not touch is recomputed as always (re-priced)
select ok(
  (select h.cost_usd > 0 from analytics.workspace_stats_hourly h where h.workspace_id = (select ws from ctx) and h.hour = (select new_hour from ctx)),
  'the recent, unsealed hour was recomputed with the new price');

select * from finish();
rollback;
