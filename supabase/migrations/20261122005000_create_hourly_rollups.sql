-- Hourly rollups of runs, per agent and per workspace (seed 000 metrics_hourly, seed 002
-- hourly_metrics), kept incrementally: statement-level triggers on public.executions append the
-- (workspace, hour) buckets a statement touched to a dirty log, and a pg_cron job recomputes only
-- those buckets from raw rows, so a rollup always equals a recomputation, late and corrected runs
-- included. Each hourly row carries a fixed log-scale latency histogram, so that percentiles over
-- days, weeks or a whole workspace derive from hourly rows within a stated error (see
-- analytics.histogram_percentile); the hour's own percentiles are exact.
-- Beside them, one row per agent and per workspace and UTC day (agent_stats_day,
-- workspace_stats_day), kept by difference in the same statement that rewrites the hourly rows
-- (the new hourly values minus the old ones, histograms included), with the day's percentiles
-- read off the day's histogram then: charts over days and summaries read these (a few narrow rows
-- per agent and day, their hot columns in a covering index) instead of 24 hourly rows each.

create table private.rollup_dirty_hours (
  id bigint generated always as identity primary key,
  workspace_id uuid not null,
  hour timestamptz not null,
  marked_at timestamptz not null default now()
);
comment on table private.rollup_dirty_hours is 'Append-only log of (workspace, hour) buckets whose runs changed since the hourly rollup job last ran. Appended by statement triggers on public.executions (never a unique key, so concurrent ingests never wait on each other); the job deletes the rows it processes. No foreign key: a bucket of a deleted workspace is simply dropped.';

create table private.rollup_dirty_days (
  id bigint generated always as identity primary key,
  workspace_id uuid not null,
  day date not null,
  marked_at timestamptz not null default now()
);
comment on table private.rollup_dirty_days is 'Append-only log of (workspace, UTC day) buckets whose runs or activity changed since the daily rollup job last ran. Filled by the hourly job and by a trigger on analytics.user_activity.';

create table private.rollup_sealed_hours (
  workspace_id uuid not null,
  hour timestamptz not null,
  sealed_at timestamptz not null default now(),
  refused_changes int not null default 0,
  last_refused_at timestamptz,
  primary key (workspace_id, hour)
);
comment on table private.rollup_sealed_hours is 'Sealed (workspace, UTC hour) buckets: retention purged some of their raw runs, so a recomputation would read a partial set. Their hourly rows, the day rows and the daily rollups of their days keep the figures they had; later changes to surviving runs of a sealed bucket are refused for re-aggregation (counted in refused_changes, with the time of the last), never recomputed from what is left. Written by the delete trigger when the retention job deletes.';

create table analytics.agent_stats_hourly (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  agent_id uuid,
  hour timestamptz not null,
  runs int not null default 0,
  succeeded int not null default 0,
  failed int not null default 0,
  timeouts int not null default 0,
  canceled int not null default 0,
  in_progress int not null default 0,
  duration_count int not null default 0,
  duration_sum_ms bigint not null default 0,
  duration_min_ms int,
  duration_max_ms int,
  latency_avg_ms numeric(14, 2),
  latency_p50_ms numeric(14, 2),
  latency_p75_ms numeric(14, 2),
  latency_p95_ms numeric(14, 2),
  latency_p99_ms numeric(14, 2),
  latency_histogram int[] not null,
  tokens_in bigint not null default 0,
  tokens_out bigint not null default 0,
  tokens_cached bigint not null default 0,
  cost_usd numeric(16, 6) not null default 0,
  cost_by_model jsonb not null default '{}'::jsonb,
  rating_count int not null default 0,
  rating_sum int not null default 0,
  avg_rating numeric(3, 2),
  feedback_count int not null default 0,
  unique_users int not null default 0,
  errors_by_type jsonb not null default '{}'::jsonb,
  first_run_at timestamptz,
  last_run_at timestamptz,
  computed_at timestamptz not null default now(),
  constraint agent_stats_hourly_bucket_key unique nulls not distinct (workspace_id, agent_id, hour),
  constraint agent_stats_hourly_agent_fkey foreign key (agent_id, workspace_id) references public.agents (id, workspace_id) on delete cascade,
  constraint agent_stats_hourly_hour_aligned check (hour = date_trunc('hour', hour, 'UTC')),
  constraint agent_stats_hourly_histogram_length check (cardinality(latency_histogram) = 250)
);
comment on table analytics.agent_stats_hourly is 'Runs per agent and UTC hour (by started_at), recomputed from raw rows whenever a run of the hour changes. agent_id null: runs without an agent (n8n, OTLP). Read-only over the API.';
comment on column analytics.agent_stats_hourly.failed is 'Runs that ended failed or timeout (timeouts counts the latter again).';
comment on column analytics.agent_stats_hourly.in_progress is 'Runs still queued, running or waiting for approval when the bucket was computed.';
comment on column analytics.agent_stats_hourly.duration_count is 'Runs with a duration; latency columns and the histogram cover these.';
comment on column analytics.agent_stats_hourly.latency_p95_ms is 'Exact (percentile_cont over the hour''s durations).';
comment on column analytics.agent_stats_hourly.latency_histogram is 'Counts of durations in 250 fixed log-scale buckets: bucket 1 holds 0 ms, bucket k >= 2 holds [2^((k-2)/8), 2^((k-1)/8)) ms. Histograms of any set of hours add up element-wise; analytics.histogram_percentile reads a percentile off them within 4.43 %.';
comment on column analytics.agent_stats_hourly.cost_by_model is 'Cost in USD per model, {"gpt-4o": 1.23, ...} (seed 002 credits_by_model).';
comment on column analytics.agent_stats_hourly.errors_by_type is 'Failed and timed-out runs per error_type, {"rate_limit": 3, ...}.';

create table analytics.workspace_stats_hourly (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  hour timestamptz not null,
  runs int not null default 0,
  succeeded int not null default 0,
  failed int not null default 0,
  timeouts int not null default 0,
  canceled int not null default 0,
  in_progress int not null default 0,
  duration_count int not null default 0,
  duration_sum_ms bigint not null default 0,
  duration_min_ms int,
  duration_max_ms int,
  latency_avg_ms numeric(14, 2),
  latency_p50_ms numeric(14, 2),
  latency_p75_ms numeric(14, 2),
  latency_p95_ms numeric(14, 2),
  latency_p99_ms numeric(14, 2),
  latency_histogram int[] not null,
  tokens_in bigint not null default 0,
  tokens_out bigint not null default 0,
  tokens_cached bigint not null default 0,
  cost_usd numeric(16, 6) not null default 0,
  cost_by_model jsonb not null default '{}'::jsonb,
  rating_count int not null default 0,
  rating_sum int not null default 0,
  avg_rating numeric(3, 2),
  feedback_count int not null default 0,
  unique_users int not null default 0,
  unique_agents int not null default 0,
  errors_by_type jsonb not null default '{}'::jsonb,
  first_run_at timestamptz,
  last_run_at timestamptz,
  computed_at timestamptz not null default now(),
  constraint workspace_stats_hourly_bucket_key unique (workspace_id, hour),
  constraint workspace_stats_hourly_hour_aligned check (hour = date_trunc('hour', hour, 'UTC')),
  constraint workspace_stats_hourly_histogram_length check (cardinality(latency_histogram) = 250)
);
comment on table analytics.workspace_stats_hourly is 'Runs per workspace and UTC hour, all agents and sources together, recomputed from raw rows like agent_stats_hourly (exact percentiles and unique users of the hour). Read-only over the API.';
comment on column analytics.workspace_stats_hourly.latency_histogram is 'As in agent_stats_hourly: 250 log-scale buckets, adds up across hours.';

create table analytics.agent_stats_day (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  agent_id uuid,
  day date not null,
  runs int not null default 0,
  succeeded int not null default 0,
  failed int not null default 0,
  timeouts int not null default 0,
  canceled int not null default 0,
  in_progress int not null default 0,
  duration_count int not null default 0,
  duration_sum_ms bigint not null default 0,
  tokens_in bigint not null default 0,
  tokens_out bigint not null default 0,
  tokens_cached bigint not null default 0,
  cost_usd numeric(16, 6) not null default 0,
  rating_count int not null default 0,
  rating_sum int not null default 0,
  feedback_count int not null default 0,
  latency_p50_ms numeric(14, 2),
  latency_p75_ms numeric(14, 2),
  latency_p95_ms numeric(14, 2),
  latency_p99_ms numeric(14, 2),
  latency_histogram int[] not null,
  computed_at timestamptz not null default now(),
  -- the hot columns ride in the key's index: summaries over days are index-only scans that never read the histogram
  constraint agent_stats_day_key unique nulls not distinct (workspace_id, agent_id, day)
    include (runs, succeeded, duration_count, duration_sum_ms, cost_usd, rating_count, rating_sum),
  constraint agent_stats_day_agent_fkey foreign key (agent_id, workspace_id) references public.agents (id, workspace_id) on delete cascade,
  constraint agent_stats_day_histogram_length check (cardinality(latency_histogram) = 250)
);
comment on table analytics.agent_stats_day is 'Runs per agent and UTC day: the sums of the agent''s hourly rows of the day, kept by difference by the hourly job in the statement that rewrites them (never recomputed from raw runs, so a day whose raw runs retention purged keeps its figures). Percentiles read off the day''s histogram (within 4.43 %). Outlives the hourly rows (kept like the daily rollups). Read-only over the API.';
comment on column analytics.agent_stats_day.latency_histogram is 'The element-wise sum of the day''s hourly histograms (250 log-scale buckets).';

create table analytics.workspace_stats_day (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  day date not null,
  runs int not null default 0,
  succeeded int not null default 0,
  failed int not null default 0,
  timeouts int not null default 0,
  canceled int not null default 0,
  in_progress int not null default 0,
  duration_count int not null default 0,
  duration_sum_ms bigint not null default 0,
  tokens_in bigint not null default 0,
  tokens_out bigint not null default 0,
  tokens_cached bigint not null default 0,
  cost_usd numeric(16, 6) not null default 0,
  rating_count int not null default 0,
  rating_sum int not null default 0,
  feedback_count int not null default 0,
  latency_p50_ms numeric(14, 2),
  latency_p75_ms numeric(14, 2),
  latency_p95_ms numeric(14, 2),
  latency_p99_ms numeric(14, 2),
  latency_histogram int[] not null,
  computed_at timestamptz not null default now(),
  -- what the runs-per-day chart reads, in the key's index: an index-only range scan of 30 entries
  constraint workspace_stats_day_key unique (workspace_id, day)
    include (runs, succeeded, failed, canceled, duration_count, duration_sum_ms, latency_p50_ms, latency_p95_ms, latency_p99_ms,
      tokens_in, tokens_out, cost_usd, rating_count, rating_sum),
  constraint workspace_stats_day_histogram_length check (cardinality(latency_histogram) = 250)
);
comment on table analytics.workspace_stats_day is 'Runs per workspace and UTC day: the sums of the workspace''s hourly rows of the day, kept by difference by the hourly job like agent_stats_day, with percentiles off the day''s histogram (within 4.43 %). Read-only over the API.';

create index rollup_dirty_hours_key_idx on private.rollup_dirty_hours (workspace_id, hour);
create index rollup_dirty_days_key_idx on private.rollup_dirty_days (workspace_id, day);
create index agent_stats_hourly_agent_id_hour_idx on analytics.agent_stats_hourly (agent_id, hour desc);
create index agent_stats_hourly_agent_workspace_idx on analytics.agent_stats_hourly (agent_id, workspace_id);
create index agent_stats_hourly_workspace_id_hour_idx on analytics.agent_stats_hourly (workspace_id, hour desc);
create index agent_stats_hourly_hour_brin_idx on analytics.agent_stats_hourly using brin (hour);
create index workspace_stats_hourly_hour_idx on analytics.workspace_stats_hourly (hour desc);
create index agent_stats_day_agent_workspace_idx on analytics.agent_stats_day (agent_id, workspace_id);

-- the histogram, in one place
create function analytics.latency_bucket(duration_ms bigint)
returns int
language sql
immutable
parallel safe
set search_path = ''
as $$
  select case
    when latency_bucket.duration_ms is null then null
    when latency_bucket.duration_ms < 1 then 1
    else least(250, 2 + floor(8 * ln(latency_bucket.duration_ms::double precision) / ln(2::double precision))::int)
  end
$$;
comment on function analytics.latency_bucket(bigint) is 'The histogram bucket of a duration: 1 for 0 ms, 2 + floor(8 log2 ms) otherwise (eight buckets per doubling, capped at 250).';

create function analytics.latency_bucket_value(bucket int)
returns double precision
language sql
immutable
parallel safe
set search_path = ''
as $$
  select case when latency_bucket_value.bucket <= 1 then 0::double precision
    else power(2::double precision, (latency_bucket_value.bucket - 1.5) / 8.0) end
$$;
comment on function analytics.latency_bucket_value(int) is 'The value that stands for a bucket: its geometric middle 2^((k-1.5)/8) ms (0 for bucket 1), at most a factor 2^(1/16) (4.43 %) from any value in the bucket.';

create function analytics.latency_histogram(durations int[])
returns int[]
language plpgsql
immutable
parallel safe
set search_path = ''
as $$
declare
  v_out int[] := array_fill(0, array[250]);
  v_d int;
  v_k int;
begin
  if latency_histogram.durations is null then
    return v_out;
  end if;
  foreach v_d in array latency_histogram.durations loop
    continue when v_d is null;
    -- analytics.latency_bucket, inline (one loop, no call per duration)
    v_k := case when v_d < 1 then 1 else least(250, 2 + floor(8 * ln(v_d::double precision) / ln(2::double precision))::int) end;
    v_out[v_k] := v_out[v_k] + 1;
  end loop;
  return v_out;
end;
$$;
comment on function analytics.latency_histogram(int[]) is 'The 250-bucket log-scale histogram of a set of durations in ms (nulls ignored).';

create function analytics.histogram_merge(histograms int[])
returns int[]
language sql
immutable
parallel safe
set search_path = ''
as $$
  select array_agg(coalesce(s.n, 0)::int order by b.k)
  from generate_series(1, 250) as b (k)
  left join (
    select ((u.ord - 1) % 250 + 1)::int as k, sum(u.v) as n
    from unnest(histogram_merge.histograms) with ordinality as u (v, ord)
    group by 1
  ) s on s.k = b.k
$$;
comment on function analytics.histogram_merge(int[]) is 'Adds histograms element-wise: pass array_agg(latency_histogram), a two-dimensional array of 250-bucket rows.';

create function analytics.histogram_percentile(histogram int[], percentile double precision)
returns double precision
language sql
immutable
parallel safe
set search_path = ''
as $$
  with c as (
    select u.k, sum(u.v) over (order by u.k) as cum, sum(u.v) over () as total
    from unnest(histogram_percentile.histogram) with ordinality as u (v, k)
  )
  select analytics.latency_bucket_value(min(c.k)::int)
  from c
  where c.total > 0
    and c.cum >= greatest(1, ceil(least(greatest(histogram_percentile.percentile, 0), 1) * c.total))
$$;
comment on function analytics.histogram_percentile(int[], double precision) is
  'A percentile (0-1) read off a latency histogram: the middle of the bucket holding the nearest-rank value. Error bound: within a factor 2^(1/16) of the exact nearest-rank percentile (percentile_disc), i.e. at most 4.43 % relative (exact for 0 ms). Null for an empty histogram.';

-- element-wise arithmetic and several percentiles at once, in plpgsql loops: the hourly job calls
-- them for every day row it touches (the set-based SQL versions cost ~1 ms a call)
create function analytics.histogram_add(a int[], b int[])
returns int[]
language plpgsql
immutable
parallel safe
set search_path = ''
as $$
declare
  v_out int[] := histogram_add.a;
begin
  if histogram_add.b is null then
    return v_out;
  end if;
  if v_out is null then
    return histogram_add.b;
  end if;
  for i in 1 .. greatest(cardinality(v_out), cardinality(histogram_add.b)) loop
    v_out[i] := coalesce(v_out[i], 0) + coalesce(histogram_add.b[i], 0);
  end loop;
  return v_out;
end;
$$;
comment on function analytics.histogram_add(int[], int[]) is 'Adds two histograms element-wise (a difference when b holds negative counts).';

create function analytics.histogram_sum(histograms int[], weights int[] default null)
returns int[]
language plpgsql
immutable
parallel safe
set search_path = ''
as $$
declare
  v_out int[] := array_fill(0, array[250]);
  v_w int;
begin
  if histogram_sum.histograms is null or cardinality(histogram_sum.histograms) = 0 then
    return v_out;
  end if;
  if array_ndims(histogram_sum.histograms) = 1 then
    return analytics.histogram_add(v_out, histogram_sum.histograms);
  end if;
  for r in 1 .. array_length(histogram_sum.histograms, 1) loop
    v_w := coalesce(histogram_sum.weights[r], 1);
    continue when v_w = 0;
    for k in 1 .. least(array_length(histogram_sum.histograms, 2), 250) loop
      v_out[k] := v_out[k] + v_w * coalesce(histogram_sum.histograms[r][k], 0);
    end loop;
  end loop;
  return v_out;
end;
$$;
comment on function analytics.histogram_sum(int[], int[]) is 'The element-wise sum of histograms, each times its weight (1 when weights are not given; -1 subtracts): pass array_agg(latency_histogram) and optionally array_agg(weight). The plpgsql loop costs a fraction of analytics.histogram_merge.';

create function analytics.histogram_percentiles(histogram int[], percentiles double precision[])
returns double precision[]
language plpgsql
immutable
parallel safe
set search_path = ''
as $$
declare
  v_total bigint := 0;
  v_cum bigint;
  v_rank double precision;
  v_out double precision[] := '{}';
begin
  if histogram_percentiles.histogram is null then
    return array_fill(null::double precision, array[cardinality(histogram_percentiles.percentiles)]);
  end if;
  for k in 1 .. cardinality(histogram_percentiles.histogram) loop
    v_total := v_total + histogram_percentiles.histogram[k];
  end loop;
  for j in 1 .. cardinality(histogram_percentiles.percentiles) loop
    v_out[j] := null;
    if v_total > 0 then
      v_rank := greatest(1, ceil(least(greatest(histogram_percentiles.percentiles[j], 0), 1) * v_total));
      v_cum := 0;
      for k in 1 .. cardinality(histogram_percentiles.histogram) loop
        v_cum := v_cum + histogram_percentiles.histogram[k];
        if v_cum >= v_rank then
          v_out[j] := analytics.latency_bucket_value(k);
          exit;
        end if;
      end loop;
    end if;
  end loop;
  return v_out;
end;
$$;
comment on function analytics.histogram_percentiles(int[], double precision[]) is 'Several percentiles (0-1) off one histogram in one pass each, as analytics.histogram_percentile reads them (the middle of the bucket holding the nearest-rank value, within 4.43 %); nulls for an empty histogram.';

-- seed 002 calculate_percentiles, written so that it compiles: one ordered-set aggregate call
create function analytics.calculate_percentiles("values" numeric[], percentiles numeric[])
returns numeric[]
language sql
immutable
parallel safe
set search_path = ''
as $$
  select (percentile_cont(calculate_percentiles.percentiles::double precision[]) within group (order by v::double precision))::numeric[]
  from unnest(calculate_percentiles."values") as v
$$;
comment on function analytics.calculate_percentiles(numeric[], numeric[]) is
  'Seed 002: the continuous percentiles (linear interpolation, as percentile_cont) of values, one per requested fraction 0-1, in the order asked. Nulls in values are ignored; an empty input gives nulls.';

-- jsonb counters used by the rollups
create function private.count_by(keys text[])
returns jsonb
language sql
immutable
parallel safe
set search_path = ''
as $$
  select coalesce(jsonb_object_agg(x.k, x.n), '{}'::jsonb)
  from (select k, count(*) as n from unnest(count_by.keys) as k where k is not null group by k) x
$$;
comment on function private.count_by(text[]) is 'Counts each distinct key: {"key": n, ...}.';

create function private.sum_by(keys text[], amounts numeric[])
returns jsonb
language sql
immutable
parallel safe
set search_path = ''
as $$
  select coalesce(jsonb_object_agg(x.k, x.total), '{}'::jsonb)
  from (
    select u.k, sum(u.amount) as total
    from unnest(sum_by.keys, sum_by.amounts) as u (k, amount)
    where u.k is not null
    group by u.k
  ) x
$$;
comment on function private.sum_by(text[], numeric[]) is 'Sums amounts per key: {"key": total, ...}.';

-- dirty tracking on the hot path: statement-level, set-based, append-only
create function private.executions_mark_dirty_on_insert()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into private.rollup_dirty_hours (workspace_id, hour)
  select distinct n.workspace_id, date_trunc('hour', n.started_at, 'UTC') from new_rows n;
  return null;
end;
$$;
comment on function private.executions_mark_dirty_on_insert() is 'Statement trigger: logs the (workspace, hour) buckets of inserted runs for the hourly rollup. Security definer: the dirty log is private.';

create function private.executions_mark_dirty_on_update()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  insert into private.rollup_dirty_hours (workspace_id, hour)
  select n.workspace_id, date_trunc('hour', n.started_at, 'UTC') from new_rows n
  union
  select o.workspace_id, date_trunc('hour', o.started_at, 'UTC') from old_rows o;
  return null;
end;
$$;
comment on function private.executions_mark_dirty_on_update() is 'Statement trigger: logs the buckets of updated runs, before and after (a corrected started_at moves a run between hours). Security definer: the dirty log is private.';

create function private.executions_mark_dirty_on_delete()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- retention deletes raw rows on purpose and keeps their rollups (private.apply_retention,
  -- 20261122005500, sets agentops.retention for its transaction):
  -- their buckets are sealed, never to be recomputed from the runs that are left
  if coalesce(current_setting('agentops.retention', true), '') = 'on' then
    insert into private.rollup_sealed_hours (workspace_id, hour)
    select distinct o.workspace_id, date_trunc('hour', o.started_at, 'UTC') from old_rows o
    on conflict do nothing;
    return null;
  end if;
  insert into private.rollup_dirty_hours (workspace_id, hour)
  select distinct o.workspace_id, date_trunc('hour', o.started_at, 'UTC') from old_rows o;
  return null;
end;
$$;
comment on function private.executions_mark_dirty_on_delete() is 'Statement trigger: logs the buckets of deleted runs, except deletes by the retention job (setting agentops.retention = on), whose rollups must outlive the raw rows: it seals their buckets instead (private.rollup_sealed_hours). Security definer: the dirty log is private.';

create trigger executions_mark_dirty_on_insert after insert on public.executions
  referencing new table as new_rows
  for each statement execute function private.executions_mark_dirty_on_insert();
create trigger executions_mark_dirty_on_update after update on public.executions
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.executions_mark_dirty_on_update();
create trigger executions_mark_dirty_on_delete after delete on public.executions
  referencing old table as old_rows
  for each statement execute function private.executions_mark_dirty_on_delete();

create function private.rollup_day_sealed(workspace_id uuid, day date)
returns boolean
language sql
stable
set search_path = ''
as $$
  select exists (
    select 1 from private.rollup_sealed_hours s
    where s.workspace_id = rollup_day_sealed.workspace_id
      and s.hour >= rollup_day_sealed.day::timestamp at time zone 'UTC'
      and s.hour < (rollup_day_sealed.day + 1)::timestamp at time zone 'UTC'
  )
$$;
comment on function private.rollup_day_sealed(uuid, date) is 'Whether a workspace''s UTC day holds a sealed hour (raw runs purged by retention): its daily rollups are then kept, never recomputed from raw rows.';

-- the hourly job: recompute the dirty buckets from raw rows
create function private.rollup_dirty_hours(max_buckets int default 1000, wait boolean default false)
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_ws uuid[];
  v_hours timestamptz[];
  v_refused int;
  v_done bigint;
begin
  -- never two runs at once: a busy job is skipped (the next minute catches up); tests may wait
  if rollup_dirty_hours.wait then
    perform private.try_job_lock('analytics-rollup-hourly', true);
  elsif not private.try_job_lock('analytics-rollup-hourly') then
    return -1;
  end if;

  -- take the oldest dirty buckets and remove every log row of them: the recomputation below starts
  -- after this statement, so it sees every run whose log row was removed here; rows appended
  -- meanwhile stay for the next run
  with chosen as (
    select d.workspace_id, d.hour
    from private.rollup_dirty_hours d
    group by d.workspace_id, d.hour
    order by min(d.id)
    limit greatest(rollup_dirty_hours.max_buckets, 1)
  ),
  picked as (
    delete from private.rollup_dirty_hours d
    using chosen c
    where d.workspace_id = c.workspace_id and d.hour = c.hour
    returning d.workspace_id, d.hour
  ),
  -- a sealed bucket is never recomputed from the runs retention left: the change is refused (counted)
  refused as (
    update private.rollup_sealed_hours s set refused_changes = s.refused_changes + 1, last_refused_at = now()
    from (select distinct p.workspace_id, p.hour from picked p) p
    where s.workspace_id = p.workspace_id and s.hour = p.hour
    returning s.workspace_id, s.hour
  ),
  keys as (
    select distinct p.workspace_id, p.hour from picked p
    where exists (select 1 from public.workspaces w where w.id = p.workspace_id)
      and not exists (select 1 from private.rollup_sealed_hours s where s.workspace_id = p.workspace_id and s.hour = p.hour)
  )
  select coalesce(array_agg(k.workspace_id order by k.workspace_id, k.hour), '{}'), coalesce(array_agg(k.hour order by k.workspace_id, k.hour), '{}'),
    (select count(*)::int from refused)
  into v_ws, v_hours, v_refused
  from keys k;

  if cardinality(v_ws) = 0 then
    return v_refused;
  end if;

  -- one pass over the raw rows of the dirty buckets, per agent and per workspace (grouping sets)
  with keys as (
    select k.workspace_id, k.hour from unnest(v_ws, v_hours) as k (workspace_id, hour)
  ),
  stats as (
    select e.workspace_id, e.agent_id, k.hour, grouping(e.agent_id) as workspace_level,
      count(*)::int as runs,
      count(*) filter (where e.status = 'succeeded')::int as succeeded,
      count(*) filter (where e.status in ('failed', 'timeout'))::int as failed,
      count(*) filter (where e.status = 'timeout')::int as timeouts,
      count(*) filter (where e.status = 'canceled')::int as canceled,
      count(*) filter (where e.status in ('queued', 'running', 'waiting_approval'))::int as in_progress,
      count(e.duration_ms)::int as duration_count,
      coalesce(sum(e.duration_ms), 0)::bigint as duration_sum_ms,
      min(e.duration_ms) as duration_min_ms,
      max(e.duration_ms) as duration_max_ms,
      round(avg(e.duration_ms), 2) as latency_avg_ms,
      percentile_cont(array[0.5, 0.75, 0.95, 0.99]) within group (order by e.duration_ms::double precision) as p,
      analytics.latency_histogram(array_agg(e.duration_ms) filter (where e.duration_ms is not null)) as latency_histogram,
      sum(e.tokens_in)::bigint as tokens_in,
      sum(e.tokens_out)::bigint as tokens_out,
      sum(e.tokens_cached)::bigint as tokens_cached,
      sum(e.cost_usd) as cost_usd,
      private.sum_by(array_agg(coalesce(e.model, 'unknown')), array_agg(e.cost_usd)) as cost_by_model,
      count(e.user_rating)::int as rating_count,
      coalesce(sum(e.user_rating), 0)::int as rating_sum,
      round(avg(e.user_rating), 2) as avg_rating,
      count(e.feedback)::int as feedback_count,
      count(distinct e.user_id)::int as unique_users,
      count(distinct e.agent_id)::int as unique_agents,
      private.count_by(array_agg(coalesce(e.error_type, 'unknown')) filter (where e.status in ('failed', 'timeout'))) as errors_by_type,
      min(e.started_at) as first_run_at,
      max(e.started_at) as last_run_at
    from keys k
    -- one index range scan per bucket (offset 0 keeps the planner from hashing on workspace_id)
    cross join lateral (
      select x.workspace_id, x.agent_id, x.status, x.duration_ms, x.tokens_in, x.tokens_out, x.tokens_cached, x.cost_usd, x.model,
        x.user_rating, x.feedback, x.user_id, x.error_type, x.started_at
      from public.executions x
      where x.workspace_id = k.workspace_id and x.started_at >= k.hour and x.started_at < k.hour + interval '1 hour'
      offset 0
    ) e
    group by grouping sets ((e.workspace_id, k.hour, e.agent_id), (e.workspace_id, k.hour))
  ),
  agent_rows as (
    insert into analytics.agent_stats_hourly as a (workspace_id, agent_id, hour, runs, succeeded, failed, timeouts, canceled, in_progress,
      duration_count, duration_sum_ms, duration_min_ms, duration_max_ms, latency_avg_ms, latency_p50_ms, latency_p75_ms, latency_p95_ms,
      latency_p99_ms, latency_histogram, tokens_in, tokens_out, tokens_cached, cost_usd, cost_by_model, rating_count, rating_sum,
      avg_rating, feedback_count, unique_users, errors_by_type, first_run_at, last_run_at, computed_at)
    select s.workspace_id, s.agent_id, s.hour, s.runs, s.succeeded, s.failed, s.timeouts, s.canceled, s.in_progress,
      s.duration_count, s.duration_sum_ms, s.duration_min_ms, s.duration_max_ms, s.latency_avg_ms, round(s.p[1]::numeric, 2),
      round(s.p[2]::numeric, 2), round(s.p[3]::numeric, 2), round(s.p[4]::numeric, 2), s.latency_histogram, s.tokens_in, s.tokens_out,
      s.tokens_cached, s.cost_usd, s.cost_by_model, s.rating_count, s.rating_sum, s.avg_rating, s.feedback_count, s.unique_users,
      s.errors_by_type, s.first_run_at, s.last_run_at, now()
    from stats s
    where s.workspace_level = 0
    on conflict on constraint agent_stats_hourly_bucket_key do update set
      runs = excluded.runs, succeeded = excluded.succeeded, failed = excluded.failed, timeouts = excluded.timeouts,
      canceled = excluded.canceled, in_progress = excluded.in_progress, duration_count = excluded.duration_count,
      duration_sum_ms = excluded.duration_sum_ms, duration_min_ms = excluded.duration_min_ms, duration_max_ms = excluded.duration_max_ms,
      latency_avg_ms = excluded.latency_avg_ms, latency_p50_ms = excluded.latency_p50_ms, latency_p75_ms = excluded.latency_p75_ms,
      latency_p95_ms = excluded.latency_p95_ms, latency_p99_ms = excluded.latency_p99_ms, latency_histogram = excluded.latency_histogram,
      tokens_in = excluded.tokens_in, tokens_out = excluded.tokens_out, tokens_cached = excluded.tokens_cached, cost_usd = excluded.cost_usd,
      cost_by_model = excluded.cost_by_model, rating_count = excluded.rating_count, rating_sum = excluded.rating_sum,
      avg_rating = excluded.avg_rating, feedback_count = excluded.feedback_count, unique_users = excluded.unique_users,
      errors_by_type = excluded.errors_by_type, first_run_at = excluded.first_run_at, last_run_at = excluded.last_run_at,
      computed_at = excluded.computed_at
    returning 1
  ),
  workspace_rows as (
    insert into analytics.workspace_stats_hourly as w (workspace_id, hour, runs, succeeded, failed, timeouts, canceled, in_progress,
      duration_count, duration_sum_ms, duration_min_ms, duration_max_ms, latency_avg_ms, latency_p50_ms, latency_p75_ms, latency_p95_ms,
      latency_p99_ms, latency_histogram, tokens_in, tokens_out, tokens_cached, cost_usd, cost_by_model, rating_count, rating_sum,
      avg_rating, feedback_count, unique_users, unique_agents, errors_by_type, first_run_at, last_run_at, computed_at)
    select s.workspace_id, s.hour, s.runs, s.succeeded, s.failed, s.timeouts, s.canceled, s.in_progress,
      s.duration_count, s.duration_sum_ms, s.duration_min_ms, s.duration_max_ms, s.latency_avg_ms, round(s.p[1]::numeric, 2),
      round(s.p[2]::numeric, 2), round(s.p[3]::numeric, 2), round(s.p[4]::numeric, 2), s.latency_histogram, s.tokens_in, s.tokens_out,
      s.tokens_cached, s.cost_usd, s.cost_by_model, s.rating_count, s.rating_sum, s.avg_rating, s.feedback_count, s.unique_users,
      s.unique_agents, s.errors_by_type, s.first_run_at, s.last_run_at, now()
    from stats s
    where s.workspace_level = 1
    on conflict on constraint workspace_stats_hourly_bucket_key do update set
      runs = excluded.runs, succeeded = excluded.succeeded, failed = excluded.failed, timeouts = excluded.timeouts,
      canceled = excluded.canceled, in_progress = excluded.in_progress, duration_count = excluded.duration_count,
      duration_sum_ms = excluded.duration_sum_ms, duration_min_ms = excluded.duration_min_ms, duration_max_ms = excluded.duration_max_ms,
      latency_avg_ms = excluded.latency_avg_ms, latency_p50_ms = excluded.latency_p50_ms, latency_p75_ms = excluded.latency_p75_ms,
      latency_p95_ms = excluded.latency_p95_ms, latency_p99_ms = excluded.latency_p99_ms, latency_histogram = excluded.latency_histogram,
      tokens_in = excluded.tokens_in, tokens_out = excluded.tokens_out, tokens_cached = excluded.tokens_cached, cost_usd = excluded.cost_usd,
      cost_by_model = excluded.cost_by_model, rating_count = excluded.rating_count, rating_sum = excluded.rating_sum,
      avg_rating = excluded.avg_rating, feedback_count = excluded.feedback_count, unique_users = excluded.unique_users,
      unique_agents = excluded.unique_agents, errors_by_type = excluded.errors_by_type, first_run_at = excluded.first_run_at,
      last_run_at = excluded.last_run_at, computed_at = excluded.computed_at
    returning 1
  ),
  -- buckets (or agents within them) that no longer have any run
  agent_gone as (
    delete from analytics.agent_stats_hourly a
    using keys k
    where a.workspace_id = k.workspace_id and a.hour = k.hour
      and not exists (select 1 from stats s where s.workspace_level = 0 and s.workspace_id = a.workspace_id and s.hour = a.hour
                      and s.agent_id is not distinct from a.agent_id)
    returning 1
  ),
  workspace_gone as (
    delete from analytics.workspace_stats_hourly w
    using keys k
    where w.workspace_id = k.workspace_id and w.hour = k.hour
      and not exists (select 1 from stats s where s.workspace_level = 1 and s.workspace_id = w.workspace_id and s.hour = w.hour)
    returning 1
  ),
  -- the day rows by difference: the hourly rows as they were before this statement (every CTE
  -- reads the same snapshot) are subtracted and the new ones added, per agent or workspace and day
  changes as (
    select 0 as lvl, 1 as sign, s.workspace_id, s.agent_id, s.hour, s.runs, s.succeeded, s.failed, s.timeouts, s.canceled, s.in_progress,
      s.duration_count, s.duration_sum_ms, s.tokens_in, s.tokens_out, s.tokens_cached, s.cost_usd, s.rating_count, s.rating_sum,
      s.feedback_count, s.latency_histogram
    from stats s where s.workspace_level = 0
    union all
    select 0, -1, a.workspace_id, a.agent_id, a.hour, a.runs, a.succeeded, a.failed, a.timeouts, a.canceled, a.in_progress,
      a.duration_count, a.duration_sum_ms, a.tokens_in, a.tokens_out, a.tokens_cached, a.cost_usd, a.rating_count, a.rating_sum,
      a.feedback_count, a.latency_histogram
    from keys k join analytics.agent_stats_hourly a on a.workspace_id = k.workspace_id and a.hour = k.hour
    union all
    select 1, 1, s.workspace_id, null::uuid, s.hour, s.runs, s.succeeded, s.failed, s.timeouts, s.canceled, s.in_progress,
      s.duration_count, s.duration_sum_ms, s.tokens_in, s.tokens_out, s.tokens_cached, s.cost_usd, s.rating_count, s.rating_sum,
      s.feedback_count, s.latency_histogram
    from stats s where s.workspace_level = 1
    union all
    select 1, -1, w.workspace_id, null::uuid, w.hour, w.runs, w.succeeded, w.failed, w.timeouts, w.canceled, w.in_progress,
      w.duration_count, w.duration_sum_ms, w.tokens_in, w.tokens_out, w.tokens_cached, w.cost_usd, w.rating_count, w.rating_sum,
      w.feedback_count, w.latency_histogram
    from keys k join analytics.workspace_stats_hourly w on w.workspace_id = k.workspace_id and w.hour = k.hour
  ),
  day_delta as (
    select c.lvl, c.workspace_id, c.agent_id, (c.hour at time zone 'UTC')::date as day,
      sum(c.sign * c.runs)::int as runs, sum(c.sign * c.succeeded)::int as succeeded, sum(c.sign * c.failed)::int as failed,
      sum(c.sign * c.timeouts)::int as timeouts, sum(c.sign * c.canceled)::int as canceled, sum(c.sign * c.in_progress)::int as in_progress,
      sum(c.sign * c.duration_count)::int as duration_count, sum(c.sign * c.duration_sum_ms)::bigint as duration_sum_ms,
      sum(c.sign * c.tokens_in)::bigint as tokens_in, sum(c.sign * c.tokens_out)::bigint as tokens_out,
      sum(c.sign * c.tokens_cached)::bigint as tokens_cached, coalesce(sum(c.sign * c.cost_usd), 0) as cost_usd,
      sum(c.sign * c.rating_count)::int as rating_count, sum(c.sign * c.rating_sum)::int as rating_sum,
      sum(c.sign * c.feedback_count)::int as feedback_count,
      analytics.histogram_sum(array_agg(c.latency_histogram), array_agg(c.sign)) as histogram
    from changes c
    group by 1, 2, 3, 4
  ),
  deltas as (
    select d.*, analytics.histogram_percentiles(d.histogram, array[0.5, 0.75, 0.95, 0.99]) as p
    from day_delta d
  ),
  agent_day as (
    insert into analytics.agent_stats_day as t (workspace_id, agent_id, day, runs, succeeded, failed, timeouts, canceled, in_progress,
      duration_count, duration_sum_ms, tokens_in, tokens_out, tokens_cached, cost_usd, rating_count, rating_sum, feedback_count,
      latency_p50_ms, latency_p75_ms, latency_p95_ms, latency_p99_ms, latency_histogram, computed_at)
    select d.workspace_id, d.agent_id, d.day, d.runs, d.succeeded, d.failed, d.timeouts, d.canceled, d.in_progress,
      d.duration_count, d.duration_sum_ms, d.tokens_in, d.tokens_out, d.tokens_cached, d.cost_usd, d.rating_count, d.rating_sum,
      d.feedback_count, round(d.p[1]::numeric, 2), round(d.p[2]::numeric, 2), round(d.p[3]::numeric, 2), round(d.p[4]::numeric, 2),
      d.histogram, now()
    from deltas d
    where d.lvl = 0
    on conflict on constraint agent_stats_day_key do update set
      runs = t.runs + excluded.runs, succeeded = t.succeeded + excluded.succeeded, failed = t.failed + excluded.failed,
      timeouts = t.timeouts + excluded.timeouts, canceled = t.canceled + excluded.canceled, in_progress = t.in_progress + excluded.in_progress,
      duration_count = t.duration_count + excluded.duration_count, duration_sum_ms = t.duration_sum_ms + excluded.duration_sum_ms,
      tokens_in = t.tokens_in + excluded.tokens_in, tokens_out = t.tokens_out + excluded.tokens_out,
      tokens_cached = t.tokens_cached + excluded.tokens_cached, cost_usd = t.cost_usd + excluded.cost_usd,
      rating_count = t.rating_count + excluded.rating_count, rating_sum = t.rating_sum + excluded.rating_sum,
      feedback_count = t.feedback_count + excluded.feedback_count,
      (latency_histogram, latency_p50_ms, latency_p75_ms, latency_p95_ms, latency_p99_ms) = (
        select m.h, round(m.p[1]::numeric, 2), round(m.p[2]::numeric, 2), round(m.p[3]::numeric, 2), round(m.p[4]::numeric, 2)
        from (select n.h, analytics.histogram_percentiles(n.h, array[0.5, 0.75, 0.95, 0.99]) as p
              from (select analytics.histogram_add(t.latency_histogram, excluded.latency_histogram) as h) n) m),
      computed_at = now()
    returning 1
  ),
  workspace_day as (
    insert into analytics.workspace_stats_day as t (workspace_id, day, runs, succeeded, failed, timeouts, canceled, in_progress,
      duration_count, duration_sum_ms, tokens_in, tokens_out, tokens_cached, cost_usd, rating_count, rating_sum, feedback_count,
      latency_p50_ms, latency_p75_ms, latency_p95_ms, latency_p99_ms, latency_histogram, computed_at)
    select d.workspace_id, d.day, d.runs, d.succeeded, d.failed, d.timeouts, d.canceled, d.in_progress,
      d.duration_count, d.duration_sum_ms, d.tokens_in, d.tokens_out, d.tokens_cached, d.cost_usd, d.rating_count, d.rating_sum,
      d.feedback_count, round(d.p[1]::numeric, 2), round(d.p[2]::numeric, 2), round(d.p[3]::numeric, 2), round(d.p[4]::numeric, 2),
      d.histogram, now()
    from deltas d
    where d.lvl = 1
    on conflict on constraint workspace_stats_day_key do update set
      runs = t.runs + excluded.runs, succeeded = t.succeeded + excluded.succeeded, failed = t.failed + excluded.failed,
      timeouts = t.timeouts + excluded.timeouts, canceled = t.canceled + excluded.canceled, in_progress = t.in_progress + excluded.in_progress,
      duration_count = t.duration_count + excluded.duration_count, duration_sum_ms = t.duration_sum_ms + excluded.duration_sum_ms,
      tokens_in = t.tokens_in + excluded.tokens_in, tokens_out = t.tokens_out + excluded.tokens_out,
      tokens_cached = t.tokens_cached + excluded.tokens_cached, cost_usd = t.cost_usd + excluded.cost_usd,
      rating_count = t.rating_count + excluded.rating_count, rating_sum = t.rating_sum + excluded.rating_sum,
      feedback_count = t.feedback_count + excluded.feedback_count,
      (latency_histogram, latency_p50_ms, latency_p75_ms, latency_p95_ms, latency_p99_ms) = (
        select m.h, round(m.p[1]::numeric, 2), round(m.p[2]::numeric, 2), round(m.p[3]::numeric, 2), round(m.p[4]::numeric, 2)
        from (select n.h, analytics.histogram_percentiles(n.h, array[0.5, 0.75, 0.95, 0.99]) as p
              from (select analytics.histogram_add(t.latency_histogram, excluded.latency_histogram) as h) n) m),
      computed_at = now()
    returning 1
  )
  select count(*) into v_done from agent_rows;

  -- day rows left without runs (every run of the day deleted or moved to another day)
  delete from analytics.agent_stats_day t
  using (select distinct k.workspace_id, (k.hour at time zone 'UTC')::date as day from unnest(v_ws, v_hours) as k (workspace_id, hour)) k
  where t.workspace_id = k.workspace_id and t.day = k.day and t.runs = 0;
  delete from analytics.workspace_stats_day t
  using (select distinct k.workspace_id, (k.hour at time zone 'UTC')::date as day from unnest(v_ws, v_hours) as k (workspace_id, hour)) k
  where t.workspace_id = k.workspace_id and t.day = k.day and t.runs = 0;

  -- the days of these hours need their daily rollups recomputed
  insert into private.rollup_dirty_days (workspace_id, day)
  select distinct k.workspace_id, (k.hour at time zone 'UTC')::date from unnest(v_ws, v_hours) as k (workspace_id, hour);

  return cardinality(v_hours) + v_refused;
end;
$$;
comment on function private.rollup_dirty_hours(int, boolean) is
  'Job analytics-rollup-hourly (every minute): recomputes from raw runs the agent and workspace hourly rows of at most max_buckets dirty (workspace, hour) buckets (oldest first), deletes rows of buckets left empty, applies the difference to the day rows (agent_stats_day, workspace_stats_day) in the same statement, and marks their days dirty for the daily job. Sealed buckets (raw runs purged) are not recomputed: the change is refused and counted in private.rollup_sealed_hours. Returns the number of buckets taken off the log (recomputed or refused). Skips (returns -1) when another run holds the lock unless wait. Returns the number of buckets recomputed.';

-- revoke / grant
revoke all on function analytics.latency_bucket(bigint) from public;
revoke all on function analytics.latency_bucket_value(int) from public;
revoke all on function analytics.latency_histogram(int[]) from public;
revoke all on function analytics.histogram_merge(int[]) from public;
revoke all on function analytics.histogram_percentile(int[], double precision) from public;
revoke all on function analytics.calculate_percentiles(numeric[], numeric[]) from public;
revoke all on function analytics.histogram_add(int[], int[]) from public;
revoke all on function analytics.histogram_sum(int[], int[]) from public;
revoke all on function analytics.histogram_percentiles(int[], double precision[]) from public;
revoke all on function private.count_by(text[]) from public;
revoke all on function private.sum_by(text[], numeric[]) from public;
revoke all on function private.executions_mark_dirty_on_insert() from public;
revoke all on function private.executions_mark_dirty_on_update() from public;
revoke all on function private.executions_mark_dirty_on_delete() from public;
revoke all on function private.rollup_dirty_hours(int, boolean) from public;
revoke all on function private.rollup_day_sealed(uuid, date) from public;
grant execute on function analytics.latency_bucket(bigint) to authenticated, service_role;
grant execute on function analytics.latency_bucket_value(int) to authenticated, service_role;
grant execute on function analytics.latency_histogram(int[]) to authenticated, service_role;
grant execute on function analytics.histogram_merge(int[]) to authenticated, service_role;
grant execute on function analytics.histogram_percentile(int[], double precision) to authenticated, service_role;
grant execute on function analytics.calculate_percentiles(numeric[], numeric[]) to authenticated, service_role;
grant execute on function analytics.histogram_add(int[], int[]) to authenticated, service_role;
grant execute on function analytics.histogram_sum(int[], int[]) to authenticated, service_role;
grant execute on function analytics.histogram_percentiles(int[], double precision[]) to authenticated, service_role;

revoke all on analytics.agent_stats_hourly, analytics.workspace_stats_hourly, analytics.agent_stats_day, analytics.workspace_stats_day
  from anon, authenticated;
grant select on analytics.agent_stats_hourly, analytics.workspace_stats_hourly, analytics.agent_stats_day, analytics.workspace_stats_day
  to authenticated;
grant select on analytics.agent_stats_hourly, analytics.workspace_stats_hourly, analytics.agent_stats_day, analytics.workspace_stats_day
  to service_role;

alter table analytics.agent_stats_hourly enable row level security;
alter table analytics.workspace_stats_hourly enable row level security;
alter table analytics.agent_stats_day enable row level security;
alter table analytics.workspace_stats_day enable row level security;

create policy agent_stats_hourly_select on analytics.agent_stats_hourly for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
create policy workspace_stats_hourly_select on analytics.workspace_stats_hourly for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
create policy agent_stats_day_select on analytics.agent_stats_day for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
create policy workspace_stats_day_select on analytics.workspace_stats_day for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
