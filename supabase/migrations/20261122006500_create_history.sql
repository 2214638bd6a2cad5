-- History (seed 000 section 4): history_timeline per user, project and time bucket (daily,
-- weekly, monthly, quarterly) and history_events (what is worth remembering), filled on
-- schedule from runs; seasonal_patterns (per metric and season, the multiplier against the
-- yearly baseline, with a confidence from the sample size) and recommendations (deterministic
-- rules over the statistics, each with a confidence and an expected impact), computed on
-- schedule. Each job is one private function; the cron jobs call them:
--   learning-fill-history       */15 * * * *  private.fill_history()
--   learning-seasonal-patterns  17 3 * * *    private.compute_seasonal_patterns()
--   learning-recommendations    37 3 * * *    private.generate_recommendations()
-- Confidence from a sample of n everywhere here: floor(100 * (1 - 1 / sqrt(n))), 0 for n = 0
-- (n = 4: 50, n = 25: 80, n = 100: 90, n = 10000: 99).

create table private.learning_job_state (
  job_name text primary key,
  watermark timestamptz not null,
  last_run_at timestamptz not null default now()
);
comment on table private.learning_job_state is 'Where each incremental learning job got to: fill_history reprocesses what changed since its watermark (less ten minutes, for transactions that committed late).';

create table public.history_timeline (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  user_id uuid references auth.users (id) on delete cascade,
  project_id uuid,
  time_bucket text not null,
  period_start date not null,
  period_end date not null,
  project_name text,
  project_goals text,
  target_audience text,
  total_generations int not null default 0,
  success_count int not null default 0,
  failure_count int not null default 0,
  success_rate numeric(5, 2),
  rated_count int not null default 0,
  avg_user_satisfaction numeric(4, 2),
  total_tokens_used bigint not null default 0,
  total_cost numeric(16, 6) not null default 0,
  successful_patterns text[] not null default '{}',
  failed_patterns text[] not null default '{}',
  key_learnings text[] not null default '{}',
  computed_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint history_timeline_bucket_key unique nulls not distinct (workspace_id, user_id, project_id, time_bucket, period_start),
  constraint history_timeline_project_fkey foreign key (project_id, workspace_id) references public.projects (id, workspace_id) on delete cascade,
  constraint history_timeline_time_bucket_valid check (time_bucket in ('daily', 'weekly', 'monthly', 'quarterly')),
  constraint history_timeline_period_order check (period_start <= period_end),
  constraint history_timeline_counts_valid check (total_generations >= 0 and success_count >= 0 and failure_count >= 0
    and success_count + failure_count <= total_generations and rated_count >= 0),
  constraint history_timeline_success_rate_range check (success_rate is null or success_rate between 0 and 100)
);
comment on table public.history_timeline is 'Runs per user, project and time bucket (seed 000 history_timeline): counts, success rate, satisfaction, tokens, cost, the patterns that worked and failed, and the lessons learned. Kept by the job learning-fill-history (private.fill_history) from executions, pattern_usage and echo_entries; read-only for clients. A null user or project means the runs recorded none.';
comment on column public.history_timeline.period_start is 'First day of the bucket (UTC): the day, the ISO week''s Monday, the first of the month or of the quarter.';
comment on column public.history_timeline.period_end is 'Last day of the bucket (inclusive).';
comment on column public.history_timeline.total_generations is 'Runs started in the bucket.';
comment on column public.history_timeline.success_rate is 'Percent 0-100 of the finished runs that succeeded.';
comment on column public.history_timeline.avg_user_satisfaction is 'Mean user_rating (1-5) of the rated runs.';
comment on column public.history_timeline.successful_patterns is 'Up to 5 patterns used by these runs that succeeded more often than they failed, most successes first.';
comment on column public.history_timeline.failed_patterns is 'Up to 5 patterns used by these runs that failed at least as often as they succeeded, most failures first.';
comment on column public.history_timeline.key_learnings is 'Up to 10 lessons most often recorded (echo_entries.patterns_learned) on these runs.';

create table public.history_events (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  user_id uuid references auth.users (id) on delete set null,
  project_id uuid,
  event_type text not null,
  subject_id uuid not null,
  event_date timestamptz not null,
  agent_id uuid,
  execution_id uuid,
  model_used text,
  tokens_used bigint,
  cost_usd numeric(14, 6),
  generation_data jsonb not null default '{}'::jsonb,
  engagement_metrics jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  constraint history_events_type_subject_key unique (event_type, subject_id),
  constraint history_events_project_fkey foreign key (project_id, workspace_id) references public.projects (id, workspace_id) on delete set null (project_id),
  constraint history_events_agent_fkey foreign key (agent_id, workspace_id) references public.agents (id, workspace_id) on delete set null (agent_id),
  constraint history_events_execution_fkey foreign key (execution_id, workspace_id) references public.executions (id, workspace_id) on delete set null (execution_id),
  constraint history_events_event_type_valid check (event_type in ('generation_success', 'pattern_discovered', 'error_discovered')),
  constraint history_events_generation_data_object check (jsonb_typeof(generation_data) = 'object'),
  constraint history_events_engagement_metrics_object check (jsonb_typeof(engagement_metrics) = 'object')
);
comment on table public.history_events is 'What is worth remembering (seed 000 history_events): generation_success (a run rated 4 or 5), pattern_discovered (a new pattern), error_discovered (a new error fingerprint). One event per subject; written by the job learning-fill-history; read-only for clients.';
comment on column public.history_events.subject_id is 'What the event is about: the run, the pattern or the error pattern.';
comment on column public.history_events.generation_data is 'Details of the run or pattern: run_key, rating, feedback, topic, name, error text.';

create table public.seasonal_patterns (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  project_id uuid,
  season_kind text not null,
  season text not null,
  metric_name text not null,
  baseline_value numeric(20, 6) not null,
  season_value numeric(20, 6) not null,
  seasonal_multiplier numeric(12, 4) not null,
  sample_size int not null,
  confidence int not null,
  window_start date not null,
  window_end date not null,
  computed_at timestamptz not null default now(),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint seasonal_patterns_scope_key unique nulls not distinct (workspace_id, project_id, metric_name, season),
  constraint seasonal_patterns_project_fkey foreign key (project_id, workspace_id) references public.projects (id, workspace_id) on delete cascade,
  constraint seasonal_patterns_season_valid check (
    (season_kind = 'quarter' and season in ('Q1', 'Q2', 'Q3', 'Q4'))
    or (season_kind = 'weekday' and season in ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'))),
  constraint seasonal_patterns_metric_name_valid check (metric_name in ('runs_per_day', 'success_rate', 'avg_rating', 'cost_per_run')),
  constraint seasonal_patterns_sample_positive check (sample_size > 0),
  constraint seasonal_patterns_confidence_range check (confidence between 0 and 100),
  constraint seasonal_patterns_window_order check (window_start < window_end)
);
comment on table public.seasonal_patterns is 'Per metric and season, how the season compares with the year (seed 000 history_seasonal_patterns): seasonal_multiplier = season_value / baseline_value over the 365 days before window_end, confidence from the season''s sample size. Per workspace (project_id null) and per project. Kept by the job learning-seasonal-patterns; read-only for clients.';
comment on column public.seasonal_patterns.season is 'Q1-Q4 (season_kind quarter) or mon-sun (season_kind weekday), UTC.';
comment on column public.seasonal_patterns.metric_name is 'runs_per_day (runs / calendar days), success_rate (percent of finished runs), avg_rating (1-5), cost_per_run (USD).';
comment on column public.seasonal_patterns.sample_size is 'Runs in the season behind season_value: all runs, finished runs (success_rate) or rated runs (avg_rating).';
comment on column public.seasonal_patterns.confidence is 'floor(100 * (1 - 1 / sqrt(sample_size))).';

create table public.recommendations (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  project_id uuid,
  user_id uuid references auth.users (id) on delete set null,
  rule text not null,
  subject_key text not null,
  recommendation_for_period text not null,
  recommendation_text text not null,
  confidence numeric(5, 2) not null,
  expected_impact jsonb not null default '{}'::jsonb,
  evidence jsonb not null default '{}'::jsonb,
  status text not null default 'open',
  generated_at timestamptz not null default now(),
  expires_at timestamptz,
  decided_by uuid references auth.users (id) on delete set null,
  decided_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint recommendations_workspace_rule_subject_key unique (workspace_id, rule, subject_key),
  constraint recommendations_project_fkey foreign key (project_id, workspace_id) references public.projects (id, workspace_id) on delete cascade,
  constraint recommendations_rule_valid check (rule in ('cheaper_model', 'recurring_error', 'better_pattern', 'seasonal_peak')),
  constraint recommendations_period_valid check (recommendation_for_period in ('next_week', 'next_month', 'next_quarter')),
  constraint recommendations_confidence_range check (confidence between 0 and 100),
  constraint recommendations_status_valid check (status in ('open', 'accepted', 'dismissed', 'expired')),
  constraint recommendations_expected_impact_object check (jsonb_typeof(expected_impact) = 'object'),
  constraint recommendations_evidence_object check (jsonb_typeof(evidence) = 'object')
);
comment on table public.recommendations is 'What to do next period, generated from the data by deterministic rules (seed 000 history_recommendations): cheaper_model, recurring_error, better_pattern, seasonal_peak (see docs/learning.md). Regenerated by the job learning-recommendations: one row per rule and subject, refreshed while the rule holds, expired when it no longer does. Members accept or dismiss.';
comment on column public.recommendations.subject_key is 'What the recommendation is about, unique per rule: agent:model, error fingerprint, pattern id, season:project.';
comment on column public.recommendations.confidence is 'Percent 0-100, from the smaller sample behind the rule: floor(100 * (1 - 1 / sqrt(n))).';
comment on column public.recommendations.expected_impact is 'The expected effect, e.g. {"estimated_saving_usd_30d": 12.5, "cost_ratio": 0.4}.';
comment on column public.recommendations.evidence is 'The statistics the rule read.';
comment on column public.recommendations.status is 'open (still supported by the data), accepted or dismissed (by a member), expired (no longer supported).';

create index history_timeline_workspace_bucket_idx on public.history_timeline (workspace_id, time_bucket, period_start desc);
create index history_timeline_user_project_idx on public.history_timeline (user_id, project_id);
create index history_timeline_project_id_idx on public.history_timeline (project_id, workspace_id);
create index history_timeline_time_bucket_idx on public.history_timeline (time_bucket);
create index history_events_workspace_date_idx on public.history_events (workspace_id, event_date desc);
create index history_events_user_project_date_idx on public.history_events (user_id, project_id, event_date desc);
create index history_events_project_id_idx on public.history_events (project_id, workspace_id);
create index history_events_agent_id_idx on public.history_events (agent_id, workspace_id);
create index history_events_execution_id_idx on public.history_events (execution_id, workspace_id);
create index history_events_event_type_idx on public.history_events (event_type);
create index seasonal_patterns_workspace_season_idx on public.seasonal_patterns (workspace_id, season);
create index seasonal_patterns_project_id_idx on public.seasonal_patterns (project_id, workspace_id);
create index recommendations_workspace_status_idx on public.recommendations (workspace_id, status, generated_at desc);
create index recommendations_project_id_idx on public.recommendations (project_id, workspace_id);
create index recommendations_user_period_idx on public.recommendations (user_id, recommendation_for_period);
create index recommendations_decided_by_idx on public.recommendations (decided_by);

create trigger history_timeline_set_updated_at before update on public.history_timeline
  for each row execute function public.update_updated_at_column();
create trigger seasonal_patterns_set_updated_at before update on public.seasonal_patterns
  for each row execute function public.update_updated_at_column();
create trigger recommendations_set_updated_at before update on public.recommendations
  for each row execute function public.update_updated_at_column();

-- buckets, in one place (UTC)
create function private.history_period_start(time_bucket text, at timestamptz)
returns date
language sql
immutable
set search_path = ''
as $$
  select date_trunc(case history_period_start.time_bucket
      when 'daily' then 'day' when 'weekly' then 'week' when 'monthly' then 'month' when 'quarterly' then 'quarter' end,
    history_period_start.at at time zone 'utc')::date
$$;
comment on function private.history_period_start(text, timestamptz) is 'First day (UTC) of the daily, weekly (ISO, Monday), monthly or quarterly bucket holding a time.';

create function private.history_period_end(time_bucket text, period_start date)
returns date
language sql
immutable
set search_path = ''
as $$
  select (history_period_end.period_start + case history_period_end.time_bucket
      when 'daily' then interval '1 day' when 'weekly' then interval '1 week' when 'monthly' then interval '1 month'
      when 'quarterly' then interval '3 months' end)::date - 1
$$;
comment on function private.history_period_end(text, date) is 'Last day (inclusive) of the bucket that starts on period_start.';

create function private.confidence_from_sample(n bigint)
returns int
language sql
immutable
set search_path = ''
as $$
  select case when coalesce(confidence_from_sample.n, 0) <= 0 then 0
    else greatest(0, floor(100 * (1 - 1 / sqrt(confidence_from_sample.n::double precision))))::int end
$$;
comment on function private.confidence_from_sample(bigint) is 'Confidence 0-100 from a sample size n: floor(100 * (1 - 1 / sqrt(n))), 0 for n = 0 (the relative standard error shrinks as 1 / sqrt(n)).';

create function private.fill_history(since timestamptz default null)
returns int
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_started timestamptz := clock_timestamp();
  v_since timestamptz;
  v_count int;
begin
  select s.watermark - interval '10 minutes' into v_since from private.learning_job_state s where s.job_name = 'fill_history';
  v_since := coalesce(fill_history.since, v_since, '-infinity'::timestamptz);

  -- the buckets holding runs that changed (or got an echo entry) since the watermark, recomputed whole
  insert into public.history_timeline as h (workspace_id, user_id, project_id, time_bucket, period_start, period_end,
    project_name, project_goals, target_audience, total_generations, success_count, failure_count, success_rate, rated_count,
    avg_user_satisfaction, total_tokens_used, total_cost, successful_patterns, failed_patterns, key_learnings, computed_at)
  with changed as (
    select e.workspace_id, e.user_id, e.project_id, e.started_at from public.executions e where e.updated_at >= v_since
    union
    select e.workspace_id, e.user_id, e.project_id, e.started_at
    from public.echo_entries x join public.executions e on e.id = x.execution_id
    where x.created_at >= v_since
  ),
  keys as (
    select distinct c.workspace_id, c.user_id, c.project_id, b.bucket,
      private.history_period_start(b.bucket, c.started_at) as period_start
    from changed c
    cross join (values ('daily'), ('weekly'), ('monthly'), ('quarterly')) as b (bucket)
  ),
  bounded as (
    select k.*, private.history_period_end(k.bucket, k.period_start) as period_end,
      k.period_start::timestamp at time zone 'utc' as from_ts,
      (private.history_period_end(k.bucket, k.period_start) + 1)::timestamp at time zone 'utc' as to_ts
    from keys k
  )
  select b.workspace_id, b.user_id, b.project_id, b.bucket, b.period_start, b.period_end,
    p.name, p.goals, p.target_audience,
    s.total, s.succeeded, s.failed,
    case when s.succeeded + s.failed > 0 then round(100.0 * s.succeeded / (s.succeeded + s.failed), 2) end,
    s.rated, round(s.avg_rating, 2), s.tokens, s.cost,
    array(
      select pt.name
      from public.pattern_usage u
      join public.executions e on e.id = u.execution_id
      join public.patterns pt on pt.id = u.pattern_id
      where e.workspace_id = b.workspace_id and e.user_id is not distinct from b.user_id and e.project_id is not distinct from b.project_id
        and e.started_at >= b.from_ts and e.started_at < b.to_ts
      group by pt.id, pt.name
      having count(*) filter (where u.success) > count(*) filter (where not u.success)
      order by count(*) filter (where u.success) desc, pt.name
      limit 5),
    array(
      select pt.name
      from public.pattern_usage u
      join public.executions e on e.id = u.execution_id
      join public.patterns pt on pt.id = u.pattern_id
      where e.workspace_id = b.workspace_id and e.user_id is not distinct from b.user_id and e.project_id is not distinct from b.project_id
        and e.started_at >= b.from_ts and e.started_at < b.to_ts
      group by pt.id, pt.name
      having count(*) filter (where not u.success) > 0
        and count(*) filter (where not u.success) >= count(*) filter (where u.success)
      order by count(*) filter (where not u.success) desc, pt.name
      limit 5),
    array(
      select l.lesson
      from public.echo_entries x
      join public.executions e on e.id = x.execution_id
      cross join lateral unnest(x.patterns_learned) as l (lesson)
      where e.workspace_id = b.workspace_id and e.user_id is not distinct from b.user_id and e.project_id is not distinct from b.project_id
        and e.started_at >= b.from_ts and e.started_at < b.to_ts
      group by l.lesson
      order by count(*) desc, l.lesson
      limit 10),
    v_started
  from bounded b
  cross join lateral (
    select count(*)::int as total,
      (count(*) filter (where e.status = 'succeeded'))::int as succeeded,
      (count(*) filter (where e.status in ('failed', 'timeout', 'canceled')))::int as failed,
      count(e.user_rating)::int as rated,
      avg(e.user_rating) as avg_rating,
      coalesce(sum(e.tokens_in + e.tokens_out), 0)::bigint as tokens,
      coalesce(sum(e.cost_usd), 0) as cost
    from public.executions e
    where e.workspace_id = b.workspace_id and e.user_id is not distinct from b.user_id and e.project_id is not distinct from b.project_id
      and e.started_at >= b.from_ts and e.started_at < b.to_ts
  ) s
  left join public.projects p on p.id = b.project_id
  where s.total > 0
  order by b.workspace_id, b.bucket, b.period_start
  on conflict on constraint history_timeline_bucket_key do update set
    period_end = excluded.period_end, project_name = excluded.project_name, project_goals = excluded.project_goals,
    target_audience = excluded.target_audience, total_generations = excluded.total_generations,
    success_count = excluded.success_count, failure_count = excluded.failure_count, success_rate = excluded.success_rate,
    rated_count = excluded.rated_count, avg_user_satisfaction = excluded.avg_user_satisfaction,
    total_tokens_used = excluded.total_tokens_used, total_cost = excluded.total_cost,
    successful_patterns = excluded.successful_patterns, failed_patterns = excluded.failed_patterns,
    key_learnings = excluded.key_learnings, computed_at = excluded.computed_at;
  get diagnostics v_count = row_count;

  -- events: runs rated 4-5, new patterns, new error fingerprints (one event per subject)
  insert into public.history_events as he (workspace_id, user_id, project_id, event_type, subject_id, event_date, agent_id,
    execution_id, model_used, tokens_used, cost_usd, generation_data, engagement_metrics)
  select e.workspace_id, e.user_id, e.project_id, 'generation_success', e.id, coalesce(e.ended_at, e.started_at), e.agent_id, e.id,
    e.model, e.tokens_in + e.tokens_out, e.cost_usd,
    jsonb_strip_nulls(jsonb_build_object('run_key', e.run_key, 'user_rating', e.user_rating, 'feedback', e.feedback,
      'duration_ms', e.duration_ms)),
    coalesce((select x.engagement_metrics from public.echo_entries x where x.execution_id = e.id order by x.created_at desc limit 1), '{}'::jsonb)
  from public.executions e
  where e.updated_at >= v_since and e.status = 'succeeded' and e.user_rating >= 4
  union all
  select p.workspace_id, p.created_by, null, 'pattern_discovered', p.id, p.created_at, null, null, p.optimal_model, null, null,
    jsonb_strip_nulls(jsonb_build_object('topic', p.topic, 'name', p.name, 'description', p.description)), '{}'::jsonb
  from public.patterns p
  where p.created_at >= v_since
  union all
  select ep.workspace_id, null, null, 'error_discovered', ep.id, ep.first_seen_at, ep.last_agent_id, ep.example_execution_id, null, null, null,
    jsonb_build_object('error_type', ep.error_type, 'normalized_message', ep.normalized_message, 'fingerprint', ep.fingerprint), '{}'::jsonb
  from public.error_patterns ep
  where ep.created_at >= v_since
  on conflict on constraint history_events_type_subject_key do update set
    user_id = excluded.user_id, project_id = excluded.project_id, event_date = excluded.event_date, model_used = excluded.model_used,
    tokens_used = excluded.tokens_used, cost_usd = excluded.cost_usd, generation_data = excluded.generation_data,
    engagement_metrics = excluded.engagement_metrics;

  insert into private.learning_job_state as s (job_name, watermark, last_run_at)
  values ('fill_history', v_started, clock_timestamp())
  on conflict on constraint learning_job_state_pkey do update set watermark = excluded.watermark, last_run_at = excluded.last_run_at;
  return v_count;
end;
$$;
comment on function private.fill_history(timestamptz) is
  'Job learning-fill-history: recomputes, from the raw rows, every history_timeline bucket (daily, weekly, monthly, quarterly per workspace, user and project) holding a run changed or given an echo entry since the watermark (or since the given time), so late and corrected runs are counted right; records history_events for runs rated 4-5, new patterns and new error fingerprints; moves the watermark. Returns the number of buckets written. Security definer: runs as the scheduler, writes read-only tables.';

create function private.compute_seasonal_patterns(as_of date default null)
returns int
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_end date := coalesce(compute_seasonal_patterns.as_of, private.utc_today());
  v_start date := coalesce(compute_seasonal_patterns.as_of, private.utc_today()) - 365;
  v_now timestamptz := clock_timestamp();
  v_count int;
begin
  insert into public.seasonal_patterns as sp (workspace_id, project_id, season_kind, season, metric_name, baseline_value,
    season_value, seasonal_multiplier, sample_size, confidence, window_start, window_end, computed_at)
  with runs as (
    select e.workspace_id, e.project_id, (e.started_at at time zone 'utc')::date as day, e.status, e.user_rating, e.cost_usd
    from public.executions e
    where e.started_at >= v_start::timestamp at time zone 'utc' and e.started_at < v_end::timestamp at time zone 'utc'
  ),
  scoped as (
    -- every run counts for its workspace (project_id null) and, if it has one, for its project
    select r.workspace_id, null::uuid as project_id, r.day, r.status, r.user_rating, r.cost_usd from runs r
    union all
    select r.workspace_id, r.project_id, r.day, r.status, r.user_rating, r.cost_usd from runs r where r.project_id is not null
  ),
  seasoned as (
    select s.*, x.kind, x.season
    from scoped s
    cross join lateral (values
      ('quarter', 'Q' || extract(quarter from s.day)::int),
      ('weekday', (array['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])[extract(isodow from s.day)::int])
    ) as x (kind, season)
  ),
  calendar as (
    -- calendar days of each season inside the window (for runs per day)
    select x.season, count(*) as days
    from generate_series(v_start::timestamp, (v_end - 1)::timestamp, interval '1 day') as d (day)
    cross join lateral (values
      ('Q' || extract(quarter from d.day::date)::int),
      ((array['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])[extract(isodow from d.day::date)::int])
    ) as x (season)
    group by x.season
  ),
  baseline as (
    select s.workspace_id, s.project_id,
      count(*) as runs,
      count(*) filter (where private.is_terminal_status(s.status)) as finished,
      count(*) filter (where s.status = 'succeeded') as succeeded,
      count(s.user_rating) as rated,
      avg(s.user_rating) as avg_rating,
      avg(s.cost_usd) as cost_per_run
    from scoped s
    group by s.workspace_id, s.project_id
  ),
  per_season as (
    select s.workspace_id, s.project_id, s.kind, s.season,
      count(*) as runs,
      count(*) filter (where private.is_terminal_status(s.status)) as finished,
      count(*) filter (where s.status = 'succeeded') as succeeded,
      count(s.user_rating) as rated,
      avg(s.user_rating) as avg_rating,
      avg(s.cost_usd) as cost_per_run
    from seasoned s
    group by s.workspace_id, s.project_id, s.kind, s.season
  ),
  metrics as (
    select ps.workspace_id, ps.project_id, ps.kind, ps.season, m.metric_name, m.baseline_value, m.season_value, m.sample_size
    from per_season ps
    join baseline b on b.workspace_id = ps.workspace_id and b.project_id is not distinct from ps.project_id
    join calendar c on c.season = ps.season
    cross join lateral (values
      ('runs_per_day', b.runs::numeric / (v_end - v_start), ps.runs::numeric / c.days, ps.runs),
      ('success_rate', case when b.finished > 0 then 100.0 * b.succeeded / b.finished end,
        case when ps.finished > 0 then 100.0 * ps.succeeded / ps.finished end, ps.finished),
      ('avg_rating', b.avg_rating, ps.avg_rating, ps.rated),
      ('cost_per_run', b.cost_per_run, ps.cost_per_run, ps.runs)
    ) as m (metric_name, baseline_value, season_value, sample_size)
  )
  select m.workspace_id, m.project_id, m.kind, m.season, m.metric_name, round(m.baseline_value, 6), round(m.season_value, 6),
    round(m.season_value / m.baseline_value, 4), m.sample_size, private.confidence_from_sample(m.sample_size), v_start, v_end, v_now
  from metrics m
  where m.sample_size > 0 and m.baseline_value > 0 and m.season_value is not null
  order by m.workspace_id, m.project_id, m.metric_name, m.season
  on conflict on constraint seasonal_patterns_scope_key do update set
    season_kind = excluded.season_kind, baseline_value = excluded.baseline_value, season_value = excluded.season_value,
    seasonal_multiplier = excluded.seasonal_multiplier, sample_size = excluded.sample_size, confidence = excluded.confidence,
    window_start = excluded.window_start, window_end = excluded.window_end, computed_at = excluded.computed_at;
  get diagnostics v_count = row_count;

  -- seasons no longer in the data
  delete from public.seasonal_patterns sp where sp.computed_at < v_now;
  return v_count;
end;
$$;
comment on function private.compute_seasonal_patterns(date) is
  'Job learning-seasonal-patterns: over the 365 days before as_of (default today, UTC), per workspace and per project, for each quarter (Q1-Q4) and weekday (mon-sun) and each metric (runs_per_day, success_rate, avg_rating, cost_per_run): the season''s value, the whole window''s (baseline), their ratio (seasonal_multiplier) and a confidence from the season''s sample size. Rows no longer supported are removed. Returns the rows written. Security definer: runs as the scheduler, writes a read-only table.';

create function private.generate_recommendations(as_of timestamptz default null)
returns int
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_now timestamptz := coalesce(generate_recommendations.as_of, now());
  v_stamp timestamptz := clock_timestamp();
  v_next_quarter text := 'Q' || extract(quarter from (coalesce(generate_recommendations.as_of, now()) + interval '3 months') at time zone 'utc')::int;
  v_count int;
begin
  insert into public.recommendations as r (workspace_id, project_id, user_id, rule, subject_key, recommendation_for_period,
    recommendation_text, confidence, expected_impact, evidence, generated_at, expires_at)
  -- cheaper_model: for an agent, over the last 30 days (at least 20 finished runs per model), a model
  -- whose success rate is within 2 points of another's at no more than 60% of its cost per run
  with model_stats as (
    select e.workspace_id, e.agent_id, e.model, count(*) as runs,
      (count(*) filter (where e.status = 'succeeded'))::numeric / count(*) as success_rate,
      avg(e.cost_usd) as cost_per_run
    from public.executions e
    where e.started_at >= v_now - interval '30 days' and e.started_at < v_now
      and e.agent_id is not null and e.model is not null and private.is_terminal_status(e.status)
    group by e.workspace_id, e.agent_id, e.model
    having count(*) >= 20
  ),
  cheaper_model as (
    select distinct on (y.workspace_id, y.agent_id, y.model)
      y.workspace_id, y.agent_id, a.slug, x.model as cheap_model, y.model as dear_model, x.runs as cheap_runs, y.runs as dear_runs,
      x.success_rate as cheap_rate, y.success_rate as dear_rate, x.cost_per_run as cheap_cost, y.cost_per_run as dear_cost
    from model_stats y
    join model_stats x on x.workspace_id = y.workspace_id and x.agent_id = y.agent_id and x.model <> y.model
    join public.agents a on a.id = y.agent_id
    where y.cost_per_run > 0 and x.cost_per_run <= 0.6 * y.cost_per_run and x.success_rate >= y.success_rate - 0.02
    order by y.workspace_id, y.agent_id, y.model, x.cost_per_run / y.cost_per_run, x.model
  ),
  -- recurring_error: an open error pattern seen at least 10 times, last in the 7 days before as_of
  recurring_error as (
    select ep.* from public.error_patterns ep
    where ep.status = 'open' and ep.occurrence_count >= 10
      and ep.last_seen_at >= v_now - interval '7 days' and ep.last_seen_at <= v_now
  ),
  -- better_pattern: in a topic, a pattern at least 20 points more successful than a more used one
  -- (at least 10 uses with a known outcome each)
  better_pattern as (
    select distinct on (worse.id)
      worse.workspace_id, worse.topic, worse.id as worse_id, worse.name as worse_name, worse.success_rate as worse_rate,
      worse.success_count + worse.failure_count as worse_n, worse.usage_count as worse_uses,
      better.id as better_id, better.name as better_name, better.success_rate as better_rate,
      better.success_count + better.failure_count as better_n, better.usage_count as better_uses
    from public.patterns worse
    join public.patterns better on better.workspace_id = worse.workspace_id and better.topic = worse.topic and better.id <> worse.id
    where worse.success_count + worse.failure_count >= 10 and better.success_count + better.failure_count >= 10
      and better.success_rate >= worse.success_rate + 20
      and worse.usage_count > better.usage_count
    order by worse.id, better.success_rate desc, better.id
  ),
  -- seasonal_peak: next quarter's runs per day at least 1.3 times the yearly average, confidence >= 50
  seasonal_peak as (
    select sp.*, p.slug as project_slug, p.owner_user_id
    from public.seasonal_patterns sp
    left join public.projects p on p.id = sp.project_id
    where sp.metric_name = 'runs_per_day' and sp.season = v_next_quarter
      and sp.seasonal_multiplier >= 1.3 and sp.confidence >= 50
  )
  select c.workspace_id, null::uuid, null::uuid, 'cheaper_model', c.agent_id::text || ':' || c.dear_model, 'next_month',
    format('Agent %s: model %s matched model %s''s success rate (%s%% vs %s%%) at %s%% of the cost over the last 30 days (%s and %s runs).',
      c.slug, c.cheap_model, c.dear_model, round(100 * c.cheap_rate, 1), round(100 * c.dear_rate, 1),
      round(100 * c.cheap_cost / c.dear_cost), c.cheap_runs, c.dear_runs),
    private.confidence_from_sample(least(c.cheap_runs, c.dear_runs)),
    jsonb_build_object('cost_ratio', round(c.cheap_cost / c.dear_cost, 4),
      'estimated_saving_usd_30d', round((c.dear_cost - c.cheap_cost) * c.dear_runs, 2),
      'success_rate_change_points', round(100 * (c.cheap_rate - c.dear_rate), 1)),
    jsonb_build_object('agent_id', c.agent_id, 'model', c.cheap_model, 'instead_of', c.dear_model,
      'runs', c.cheap_runs, 'runs_instead_of', c.dear_runs, 'success_rate', round(c.cheap_rate, 4), 'success_rate_instead_of', round(c.dear_rate, 4),
      'cost_per_run', round(c.cheap_cost, 6), 'cost_per_run_instead_of', round(c.dear_cost, 6)),
    v_stamp, v_now + interval '1 month'
  from cheaper_model c
  union all
  select e.workspace_id, null, null, 'recurring_error', e.fingerprint, 'next_week',
    format('The error "%s: %s" has happened %s times since %s, last on %s: resolving it would recover those runs.',
      e.error_type, left(e.normalized_message, 160), e.occurrence_count, (e.first_seen_at at time zone 'utc')::date,
      (e.last_seen_at at time zone 'utc')::date),
    private.confidence_from_sample(e.occurrence_count),
    jsonb_build_object('failed_runs', e.occurrence_count),
    jsonb_build_object('error_pattern_id', e.id, 'error_type', e.error_type, 'normalized_message', e.normalized_message,
      'first_seen_at', e.first_seen_at, 'last_seen_at', e.last_seen_at),
    v_stamp, v_now + interval '1 week'
  from recurring_error e
  union all
  select b.workspace_id, null, null, 'better_pattern', b.worse_id::text, 'next_month',
    format('Topic %s: pattern "%s" succeeds %s%% of the time (%s uses) against %s%% for the more used "%s" (%s uses): prefer it.',
      b.topic, b.better_name, round(b.better_rate, 1), b.better_n, round(b.worse_rate, 1), b.worse_name, b.worse_n),
    private.confidence_from_sample(least(b.better_n, b.worse_n)),
    jsonb_build_object('success_rate_gain_points', round(b.better_rate - b.worse_rate, 1), 'uses_affected', b.worse_uses),
    jsonb_build_object('topic', b.topic, 'pattern_id', b.better_id, 'instead_of_pattern_id', b.worse_id,
      'success_rate', b.better_rate, 'success_rate_instead_of', b.worse_rate, 'uses', b.better_n, 'uses_instead_of', b.worse_n),
    v_stamp, v_now + interval '1 month'
  from better_pattern b
  union all
  select s.workspace_id, s.project_id, s.owner_user_id, 'seasonal_peak', s.season || ':' || coalesce(s.project_id::text, '*'), 'next_quarter',
    format('%sExpect about %s%% more runs in %s than the yearly average (%s a day against %s): raise quotas and budgets ahead of it.',
      case when s.project_slug is not null then 'Project ' || s.project_slug || ': ' else '' end,
      round(100 * (s.seasonal_multiplier - 1)), s.season, round(s.season_value, 1), round(s.baseline_value, 1)),
    s.confidence,
    jsonb_build_object('seasonal_multiplier', s.seasonal_multiplier, 'extra_runs_per_day', round(s.season_value - s.baseline_value, 2)),
    jsonb_build_object('seasonal_pattern_id', s.id, 'season', s.season, 'baseline_runs_per_day', s.baseline_value,
      'season_runs_per_day', s.season_value, 'sample_size', s.sample_size),
    v_stamp, v_now + interval '3 months'
  from seasonal_peak s
  on conflict on constraint recommendations_workspace_rule_subject_key do update set
    project_id = excluded.project_id, user_id = excluded.user_id, recommendation_for_period = excluded.recommendation_for_period,
    recommendation_text = excluded.recommendation_text, confidence = excluded.confidence, expected_impact = excluded.expected_impact,
    evidence = excluded.evidence, generated_at = excluded.generated_at, expires_at = excluded.expires_at,
    status = case when r.status = 'expired' then 'open' else r.status end;
  get diagnostics v_count = row_count;

  -- open recommendations the data no longer supports
  update public.recommendations r set status = 'expired'
  where r.status = 'open' and r.generated_at < v_stamp;
  return v_count;
end;
$$;
comment on function private.generate_recommendations(timestamptz) is
  'Job learning-recommendations: applies the rules cheaper_model, recurring_error, better_pattern and seasonal_peak (see the comments in its body and docs/learning.md) to the data as of as_of (default now), upserting one recommendation per rule and subject with a confidence from the sample size and an expected impact; open recommendations no rule produced any more expire; accepted and dismissed ones keep their status. Returns the number generated. Security definer: runs as the scheduler, writes recommendations.';

-- deciding: who and when are the database's to record
create function private.stamp_recommendation_decision()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  -- people change status through the API as role authenticated; the job (as its owner) expires and reopens
  if current_user = 'authenticated' and new.status is distinct from old.status then
    if new.status not in ('accepted', 'dismissed') then
      raise exception 'a recommendation can be accepted or dismissed, not set to %', new.status
        using errcode = 'AO422', column = 'status', hint = 'validation_failed';
    end if;
    new.decided_at := now();
    new.decided_by := case when private.is_agent_token() then null else (select auth.uid()) end;
  end if;
  return new;
end;
$$;
comment on function private.stamp_recommendation_decision() is 'Trigger: a person may set a recommendation to accepted or dismissed only; the decision''s time and author are recorded.';

create trigger recommendations_stamp_decision before update of status on public.recommendations
  for each row execute function private.stamp_recommendation_decision();

revoke all on function private.history_period_start(text, timestamptz) from public;
revoke all on function private.history_period_end(text, date) from public;
revoke all on function private.confidence_from_sample(bigint) from public;
revoke all on function private.fill_history(timestamptz) from public;
revoke all on function private.compute_seasonal_patterns(date) from public;
revoke all on function private.generate_recommendations(timestamptz) from public;
revoke all on function private.stamp_recommendation_decision() from public;
grant execute on function private.history_period_start(text, timestamptz) to authenticated, service_role;
grant execute on function private.history_period_end(text, date) to authenticated, service_role;
grant execute on function private.confidence_from_sample(bigint) to authenticated, service_role;

-- the seeds' names
create view public.history_seasonal_patterns with (security_invoker = true) as
select sp.id, sp.workspace_id, p.owner_user_id as user_id, p.slug as project_id, sp.project_id as project_uuid, sp.season,
  sp.metric_name, sp.baseline_value, sp.seasonal_multiplier, sp.confidence, sp.created_at, sp.updated_at
from public.seasonal_patterns sp
left join public.projects p on p.id = sp.project_id;
comment on view public.history_seasonal_patterns is 'Seed 000 history_seasonal_patterns: seasonal_patterns with the project''s slug as project_id (null: the whole workspace) and its owner as user_id.';

create view public.history_recommendations with (security_invoker = true) as
select r.id, r.workspace_id, r.user_id, p.slug as project_id, r.project_id as project_uuid, r.recommendation_for_period,
  r.recommendation_text, r.confidence, r.expected_impact, r.status, r.created_at
from public.recommendations r
left join public.projects p on p.id = r.project_id;
comment on view public.history_recommendations is 'Seed 000 history_recommendations: recommendations with the project''s slug as project_id.';

grant select on public.history_seasonal_patterns, public.history_recommendations to authenticated;
revoke all on public.history_seasonal_patterns, public.history_recommendations from anon;
revoke insert, update, delete, truncate on public.history_seasonal_patterns, public.history_recommendations from authenticated;

revoke all on public.history_timeline, public.history_events, public.seasonal_patterns, public.recommendations from anon, authenticated;
grant select on public.history_timeline, public.history_events, public.seasonal_patterns, public.recommendations to authenticated;
grant update (status) on public.recommendations to authenticated;

alter table public.history_timeline enable row level security;
alter table public.history_events enable row level security;
alter table public.seasonal_patterns enable row level security;
alter table public.recommendations enable row level security;

create policy history_timeline_select on public.history_timeline for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
create policy history_events_select on public.history_events for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
create policy seasonal_patterns_select on public.seasonal_patterns for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
create policy recommendations_select on public.recommendations for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
create policy recommendations_update on public.recommendations for update to authenticated
  using ((select private.has_role(workspace_id, 'member')))
  with check ((select private.has_role(workspace_id, 'member')));

select cron.schedule('learning-fill-history', '*/15 * * * *', $$select private.fill_history()$$);
select cron.schedule('learning-seasonal-patterns', '17 3 * * *', $$select private.compute_seasonal_patterns()$$);
select cron.schedule('learning-recommendations', '37 3 * * *', $$select private.generate_recommendations()$$);
