-- Hourly rollups of runs, per agent and per workspace (seed 000 metrics_hourly, seed 002
-- hourly_metrics), kept by difference: statement-level triggers on public.executions append what a
-- statement changed, summed per (workspace, agent, hour), to a delta log (new rows +, old rows -:
-- counts, sums, histogram increments, cost by model, errors by type), and a pg_cron job adds the
-- deltas to the hourly rows and to the day rows, never re-reading the raw runs of a whole bucket.
-- When an hour is over, the job closes it once: the figures only raw runs give (exact
-- percentiles, min and max, unique users) from that hour's runs alone; late data reopens a closed
-- hour and it is closed again. Each hourly row carries a fixed log-scale latency histogram, so that
-- percentiles over days, weeks or a whole workspace derive from hourly rows within a stated error
-- (see analytics.histogram_percentile); the hour's own percentiles are exact once it is closed.
-- Beside them, one row per agent and per workspace and UTC day (agent_stats_day,
-- workspace_stats_day), kept by difference by the same deltas, with the day's percentiles read off
-- the day's histogram: charts over days and summaries read these (a few narrow rows per agent and
-- day, their hot columns in a covering index, the histogram stored out of line) instead of 24
-- hourly rows each. Both grains are written by one statement body (private.rollup_grains).

create table private.rollup_dirty_hours (
  id bigint generated always as identity primary key,
  workspace_id uuid not null,
  hour timestamptz not null,
  marked_at timestamptz not null default now()
);
comment on table private.rollup_dirty_hours is 'Append-only log of (workspace, hour) buckets to rebuild from raw runs (runs loaded with triggers off, repairs): the hourly job turns each into deltas (its raw runs minus its current rows) and deletes the log rows. Changes through ordinary statements never need it (private.rollup_deltas). No foreign key: a bucket of a deleted workspace is simply dropped.';

create table private.rollup_deltas (
  id bigint generated always as identity primary key,
  workspace_id uuid not null,
  agent_id uuid,
  hour timestamptz not null,
  sign smallint not null,
  runs int not null,
  succeeded int not null,
  failed int not null,
  timeouts int not null,
  canceled int not null,
  in_progress int not null,
  duration_count int not null,
  duration_sum_ms bigint not null,
  tokens_in bigint not null,
  tokens_out bigint not null,
  tokens_cached bigint not null,
  cost_usd numeric not null,
  rating_count int not null,
  rating_sum int not null,
  feedback_count int not null,
  latency_histogram int[] not null,
  cost_by_model jsonb not null,
  errors_by_type jsonb not null,
  first_run_at timestamptz,
  last_run_at timestamptz,
  constraint rollup_deltas_sign check (sign in (-1, 1))
);
comment on table private.rollup_deltas is 'Append-only log of changes to runs, summed per statement and (workspace, agent, hour): sign 1 for inserted rows and the new side of updates, -1 for deleted rows and the old side of updates (an update adds new minus old). Appended by statement triggers on public.executions (no unique key, so concurrent ingests never wait on each other); the hourly job adds a batch to the rollups and deletes it in the same transaction. Retention deletes append nothing.';

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
  closed_at timestamptz,
  reopened_at timestamptz,
  computed_at timestamptz not null default now(),
  constraint agent_stats_hourly_bucket_key unique nulls not distinct (workspace_id, agent_id, hour),
  constraint agent_stats_hourly_agent_fkey foreign key (agent_id, workspace_id) references public.agents (id, workspace_id) on delete cascade,
  constraint agent_stats_hourly_hour_aligned check (hour = date_trunc('hour', hour, 'UTC')),
  constraint agent_stats_hourly_histogram_length check (cardinality(latency_histogram) = 250)
);
comment on table analytics.agent_stats_hourly is 'Runs per agent and UTC hour (by started_at): counts, sums, the histogram and the jsonb breakdowns kept by difference (private.rollup_deltas); percentiles, min, max and unique users from the hour''s raw runs when it closes (closed_at). agent_id null: runs without an agent (n8n, OTLP). Read-only over the API.';
comment on column analytics.agent_stats_hourly.failed is 'Runs that ended failed or timeout (timeouts counts the latter again).';
comment on column analytics.agent_stats_hourly.in_progress is 'Runs still queued, running or waiting for approval when the bucket was computed.';
comment on column analytics.agent_stats_hourly.duration_count is 'Runs with a duration; latency columns and the histogram cover these.';
comment on column analytics.agent_stats_hourly.latency_p95_ms is 'Exact (percentile_cont over the hour''s durations), written when the hour closes; like p50, p75, p99, min, max, unique_users, first and last run it is as of closed_at.';
comment on column analytics.agent_stats_hourly.closed_at is 'When the hourly job last wrote the hour''s exact figures from its raw runs (null until the hour is over and closed).';
comment on column analytics.agent_stats_hourly.reopened_at is 'When deltas last changed the row. Later than closed_at: late data reopened a closed hour; the job closes it again once its last close is ten minutes old (so a trickle of late runs re-reads an hour at most every ten minutes).';
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
  closed_at timestamptz,
  reopened_at timestamptz,
  computed_at timestamptz not null default now(),
  constraint workspace_stats_hourly_bucket_key unique (workspace_id, hour),
  constraint workspace_stats_hourly_hour_aligned check (hour = date_trunc('hour', hour, 'UTC')),
  constraint workspace_stats_hourly_histogram_length check (cardinality(latency_histogram) = 250)
);
comment on table analytics.workspace_stats_hourly is 'Runs per workspace and UTC hour, all agents and sources together, kept like agent_stats_hourly (by difference; exact percentiles, unique users and agents when the hour closes). Read-only over the API.';
comment on column analytics.workspace_stats_hourly.closed_at is 'As in agent_stats_hourly; the hourly job finds the hours to close by closed_at and reopened_at (partial index).';
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
create index workspace_stats_hourly_open_idx on analytics.workspace_stats_hourly (hour) where closed_at is null or reopened_at > closed_at;
create index rollup_deltas_bucket_idx on private.rollup_deltas (workspace_id, hour);

-- the histogram out of line: a row's ~1 kB histogram goes to the TOAST table (uncompressed, so a
-- read of it is a plain fetch), and the hot columns of the heap tuples stay a few per page
-- room on each page (fillfactor) so that the hourly job's update of a row stays on its page
-- without new entries in the table's five indexes (a HOT update: none of them covers a column it changes)
alter table analytics.agent_stats_hourly set (toast_tuple_target = 128, fillfactor = 70);
alter table analytics.workspace_stats_hourly set (toast_tuple_target = 128);
alter table analytics.agent_stats_day set (toast_tuple_target = 128);
alter table analytics.workspace_stats_day set (toast_tuple_target = 128);
alter table analytics.agent_stats_hourly alter column latency_histogram set storage external;
alter table analytics.workspace_stats_hourly alter column latency_histogram set storage external;
alter table analytics.agent_stats_day alter column latency_histogram set storage external;
alter table analytics.workspace_stats_day alter column latency_histogram set storage external;
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
-- them for every hourly and day row it touches (the set-based SQL versions cost ~1 ms a call).
-- Each walks an array once with FOREACH (no subscript per element) and writes only the non-zero
-- elements of a delta (a batch's delta holds a few dozen runs: a handful of the 250 buckets)
create function analytics.histogram_add(a int[], b int[])
returns int[]
language plpgsql
immutable
parallel safe
set search_path = ''
as $$
declare
  v_out int[] := histogram_add.a;
  v_len int := cardinality(histogram_add.a);
  v_x int;
  v_k int := 0;
begin
  if histogram_add.b is null then
    return v_out;
  end if;
  if v_out is null then
    return histogram_add.b;
  end if;
  foreach v_x in array histogram_add.b loop
    v_k := v_k + 1;
    if v_k > v_len then
      v_out[v_k] := coalesce(v_x, 0);
    elsif v_x <> 0 then
      v_out[v_k] := coalesce(v_out[v_k], 0) + v_x;
    end if;
  end loop;
  -- (a null element counts as 0, as in a sum: only a malformed histogram has one)
  if array_position(v_out, null) is not null then
    for i in 1 .. cardinality(v_out) loop
      v_out[i] := coalesce(v_out[i], 0);
    end loop;
  end if;
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
  v_row int[];
  v_w int;
  v_r int := 0;
  v_k int;
  v_x int;
begin
  if histogram_sum.histograms is null or cardinality(histogram_sum.histograms) = 0 then
    return v_out;
  end if;
  if array_ndims(histogram_sum.histograms) = 1 then
    return analytics.histogram_add(v_out, histogram_sum.histograms);
  end if;
  foreach v_row slice 1 in array histogram_sum.histograms loop
    v_r := v_r + 1;
    v_w := coalesce(histogram_sum.weights[v_r], 1);
    continue when v_w = 0;
    v_k := 0;
    foreach v_x in array v_row loop
      v_k := v_k + 1;
      exit when v_k > 250;
      if v_x <> 0 then
        v_out[v_k] := v_out[v_k] + v_w * v_x;
      end if;
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
  v_n int := cardinality(histogram_percentiles.percentiles);
  v_out double precision[] := array_fill(null::double precision, array[v_n]);
  v_rank double precision[];
  v_total bigint := 0;
  v_cum bigint := 0;
  v_next double precision := 'infinity';
  v_left int := v_n;
  v_x int;
  v_k int := 0;
begin
  if histogram_percentiles.histogram is null or v_n = 0 then
    return v_out;
  end if;
  -- (a malformed histogram with a null element has no percentiles)
  if array_position(histogram_percentiles.histogram, null) is not null then
    return v_out;
  end if;
  foreach v_x in array histogram_percentiles.histogram loop
    v_total := v_total + v_x;
  end loop;
  if v_total <= 0 then
    return v_out;
  end if;
  -- the nearest rank of each percentile; one cumulative pass finds them all (v_next: the lowest rank not yet reached)
  v_rank := v_out;
  for j in 1 .. v_n loop
    v_rank[j] := greatest(1, ceil(least(greatest(histogram_percentiles.percentiles[j], 0), 1) * v_total));
    v_next := least(v_next, v_rank[j]);
  end loop;
  foreach v_x in array histogram_percentiles.histogram loop
    v_k := v_k + 1;
    v_cum := v_cum + v_x;
    continue when v_cum < v_next;
    v_next := 'infinity';
    for j in 1 .. v_n loop
      if v_out[j] is null then
        if v_cum >= v_rank[j] then
          -- (analytics.latency_bucket_value, inline: no SQL function call per percentile)
          v_out[j] := case when v_k <= 1 then 0::double precision else power(2::double precision, (v_k - 1.5) / 8.0) end;
          v_left := v_left - 1;
        else
          v_next := least(v_next, v_rank[j]);
        end if;
      end if;
    end loop;
    exit when v_left = 0;
  end loop;
  return v_out;
end;
$$;
comment on function analytics.histogram_percentiles(int[], double precision[]) is 'Several percentiles (0-1) off one histogram in one cumulative pass, as analytics.histogram_percentile reads them (the middle of the bucket holding the nearest-rank value, within 4.43 %); nulls for an empty histogram.';

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

create function private.jsonb_add(a jsonb, b jsonb)
returns jsonb
language sql
immutable
parallel safe
set search_path = ''
as $$
  select coalesce(jsonb_object_agg(x.k, x.v), '{}'::jsonb)
  from (
    select u.k, sum(u.v::numeric) as v
    from (select * from jsonb_each_text(coalesce(jsonb_add.a, '{}'::jsonb)) union all select * from jsonb_each_text(coalesce(jsonb_add.b, '{}'::jsonb))) as u (k, v)
    group by u.k
    having sum(u.v::numeric) <> 0
  ) x
$$;
comment on function private.jsonb_add(jsonb, jsonb) is 'Adds two {"key": number} objects key by key (a difference when b holds negative numbers); keys that sum to 0 are dropped.';

create function private.jsonb_sum(objects jsonb[], weights int[])
returns jsonb
language sql
immutable
parallel safe
set search_path = ''
as $$
  select coalesce(jsonb_object_agg(x.k, x.v), '{}'::jsonb)
  from (
    select e.key as k, sum(u.w * e.value::numeric) as v
    from unnest(jsonb_sum.objects, jsonb_sum.weights) as u (o, w)
    cross join lateral jsonb_each_text(u.o) as e
    group by e.key
    having sum(u.w * e.value::numeric) <> 0
  ) x
$$;
comment on function private.jsonb_sum(jsonb[], int[]) is 'The key-by-key sum of {"key": number} objects, each times its weight (-1 subtracts); keys that sum to 0 are dropped.';


-- change capture on the hot path: statement-level, set-based, append-only. One function for
-- inserts (+1), both sides of updates (new +1, old -1) and deletes (-1); the sign is the trigger's
-- argument and every trigger names its transition table changed_rows.
create function private.executions_record_deltas()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- retention deletes raw rows on purpose and keeps their rollups (private.apply_retention and
  -- private.archive_old_traces, 20261122005500, set agentops.retention for their transaction):
  -- nothing is subtracted; their buckets are sealed, never to be recomputed from the runs left
  if tg_op = 'DELETE' and coalesce(current_setting('agentops.retention', true), '') = 'on' then
    insert into private.rollup_sealed_hours (workspace_id, hour)
    select distinct c.workspace_id, date_trunc('hour', c.started_at, 'UTC') from changed_rows c
    on conflict do nothing;
    return null;
  end if;
  insert into private.rollup_deltas (workspace_id, agent_id, hour, sign, runs, succeeded, failed, timeouts, canceled, in_progress,
    duration_count, duration_sum_ms, tokens_in, tokens_out, tokens_cached, cost_usd, rating_count, rating_sum, feedback_count,
    latency_histogram, cost_by_model, errors_by_type, first_run_at, last_run_at)
  select c.workspace_id, c.agent_id, date_trunc('hour', c.started_at, 'UTC'), tg_argv[0]::smallint,
    count(*), count(*) filter (where c.status = 'succeeded'), count(*) filter (where c.status in ('failed', 'timeout')),
    count(*) filter (where c.status = 'timeout'), count(*) filter (where c.status = 'canceled'),
    count(*) filter (where c.status in ('queued', 'running', 'waiting_approval')),
    count(c.duration_ms), coalesce(sum(c.duration_ms), 0), sum(c.tokens_in), sum(c.tokens_out), sum(c.tokens_cached), sum(c.cost_usd),
    count(c.user_rating), coalesce(sum(c.user_rating), 0), count(c.feedback),
    analytics.latency_histogram(array_agg(c.duration_ms) filter (where c.duration_ms is not null)),
    private.sum_by(array_agg(coalesce(c.model, 'unknown')), array_agg(c.cost_usd)),
    private.count_by(array_agg(coalesce(c.error_type, 'unknown')) filter (where c.status in ('failed', 'timeout'))),
    -- the first and last run only grow by deltas (a removed run may have been either: the hour's close says)
    case when tg_argv[0] = '1' then min(c.started_at) end, case when tg_argv[0] = '1' then max(c.started_at) end
  from changed_rows c
  group by c.workspace_id, c.agent_id, date_trunc('hour', c.started_at, 'UTC');
  return null;
end;
$$;
comment on function private.executions_record_deltas() is 'Statement trigger: appends the runs a statement inserted (argument 1), updated (the new rows 1, the old rows -1) or deleted (-1) to private.rollup_deltas, summed per (workspace, agent, hour), for the hourly job to apply. Deletes by the retention job (setting agentops.retention = on) subtract nothing: they seal their buckets (private.rollup_sealed_hours). Security definer: the delta log is private.';

-- (attached to public.executions, with every other trigger on runs, in 20261122006900_attach_executions_triggers.sql)

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

-- the grains the hourly job writes, one row each: the same statements serve both, their table,
-- constraint and key names filled in (the agent grain's key has agent_id, the workspace grain's
-- rows count unique_agents)
create function private.rollup_grains()
returns table (lvl int, hourly text, hourly_key text, day_table text, day_key text, agent text, agent_match text, extra_set text)
language sql
immutable
set search_path = ''
as $$
  values
    (0, 'agent_stats_hourly', 'agent_stats_hourly_bucket_key', 'agent_stats_day', 'agent_stats_day_key', 'agent_id, ',
      'and t.agent_id is not distinct from s.agent_id', ''),
    (1, 'workspace_stats_hourly', 'workspace_stats_hourly_bucket_key', 'workspace_stats_day', 'workspace_stats_day_key', '', '',
      'unique_agents = s.unique_agents, ')
$$;
comment on function private.rollup_grains() is 'The two grains of the hourly rollups (lvl 0 per agent, 1 per workspace, as grouping() numbers them): the tables and constraints private.rollup_dirty_hours fills its one statement body with.';

-- the statement that applies the summed deltas of one grain (CTE sums: lvl, workspace_id,
-- agent_id, hour and the additive columns) to its hourly rows and its day rows, by difference
create function private.rollup_apply_sql(grain_lvl int)
returns text
language sql
immutable
set search_path = ''
as $$
  select replace(replace(replace(replace(replace(replace(replace($t$
  g{lvl}_hourly as (
    insert into analytics.{hourly} as t (workspace_id, {agent}hour, runs, succeeded, failed, timeouts, canceled, in_progress,
      duration_count, duration_sum_ms, latency_avg_ms, latency_histogram, tokens_in, tokens_out, tokens_cached, cost_usd, cost_by_model,
      rating_count, rating_sum, avg_rating, feedback_count, errors_by_type, first_run_at, last_run_at, computed_at)
    select workspace_id, {agent}hour, runs, succeeded, failed, timeouts, canceled, in_progress, duration_count, duration_sum_ms,
      round(duration_sum_ms::numeric / nullif(duration_count, 0), 2), latency_histogram, tokens_in, tokens_out, tokens_cached, cost_usd,
      cost_by_model, rating_count, rating_sum,
      -- (a partial delta may not be a valid average: only the sum of the update below counts then)
      case when rating_sum between rating_count and 5 * rating_count then round(rating_sum::numeric / nullif(rating_count, 0), 2) end,
      feedback_count, errors_by_type, first_run_at, last_run_at, now()
    from sums where lvl = {lvl}
    on conflict on constraint {hourly_key} do update set
      runs = t.runs + excluded.runs, succeeded = t.succeeded + excluded.succeeded, failed = t.failed + excluded.failed,
      timeouts = t.timeouts + excluded.timeouts, canceled = t.canceled + excluded.canceled, in_progress = t.in_progress + excluded.in_progress,
      duration_count = t.duration_count + excluded.duration_count, duration_sum_ms = t.duration_sum_ms + excluded.duration_sum_ms,
      latency_avg_ms = round((t.duration_sum_ms + excluded.duration_sum_ms)::numeric / nullif(t.duration_count + excluded.duration_count, 0), 2),
      latency_histogram = analytics.histogram_add(t.latency_histogram, excluded.latency_histogram),
      tokens_in = t.tokens_in + excluded.tokens_in, tokens_out = t.tokens_out + excluded.tokens_out,
      tokens_cached = t.tokens_cached + excluded.tokens_cached, cost_usd = t.cost_usd + excluded.cost_usd,
      cost_by_model = private.jsonb_add(t.cost_by_model, excluded.cost_by_model),
      rating_count = t.rating_count + excluded.rating_count, rating_sum = t.rating_sum + excluded.rating_sum,
      avg_rating = round((t.rating_sum + excluded.rating_sum)::numeric / nullif(t.rating_count + excluded.rating_count, 0), 2),
      feedback_count = t.feedback_count + excluded.feedback_count,
      errors_by_type = private.jsonb_add(t.errors_by_type, excluded.errors_by_type),
      first_run_at = least(t.first_run_at, excluded.first_run_at), last_run_at = greatest(t.last_run_at, excluded.last_run_at),
      reopened_at = clock_timestamp(), computed_at = now()
    returning 1
  ),
  -- the batch's sums per day; the day rows that exist are updated (their percentiles read off the
  -- new histogram once), the others inserted (the job's lock makes it the only writer of day rows)
  g{lvl}_day_sums as (
    select workspace_id, {agent}(hour at time zone 'UTC')::date as day, sum(runs)::int as runs, sum(succeeded)::int as succeeded,
      sum(failed)::int as failed, sum(timeouts)::int as timeouts, sum(canceled)::int as canceled, sum(in_progress)::int as in_progress,
      sum(duration_count)::int as duration_count, sum(duration_sum_ms)::bigint as duration_sum_ms, sum(tokens_in)::bigint as tokens_in,
      sum(tokens_out)::bigint as tokens_out, sum(tokens_cached)::bigint as tokens_cached, sum(cost_usd) as cost_usd,
      sum(rating_count)::int as rating_count, sum(rating_sum)::int as rating_sum, sum(feedback_count)::int as feedback_count,
      -- (one hour's sums, the common case of a group, are the day's: no loop)
      case when count(*) = 1 then min(latency_histogram) else analytics.histogram_sum(array_agg(latency_histogram)) end as latency_histogram
    from sums where lvl = {lvl}
    group by workspace_id, {agent}(hour at time zone 'UTC')::date
  ),
  g{lvl}_day as (
    update analytics.{day_table} t set
      runs = t.runs + s.runs, succeeded = t.succeeded + s.succeeded, failed = t.failed + s.failed,
      timeouts = t.timeouts + s.timeouts, canceled = t.canceled + s.canceled, in_progress = t.in_progress + s.in_progress,
      duration_count = t.duration_count + s.duration_count, duration_sum_ms = t.duration_sum_ms + s.duration_sum_ms,
      tokens_in = t.tokens_in + s.tokens_in, tokens_out = t.tokens_out + s.tokens_out,
      tokens_cached = t.tokens_cached + s.tokens_cached, cost_usd = t.cost_usd + s.cost_usd,
      rating_count = t.rating_count + s.rating_count, rating_sum = t.rating_sum + s.rating_sum,
      feedback_count = t.feedback_count + s.feedback_count,
      (latency_histogram, latency_p50_ms, latency_p75_ms, latency_p95_ms, latency_p99_ms) = (
        select m.h, round(m.p[1]::numeric, 2), round(m.p[2]::numeric, 2), round(m.p[3]::numeric, 2), round(m.p[4]::numeric, 2)
        from (select n.h, analytics.histogram_percentiles(n.h, array[0.5, 0.75, 0.95, 0.99]) as p
              from (select analytics.histogram_add(t.latency_histogram, s.latency_histogram) as h offset 0) n offset 0) m),
      computed_at = now()
    from g{lvl}_day_sums s
    where t.workspace_id = s.workspace_id and t.day = s.day {agent_match}
    returning t.id, t.runs
  ),
  g{lvl}_day_new as (
    insert into analytics.{day_table} (workspace_id, {agent}day, runs, succeeded, failed, timeouts, canceled, in_progress,
      duration_count, duration_sum_ms, tokens_in, tokens_out, tokens_cached, cost_usd, rating_count, rating_sum, feedback_count,
      latency_p50_ms, latency_p75_ms, latency_p95_ms, latency_p99_ms, latency_histogram, computed_at)
    select workspace_id, {agent}day, runs, succeeded, failed, timeouts, canceled, in_progress, duration_count, duration_sum_ms,
      tokens_in, tokens_out, tokens_cached, cost_usd, rating_count, rating_sum, feedback_count,
      round(p[1]::numeric, 2), round(p[2]::numeric, 2), round(p[3]::numeric, 2), round(p[4]::numeric, 2), latency_histogram, now()
    from (
      select s.*, analytics.histogram_percentiles(s.latency_histogram, array[0.5, 0.75, 0.95, 0.99]) as p
      from g{lvl}_day_sums s
      where not exists (select 1 from analytics.{day_table} t where t.workspace_id = s.workspace_id and t.day = s.day {agent_match})
      -- (offset 0: a flattened subquery would call the function once per p[i])
      offset 0
    ) d
    returning id, runs
  )$t$, '{lvl}', g.lvl::text), '{hourly}', g.hourly), '{hourly_key}', g.hourly_key), '{day_table}', g.day_table),
    '{day_key}', g.day_key), '{agent}', g.agent), '{agent_match}', g.agent_match)
  from private.rollup_grains() g
  where g.lvl = rollup_apply_sql.grain_lvl
$$;
comment on function private.rollup_apply_sql(int) is 'The CTEs (g<lvl>_hourly, g<lvl>_day_sums, g<lvl>_day, g<lvl>_day_new) that add the summed deltas of CTE sums of one grain to its hourly rows (reopening them: reopened_at) and to its day rows (percentiles read off the day''s histogram): one body for both grains.';

-- the statement that closes the hours of CTE keys for one grain: exact percentiles, extremes,
-- distinct people and the jsonb breakdowns from CTE stats (the hours' raw runs)
create function private.rollup_close_sql(grain_lvl int)
returns text
language sql
immutable
set search_path = ''
as $$
  select replace(replace(replace(replace($t$
  g{lvl}_closed as (
    update analytics.{hourly} t set
      duration_min_ms = s.duration_min_ms, duration_max_ms = s.duration_max_ms, latency_avg_ms = s.latency_avg_ms,
      latency_p50_ms = round(s.p[1]::numeric, 2), latency_p75_ms = round(s.p[2]::numeric, 2), latency_p95_ms = round(s.p[3]::numeric, 2),
      latency_p99_ms = round(s.p[4]::numeric, 2), cost_by_model = s.cost_by_model, avg_rating = s.avg_rating, unique_users = s.unique_users,
      {extra_set}errors_by_type = s.errors_by_type, first_run_at = s.first_run_at, last_run_at = s.last_run_at,
      closed_at = clock_timestamp(), computed_at = now()
    from stats s
    where s.lvl = {lvl} and t.workspace_id = s.workspace_id and t.hour = s.hour {agent_match}
    returning 1
  )$t$, '{lvl}', g.lvl::text), '{hourly}', g.hourly), '{agent_match}', g.agent_match), '{extra_set}', g.extra_set)
  from private.rollup_grains() g
  where g.lvl = rollup_close_sql.grain_lvl
$$;
comment on function private.rollup_close_sql(int) is 'The CTE (g<lvl>_closed) that writes the figures only the raw runs give (exact percentiles, min and max, unique users and agents, cost by model, errors by type, first and last run) onto one grain''s hourly rows of closed hours and marks them closed: one body for both grains.';

-- the hourly job
create function private.rollup_dirty_hours(max_buckets int default 1000, wait boolean default false, reclose_after interval default '10 minutes')
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_rebuilt int;
  v_refused int;
  v_ids bigint[];
  v_applied int := 0;
  v_ws uuid[];
  v_hours timestamptz[];
  v_closed int := 0;
  v_lvl int;
  v_empty_days uuid[];
begin
  -- never two runs at once: a busy job is skipped (the next minute catches up); tests may wait
  if rollup_dirty_hours.wait then
    perform private.try_job_lock('analytics-rollup-hourly', true);
  elsif not private.try_job_lock('analytics-rollup-hourly') then
    return -1;
  end if;

  -- 1. buckets asked to be rebuilt from raw runs (private.rollup_dirty_hours: runs loaded with
  -- triggers off, repairs) become deltas: in one statement, so one snapshot, their pending deltas
  -- are dropped and replaced by their raw runs (+) and their current agent rows (-)
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
    returning 1
  ),
  keys as (
    select distinct p.workspace_id, p.hour from picked p
    where exists (select 1 from public.workspaces w where w.id = p.workspace_id)
      and not exists (select 1 from private.rollup_sealed_hours s where s.workspace_id = p.workspace_id and s.hour = p.hour)
  ),
  dropped as (
    delete from private.rollup_deltas x using keys k where x.workspace_id = k.workspace_id and x.hour = k.hour
    returning 1
  ),
  minus as (
    insert into private.rollup_deltas (workspace_id, agent_id, hour, sign, runs, succeeded, failed, timeouts, canceled, in_progress,
      duration_count, duration_sum_ms, tokens_in, tokens_out, tokens_cached, cost_usd, rating_count, rating_sum, feedback_count,
      latency_histogram, cost_by_model, errors_by_type, first_run_at, last_run_at)
    select a.workspace_id, a.agent_id, a.hour, -1, a.runs, a.succeeded, a.failed, a.timeouts, a.canceled, a.in_progress,
      a.duration_count, a.duration_sum_ms, a.tokens_in, a.tokens_out, a.tokens_cached, a.cost_usd, a.rating_count, a.rating_sum,
      a.feedback_count, a.latency_histogram, a.cost_by_model, a.errors_by_type, null, null
    from keys k join analytics.agent_stats_hourly a on a.workspace_id = k.workspace_id and a.hour = k.hour
    returning 1
  ),
  plus as (
    insert into private.rollup_deltas (workspace_id, agent_id, hour, sign, runs, succeeded, failed, timeouts, canceled, in_progress,
      duration_count, duration_sum_ms, tokens_in, tokens_out, tokens_cached, cost_usd, rating_count, rating_sum, feedback_count,
      latency_histogram, cost_by_model, errors_by_type, first_run_at, last_run_at)
    select k.workspace_id, e.agent_id, k.hour, 1,
      count(*), count(*) filter (where e.status = 'succeeded'), count(*) filter (where e.status in ('failed', 'timeout')),
      count(*) filter (where e.status = 'timeout'), count(*) filter (where e.status = 'canceled'),
      count(*) filter (where e.status in ('queued', 'running', 'waiting_approval')),
      count(e.duration_ms), coalesce(sum(e.duration_ms), 0), sum(e.tokens_in), sum(e.tokens_out), sum(e.tokens_cached), sum(e.cost_usd),
      count(e.user_rating), coalesce(sum(e.user_rating), 0), count(e.feedback),
      analytics.latency_histogram(array_agg(e.duration_ms) filter (where e.duration_ms is not null)),
      private.sum_by(array_agg(coalesce(e.model, 'unknown')), array_agg(e.cost_usd)),
      private.count_by(array_agg(coalesce(e.error_type, 'unknown')) filter (where e.status in ('failed', 'timeout'))),
      min(e.started_at), max(e.started_at)
    from keys k
    -- one index range scan per bucket (offset 0 keeps the planner from hashing on workspace_id)
    cross join lateral (
      select x.agent_id, x.status, x.duration_ms, x.tokens_in, x.tokens_out, x.tokens_cached, x.cost_usd, x.model, x.user_rating,
        x.feedback, x.error_type, x.started_at
      from public.executions x
      where x.workspace_id = k.workspace_id and x.started_at >= k.hour and x.started_at < k.hour + interval '1 hour'
      offset 0
    ) e
    group by k.workspace_id, e.agent_id, k.hour
    returning 1
  )
  select (select count(*)::int from keys) + (select count(*)::int from refused), (select count(*)::int from refused)
  into v_rebuilt, v_refused;

  -- 2. apply a batch of deltas, oldest first. Deltas of a sealed bucket are refused (counted),
  -- as are those of a deleted workspace or agent (their rows went with them)
  select coalesce(array_agg(x.id), '{}') into v_ids
  from (select d.id from private.rollup_deltas d order by d.id limit 20 * greatest(rollup_dirty_hours.max_buckets, 1)) x;
  if cardinality(v_ids) > 0 then
    with gone as (
      delete from private.rollup_deltas x
      where x.id = any(v_ids)
        and (exists (select 1 from private.rollup_sealed_hours s where s.workspace_id = x.workspace_id and s.hour = x.hour)
          or not exists (select 1 from public.workspaces w where w.id = x.workspace_id)
          or (x.agent_id is not null and not exists (select 1 from public.agents a where a.id = x.agent_id and a.workspace_id = x.workspace_id)))
      returning x.workspace_id, x.hour
    )
    update private.rollup_sealed_hours s set refused_changes = s.refused_changes + 1, last_refused_at = now()
    from (select distinct g.workspace_id, g.hour from gone g) g
    where s.workspace_id = g.workspace_id and s.hour = g.hour;

    execute 'with all_sums as (
        select grouping(d.agent_id) as lvl, d.workspace_id, d.agent_id, d.hour,
          sum(d.sign * d.runs)::int as runs, sum(d.sign * d.succeeded)::int as succeeded, sum(d.sign * d.failed)::int as failed,
          sum(d.sign * d.timeouts)::int as timeouts, sum(d.sign * d.canceled)::int as canceled,
          sum(d.sign * d.in_progress)::int as in_progress, sum(d.sign * d.duration_count)::int as duration_count,
          sum(d.sign * d.duration_sum_ms)::bigint as duration_sum_ms, sum(d.sign * d.tokens_in)::bigint as tokens_in,
          sum(d.sign * d.tokens_out)::bigint as tokens_out, sum(d.sign * d.tokens_cached)::bigint as tokens_cached,
          sum(d.sign * d.cost_usd) as cost_usd, sum(d.sign * d.rating_count)::int as rating_count,
          sum(d.sign * d.rating_sum)::int as rating_sum, sum(d.sign * d.feedback_count)::int as feedback_count,
          -- (one inserted delta, the common case of a group, is its own sum: no loop)
          case when count(*) = 1 and min(d.sign) = 1 then min(d.latency_histogram)
            else analytics.histogram_sum(array_agg(d.latency_histogram), array_agg(d.sign::int)) end as latency_histogram,
          case when count(*) = 1 and min(d.sign) = 1 then min(d.cost_by_model::text)::jsonb
            else private.jsonb_sum(array_agg(d.cost_by_model), array_agg(d.sign::int)) end as cost_by_model,
          case when count(*) = 1 and min(d.sign) = 1 then min(d.errors_by_type::text)::jsonb
            else private.jsonb_sum(array_agg(d.errors_by_type), array_agg(d.sign::int)) end as errors_by_type,
          min(d.first_run_at) as first_run_at, max(d.last_run_at) as last_run_at
        from private.rollup_deltas d
        where d.id = any($1)
        group by grouping sets ((d.workspace_id, d.hour, d.agent_id), (d.workspace_id, d.hour))
      ),
      -- an update that changed nothing a rollup counts (a parent link, a flag) logs deltas that
      -- cancel out: they change no row and reopen no closed hour
      sums as (
        select s.* from all_sums s
        where (s.runs, s.succeeded, s.failed, s.timeouts, s.canceled, s.in_progress, s.duration_count, s.duration_sum_ms, s.tokens_in,
               s.tokens_out, s.tokens_cached, s.cost_usd, s.rating_count, s.rating_sum, s.feedback_count) <> (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
          or s.cost_by_model <> ''{}'' or s.errors_by_type <> ''{}'' or s.latency_histogram <> array_fill(0, array[250])
      ),'
      || (select string_agg(private.rollup_apply_sql(g.lvl), ',' order by g.lvl) from private.rollup_grains() g)
      || ' select (select count(*)::int from sums), (select coalesce(array_agg(z.id), ''{}'') from ('
      || (select string_agg(format('select id, runs from g%s_day union all select id, runs from g%s_day_new', g.lvl, g.lvl), ' union all ')
          from private.rollup_grains() g)
      || ') z where z.runs = 0)'
    into v_applied, v_empty_days
    using v_ids;

    -- day rows left without runs (every run of the day deleted or moved to another day): only a
    -- row this batch wrote can be one, so they are deleted by id
    if cardinality(v_empty_days) > 0 then
      for v_lvl in select g.lvl from private.rollup_grains() g order by g.lvl loop
        execute format('delete from analytics.%I t where t.id = any($1) and t.runs = 0',
            (select g.day_table from private.rollup_grains() g where g.lvl = v_lvl))
          using v_empty_days;
      end loop;
    end if;
    delete from private.rollup_deltas d where d.id = any(v_ids);
  end if;

  -- 3. close the hours that are over and open (new runs or late data since they last closed):
  -- the figures only raw runs give, from each hour's own runs; hours left without runs go
  select coalesce(array_agg(k.workspace_id order by k.hour), '{}'), coalesce(array_agg(k.hour order by k.hour), '{}')
  into v_ws, v_hours
  from (
    select w.workspace_id, w.hour from analytics.workspace_stats_hourly w
    where (w.closed_at is null or w.reopened_at > w.closed_at) and w.hour < date_trunc('hour', now(), 'UTC')
      and (w.closed_at is null or w.closed_at <= clock_timestamp() - rollup_dirty_hours.reclose_after)
      and not exists (select 1 from private.rollup_sealed_hours s where s.workspace_id = w.workspace_id and s.hour = w.hour)
    order by w.hour
    limit greatest(rollup_dirty_hours.max_buckets, 1)
  ) k;
  if cardinality(v_ws) > 0 then
    execute 'with keys as (select k.workspace_id, k.hour from unnest($1::uuid[], $2::timestamptz[]) as k (workspace_id, hour)),
      stats as (
        select e.workspace_id, e.agent_id, k.hour, grouping(e.agent_id) as lvl,
          min(e.duration_ms) as duration_min_ms, max(e.duration_ms) as duration_max_ms, round(avg(e.duration_ms), 2) as latency_avg_ms,
          percentile_cont(array[0.5, 0.75, 0.95, 0.99]) within group (order by e.duration_ms::double precision) as p,
          private.sum_by(array_agg(coalesce(e.model, ''unknown'')), array_agg(e.cost_usd)) as cost_by_model,
          round(avg(e.user_rating), 2) as avg_rating, count(distinct e.user_id)::int as unique_users,
          count(distinct e.agent_id)::int as unique_agents,
          private.count_by(array_agg(coalesce(e.error_type, ''unknown'')) filter (where e.status in (''failed'', ''timeout''))) as errors_by_type,
          min(e.started_at) as first_run_at, max(e.started_at) as last_run_at
        from keys k
        cross join lateral (
          select x.workspace_id, x.agent_id, x.status, x.duration_ms, x.cost_usd, x.model, x.user_rating, x.user_id, x.error_type, x.started_at
          from public.executions x
          where x.workspace_id = k.workspace_id and x.started_at >= k.hour and x.started_at < k.hour + interval ''1 hour''
          offset 0
        ) e
        group by grouping sets ((e.workspace_id, k.hour, e.agent_id), (e.workspace_id, k.hour))
      ),'
      || (select string_agg(private.rollup_close_sql(g.lvl), ',' order by g.lvl) from private.rollup_grains() g)
      || ' select count(*)::int from keys'
    into v_closed
    using v_ws, v_hours;

    -- rows of those hours no run is left in go; any other row of them (its runs gone from the raw
    -- table meanwhile) is marked closed as it is, so that every key is done
    for v_lvl in select g.lvl from private.rollup_grains() g order by g.lvl loop
      execute format('delete from analytics.%I t using unnest($1::uuid[], $2::timestamptz[]) as k (workspace_id, hour)
          where t.workspace_id = k.workspace_id and t.hour = k.hour and t.runs = 0',
          (select g.hourly from private.rollup_grains() g where g.lvl = v_lvl))
        using v_ws, v_hours;
      execute format('update analytics.%I t set closed_at = clock_timestamp() from unnest($1::uuid[], $2::timestamptz[]) as k (workspace_id, hour)
          where t.workspace_id = k.workspace_id and t.hour = k.hour and (t.closed_at is null or t.reopened_at > t.closed_at)',
          (select g.hourly from private.rollup_grains() g where g.lvl = v_lvl))
        using v_ws, v_hours;
    end loop;

    -- the days of the closed hours need their daily rollups (exact, from raw runs) once the day is over
    insert into private.rollup_dirty_days (workspace_id, day)
    select distinct k.workspace_id, (k.hour at time zone 'UTC')::date from unnest(v_ws, v_hours) as k (workspace_id, hour);
  end if;

  return v_rebuilt + v_applied + v_closed;
end;
$$;
comment on function private.rollup_dirty_hours(int, boolean, interval) is
  'Job analytics-rollup-hourly (every minute), in three steps: (1) the buckets of the private.rollup_dirty_hours log (at most max_buckets; rebuild requests) become deltas of their raw runs minus their current rows; (2) at most 20 x max_buckets pending deltas (private.rollup_deltas) are added to the hourly rows of both grains and to the day rows, never re-reading raw runs; (3) at most max_buckets hours that are over and open (never closed, or reopened by late runs and last closed reclose_after ago) are closed: exact percentiles, extremes, unique users and the jsonb breakdowns from that hour''s raw runs, rows without runs deleted, their days marked for the daily job. Sealed buckets (raw runs purged by retention) are neither rebuilt nor changed: the change is refused and counted in private.rollup_sealed_hours. Skips (returns -1) when another run holds the lock unless wait. Returns the buckets rebuilt or refused + the (grain, hour) sums applied + the hours closed; 0 when nothing was left.';

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
revoke all on function private.jsonb_add(jsonb, jsonb) from public;
revoke all on function private.jsonb_sum(jsonb[], int[]) from public;
revoke all on function private.executions_record_deltas() from public;
revoke all on function private.rollup_grains() from public;
revoke all on function private.rollup_apply_sql(int) from public;
revoke all on function private.rollup_close_sql(int) from public;
revoke all on function private.rollup_dirty_hours(int, boolean, interval) from public;
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
