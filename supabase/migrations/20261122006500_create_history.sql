-- History (seed 000 section 4): history_timeline per user, project and time bucket (daily,
-- weekly, monthly, quarterly) and history_events (what is worth remembering), filled on
-- schedule from runs; history_metric_daily (any metric runs or metric samples carry, per user,
-- project and day); seasonal_patterns (per user, project or workspace, per metric and season:
-- quarters, weekdays and named seasons such as summer and holiday, configurable in
-- season_ranges; the multiplier against the yearly baseline, with a confidence from the sample
-- size) and recommendations (deterministic rules over the statistics, each with a confidence and
-- an expected impact), computed on schedule.
-- The daily rows are the history's rollup: coarser buckets and seasonal patterns are computed
-- from them, never from raw runs, and a day whose runs retention deleted is sealed (never
-- recomputed from what is left), so history reaches back beyond raw retention (90 days).
-- Each job is one private function; the cron jobs call them:
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

create table private.history_dirty (
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  user_id uuid,
  project_id uuid,
  day date not null,
  queued_at timestamptz not null default now()
);
create index history_dirty_workspace_idx on private.history_dirty (workspace_id);
comment on table private.history_dirty is 'Days of history whose runs were deleted by someone other than retention (an admin, a workspace deletion): fill_history recomputes them and empties the queue.';

create table private.history_switches (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  agent_id uuid not null,
  kind text not null,
  subject text not null,
  first_seen_at timestamptz not null,
  evaluated_at timestamptz,
  constraint history_switches_agent_fkey foreign key (agent_id, workspace_id) references public.agents (id, workspace_id) on delete cascade,
  constraint history_switches_kind_valid check (kind in ('model', 'pattern')),
  constraint history_switches_agent_kind_subject_key unique (agent_id, kind, subject)
);
comment on table private.history_switches is 'When each agent first used each model and each pattern (kept by fill_history from changed runs and new pattern uses): the changes whose effect on cost per successful run the cost_optimized event judges, once each, 7 days after.';

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
  rating_sum bigint not null default 0,
  avg_user_satisfaction numeric(4, 2),
  total_tokens_used bigint not null default 0,
  total_cost numeric(16, 6) not null default 0,
  successful_patterns text[] not null default '{}',
  failed_patterns text[] not null default '{}',
  key_learnings text[] not null default '{}',
  computed_at timestamptz not null default now(),
  sealed_at timestamptz,
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
comment on column public.history_timeline.rating_sum is 'Sum of the ratings of the rated runs (coarser buckets add the daily sums up).';
comment on column public.history_timeline.sealed_at is 'Daily rows only: when retention deleted runs of this day. A sealed day is never recomputed from the raw runs left; weekly, monthly and quarterly rows are always sums of daily rows, so they stay right after retention.';

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
  constraint history_events_event_type_valid check (event_type in ('generation_success', 'pattern_discovered', 'error_discovered', 'cost_optimized')),
  constraint history_events_generation_data_object check (jsonb_typeof(generation_data) = 'object'),
  constraint history_events_engagement_metrics_object check (jsonb_typeof(engagement_metrics) = 'object')
);
comment on table public.history_events is 'What is worth remembering (seed 000 history_events): generation_success (a run rated 4 or 5), pattern_discovered (a new pattern), error_discovered (a new error fingerprint), cost_optimized (an agent''s switch to a model or a pattern lowered its cost per successful run by at least 10% over the 7 days after the switch against the 7 days before). One event per subject; written by the job learning-fill-history; read-only for clients.';
comment on column public.history_events.subject_id is 'What the event is about: the run, the pattern, the error pattern, or the switch (private.history_switches) for cost_optimized.';
comment on column public.history_events.execution_id is 'The run the event is about (generation_success), kept without a foreign key so that it outlives the run''s retention (issue 13): written by the history job from runs it has just read.';
comment on column public.history_events.generation_data is 'Details of the run or pattern: run_key, rating, feedback, topic, name, error text.';

create table public.history_metric_daily (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  user_id uuid references auth.users (id) on delete cascade,
  project_id uuid,
  day date not null,
  metric_name text not null,
  value_sum numeric(24, 6) not null,
  value_count bigint not null,
  computed_at timestamptz not null default now(),
  constraint history_metric_daily_key unique nulls not distinct (workspace_id, user_id, project_id, day, metric_name),
  constraint history_metric_daily_project_fkey foreign key (project_id, workspace_id) references public.projects (id, workspace_id) on delete cascade,
  constraint history_metric_daily_metric_name_format check (metric_name ~ '^[a-z][a-z0-9_.]{0,99}$'),
  constraint history_metric_daily_count_positive check (value_count > 0)
);
comment on table public.history_metric_daily is 'Any metric per user, project and UTC day (the history''s rollup of metrics): metric samples by metric_type (e.g. accuracy, response_time) and the numeric keys of echo entries'' engagement_metrics and performance_data (e.g. ctr, conversion, engagement), summed with their count so any period''s mean can be derived. Kept by the job learning-fill-history; seasonal patterns read it. Read-only for clients.';
comment on column public.history_metric_daily.day is 'UTC day: the sample''s recorded_at, or the start of the echo entry''s run.';

create table public.season_ranges (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid references public.workspaces (id) on delete cascade,
  season text not null,
  starts_on date not null,
  ends_on date not null,
  recurs_yearly boolean not null default true,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  constraint season_ranges_season_format check (season ~ '^[a-z][a-z0-9_-]{0,49}$'
    and season not in ('q1', 'q2', 'q3', 'q4', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun')),
  constraint season_ranges_order check (recurs_yearly or starts_on <= ends_on)
);
comment on table public.season_ranges is 'Named seasons for seasonal patterns (seed 000: holiday, summer, ...): each row is one date range of a season; a season may have several (e.g. holiday = Thanksgiving week and Christmas). Rows without a workspace are the defaults for every workspace (summer: 1 June - 31 August; holiday: 15 December - 5 January); a workspace that defines a season of the same name replaces the default. Workspace admins manage their rows.';
comment on column public.season_ranges.recurs_yearly is 'True: only month and day count and the range recurs every year (it may wrap the year end, e.g. 12-15 to 01-05). False: exactly these dates (e.g. a 2026 product launch).';

create table public.seasonal_patterns (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  user_id uuid references auth.users (id) on delete cascade,
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
  constraint seasonal_patterns_scope_key unique nulls not distinct (workspace_id, user_id, project_id, metric_name, season),
  constraint seasonal_patterns_project_fkey foreign key (project_id, workspace_id) references public.projects (id, workspace_id) on delete cascade,
  constraint seasonal_patterns_season_valid check (
    (season_kind = 'quarter' and season in ('Q1', 'Q2', 'Q3', 'Q4'))
    or (season_kind = 'weekday' and season in ('mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'))
    or (season_kind = 'named' and season ~ '^[a-z][a-z0-9_-]{0,49}$')),
  constraint seasonal_patterns_metric_name_format check (metric_name ~ '^[a-z][a-z0-9_.]{0,99}$'),
  constraint seasonal_patterns_sample_positive check (sample_size > 0),
  constraint seasonal_patterns_confidence_range check (confidence between 0 and 100),
  constraint seasonal_patterns_window_order check (window_start < window_end)
);
comment on table public.seasonal_patterns is 'Per metric and season, how the season compares with the year (seed 000 history_seasonal_patterns): seasonal_multiplier = season_value / baseline_value over the 365 days before window_end, confidence from the season''s sample size. Per workspace (user_id and project_id null), per project, per user (seed 000''s owner of the context) and per user and project. Computed from the history''s daily rollups (history_timeline daily rows, history_metric_daily), so a year reaches beyond raw run retention. Kept by the job learning-seasonal-patterns; read-only for clients.';
comment on column public.seasonal_patterns.user_id is 'The person whose runs these are (executions.user_id); null: everyone''s.';
comment on column public.seasonal_patterns.season is 'Q1-Q4 (season_kind quarter), mon-sun (season_kind weekday), UTC; or a named season of season_ranges (season_kind named), e.g. summer, holiday.';
comment on column public.seasonal_patterns.metric_name is 'Run metrics: runs_per_day (runs / calendar days), success_rate (percent of finished runs), avg_rating (1-5), cost_per_run (USD), tokens_per_run; and any metric of history_metric_daily (metric samples'' metric_type, echo entries'' engagement keys such as ctr, conversion, engagement): its mean.';
comment on column public.seasonal_patterns.sample_size is 'Observations in the season behind season_value: runs, finished runs (success_rate), rated runs (avg_rating), or values (other metrics).';
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
create index seasonal_patterns_user_season_idx on public.seasonal_patterns (user_id, season);
create index history_metric_daily_workspace_day_idx on public.history_metric_daily (workspace_id, day);
create index history_metric_daily_user_id_idx on public.history_metric_daily (user_id);
create index history_metric_daily_project_id_idx on public.history_metric_daily (project_id, workspace_id);
create index season_ranges_workspace_season_idx on public.season_ranges (workspace_id, season);
create index season_ranges_created_by_idx on public.season_ranges (created_by);
create index history_switches_workspace_idx on private.history_switches (workspace_id);
create index history_switches_agent_id_idx on private.history_switches (agent_id, workspace_id);
create index history_switches_pending_idx on private.history_switches (first_seen_at) where evaluated_at is null;
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

-- what worked, what failed and what was learned in a bucket (from the rows still there)
create function private.history_patterns(workspace_id uuid, user_id uuid, project_id uuid, from_day date, to_day date, worked boolean)
returns text[]
language sql
stable
set search_path = ''
as $$
  select coalesce(array_agg(t.name order by t.n desc, t.name), '{}')
  from (
    select pt.name, case when history_patterns.worked then count(*) filter (where u.success) else count(*) filter (where not u.success) end as n
    from public.pattern_usage u
    join public.executions e on e.id = u.execution_id
    join public.patterns pt on pt.id = u.pattern_id
    where e.workspace_id = history_patterns.workspace_id and e.user_id is not distinct from history_patterns.user_id
      and e.project_id is not distinct from history_patterns.project_id
      and e.started_at >= history_patterns.from_day::timestamp at time zone 'utc'
      and e.started_at < (history_patterns.to_day + 1)::timestamp at time zone 'utc'
    group by pt.id, pt.name
    having case when history_patterns.worked then count(*) filter (where u.success) > count(*) filter (where not u.success)
      else count(*) filter (where not u.success) > 0 and count(*) filter (where not u.success) >= count(*) filter (where u.success) end
    order by 2 desc, pt.name
    limit 5
  ) t
$$;
comment on function private.history_patterns(uuid, uuid, uuid, date, date, boolean) is
  'Up to 5 patterns used by the runs of a workspace, user and project between two days (inclusive) that succeeded more often than they failed (worked) or failed at least as often (not worked), most successes or failures first.';

create function private.history_learnings(workspace_id uuid, user_id uuid, project_id uuid, from_day date, to_day date)
returns text[]
language sql
stable
set search_path = ''
as $$
  select coalesce(array_agg(t.lesson order by t.n desc, t.lesson), '{}')
  from (
    select l.lesson, count(*) as n
    from public.echo_entries x
    join public.executions e on e.id = x.execution_id
    cross join lateral unnest(x.patterns_learned) as l (lesson)
    where e.workspace_id = history_learnings.workspace_id and e.user_id is not distinct from history_learnings.user_id
      and e.project_id is not distinct from history_learnings.project_id
      and e.started_at >= history_learnings.from_day::timestamp at time zone 'utc'
      and e.started_at < (history_learnings.to_day + 1)::timestamp at time zone 'utc'
    group by l.lesson
    order by 2 desc, l.lesson
    limit 10
  ) t
$$;
comment on function private.history_learnings(uuid, uuid, uuid, date, date) is
  'Up to 10 lessons (echo_entries.patterns_learned) most often recorded on the runs of a workspace, user and project between two days (inclusive).';

create type private.history_day as (workspace_id uuid, user_id uuid, project_id uuid, day date);
comment on type private.history_day is 'A day of history of one workspace, user and project: what fill_history recomputes.';

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
  v_coarse int;
  v_days private.history_day[];
begin
  select s.watermark - interval '10 minutes' into v_since from private.learning_job_state s where s.job_name = 'fill_history';
  v_since := coalesce(fill_history.since, v_since, '-infinity'::timestamptz);

  -- the days to recompute: days of runs changed (or whose echo entries changed) since the
  -- watermark, days of new metric samples, days whose runs someone deleted (the dirty queue);
  -- never a sealed day (retention deleted its runs: what is left is not the day)
  select coalesce(array_agg(row(k.workspace_id, k.user_id, k.project_id, k.day)::private.history_day), '{}') into v_days
  from (
    select distinct u.workspace_id, u.user_id, u.project_id, u.day
    from (
    select e.workspace_id, e.user_id, e.project_id, (e.started_at at time zone 'utc')::date as day
    from public.executions e where e.updated_at >= v_since
    union all
    select e.workspace_id, e.user_id, e.project_id, (e.started_at at time zone 'utc')::date
    from public.echo_entries x join public.executions e on e.id = x.execution_id
    where x.updated_at >= v_since
    union all
    select m.workspace_id, e.user_id, e.project_id, (m.recorded_at at time zone 'utc')::date
    from public.metric_samples m left join public.executions e on e.id = m.execution_id
    where m.recorded_at >= v_since
    union all
    select d.workspace_id, d.user_id, d.project_id, d.day from private.history_dirty d
    ) u
  ) k
  where not exists (
    select 1 from public.history_timeline h
    where h.time_bucket = 'daily' and h.sealed_at is not null and h.workspace_id = k.workspace_id
      and h.user_id is not distinct from k.user_id and h.project_id is not distinct from k.project_id and h.period_start = k.day);
  delete from private.history_dirty;

  -- daily rows, from the raw runs of the day
  insert into public.history_timeline as h (workspace_id, user_id, project_id, time_bucket, period_start, period_end,
    project_name, project_goals, target_audience, total_generations, success_count, failure_count, success_rate, rated_count,
    rating_sum, avg_user_satisfaction, total_tokens_used, total_cost, successful_patterns, failed_patterns, key_learnings, computed_at)
  select d.workspace_id, d.user_id, d.project_id, 'daily', d.day, d.day,
    p.name, p.goals, p.target_audience,
    s.total, s.succeeded, s.failed,
    case when s.succeeded + s.failed > 0 then round(100.0 * s.succeeded / (s.succeeded + s.failed), 2) end,
    s.rated, s.rating_sum, round(s.rating_sum::numeric / nullif(s.rated, 0), 2), s.tokens, s.cost,
    private.history_patterns(d.workspace_id, d.user_id, d.project_id, d.day, d.day, true),
    private.history_patterns(d.workspace_id, d.user_id, d.project_id, d.day, d.day, false),
    private.history_learnings(d.workspace_id, d.user_id, d.project_id, d.day, d.day),
    v_started
  from unnest(v_days) d
  cross join lateral (
    select count(*)::int as total,
      (count(*) filter (where e.status = 'succeeded'))::int as succeeded,
      (count(*) filter (where e.status in ('failed', 'timeout', 'canceled')))::int as failed,
      count(e.user_rating)::int as rated,
      coalesce(sum(e.user_rating), 0)::bigint as rating_sum,
      coalesce(sum(e.tokens_in + e.tokens_out), 0)::bigint as tokens,
      coalesce(sum(e.cost_usd), 0) as cost
    from public.executions e
    where e.workspace_id = d.workspace_id and e.user_id is not distinct from d.user_id and e.project_id is not distinct from d.project_id
      and e.started_at >= d.day::timestamp at time zone 'utc' and e.started_at < (d.day + 1)::timestamp at time zone 'utc'
  ) s
  left join public.projects p on p.id = d.project_id
  where s.total > 0
  order by d.workspace_id, d.day
  on conflict on constraint history_timeline_bucket_key do update set
    project_name = excluded.project_name, project_goals = excluded.project_goals, target_audience = excluded.target_audience,
    total_generations = excluded.total_generations, success_count = excluded.success_count, failure_count = excluded.failure_count,
    success_rate = excluded.success_rate, rated_count = excluded.rated_count, rating_sum = excluded.rating_sum,
    avg_user_satisfaction = excluded.avg_user_satisfaction, total_tokens_used = excluded.total_tokens_used, total_cost = excluded.total_cost,
    successful_patterns = excluded.successful_patterns, failed_patterns = excluded.failed_patterns,
    key_learnings = excluded.key_learnings, computed_at = excluded.computed_at;
  get diagnostics v_count = row_count;
  -- a day whose runs are all gone (deleted, not by retention) has no row
  delete from public.history_timeline h
  using unnest(v_days) d
  where h.time_bucket = 'daily' and h.sealed_at is null and h.workspace_id = d.workspace_id and h.user_id is not distinct from d.user_id
    and h.project_id is not distinct from d.project_id and h.period_start = d.day and h.computed_at < v_started;

  -- weekly, monthly and quarterly rows: sums of the daily rows (so right beyond raw retention)
  insert into public.history_timeline as h (workspace_id, user_id, project_id, time_bucket, period_start, period_end,
    project_name, project_goals, target_audience, total_generations, success_count, failure_count, success_rate, rated_count,
    rating_sum, avg_user_satisfaction, total_tokens_used, total_cost, successful_patterns, failed_patterns, key_learnings, computed_at)
  with buckets as (
    select distinct d.workspace_id, d.user_id, d.project_id, b.bucket,
      private.history_period_start(b.bucket, d.day::timestamp at time zone 'utc') as period_start
    from unnest(v_days) d
    cross join (values ('weekly'), ('monthly'), ('quarterly')) as b (bucket)
  ),
  bounded as (
    select k.*, private.history_period_end(k.bucket, k.period_start) as period_end from buckets k
  )
  select b.workspace_id, b.user_id, b.project_id, b.bucket, b.period_start, b.period_end,
    p.name, p.goals, p.target_audience,
    s.total, s.succeeded, s.failed,
    case when s.succeeded + s.failed > 0 then round(100.0 * s.succeeded / (s.succeeded + s.failed), 2) end,
    s.rated, s.rating_sum, round(s.rating_sum::numeric / nullif(s.rated, 0), 2), s.tokens, s.cost,
    private.history_patterns(b.workspace_id, b.user_id, b.project_id, b.period_start, b.period_end, true),
    private.history_patterns(b.workspace_id, b.user_id, b.project_id, b.period_start, b.period_end, false),
    private.history_learnings(b.workspace_id, b.user_id, b.project_id, b.period_start, b.period_end),
    v_started
  from bounded b
  cross join lateral (
    select coalesce(sum(x.total_generations), 0)::int as total, coalesce(sum(x.success_count), 0)::int as succeeded,
      coalesce(sum(x.failure_count), 0)::int as failed, coalesce(sum(x.rated_count), 0)::int as rated,
      coalesce(sum(x.rating_sum), 0)::bigint as rating_sum, coalesce(sum(x.total_tokens_used), 0)::bigint as tokens,
      coalesce(sum(x.total_cost), 0) as cost
    from public.history_timeline x
    where x.time_bucket = 'daily' and x.workspace_id = b.workspace_id and x.user_id is not distinct from b.user_id
      and x.project_id is not distinct from b.project_id and x.period_start between b.period_start and b.period_end
  ) s
  left join public.projects p on p.id = b.project_id
  where s.total > 0
  order by b.workspace_id, b.bucket, b.period_start
  on conflict on constraint history_timeline_bucket_key do update set
    period_end = excluded.period_end, project_name = excluded.project_name, project_goals = excluded.project_goals,
    target_audience = excluded.target_audience, total_generations = excluded.total_generations,
    success_count = excluded.success_count, failure_count = excluded.failure_count, success_rate = excluded.success_rate,
    rated_count = excluded.rated_count, rating_sum = excluded.rating_sum, avg_user_satisfaction = excluded.avg_user_satisfaction,
    total_tokens_used = excluded.total_tokens_used, total_cost = excluded.total_cost,
    successful_patterns = excluded.successful_patterns, failed_patterns = excluded.failed_patterns,
    key_learnings = excluded.key_learnings, computed_at = excluded.computed_at;
  get diagnostics v_coarse = row_count;
  delete from public.history_timeline h
  using unnest(v_days) d
  where h.time_bucket <> 'daily' and h.workspace_id = d.workspace_id and h.user_id is not distinct from d.user_id
    and h.project_id is not distinct from d.project_id and d.day between h.period_start and h.period_end and h.computed_at < v_started;

  -- any metric, per day: metric samples by metric_type, echo entries' numeric engagement and performance keys
  delete from public.history_metric_daily m
  using unnest(v_days) d
  where m.workspace_id = d.workspace_id and m.user_id is not distinct from d.user_id and m.project_id is not distinct from d.project_id
    and m.day = d.day;
  insert into public.history_metric_daily (workspace_id, user_id, project_id, day, metric_name, value_sum, value_count, computed_at)
  select d.workspace_id, d.user_id, d.project_id, d.day, v.metric_name, sum(v.value), count(*), v_started
  from unnest(v_days) d
  cross join lateral (
    select m.metric_type as metric_name, m.value
    from public.metric_samples m
    left join public.executions e on e.id = m.execution_id
    where m.workspace_id = d.workspace_id
      and m.recorded_at >= d.day::timestamp at time zone 'utc' and m.recorded_at < (d.day + 1)::timestamp at time zone 'utc'
      and e.user_id is not distinct from d.user_id and e.project_id is not distinct from d.project_id
    union all
    select lower(kv.key), (kv.value #>> '{}')::numeric
    from public.executions e
    join public.echo_entries x on x.execution_id = e.id
    cross join lateral (
      select j.key, j.value from jsonb_each(x.engagement_metrics) j
      union all
      select j.key, j.value from jsonb_each(x.performance_data) j
    ) kv
    where e.workspace_id = d.workspace_id and e.user_id is not distinct from d.user_id and e.project_id is not distinct from d.project_id
      and e.started_at >= d.day::timestamp at time zone 'utc' and e.started_at < (d.day + 1)::timestamp at time zone 'utc'
      and jsonb_typeof(kv.value) = 'number' and lower(kv.key) ~ '^[a-z][a-z0-9_.]{0,99}$'
  ) v
  group by d.workspace_id, d.user_id, d.project_id, d.day, v.metric_name;

  -- first uses of each model and each pattern per agent (the switches cost_optimized judges)
  insert into private.history_switches as w (workspace_id, agent_id, kind, subject, first_seen_at)
  select e.workspace_id, e.agent_id, 'model', e.model, min(e.started_at)
  from public.executions e
  where e.updated_at >= v_since and e.agent_id is not null and e.model is not null
  group by e.workspace_id, e.agent_id, e.model
  union all
  select u.workspace_id, u.agent_id, 'pattern', u.pattern_id::text, min(u.used_at)
  from (
    -- new uses, and uses on runs that changed (a use reported late carries its run's time)
    select x.workspace_id, x.agent_id, x.pattern_id, x.used_at from public.pattern_usage x where x.used_at >= v_since
    union all
    select x.workspace_id, x.agent_id, x.pattern_id, x.used_at
    from public.executions e join public.pattern_usage x on x.execution_id = e.id and x.workspace_id = e.workspace_id
    where e.updated_at >= v_since
  ) u
  where u.agent_id is not null
  group by u.workspace_id, u.agent_id, u.pattern_id
  on conflict on constraint history_switches_agent_kind_subject_key do update set first_seen_at = excluded.first_seen_at
    where excluded.first_seen_at < w.first_seen_at and w.evaluated_at is null;

  -- events: runs rated 4-5, new patterns, new error fingerprints, switches that lowered the cost
  -- per successful run (one event per subject)
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

  -- cost_optimized: each switch once, 7 days after it (switches older than 60 days are past raw
  -- retention's reach and only marked): the agent's finished runs in the 7 days after the switch
  -- that used the new model or pattern, against its finished runs in the 7 days before that did
  -- not; cost per successful run at least 10% lower, with at least 5 successes on each side
  with due as (
    select w.* from private.history_switches w
    where w.evaluated_at is null and w.first_seen_at <= v_started - interval '7 days'
    order by w.first_seen_at
    limit 1000
    for update skip locked
  ),
  judged as (
    -- (the update below marks every judged switch, whether or not it makes an event)
    select d.id, d.workspace_id, d.agent_id, d.kind, d.subject, d.first_seen_at, b.successes as before_successes, b.cost as before_cost,
      b.runs as before_runs, b.top_model as before_model, a.successes as after_successes, a.cost as after_cost, a.runs as after_runs,
      d.first_seen_at >= v_started - interval '60 days' as in_reach
    from due d
    cross join lateral (
      select count(*) as runs, count(*) filter (where e.status = 'succeeded') as successes, coalesce(sum(e.cost_usd), 0) as cost,
        mode() within group (order by e.model) as top_model
      from public.executions e
      where e.agent_id = d.agent_id and e.started_at >= d.first_seen_at - interval '7 days' and e.started_at < d.first_seen_at
        and private.is_terminal_status(e.status)
        and (d.kind <> 'model' or e.model is distinct from d.subject)
        and (d.kind <> 'pattern' or not exists (
          select 1 from public.pattern_usage u where u.execution_id = e.id and u.pattern_id::text = d.subject))
    ) b
    cross join lateral (
      select count(*) as runs, count(*) filter (where e.status = 'succeeded') as successes, coalesce(sum(e.cost_usd), 0) as cost
      from public.executions e
      where e.agent_id = d.agent_id and e.started_at >= d.first_seen_at and e.started_at < d.first_seen_at + interval '7 days'
        and private.is_terminal_status(e.status)
        and (d.kind <> 'model' or e.model = d.subject)
        and (d.kind <> 'pattern' or exists (
          select 1 from public.pattern_usage u where u.execution_id = e.id and u.pattern_id::text = d.subject))
    ) a
  ),
  marked as (
    update private.history_switches w set evaluated_at = v_started from judged j where w.id = j.id returning w.id
  )
  insert into public.history_events as he (workspace_id, user_id, project_id, event_type, subject_id, event_date, agent_id,
    execution_id, model_used, tokens_used, cost_usd, generation_data, engagement_metrics)
  select j.workspace_id, null, null, 'cost_optimized', j.id, j.first_seen_at, j.agent_id, null,
    case when j.kind = 'model' then j.subject else j.before_model end, null,
    round(j.after_cost / j.after_successes, 6),
    jsonb_strip_nulls(jsonb_build_object('change', j.kind, 'model', case when j.kind = 'model' then j.subject end,
      'model_before', j.before_model, 'pattern_id', case when j.kind = 'pattern' then j.subject end,
      'pattern_name', (select pt.name from public.patterns pt where j.kind = 'pattern' and pt.id::text = j.subject),
      'cost_per_success_before', round(j.before_cost / j.before_successes, 6),
      'cost_per_success_after', round(j.after_cost / j.after_successes, 6),
      'saving_percent', round(100 * (1 - (j.after_cost / j.after_successes) / (j.before_cost / j.before_successes)), 1),
      'runs_before', j.before_runs, 'runs_after', j.after_runs,
      'successes_before', j.before_successes, 'successes_after', j.after_successes)),
    '{}'::jsonb
  from judged j
  where j.in_reach and j.before_successes >= 5 and j.after_successes >= 5 and j.before_cost > 0
    and j.after_cost / j.after_successes <= 0.9 * (j.before_cost / j.before_successes)
  on conflict on constraint history_events_type_subject_key do nothing;

  insert into private.learning_job_state as s (job_name, watermark, last_run_at)
  values ('fill_history', v_started, clock_timestamp())
  on conflict on constraint learning_job_state_pkey do update set watermark = excluded.watermark, last_run_at = excluded.last_run_at;
  return v_count + v_coarse;
end;
$$;
comment on function private.fill_history(timestamptz) is
  'Job learning-fill-history: recomputes the daily history_timeline rows (per workspace, user and project) of every day holding a run changed, given or changed an echo entry, given a metric sample, or deleted, since the watermark (or since the given time: pass ''-infinity'' to backfill), from the raw rows, so late and corrected runs are counted right; never a sealed day (retention deleted its runs). Weekly, monthly and quarterly rows are then recomputed as sums of the daily rows. Fills history_metric_daily for the same days; records history_events for runs rated 4-5, new patterns, new error fingerprints and cost_optimized switches; moves the watermark. Returns the number of buckets written. Security definer: runs as the scheduler, writes read-only tables.';

-- what the retention job and others delete: retention (the jobs of 20261122005500 set agentops.retention
-- for their transaction) seals the day, any other delete queues it
create function private.history_note_deleted_runs()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  if coalesce(current_setting('agentops.retention', true), '') = 'on' then
    update public.history_timeline h set sealed_at = now()
    from (select distinct g.workspace_id, g.user_id, g.project_id, (g.started_at at time zone 'utc')::date as day from gone g) d
    where h.time_bucket = 'daily' and h.sealed_at is null and h.workspace_id = d.workspace_id
      and h.user_id is not distinct from d.user_id and h.project_id is not distinct from d.project_id and h.period_start = d.day;
  else
    insert into private.history_dirty (workspace_id, user_id, project_id, day)
    select distinct g.workspace_id, g.user_id, g.project_id, (g.started_at at time zone 'utc')::date
    from gone g
    where exists (select 1 from public.workspaces w where w.id = g.workspace_id);
  end if;
  return null;
end;
$$;
comment on function private.history_note_deleted_runs() is
  'Statement trigger on executions: a delete by the retention job (agentops.retention = on) seals the daily history rows of the deleted runs'' days, which keep what they counted; any other delete (not a workspace''s) queues those days for fill_history to recompute. Security definer: the history tables are read-only for clients.';

-- (attached to public.executions, with every other trigger on runs, in 20261122006900_attach_executions_triggers.sql)

-- named seasons of a day, for a workspace: its own ranges, and the defaults it does not replace
create function private.named_seasons(workspace_id uuid, day date)
returns setof text
language sql
stable
set search_path = ''
as $$
  select distinct r.season
  from public.season_ranges r
  where (r.workspace_id = named_seasons.workspace_id
      or (r.workspace_id is null and not exists (
        select 1 from public.season_ranges o where o.workspace_id = named_seasons.workspace_id and o.season = r.season)))
    and case
      when not r.recurs_yearly then named_seasons.day between r.starts_on and r.ends_on
      when to_char(r.starts_on, 'MMDD') <= to_char(r.ends_on, 'MMDD')
        then to_char(named_seasons.day, 'MMDD') between to_char(r.starts_on, 'MMDD') and to_char(r.ends_on, 'MMDD')
      else to_char(named_seasons.day, 'MMDD') >= to_char(r.starts_on, 'MMDD') or to_char(named_seasons.day, 'MMDD') <= to_char(r.ends_on, 'MMDD')
    end
$$;
comment on function private.named_seasons(uuid, date) is 'The named seasons (season_ranges) a day belongs to for a workspace: the workspace''s own ranges and the defaults whose name it does not define. Yearly ranges compare month and day and may wrap the year end.';

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
  insert into public.seasonal_patterns as sp (workspace_id, user_id, project_id, season_kind, season, metric_name, baseline_value,
    season_value, seasonal_multiplier, sample_size, confidence, window_start, window_end, computed_at)
  with scopes as (
    -- every observation counts for its workspace, its project, its user, and its user in its project
    select * from (values (false, false), (false, true), (true, false), (true, true)) as s (by_user, by_project)
  ),
  runs as (
    -- the history's daily rollup of runs, never the raw runs (they are gone after 90 days)
    select h.workspace_id, case when s.by_user then h.user_id end as user_id, case when s.by_project then h.project_id end as project_id,
      h.period_start as day, sum(h.total_generations) as runs, sum(h.success_count + h.failure_count) as finished,
      sum(h.success_count) as succeeded, sum(h.rated_count) as rated, sum(h.rating_sum) as rating_sum,
      sum(h.total_tokens_used) as tokens, sum(h.total_cost) as cost
    from public.history_timeline h
    cross join scopes s
    where h.time_bucket = 'daily' and h.period_start >= v_start and h.period_start < v_end
      and (not s.by_user or h.user_id is not null) and (not s.by_project or h.project_id is not null)
    group by 1, 2, 3, 4
  ),
  metric_values as (
    select m.workspace_id, case when s.by_user then m.user_id end as user_id, case when s.by_project then m.project_id end as project_id,
      m.day, m.metric_name, sum(m.value_sum) as value_sum, sum(m.value_count) as value_count
    from public.history_metric_daily m
    cross join scopes s
    where m.day >= v_start and m.day < v_end
      and (not s.by_user or m.user_id is not null) and (not s.by_project or m.project_id is not null)
    group by 1, 2, 3, 4, 5
  ),
  workspaces as (
    select distinct r.workspace_id from runs r union select distinct m.workspace_id from metric_values m
  ),
  calendar_days as (
    -- each day of the window in each season it belongs to, per workspace (named seasons differ)
    select w.workspace_id, d.day::date as day, x.kind, x.season
    from workspaces w
    cross join generate_series(v_start::timestamp, (v_end - 1)::timestamp, interval '1 day') as d (day)
    cross join lateral (
      select 'quarter', 'Q' || extract(quarter from d.day)::int
      union all
      select 'weekday', (array['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])[extract(isodow from d.day)::int]
      union all
      select 'named', n.season from private.named_seasons(w.workspace_id, d.day::date) as n (season)
    ) as x (kind, season)
  ),
  calendar as (
    select c.workspace_id, c.kind, c.season, count(*) as days from calendar_days c group by 1, 2, 3
  ),
  baseline as (
    select r.workspace_id, r.user_id, r.project_id, sum(r.runs) as runs, sum(r.finished) as finished, sum(r.succeeded) as succeeded,
      sum(r.rated) as rated, sum(r.rating_sum) as rating_sum, sum(r.tokens) as tokens, sum(r.cost) as cost
    from runs r group by 1, 2, 3
  ),
  per_season as (
    select r.workspace_id, r.user_id, r.project_id, c.kind, c.season, sum(r.runs) as runs, sum(r.finished) as finished,
      sum(r.succeeded) as succeeded, sum(r.rated) as rated, sum(r.rating_sum) as rating_sum, sum(r.tokens) as tokens, sum(r.cost) as cost
    from runs r join calendar_days c on c.workspace_id = r.workspace_id and c.day = r.day
    group by 1, 2, 3, 4, 5
  ),
  metric_baseline as (
    select m.workspace_id, m.user_id, m.project_id, m.metric_name, sum(m.value_sum) / sum(m.value_count) as value
    from metric_values m group by 1, 2, 3, 4
  ),
  metric_season as (
    select m.workspace_id, m.user_id, m.project_id, c.kind, c.season, m.metric_name,
      sum(m.value_sum) / sum(m.value_count) as value, sum(m.value_count) as n
    from metric_values m join calendar_days c on c.workspace_id = m.workspace_id and c.day = m.day
    group by 1, 2, 3, 4, 5, 6
  ),
  metrics as (
    select ps.workspace_id, ps.user_id, ps.project_id, ps.kind, ps.season, m.metric_name, m.baseline_value, m.season_value, m.sample_size
    from per_season ps
    join baseline b on b.workspace_id = ps.workspace_id and b.user_id is not distinct from ps.user_id and b.project_id is not distinct from ps.project_id
    join calendar c on c.workspace_id = ps.workspace_id and c.kind = ps.kind and c.season = ps.season
    cross join lateral (values
      ('runs_per_day', b.runs::numeric / (v_end - v_start), ps.runs::numeric / c.days, ps.runs),
      ('success_rate', 100.0 * b.succeeded / nullif(b.finished, 0), 100.0 * ps.succeeded / nullif(ps.finished, 0), ps.finished),
      ('avg_rating', b.rating_sum::numeric / nullif(b.rated, 0), ps.rating_sum::numeric / nullif(ps.rated, 0), ps.rated),
      ('cost_per_run', b.cost / nullif(b.runs, 0), ps.cost / nullif(ps.runs, 0), ps.runs),
      ('tokens_per_run', b.tokens::numeric / nullif(b.runs, 0), ps.tokens::numeric / nullif(ps.runs, 0), ps.runs)
    ) as m (metric_name, baseline_value, season_value, sample_size)
    union all
    select ms.workspace_id, ms.user_id, ms.project_id, ms.kind, ms.season, ms.metric_name, mb.value, ms.value, ms.n
    from metric_season ms
    join metric_baseline mb on mb.workspace_id = ms.workspace_id and mb.user_id is not distinct from ms.user_id
      and mb.project_id is not distinct from ms.project_id and mb.metric_name = ms.metric_name
  )
  select m.workspace_id, m.user_id, m.project_id, m.kind, m.season, m.metric_name, round(m.baseline_value, 6), round(m.season_value, 6),
    round(m.season_value / m.baseline_value, 4), least(m.sample_size, 2147483647)::int, private.confidence_from_sample(m.sample_size::bigint),
    v_start, v_end, v_now
  from metrics m
  where m.sample_size > 0 and m.baseline_value > 0 and m.season_value is not null
  order by m.workspace_id, m.user_id, m.project_id, m.metric_name, m.season
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
  'Job learning-seasonal-patterns: over the 365 days before as_of (default today, UTC), per workspace, project, user, and user in project, for each quarter (Q1-Q4), weekday (mon-sun) and named season (season_ranges: the defaults summer and holiday, or the workspace''s own), and each metric (runs_per_day, success_rate, avg_rating, cost_per_run, tokens_per_run, and the mean of every metric in history_metric_daily): the season''s value, the whole window''s (baseline), their ratio (seasonal_multiplier) and a confidence from the season''s sample size. Reads the history''s daily rollups, never raw runs, so the year reaches beyond raw retention. Rows no longer supported are removed. Returns the rows written. Security definer: runs as the scheduler, writes a read-only table.';

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
    where sp.metric_name = 'runs_per_day' and sp.season = v_next_quarter and sp.user_id is null
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
revoke all on function private.history_patterns(uuid, uuid, uuid, date, date, boolean) from public;
revoke all on function private.history_learnings(uuid, uuid, uuid, date, date) from public;
revoke all on function private.history_note_deleted_runs() from public;
revoke all on function private.named_seasons(uuid, date) from public;
revoke all on function private.compute_seasonal_patterns(date) from public;
revoke all on function private.generate_recommendations(timestamptz) from public;
revoke all on function private.stamp_recommendation_decision() from public;
grant execute on function private.history_period_start(text, timestamptz) to authenticated, service_role;
grant execute on function private.history_period_end(text, date) to authenticated, service_role;
grant execute on function private.confidence_from_sample(bigint) to authenticated, service_role;

-- the seeds' names
create view public.history_seasonal_patterns with (security_invoker = true) as
select sp.id, sp.workspace_id, coalesce(sp.user_id, p.owner_user_id) as user_id, p.slug as project_id, sp.project_id as project_uuid,
  sp.season, sp.metric_name, sp.baseline_value, sp.seasonal_multiplier, sp.confidence, sp.created_at, sp.updated_at
from public.seasonal_patterns sp
left join public.projects p on p.id = sp.project_id;
comment on view public.history_seasonal_patterns is 'Seed 000 history_seasonal_patterns: seasonal_patterns with the project''s slug as project_id (null: global, as in the seed) and as user_id the person whose runs they are, or else the project''s owner.';

create view public.history_recommendations with (security_invoker = true) as
select r.id, r.workspace_id, r.user_id, p.slug as project_id, r.project_id as project_uuid, r.recommendation_for_period,
  r.recommendation_text, r.confidence, r.expected_impact, r.status, r.created_at
from public.recommendations r
left join public.projects p on p.id = r.project_id;
comment on view public.history_recommendations is 'Seed 000 history_recommendations: recommendations with the project''s slug as project_id.';

grant select on public.history_seasonal_patterns, public.history_recommendations to authenticated;
revoke all on public.history_seasonal_patterns, public.history_recommendations from anon;
revoke insert, update, delete, truncate on public.history_seasonal_patterns, public.history_recommendations from authenticated;

revoke all on public.history_timeline, public.history_events, public.seasonal_patterns, public.recommendations, public.history_metric_daily,
  public.season_ranges from anon, authenticated;
grant select on public.history_timeline, public.history_events, public.seasonal_patterns, public.recommendations, public.history_metric_daily,
  public.season_ranges to authenticated;
grant insert (workspace_id, season, starts_on, ends_on, recurs_yearly, created_by), delete on public.season_ranges to authenticated;
grant update (season, starts_on, ends_on, recurs_yearly) on public.season_ranges to authenticated;
grant update (status) on public.recommendations to authenticated;

alter table public.history_timeline enable row level security;
alter table public.history_events enable row level security;
alter table public.seasonal_patterns enable row level security;
alter table public.recommendations enable row level security;
alter table public.history_metric_daily enable row level security;
alter table public.season_ranges enable row level security;

create policy history_timeline_select on public.history_timeline for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
create policy history_events_select on public.history_events for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
create policy seasonal_patterns_select on public.seasonal_patterns for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
create policy history_metric_daily_select on public.history_metric_daily for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
-- season ranges: the defaults are everyone's to read; a workspace's own are its viewers' to read and its admins' to manage
create policy season_ranges_select on public.season_ranges for select to authenticated
  using (workspace_id is null or workspace_id in (select private.workspace_ids('viewer')));
create policy season_ranges_insert on public.season_ranges for insert to authenticated
  with check ((select private.has_role(workspace_id, 'admin')) and (created_by is null or created_by = (select auth.uid())));
create policy season_ranges_update on public.season_ranges for update to authenticated
  using ((select private.has_role(workspace_id, 'admin')))
  with check ((select private.has_role(workspace_id, 'admin')));
create policy season_ranges_delete on public.season_ranges for delete to authenticated
  using ((select private.has_role(workspace_id, 'admin')));
create policy recommendations_select on public.recommendations for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
create policy recommendations_update on public.recommendations for update to authenticated
  using ((select private.has_role(workspace_id, 'member')))
  with check ((select private.has_role(workspace_id, 'member')));

-- the default named seasons (every workspace may replace one by defining a season of the same name)
insert into public.season_ranges (workspace_id, season, starts_on, ends_on, recurs_yearly)
values (null, 'summer', '2000-06-01', '2000-08-31', true), (null, 'holiday', '2000-12-15', '2000-01-05', true);

select cron.schedule('learning-fill-history', '*/15 * * * *', $$select private.fill_history()$$);
select cron.schedule('learning-seasonal-patterns', '17 3 * * *', $$select private.compute_seasonal_patterns()$$);
select cron.schedule('learning-recommendations', '37 3 * * *', $$select private.generate_recommendations()$$);
