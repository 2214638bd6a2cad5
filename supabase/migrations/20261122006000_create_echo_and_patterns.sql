-- Echo ("what worked", seed 000 section 3 and seed 003): echo_entries record the outcome of a run
-- and what was learned from it; patterns is the one pattern library (seed 000 echo_patterns and
-- seed 003 success_patterns) with an embedding for similarity search; pattern_usage records each
-- use of a pattern. A pattern's statistics (usage, success rate, rating, engagement) are kept by
-- the database from pattern_usage, never written by clients. match_patterns() is the similarity
-- search, callable over the API under RLS. The seeds' names exist as views.
--
-- Contract with the metrics area: its retention job deletes public.pattern_usage rows whose
-- used_at is older than 180 days. Pattern statistics are lifetime totals and do not change then.
-- Low-value patterns (fewer than 5 uses, success rate under 50%, unused for 30 days) are deleted
-- by the job learning-low-value-patterns (private.purge_low_value_patterns, scheduled with the
-- other jobs in the schedules migration).

create table public.echo_entries (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  agent_id uuid,
  execution_id uuid not null,
  input_prompt text,
  output_content text,
  success boolean,
  user_rating smallint,
  user_feedback text,
  engagement_metrics jsonb not null default '{}'::jsonb,
  performance_data jsonb not null default '{}'::jsonb,
  patterns_learned text[] not null default '{}',
  key_insights text,
  model_used text,
  parameters jsonb not null default '{}'::jsonb,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint echo_entries_agent_fkey foreign key (agent_id, workspace_id) references public.agents (id, workspace_id) on delete set null (agent_id),
  constraint echo_entries_user_rating_range check (user_rating is null or user_rating between 1 and 5),
  constraint echo_entries_engagement_metrics_object check (jsonb_typeof(engagement_metrics) = 'object'),
  constraint echo_entries_performance_data_object check (jsonb_typeof(performance_data) = 'object'),
  constraint echo_entries_parameters_object check (jsonb_typeof(parameters) = 'object'),
  constraint echo_entries_patterns_learned_size check (cardinality(patterns_learned) <= 50)
);
comment on table public.echo_entries is 'What a run produced and what was learned from it (seed 000 echo_entries): input, output, outcome, rating, feedback, engagement and performance data, patterns learned, insights, model and parameters. Linked to its run; agent, model, success and rating default to the run''s.';
comment on column public.echo_entries.agent_id is 'Always the agent of the linked run (set by the database).';
comment on column public.echo_entries.engagement_metrics is 'Business engagement, e.g. {"clicks": 120, "conversions": 4, "ctr": 3.2}.';
comment on column public.echo_entries.performance_data is 'Performance measured after the fact, e.g. {"ctr": 3.2, "conversion": 2.1}.';
comment on column public.echo_entries.patterns_learned is 'Lessons in words, e.g. {"Benefit-driven works", "2-line format preferred"}.';

create table public.patterns (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  topic text not null,
  name text not null,
  description text,
  examples text[] not null default '{}',
  best_practices text[] not null default '{}',
  anti_patterns text[] not null default '{}',
  optimal_model text,
  optimal_parameters jsonb not null default '{}'::jsonb,
  embedding extensions.vector(1536),
  embedding_half extensions.halfvec(1536) generated always as (extensions.l2_normalize(embedding)::extensions.halfvec(1536)) stored,
  success_rate_bp smallint not null generated always as (coalesce((success_rate * 100)::smallint, 0)) stored,
  source_echo_entry_id uuid references public.echo_entries (id) on delete set null,
  usage_count int not null default 0,
  success_count int not null default 0,
  failure_count int not null default 0,
  success_rate numeric(5, 2),
  rated_count int not null default 0,
  rating_sum bigint not null default 0,
  avg_user_rating numeric(4, 2),
  engagement_totals jsonb not null default '{}'::jsonb,
  avg_engagement jsonb not null default '{}'::jsonb,
  last_used_at timestamptz,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint patterns_workspace_topic_name_key unique (workspace_id, topic, name),
  constraint patterns_id_workspace_key unique (id, workspace_id),
  constraint patterns_topic_length check (char_length(topic) between 1 and 200),
  constraint patterns_name_length check (char_length(name) between 1 and 200),
  constraint patterns_optimal_parameters_object check (jsonb_typeof(optimal_parameters) = 'object'),
  constraint patterns_counts_nonnegative check (usage_count >= 0 and success_count >= 0 and failure_count >= 0 and rated_count >= 0),
  constraint patterns_decided_within_usage check (success_count + failure_count <= usage_count),
  constraint patterns_success_rate_range check (success_rate is null or success_rate between 0 and 100),
  constraint patterns_avg_user_rating_range check (avg_user_rating is null or avg_user_rating between 1 and 5)
);
-- inline, never toasted (3 kB fits a page beside the rest of the row): comparing with it must not
-- fetch and detoast it
alter table public.patterns alter column embedding_half set storage plain;
comment on table public.patterns is 'The pattern library (seed 000 echo_patterns, seed 003 success_patterns): what works for a topic, with examples, best practices, anti-patterns, the optimal model and parameters, and an embedding for similarity search. The statistics columns are kept by the database from pattern_usage; clients cannot write them.';
comment on column public.patterns.name is 'The pattern''s name within its topic, e.g. benefit-driven-headline (seed 000 pattern_name).';
comment on column public.patterns.embedding is 'Embedding of the pattern (1536 dimensions, e.g. OpenAI text-embedding-3-small), searched by cosine distance through an HNSW index. Null: not searchable.';
comment on column public.patterns.embedding_half is 'The embedding scaled to unit length, in half precision (kept by the database): the key of the similarity index. Cosine distance does not change with length, and a unit vector always fits half precision.';
comment on column public.patterns.success_rate_bp is 'success_rate in hundredths of a percent, 0-10000, 0 before the first use with a known outcome as match_patterns counts it (kept by the database): the key of the (workspace, topic, rate) index. A smallint''s comparison is leakproof, so that under RLS a minimum success rate bounds that index scan (numeric''s is not: each row would be read to check it).';
comment on column public.patterns.source_echo_entry_id is 'The echo entry the pattern was extracted from, if any.';
comment on column public.patterns.usage_count is 'Uses reported in pattern_usage (lifetime; kept by the database).';
comment on column public.patterns.success_count is 'Uses that succeeded (kept by the database).';
comment on column public.patterns.failure_count is 'Uses that failed (kept by the database). Uses with unknown outcome count in usage_count only.';
comment on column public.patterns.success_rate is 'Percent 0-100: success_count / (success_count + failure_count); null before the first use with a known outcome (kept by the database).';
comment on column public.patterns.rating_sum is 'Sum of the ratings of rated uses (kept by the database; avg_user_rating = rating_sum / rated_count).';
comment on column public.patterns.engagement_totals is 'Per engagement metric, the sum and count of its numeric values over all uses: {"ctr": {"sum": 9.6, "n": 3}} (kept by the database).';
comment on column public.patterns.avg_engagement is 'Per engagement metric, the mean over the uses that reported it: {"ctr": 3.2} (kept by the database).';

create table public.pattern_usage (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  pattern_id uuid not null,
  agent_id uuid,
  execution_id uuid,
  success boolean,
  user_rating smallint,
  engagement jsonb not null default '{}'::jsonb,
  reported_by uuid references auth.users (id) on delete set null,
  used_at timestamptz not null default now(),
  constraint pattern_usage_pattern_fkey foreign key (pattern_id, workspace_id) references public.patterns (id, workspace_id) on delete cascade,
  constraint pattern_usage_agent_fkey foreign key (agent_id, workspace_id) references public.agents (id, workspace_id) on delete set null (agent_id),
  constraint pattern_usage_user_rating_range check (user_rating is null or user_rating between 1 and 5),
  constraint pattern_usage_engagement_object check (jsonb_typeof(engagement) = 'object')
);
comment on table public.pattern_usage is 'One use of a pattern, with its outcome, rating and engagement (seed 000 echo_pattern_usage, seed 003 pattern_usage_log). Insert-only; the pattern''s statistics follow from it. Rows older than 180 days (used_at) are deleted by the metrics area''s retention job.';
comment on column public.pattern_usage.success is 'Did the use work? Null: not known; counts as a use but not in the success rate.';
comment on column public.pattern_usage.engagement is 'Engagement of the output, e.g. {"ctr": 3.2}; numeric values feed the pattern''s avg_engagement.';
comment on column public.pattern_usage.used_at is 'When the pattern was used; the retention job keys on it (keep the name).';

create index echo_entries_workspace_created_idx on public.echo_entries (workspace_id, created_at desc);
create index echo_entries_agent_created_idx on public.echo_entries (agent_id, created_at desc);
create index echo_entries_agent_id_workspace_idx on public.echo_entries (agent_id, workspace_id);
create index echo_entries_execution_id_idx on public.echo_entries (execution_id, workspace_id);
create index echo_entries_agent_rating_idx on public.echo_entries (agent_id, user_rating desc);
create index echo_entries_success_idx on public.echo_entries (success);
create index echo_entries_created_by_idx on public.echo_entries (created_by);
create index echo_entries_updated_at_idx on public.echo_entries (updated_at);
create index patterns_workspace_topic_rate_idx on public.patterns (workspace_id, topic, success_rate_bp desc);
create index patterns_success_rate_idx on public.patterns (success_rate desc);
create index patterns_source_echo_entry_id_idx on public.patterns (source_echo_entry_id);
create index patterns_created_by_idx on public.patterns (created_by);
-- the similarity index is over the half-precision unit vectors: half the size of a full-precision
-- HNSW index (781 MB -> 390 MB at 100k patterns, so it stays in shared_buffers); match_patterns()
-- takes a wider candidate set from it and re-ranks the candidates by the full-precision distance.
-- A stored column rather than an index on the expression: a search the planner answers without the
-- index (a selective topic) reads 3 kB inline per row instead of detoasting 6 kB and converting
-- (2 us a row against 20, measured alone; npm run bench compares the two designs)
create index patterns_embedding_idx on public.patterns using hnsw (embedding_half extensions.halfvec_cosine_ops);
create index pattern_usage_pattern_used_idx on public.pattern_usage (pattern_id, used_at desc);
create index pattern_usage_pattern_id_workspace_idx on public.pattern_usage (pattern_id, workspace_id);
create index pattern_usage_agent_id_workspace_idx on public.pattern_usage (agent_id, workspace_id);
create index pattern_usage_execution_id_workspace_idx on public.pattern_usage (execution_id, workspace_id) where execution_id is not null;
create index pattern_usage_workspace_used_idx on public.pattern_usage (workspace_id, used_at desc);
create index pattern_usage_used_at_idx on public.pattern_usage (used_at);
create index pattern_usage_reported_by_idx on public.pattern_usage (reported_by);

create trigger echo_entries_set_updated_at before update on public.echo_entries
  for each row execute function public.update_updated_at_column();
create trigger patterns_set_updated_at before update on public.patterns
  for each row execute function public.update_updated_at_column();

-- an echo entry takes its agent (always) and its model, outcome and rating (when not given) from its run
create function private.fill_echo_entry_from_run()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_run record;
begin
  select e.agent_id, e.model, e.status, e.user_rating into v_run
  from public.executions e
  where e.id = new.execution_id and e.workspace_id = new.workspace_id;
  if found then
    new.agent_id := v_run.agent_id;
    new.model_used := coalesce(new.model_used, v_run.model);
    new.user_rating := coalesce(new.user_rating, v_run.user_rating);
    if new.success is null and private.is_terminal_status(v_run.status) then
      new.success := v_run.status = 'succeeded';
    end if;
  end if;
  return new;
end;
$$;
comment on function private.fill_echo_entry_from_run() is
  'Trigger: an echo entry''s agent is its run''s agent; model, success and rating default to the run''s. Security definer: it must read the run even when the caller (an agent) could not, so that agent_id is always the truth the policies check.';

create trigger echo_entries_fill_from_run before insert or update of execution_id, agent_id on public.echo_entries
  for each row execute function private.fill_echo_entry_from_run();
-- the run id is kept without a foreign key (an echo entry outlives its run's retention): checked when written
create trigger echo_entries_check_run before insert or update of execution_id on public.echo_entries
  for each row execute function private.check_run_reference();
create trigger pattern_usage_check_run before insert or update of execution_id on public.pattern_usage
  for each row execute function private.check_run_reference();

-- statistics are the database's: a direct write by a client (trigger depth 1) cannot set them
create function private.guard_pattern_stats()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if pg_trigger_depth() > 1 then
    return new;
  end if;
  if tg_op = 'INSERT' then
    new.usage_count := 0;
    new.success_count := 0;
    new.failure_count := 0;
    new.success_rate := null;
    new.rated_count := 0;
    new.rating_sum := 0;
    new.avg_user_rating := null;
    new.engagement_totals := '{}'::jsonb;
    new.avg_engagement := '{}'::jsonb;
    new.last_used_at := null;
  else
    new.usage_count := old.usage_count;
    new.success_count := old.success_count;
    new.failure_count := old.failure_count;
    new.success_rate := old.success_rate;
    new.rated_count := old.rated_count;
    new.rating_sum := old.rating_sum;
    new.avg_user_rating := old.avg_user_rating;
    new.engagement_totals := old.engagement_totals;
    new.avg_engagement := old.avg_engagement;
    new.last_used_at := old.last_used_at;
  end if;
  return new;
end;
$$;
comment on function private.guard_pattern_stats() is
  'Trigger: a pattern''s statistics start at zero and change only through pattern_usage (the statistics trigger runs at trigger depth 2); any client''s value, even the service role''s, is ignored.';

create trigger patterns_guard_stats before insert or update on public.patterns
  for each row execute function private.guard_pattern_stats();

-- pattern statistics from each batch of new usage rows, set-based, patterns locked in id order
create function private.apply_pattern_usage()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform 1 from public.patterns p
  where p.id in (select distinct u.pattern_id from new_usage u)
  order by p.id
  for no key update;

  with counts as (
    select u.pattern_id,
      count(*)::int as uses,
      (count(*) filter (where u.success))::int as successes,
      (count(*) filter (where not u.success))::int as failures,
      count(u.user_rating)::int as rated,
      coalesce(sum(u.user_rating), 0)::bigint as rating_sum,
      max(u.used_at) as last_used
    from new_usage u
    group by u.pattern_id
  ),
  engagement as (
    select u.pattern_id, kv.key, sum((kv.value #>> '{}')::numeric) as total, count(*) as n
    from new_usage u
    cross join lateral jsonb_each(u.engagement) kv
    where jsonb_typeof(kv.value) = 'number'
    group by u.pattern_id, kv.key
  ),
  merged as (
    select c.*, coalesce((
      select jsonb_object_agg(k.key, jsonb_build_object(
        'sum', coalesce((p.engagement_totals #>> array[k.key, 'sum'])::numeric, 0) + coalesce(e.total, 0),
        'n', coalesce((p.engagement_totals #>> array[k.key, 'n'])::bigint, 0) + coalesce(e.n, 0)))
      from (
        select t.key from jsonb_object_keys(p.engagement_totals) t (key)
        union
        select e2.key from engagement e2 where e2.pattern_id = c.pattern_id
      ) k
      left join engagement e on e.pattern_id = c.pattern_id and e.key = k.key
    ), '{}'::jsonb) as totals
    from counts c
    join public.patterns p on p.id = c.pattern_id
  )
  update public.patterns p set
    usage_count = p.usage_count + m.uses,
    success_count = p.success_count + m.successes,
    failure_count = p.failure_count + m.failures,
    success_rate = case when p.success_count + m.successes + p.failure_count + m.failures > 0
      then round(100.0 * (p.success_count + m.successes) / (p.success_count + m.successes + p.failure_count + m.failures), 2) end,
    rated_count = p.rated_count + m.rated,
    rating_sum = p.rating_sum + m.rating_sum,
    avg_user_rating = case when p.rated_count + m.rated > 0
      then round((p.rating_sum + m.rating_sum)::numeric / (p.rated_count + m.rated), 2) end,
    engagement_totals = m.totals,
    avg_engagement = coalesce((
      select jsonb_object_agg(t.key, round((t.value ->> 'sum')::numeric / nullif((t.value ->> 'n')::numeric, 0), 4))
      from jsonb_each(m.totals) t), '{}'::jsonb),
    last_used_at = greatest(p.last_used_at, m.last_used)
  from merged m
  where p.id = m.pattern_id;
  return null;
end;
$$;
comment on function private.apply_pattern_usage() is
  'Statement trigger on pattern_usage: adds each batch of uses to its patterns'' statistics (usage, successes, failures, success rate, rating, per-metric engagement means, last use) in one update, locking the patterns in id order so that concurrent batches never deadlock. Security definer: clients cannot write statistics.';

create trigger pattern_usage_apply_stats after insert on public.pattern_usage
  referencing new table as new_usage
  for each statement execute function private.apply_pattern_usage();

-- the similarity search (seed 003): nearest patterns by cosine distance, under the caller's RLS
create type public.pattern_match as (
  id uuid, workspace_id uuid, topic text, name text, description text, examples text[], best_practices text[],
  anti_patterns text[], optimal_model text, optimal_parameters jsonb, success_rate numeric, usage_count int,
  avg_user_rating numeric, avg_engagement jsonb, similarity double precision
);
comment on type public.pattern_match is 'One result of match_patterns: a pattern and its cosine similarity (1 = same direction) to the query.';

create function public.match_patterns(
  query_embedding extensions.vector,
  topic text default null,
  match_count int default 5,
  min_success_rate numeric default 0,
  workspace_id uuid default null
)
returns setof public.pattern_match
language plpgsql
stable
security invoker
set search_path = ''
set hnsw.iterative_scan = 'relaxed_order'
set hnsw.ef_search = 150
as $$
declare
  v_candidates int;
  v_query extensions.halfvec;
  v_min_bp int;
  v_exact boolean := false;
begin
  if private.is_agent_token() and private.current_agent_id() is null then
    raise exception 'the agent''s key has been revoked or has expired, or the agent is not active'
      using errcode = 'AO401', hint = 'revoked_api_key';
  end if;
  if match_patterns.query_embedding is null or extensions.vector_dims(match_patterns.query_embedding) <> 1536 then
    raise exception 'query_embedding must have 1536 dimensions'
      using errcode = 'AO422', column = 'query_embedding', hint = 'validation_failed';
  end if;
  if match_patterns.match_count is null or match_patterns.match_count not between 1 and 100 then
    raise exception 'match_count must be between 1 and 100' using errcode = 'AO422', column = 'match_count', hint = 'validation_failed';
  end if;
  if match_patterns.min_success_rate is null or match_patterns.min_success_rate not between 0 and 100 then
    raise exception 'min_success_rate is a percentage between 0 and 100'
      using errcode = 'AO422', column = 'min_success_rate', hint = 'validation_failed';
  end if;
  -- the candidate set is four times the answer (at least 40), re-ranked below by the full-precision
  -- distance: half precision (11 significant bits) moves distances enough to swap near neighbours,
  -- not enough to push a top-10 neighbour out of the top 40.
  v_candidates := greatest(40, 4 * match_patterns.match_count);
  v_query := extensions.l2_normalize(match_patterns.query_embedding)::extensions.halfvec(1536);
  -- the minimum rate in the key of the (workspace, topic, rate) index (hundredths of a percent):
  -- coalesce(success_rate, 0) >= min_success_rate exactly when success_rate_bp >= ceil(100 * min_success_rate)
  v_min_bp := ceil(100 * match_patterns.min_success_rate)::int;
  -- Exact or approximate candidates, by the filter's selectivity. A workspace's topic at or above
  -- the minimum rate is read through the (workspace, topic, rate) b-tree: when it holds at most
  -- 10,000 patterns, every one is compared with the query (exact); otherwise, and without a
  -- workspace or a topic, the HNSW index answers. An HNSW scan iterating past the rows a filter
  -- drops costs about the inverse of the fraction that passes (npm run bench, 100k patterns: 1
  -- pattern in 40 passing, the topic and a minimum rate of 50 %, took 140 ms that way; exact, about
  -- 0.6x of the former b-tree read that checked the rate on every row, see docs/performance.md).
  -- The count reads the b-tree, stops at the bound, and needs no row when the table is vacuumed
  -- (index-only).
  if match_patterns.workspace_id is not null and match_patterns.topic is not null then
    select count(*) <= 10000 into v_exact
    from (
      select from public.patterns p
      where p.workspace_id = match_patterns.workspace_id and p.topic = match_patterns.topic
        and p.success_rate_bp >= v_min_bp
      limit 10001
    ) scoped;
  end if;
  -- the HNSW scan's own candidate list (ef_search) grows with the answer: eight per row asked, at
  -- least 150, at most pgvector's 1000. On the benchmark's 100k patterns, top 10: ef_search 100
  -- found 97.7 % of the true neighbours, 150 99.3 %, 200 99.7 %, 300 all of them. Local to this
  -- call (the function's SET clause restores it on return).
  perform set_config('hnsw.ef_search', least(1000, greatest(150, 8 * match_patterns.match_count))::text, true);
  -- one of the two candidate sets is empty: v_exact is a one-time filter, so the other branch
  -- never runs. (Not plan_cache_mode = force_custom_plan: planning this statement with its vector
  -- constants took longer than running it.)
  return query
  with exact as materialized (
    -- by inner product: the half-precision keys are unit vectors, so it orders as the cosine
    -- distance does, and costs less (no norms); the HNSW index, over the cosine distance, cannot
    -- serve this order, so the planner reads the b-tree, bounded by the minimum rate
    select p.id, p.workspace_id, p.topic, p.name, p.description, p.examples, p.best_practices, p.anti_patterns,
      p.optimal_model, p.optimal_parameters, p.success_rate, p.usage_count, p.avg_user_rating, p.avg_engagement, p.embedding
    from public.patterns p
    where v_exact
      and p.embedding is not null
      and p.workspace_id = match_patterns.workspace_id
      and p.topic = match_patterns.topic
      and p.success_rate_bp >= v_min_bp
    order by p.embedding_half operator(extensions.<#>) v_query
    limit v_candidates
  ),
  approximate as materialized (
    -- relaxed_order: the HNSW scan goes on until enough rows pass the filters (RLS, topic, rate);
    -- the re-ranking restores the exact order
    select p.id, p.workspace_id, p.topic, p.name, p.description, p.examples, p.best_practices, p.anti_patterns,
      p.optimal_model, p.optimal_parameters, p.success_rate, p.usage_count, p.avg_user_rating, p.avg_engagement, p.embedding
    from public.patterns p
    where not v_exact
      and p.embedding is not null
      and (match_patterns.topic is null or p.topic = match_patterns.topic)
      and (match_patterns.workspace_id is null or p.workspace_id = match_patterns.workspace_id)
      -- (as an expression, not a bound on the (workspace, topic, rate) index: written as
      -- "min_success_rate = 0 or success_rate >= min_success_rate" its estimate doubled and the
      -- planner took the HNSW scan for a topic's 2,500 rows, 140 ms and recall 0.997, instead of
      -- reading them through the b-tree, 24 ms and exact; npm run bench at 100k. The exact
      -- branch above reads a topic that way)
      and coalesce(p.success_rate, 0) >= match_patterns.min_success_rate
    order by p.embedding_half operator(extensions.<=>) v_query
    limit v_candidates
  ),
  nearest as (
    select c.*, c.embedding operator(extensions.<=>) match_patterns.query_embedding as distance
    from (select * from exact union all select * from approximate) c
    order by distance, c.id
    limit match_patterns.match_count
  )
  select n.id, n.workspace_id, n.topic, n.name, n.description, n.examples, n.best_practices, n.anti_patterns,
    n.optimal_model, n.optimal_parameters, n.success_rate, n.usage_count, n.avg_user_rating, n.avg_engagement,
    1 - n.distance as similarity
  from nearest n
  order by n.distance, n.id;
end;
$$;
comment on function public.match_patterns(extensions.vector, text, int, numeric, uuid) is
  'Similarity search over the pattern library: the match_count (1-100) patterns nearest to query_embedding by cosine distance (HNSW over the half-precision unit vectors, candidates re-ranked at full precision), optionally only of one topic and one workspace, with a success rate of at least min_success_rate percent (unused patterns count as 0). similarity = 1 - cosine distance. An agent token whose key was revoked (or whose agent is not active) gets AO401. Security invoker: the caller sees only the patterns RLS lets them see.';

-- the patterns endpoint's usage report: one call, one insert, under the caller's RLS
create type private.pattern_usage_item as (
  ord int, pattern_id uuid, workspace_id uuid, execution_ref uuid, run_key text, execution_id uuid, run_agent_id uuid,
  success boolean, user_rating int, engagement jsonb, used_at timestamptz, is_object boolean
);
comment on type private.pattern_usage_item is 'One use of a usage report, parsed, with its pattern''s workspace and its run resolved (execution_ref: the execution_id as sent).';

create function private.record_pattern_usage(usages jsonb)
returns jsonb
language plpgsql
volatile
security invoker
set search_path = ''
as $$
declare
  v_agent uuid := private.current_agent_id();
  v_user uuid := case when private.is_agent_token() then null else (select auth.uid()) end;
  v_items private.pattern_usage_item[];
  v_bad record;
  v_count int;
  v_result jsonb;
begin
  if private.is_agent_token() and v_agent is null then
    raise exception 'the agent''s key has been revoked or has expired, or the agent is not active'
      using errcode = 'AO401', hint = 'revoked_api_key';
  end if;
  if v_agent is null and v_user is null then
    raise exception 'sign in to report pattern usage' using errcode = 'AO401', hint = 'not_authenticated';
  end if;
  if jsonb_typeof(record_pattern_usage.usages) is distinct from 'array' or jsonb_array_length(record_pattern_usage.usages) = 0 then
    raise exception 'usages must be a non-empty array' using errcode = 'AO422', column = 'usages', hint = 'validation_failed';
  end if;
  if jsonb_array_length(record_pattern_usage.usages) > 500 then
    raise exception 'a report holds at most 500 uses, this one has %', jsonb_array_length(record_pattern_usage.usages)
      using errcode = 'AO413', column = 'usages', hint = 'batch_too_large';
  end if;

  -- the uses, with their pattern and run looked up as the caller sees them (RLS)
  select coalesce(array_agg(row((u.ord - 1)::int, x.pattern_id, p.workspace_id, x.execution_id, x.run_key, coalesce(e1.id, e2.id),
      coalesce(e1.agent_id, e2.agent_id), x.success, x.user_rating, x.engagement, x.used_at, jsonb_typeof(u.value) = 'object'
    )::private.pattern_usage_item order by u.ord), '{}')
  into v_items
  from jsonb_array_elements(record_pattern_usage.usages) with ordinality as u (value, ord)
  cross join lateral jsonb_to_record(case when jsonb_typeof(u.value) = 'object' then u.value else '{}'::jsonb end) as x (
    pattern_id uuid, execution_id uuid, run_key text, success boolean, user_rating int, engagement jsonb, used_at timestamptz)
  left join public.patterns p on p.id = x.pattern_id
  left join public.executions e1 on e1.id = x.execution_id and e1.workspace_id = p.workspace_id
  left join public.executions e2 on x.execution_id is null and e2.workspace_id = p.workspace_id and e2.run_key = x.run_key;

  select b.ord, f.field, f.message, f.code into v_bad
  from unnest(v_items) b
  cross join lateral (values
    (not b.is_object, '', 'must be an object', 'AO422'),
    (b.pattern_id is null, 'pattern_id', 'is required', 'AO422'),
    (b.execution_ref is not null and b.run_key is not null, 'run_key', 'give execution_id or run_key, not both', 'AO422'),
    (b.user_rating not between 1 and 5, 'user_rating', 'must be between 1 and 5', 'AO422'),
    (b.engagement is not null and jsonb_typeof(b.engagement) <> 'object', 'engagement', 'must be an object', 'AO422'),
    (b.workspace_id is null, 'pattern_id', 'no such pattern visible to you', 'AO404'),
    (b.execution_ref is not null and b.execution_id is null, 'execution_id', 'no such run of the pattern''s workspace visible to you', 'AO404'),
    (b.run_key is not null and b.execution_ref is null and b.execution_id is null, 'run_key', 'no such run of the pattern''s workspace visible to you', 'AO404'),
    (v_agent is null and b.workspace_id is not null and not private.has_role(b.workspace_id, 'member'), 'pattern_id',
      'reporting uses needs a member role in the pattern''s workspace', 'AO403')
  ) as f (bad, field, message, code)
  where f.bad
  order by b.ord, f.code desc
  limit 1;
  if found then
    raise exception 'usages.%: %', v_bad.ord || case when v_bad.field = '' then '' else '.' || v_bad.field end, v_bad.message
      using errcode = v_bad.code, column = 'usages.' || v_bad.ord || case when v_bad.field = '' then '' else '.' || v_bad.field end,
        hint = case v_bad.code when 'AO404' then 'not_found' when 'AO403' then 'member_required' else 'validation_failed' end;
  end if;

  insert into public.pattern_usage (workspace_id, pattern_id, agent_id, execution_id, success, user_rating, engagement, reported_by, used_at)
  select b.workspace_id, b.pattern_id, coalesce(v_agent, b.run_agent_id), b.execution_id, b.success, b.user_rating,
    coalesce(b.engagement, '{}'::jsonb), v_user, coalesce(b.used_at, now())
  from unnest(v_items) b
  order by b.ord;
  get diagnostics v_count = row_count;

  -- the patterns as they stand now (the statistics trigger has run)
  select jsonb_build_object('accepted', v_count, 'patterns', coalesce(jsonb_agg(jsonb_build_object(
      'id', p.id, 'topic', p.topic, 'name', p.name, 'usage_count', p.usage_count, 'success_rate', p.success_rate,
      'avg_user_rating', p.avg_user_rating, 'avg_engagement', p.avg_engagement, 'last_used_at', p.last_used_at) order by p.topic, p.name), '[]'::jsonb))
  into v_result
  from public.patterns p
  where p.id in (select b.pattern_id from unnest(v_items) b);
  return v_result;
end;
$$;
comment on function private.record_pattern_usage(jsonb) is
  'Records up to 500 uses of patterns for the patterns endpoint, as the caller (security invoker: RLS applies): each names a visible pattern and optionally one of its workspace''s runs (execution_id or run_key); an agent reports in its own name and only on its own runs, a person needs a member role. Errors name usages.N.field (AO422, AO404, AO403) and nothing is written. Returns the count and the patterns'' new statistics.';

-- seed 003's third retention rule: low-value patterns go (a scheduled, bounded job)
create function private.purge_low_value_patterns(at timestamptz default now(), batch_size int default 1000)
returns int
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_n int;
begin
  if not private.try_job_lock('learning-low-value-patterns') then
    return -1;
  end if;
  -- the rule (seed 003): fewer than 5 uses, a success rate under 50%, and no use (or, never used,
  -- no creation) in the last 30 days. A pattern with no known outcome has no success rate and stays.
  with gone as (
    delete from public.patterns p
    where p.id in (
      select x.id from public.patterns x
      where x.usage_count < 5
        and x.success_rate < 50
        and coalesce(x.last_used_at, x.created_at) < purge_low_value_patterns.at - interval '30 days'
      order by coalesce(x.last_used_at, x.created_at), x.id
      limit greatest(purge_low_value_patterns.batch_size, 1)
    )
    returning 1
  )
  select count(*)::int into v_n from gone;
  return v_n;
end;
$$;
comment on function private.purge_low_value_patterns(timestamptz, int) is
  'Job learning-low-value-patterns (daily): deletes up to batch_size patterns with fewer than 5 uses, a success rate under 50% and no use in the 30 days before at (seed 003''s "low usage, low success rate" rule; a pattern whose uses have no known outcome has no success rate and is kept). Their usage rows go with them (cascade); history events keep their text. Returns how many were deleted, -1 when another run holds the lock. Security definer: runs as the scheduler; clients delete patterns only as admins.';

revoke all on function private.purge_low_value_patterns(timestamptz, int) from public;
revoke all on function private.fill_echo_entry_from_run() from public;
revoke all on function private.guard_pattern_stats() from public;
revoke all on function private.apply_pattern_usage() from public;
revoke all on function private.record_pattern_usage(jsonb) from public;
grant execute on function private.record_pattern_usage(jsonb) to authenticated, service_role;
revoke all on function public.match_patterns(extensions.vector, text, int, numeric, uuid) from public, anon;
grant execute on function public.match_patterns(extensions.vector, text, int, numeric, uuid) to authenticated, service_role;

-- seed 000 section 6, with seed 003's lifetime total: effectiveness over the usage rows retained
create view public.pattern_effectiveness with (security_invoker = true) as
select p.id as pattern_id, p.workspace_id, p.topic, p.name as pattern_name,
  count(u.id) as usage_count,
  round(100.0 * count(u.id) filter (where u.success) / nullif(count(u.id) filter (where u.success is not null), 0), 2) as success_rate,
  round(avg(u.user_rating)::numeric, 2) as avg_rating,
  max(u.used_at) as last_used,
  p.usage_count as total_usage_count,
  p.success_rate as lifetime_success_rate
from public.patterns p
left join public.pattern_usage u on u.pattern_id = p.id
group by p.id;
comment on view public.pattern_effectiveness is 'Seed 000 pattern_effectiveness (and seed 003''s): per pattern, uses, success rate (percent, over uses with a known outcome), average rating and last use over the retained usage rows (180 days), beside the lifetime totals kept on the pattern.';

create view public.echo_patterns with (security_invoker = true) as
select p.id, p.workspace_id, p.topic, p.name as pattern_name, p.description, p.success_rate, p.usage_count,
  p.avg_user_rating, p.avg_engagement, p.examples as pattern_examples, p.best_practices, p.anti_patterns,
  p.optimal_model, p.optimal_parameters, p.created_at, p.updated_at
from public.patterns p;
comment on view public.echo_patterns is 'Seed 000 echo_patterns: the pattern library (success_rate in percent).';

create view public.echo_pattern_usage with (security_invoker = true) as
select u.id, u.workspace_id, u.pattern_id, u.agent_id, e.run_key as execution_id, u.execution_id as execution_uuid,
  u.success, u.user_rating, u.used_at as "timestamp"
from public.pattern_usage u
left join public.executions e on e.id = u.execution_id;
comment on view public.echo_pattern_usage is 'Seed 000 echo_pattern_usage: uses of patterns; execution_id is the run''s run_key as in the seed, execution_uuid its id.';

create view public.success_patterns with (security_invoker = true) as
select p.id, p.workspace_id, p.name as pattern_name, p.topic as pattern_type, p.description,
  p.embedding as prompt_embedding, round(p.success_rate / 100, 4) as success_rate, p.usage_count as total_usage_count,
  p.success_count, p.failure_count, p.avg_user_rating, p.optimal_model, p.optimal_parameters,
  p.examples as example_prompts, p.last_used_at, p.created_at, p.updated_at
from public.patterns p;
comment on view public.success_patterns is 'Seed 003 success_patterns: the pattern library with prompt_embedding; success_rate as a fraction 0-1 as seed 003 uses it.';

create view public.pattern_usage_log with (security_invoker = true) as
select u.id, u.workspace_id, u.pattern_id, u.execution_id as trace_id, u.agent_id, u.success, u.user_rating,
  u.engagement, u.used_at
from public.pattern_usage u;
comment on view public.pattern_usage_log is 'Seed 003 pattern_usage_log: uses of patterns, trace_id being the run.';

grant select on public.pattern_effectiveness, public.echo_patterns, public.echo_pattern_usage, public.success_patterns,
  public.pattern_usage_log to authenticated;
revoke all on public.pattern_effectiveness, public.echo_patterns, public.echo_pattern_usage, public.success_patterns,
  public.pattern_usage_log from anon;
revoke insert, update, delete, truncate on public.pattern_effectiveness, public.echo_patterns, public.echo_pattern_usage,
  public.success_patterns, public.pattern_usage_log from authenticated;

revoke all on public.echo_entries, public.patterns, public.pattern_usage from anon, authenticated;
grant select, delete on public.echo_entries, public.patterns, public.pattern_usage to authenticated;
grant insert (workspace_id, execution_id, input_prompt, output_content, success, user_rating, user_feedback, engagement_metrics,
  performance_data, patterns_learned, key_insights, model_used, parameters, created_by) on public.echo_entries to authenticated;
grant update (success, user_rating, user_feedback, engagement_metrics, performance_data, patterns_learned, key_insights)
  on public.echo_entries to authenticated;
grant insert (workspace_id, topic, name, description, examples, best_practices, anti_patterns, optimal_model, optimal_parameters,
  embedding, source_echo_entry_id, created_by) on public.patterns to authenticated;
grant update (topic, name, description, examples, best_practices, anti_patterns, optimal_model, optimal_parameters, embedding,
  source_echo_entry_id) on public.patterns to authenticated;
grant insert (workspace_id, pattern_id, agent_id, execution_id, success, user_rating, engagement, reported_by, used_at)
  on public.pattern_usage to authenticated;

alter table public.echo_entries enable row level security;
alter table public.patterns enable row level security;
alter table public.pattern_usage enable row level security;

-- echo entries: viewers read; an agent reads and writes entries of its own runs; members write
create policy echo_entries_select on public.echo_entries for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')) or agent_id = (select private.current_agent_id()));
create policy echo_entries_insert on public.echo_entries for insert to authenticated
  with check (
    ((select private.has_role(workspace_id, 'member')) and (created_by is null or created_by = (select auth.uid())))
    or (agent_id = (select private.current_agent_id()) and created_by is null)
  );
create policy echo_entries_update on public.echo_entries for update to authenticated
  using ((select private.has_role(workspace_id, 'member')) or agent_id = (select private.current_agent_id()))
  with check ((select private.has_role(workspace_id, 'member')) or agent_id = (select private.current_agent_id()));
create policy echo_entries_delete on public.echo_entries for delete to authenticated
  using ((select private.has_role(workspace_id, 'admin')));

-- patterns: viewers and the workspace's agents read (and search); members and agents add; members edit
create policy patterns_select on public.patterns for select to authenticated
  using (
    workspace_id in (select private.workspace_ids('viewer'))
    or (workspace_id = ((select auth.jwt()) ->> 'workspace_id')::uuid and (select private.current_agent_id()) is not null)
  );
create policy patterns_insert on public.patterns for insert to authenticated
  with check (
    ((select private.has_role(workspace_id, 'member')) and (created_by is null or created_by = (select auth.uid())))
    or (workspace_id = ((select auth.jwt()) ->> 'workspace_id')::uuid and (select private.current_agent_id()) is not null and created_by is null)
  );
create policy patterns_update on public.patterns for update to authenticated
  using ((select private.has_role(workspace_id, 'member')))
  with check ((select private.has_role(workspace_id, 'member')));
create policy patterns_delete on public.patterns for delete to authenticated
  using ((select private.has_role(workspace_id, 'admin')));

-- usage: viewers read; an agent reports and reads its own uses; members report
create policy pattern_usage_select on public.pattern_usage for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')) or agent_id = (select private.current_agent_id()));
create policy pattern_usage_insert on public.pattern_usage for insert to authenticated
  with check (
    ((select private.has_role(workspace_id, 'member')) and (reported_by is null or reported_by = (select auth.uid())))
    or (
      agent_id = (select private.current_agent_id()) and reported_by is null
      and (execution_id is null or exists (
        select 1 from public.executions e where e.id = pattern_usage.execution_id and e.agent_id = (select private.current_agent_id())))
    )
  );
create policy pattern_usage_delete on public.pattern_usage for delete to authenticated
  using ((select private.has_role(workspace_id, 'admin')));
