-- Ingestion: one SQL call per request, set-based over the whole batch (no per-row loop).
-- private.ingest_runs upserts up to 1,000 runs with their spans by run_key (retries are safe;
-- an older status never overwrites a newer one, a finished run is never contradicted), prices
-- runs that report tokens but no cost, and writes nothing at all when anything in the batch is
-- wrong. Runs are stored whatever the agent's limits: they happened (usage is booked by the
-- trigger on executions); only the request rate answers 429.

-- who calls: identity enters SQL one way, as claims of the transaction (request.jwt.claims, as
-- PostgREST sets them; the functions set them from the JWT they verified), never as arguments
create function private.agent_claims(out agent_id uuid, out key_id uuid, out workspace_id uuid)
language plpgsql
stable
set search_path = ''
as $$
declare
  v_claims jsonb := (select auth.jwt());
  v_uuid constant text := '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
begin
  if coalesce(v_claims ->> 'actor', '') <> 'agent' or coalesce(v_claims ->> 'role', '') <> 'authenticated'
     or not coalesce(v_claims ->> 'sub' ~* v_uuid and v_claims ->> 'key_id' ~* v_uuid and v_claims ->> 'workspace_id' ~* v_uuid, false) then
    raise exception 'this call needs an agent''s claims (sub, key_id, workspace_id of a JWT from agent-auth) in request.jwt.claims'
      using errcode = 'AO401', hint = 'invalid_token';
  end if;
  agent_id := (v_claims ->> 'sub')::uuid;
  key_id := (v_claims ->> 'key_id')::uuid;
  workspace_id := (v_claims ->> 'workspace_id')::uuid;
end;
$$;
comment on function private.agent_claims() is
  'The agent, key and workspace of the transaction''s claims (request.jwt.claims), for the privileged functions agents call; AO401 invalid_token when the claims are not an agent''s. Whether the key is live and the agent active is for the caller to check (private.ingest_caller, private.authorize), under the lock it needs.';

create function private.claimed_user_id()
returns uuid
language plpgsql
stable
set search_path = ''
as $$
declare
  v_claims jsonb := (select auth.jwt());
begin
  if coalesce(v_claims ->> 'actor', '') = 'agent' or coalesce(v_claims ->> 'role', '') <> 'authenticated'
     or not coalesce(v_claims ->> 'sub' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$', false) then
    raise exception 'this call needs a person''s claims (sub of a Supabase Auth JWT) in request.jwt.claims'
      using errcode = 'AO401', hint = 'invalid_token';
  end if;
  return (v_claims ->> 'sub')::uuid;
end;
$$;
comment on function private.claimed_user_id() is
  'The person of the transaction''s claims (request.jwt.claims sub, role authenticated, not an agent''s token), for the privileged functions people call (decide_approval, cancel_approval); AO401 invalid_token otherwise.';

-- the caller of an ingest function: an active agent holding a live key
create function private.ingest_caller(agent_id uuid, key_id uuid)
returns public.agents
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_agent public.agents%rowtype;
begin
  select a.* into v_agent
  from public.agents a
  join public.agent_api_keys k on k.agent_id = a.id and k.id = ingest_caller.key_id
  where a.id = ingest_caller.agent_id and k.revoked_at is null and (k.expires_at is null or k.expires_at > now());
  if not found then
    raise exception 'the agent''s key has been revoked or has expired' using errcode = 'AO401', hint = 'revoked_api_key';
  end if;
  if v_agent.status <> 'active' then
    raise exception 'agent % is %', v_agent.slug, v_agent.status using errcode = 'AO403', hint = 'agent_not_active';
  end if;
  return v_agent;
end;
$$;
comment on function private.ingest_caller(uuid, uuid) is 'The agent behind an agent JWT, checked again in the database: its key live and its status active. Security definer: reads keys.';

-- the caller of the ingest functions: the agent of the transaction's claims, checked as above
create function private.claimed_agent()
returns public.agents
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  v_claims record;
  v_agent public.agents%rowtype;
begin
  select * into v_claims from private.agent_claims();
  v_agent := private.ingest_caller(v_claims.agent_id, v_claims.key_id);
  if v_agent.workspace_id <> v_claims.workspace_id then
    raise exception 'the token''s workspace is not the agent''s' using errcode = 'AO401', hint = 'invalid_token';
  end if;
  return v_agent;
end;
$$;
comment on function private.claimed_agent() is 'The agent of the transaction''s claims (private.agent_claims) with its key live, its status active and its workspace the claimed one (AO401 / AO403 otherwise): who calls ingest_runs, ingest_metric_samples, record_feedback and record_run_conflict. Security definer: reads keys.';

-- a field of a run as the API names it: runs.N.<field> in a batch, <field> alone when the request
-- was one run (POST /run) or the spans of one run (POST /runs/{run_key}/spans)
create function private.run_field(report text, ord int, field text)
returns text
language sql
immutable
set search_path = ''
as $$
  select case when run_field.report = 'runs' then format('runs.%s.%s', run_field.ord, run_field.field) else run_field.field end
$$;
comment on function private.run_field(text, int, text) is 'The name of a run''s field in an error, as the API that received it shows it (report runs: runs.N.field; run or spans: field). SQL raises the final error; the functions map it without rewriting.';

-- a run of a batch, as parsed from the request (ord is its index, for error messages)
create type private.ingest_run as (
  ord int, run_key text, status text, started_at timestamptz, ended_at timestamptz, duration_ms int,
  environment text, model text, tokens_in int, tokens_out int, tokens_cached int, cost_usd numeric,
  input jsonb, output jsonb, error_type text, error_message text, parent_run_key text, task_key text,
  project text, workflow_id uuid, user_id uuid, user_rating smallint, feedback text, metadata jsonb, spans jsonb,
  task_id uuid, project_id uuid
);
comment on type private.ingest_run is 'One run of an ingest batch, parsed, with its task and project resolved.';

create function private.ingest_runs(runs jsonb, source text default 'agent', report text default 'runs')
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_agent public.agents%rowtype;
  v_ws uuid;
  v_in private.ingest_run[];
  v_keys text[];
  v_inserted text[];
  v_bad record;
  v_conflict record;
  v_range tstzrange := private.accepted_time_range();
  -- built once, not per run: format() in the VALUES below would run for every run, bad or not
  v_range_message text := format('must be between %s and %s', lower(v_range), upper(v_range));
  v_quota jsonb;
  v_result jsonb;
begin
  v_agent := private.claimed_agent();
  v_ws := v_agent.workspace_id;
  if ingest_runs.report is null or ingest_runs.report not in ('runs', 'run', 'spans') then
    raise exception 'report must be runs, run or spans' using errcode = 'AO400', hint = 'invalid_request';
  end if;

  if jsonb_typeof(ingest_runs.runs) is distinct from 'array' then
    raise exception 'runs must be an array' using errcode = 'AO422', column = 'runs', hint = 'validation_failed';
  end if;
  if jsonb_array_length(ingest_runs.runs) > 1000 then
    raise exception 'a batch holds at most 1000 runs, this one has %', jsonb_array_length(ingest_runs.runs)
      using errcode = 'AO413', column = 'runs', hint = 'batch_too_large';
  end if;

  -- timestamps are stored exactly as sent: finer than microseconds would be rounded, so it is refused
  select (r.ord - 1)::int as ord, f.field into v_bad
  from jsonb_array_elements(ingest_runs.runs) with ordinality as r (value, ord)
  cross join lateral (values ('started_at'), ('ended_at')) as f (field)
  where jsonb_typeof(r.value) = 'object' and (r.value ->> f.field) ~ '\.[0-9]{7,}'
  order by r.ord limit 1;
  if found then
    raise exception '%: has more than 6 fractional digits (microseconds are the finest stored)', private.run_field(ingest_runs.report, v_bad.ord, v_bad.field)
      using errcode = 'AO422', column = private.run_field(ingest_runs.report, v_bad.ord, v_bad.field), hint = 'validation_failed';
  end if;

  -- the batch as rows, with task and project looked up in the caller's workspace
  select coalesce(array_agg(row(
      (x.ordinality - 1)::int, x.run_key, x.status, x.started_at, x.ended_at, x.duration_ms, x.environment, x.model, x.tokens_in,
      x.tokens_out, x.tokens_cached, x.cost_usd, x.input, x.output, x.error_type, x.error_message, x.parent_run_key, x.task_key,
      x.project, x.workflow_id, x.user_id, x.user_rating, x.feedback, x.metadata, x.spans, t.id, p.id
    )::private.ingest_run order by x.ordinality), '{}')
  into v_in
  from rows from (jsonb_to_recordset(ingest_runs.runs) as (
    run_key text, status text, started_at timestamptz, ended_at timestamptz, duration_ms int, environment text, model text,
    tokens_in int, tokens_out int, tokens_cached int, cost_usd numeric, input jsonb, output jsonb, error_type text,
    error_message text, parent_run_key text, task_key text, project text, workflow_id uuid, user_id uuid, user_rating smallint,
    feedback text, metadata jsonb, spans jsonb
  )) with ordinality as x
  left join public.tasks t on t.workspace_id = v_ws and t.external_task_key = x.task_key
  left join public.projects p on p.workspace_id = v_ws and p.slug = x.project;

  -- what zod checks at the edge, checked again here for every other client: the first failed check
  -- of each run, in this order (one CASE per run: a lateral VALUES list of the checks was a rescan
  -- per run)
  select c.ord, c.bad[1] as field, c.bad[2] as message into v_bad
  from (
    select i.ord, case
      when i.run_key is null or char_length(i.run_key) not between 1 and 200 then array['run_key', 'is required (1-200 characters)']
      when i.status is not null and i.status not in ('queued', 'running', 'waiting_approval', 'succeeded', 'failed', 'timeout', 'canceled') then array['status', 'is not a run status']
      when not (i.started_at <@ v_range) then array['started_at', v_range_message]
      when not (i.ended_at <@ v_range) then array['ended_at', v_range_message]
      when i.ended_at < coalesce(i.started_at, i.ended_at) then array['ended_at', 'is before started_at']
      when least(i.tokens_in, i.tokens_out, i.tokens_cached) < 0 then array['tokens_in', 'token counts cannot be negative']
      when i.duration_ms < 0 then array['duration_ms', 'cannot be negative']
      when i.cost_usd < 0 then array['cost_usd', 'cannot be negative']
      when i.cost_usd >= 100000000 then array['cost_usd', 'must be below 100000000 (numeric(14,6))']
      when i.tokens_cached > coalesce(i.tokens_in, 0) then array['tokens_cached', 'cannot exceed tokens_in']
      when i.user_rating not between 1 and 5 then array['user_rating', 'must be between 1 and 5']
      when i.environment not in ('dev', 'staging', 'prod') then array['environment', 'must be dev, staging or prod']
      when i.task_key is not null and i.task_id is null then array['task_key', 'no such task in this workspace']
      when i.project is not null and i.project_id is null then array['project', 'no such project in this workspace']
      when i.workflow_id is not null and not exists (select 1 from public.workflows w where w.id = i.workflow_id and w.workspace_id = v_ws) then array['workflow_id', 'no such workflow in this workspace']
      when i.parent_run_key = i.run_key then array['parent_run_key', 'a run cannot be its own parent']
      when i.run_key is not null and i.occurrence > 1 then array['run_key', 'appears twice in the batch']
    end as bad
    from (
      select u.*, row_number() over (partition by u.run_key order by u.ord) as occurrence
      from unnest(v_in) u
    ) i
  ) c
  where c.bad is not null
  order by c.ord
  limit 1;
  if found then
    raise exception '%: %', private.run_field(ingest_runs.report, v_bad.ord, v_bad.field), v_bad.message
      using errcode = 'AO422', column = private.run_field(ingest_runs.report, v_bad.ord, v_bad.field), hint = 'validation_failed';
  end if;
  select coalesce(array_agg(i.run_key order by i.run_key), '{}') into v_keys from unnest(v_in) i;

  -- the request rate (429 before anything is written: nothing has happened yet). This also takes
  -- the lock on the agent's row that every writer of its runs and usage takes first, so batches of
  -- one agent queue here instead of deadlocking on each other's rows.
  v_quota := private.consume_quota(v_agent.id, 1, 0, 0);

  -- existing runs, locked in key order
  perform 1 from public.executions e
  where e.workspace_id = v_ws and e.run_key = any (v_keys)
  order by e.run_key
  for no key update of e;

  -- run_keys another agent owns are not this agent's to change; a new run needs a status
  select i.ord, e.agent_id is not null as exists_for_other into v_bad
  from unnest(v_in) i
  -- a probe of the (workspace_id, run_key) key per run (limit 1 keeps it a probe: a join of the
  -- workspace's runs read all of them when the statistics said the workspace was small)
  left join lateral (select x.id, x.agent_id from public.executions x where x.workspace_id = v_ws and x.run_key = i.run_key limit 1) e on true
  where (e.id is not null and e.agent_id is distinct from v_agent.id) or (e.id is null and i.status is null)
  order by i.ord limit 1;
  if found then
    if v_bad.exists_for_other then
      raise exception '%: belongs to a run of another agent', private.run_field(ingest_runs.report, v_bad.ord, 'run_key')
        using errcode = 'AO409', column = private.run_field(ingest_runs.report, v_bad.ord, 'run_key'), hint = 'run_key_conflict';
    end if;
    if ingest_runs.report = 'spans' then
      raise exception 'this agent has no run with run_key %', (select i.run_key from unnest(v_in) i where i.ord = v_bad.ord)
        using errcode = 'AO404', column = 'run_key', hint = 'run_not_found';
    end if;
    raise exception '%: is required for a new run', private.run_field(ingest_runs.report, v_bad.ord, 'status')
      using errcode = 'AO422', column = private.run_field(ingest_runs.report, v_bad.ord, 'status'), hint = 'validation_failed';
  end if;

  -- a report may add to a run, never contradict it: a finished run keeps its status, times and
  -- error fields (a stamped ended_at may be replaced by the source's own once); a run waiting for
  -- its approval does not end as succeeded
  select i.ord, i.run_key, e.id, f.field, f.reason, f.message into v_conflict
  from unnest(v_in) i
  cross join lateral (select x.* from public.executions x where x.workspace_id = v_ws and x.run_key = i.run_key limit 1) e
  cross join lateral (values
    (e.status = 'waiting_approval' and i.status = 'succeeded', 'status', 'approval_pending',
      'the run is waiting for an approval: it cannot end as succeeded before it is approved'),
    (private.is_terminal_status(e.status) and private.is_terminal_status(i.status) and i.status <> e.status, 'status', 'run_final',
      format('the run has ended as %s: it cannot become %s', e.status, i.status)),
    (private.is_terminal_status(e.status) and i.started_at is not null and i.started_at <> e.started_at, 'started_at', 'run_final',
      format('the run has ended: its started_at is %s', e.started_at)),
    (private.is_terminal_status(e.status) and not e.ended_at_stamped and i.ended_at is not null and i.ended_at <> e.ended_at, 'ended_at', 'run_final',
      format('the run has ended: its ended_at is %s', e.ended_at)),
    (private.is_terminal_status(e.status) and not e.ended_at_stamped and i.duration_ms is not null and i.duration_ms <> e.duration_ms, 'duration_ms', 'run_final',
      format('the run has ended: its duration_ms is %s', e.duration_ms)),
    (private.is_terminal_status(e.status) and i.error_type is not null and i.error_type is distinct from e.error_type, 'error_type', 'run_final',
      format('the run has ended as %s: its error_type is %s', e.status, coalesce(e.error_type, 'not set'))),
    (private.is_terminal_status(e.status) and i.error_message is not null and i.error_message is distinct from e.error_message, 'error_message', 'run_final',
      format('the run has ended as %s: its error_message cannot change', e.status))
  ) as f (bad, field, reason, message)
  where f.bad
  order by i.ord
  limit 1;
  if found then
    raise exception '%: %', private.run_field(ingest_runs.report, v_conflict.ord, v_conflict.field), v_conflict.message
      using errcode = 'AO409', column = private.run_field(ingest_runs.report, v_conflict.ord, v_conflict.field), hint = v_conflict.reason;
  end if;

  -- new runs, inserted in key order (a concurrent writer of the same keys waits on the first one).
  -- Prices: the rule of private.find_model_price (this workspace's row before a global one, then
  -- the longest pattern, then the latest valid_from, valid at the run's start), with each price's
  -- regular expression matched once per model of the batch instead of once per run
  with models as (
    select distinct i.model from unnest(v_in) i
    where i.status is not null and i.cost_usd is null and i.model is not null and coalesce(i.tokens_in, 0) + coalesce(i.tokens_out, 0) > 0
  ),
  candidates as materialized (
    select m.model, p as price
    from models m
    join public.model_prices p on (p.workspace_id = v_ws or p.workspace_id is null) and m.model ~* p.model_pattern
  ),
  inserted as (
    insert into public.executions as e (workspace_id, agent_id, run_key, source, task_id, workflow_id, project_id, user_id, environment,
      status, started_at, ended_at, duration_ms, model, tokens_in, tokens_out, tokens_cached, cost_usd, cost_source, model_price_id,
      input, output, error_type, error_message, user_rating, feedback, metadata)
    select v_ws, v_agent.id, i.run_key, ingest_runs.source, i.task_id, i.workflow_id, i.project_id, i.user_id,
      coalesce(i.environment, 'prod'), i.status, coalesce(i.started_at, i.ended_at, now()), i.ended_at, i.duration_ms, i.model,
      coalesce(i.tokens_in, 0), coalesce(i.tokens_out, 0), coalesce(i.tokens_cached, 0),
      coalesce(i.cost_usd, case when price.id is not null then private.price_tokens(price, i.tokens_in, i.tokens_out, i.tokens_cached) else 0 end),
      case when i.cost_usd is not null then 'reported' when price.id is not null then 'computed' else 'none' end,
      case when i.cost_usd is null then price.id end,
      i.input, i.output, i.error_type, i.error_message, i.user_rating, i.feedback, coalesce(i.metadata, '{}'::jsonb)
    from unnest(v_in) i
    left join lateral (
      select (c.price).* from candidates c
      where i.cost_usd is null and i.model is not null and coalesce(i.tokens_in, 0) + coalesce(i.tokens_out, 0) > 0
        and c.model = i.model
        and (c.price).valid_from <= coalesce(i.started_at, i.ended_at, now())
        and ((c.price).valid_to is null or (c.price).valid_to > coalesce(i.started_at, i.ended_at, now()))
      order by ((c.price).workspace_id is not null) desc, char_length((c.price).model_pattern) desc, (c.price).valid_from desc
      limit 1
    ) price on true
    where i.status is not null
      and not exists (select 1 from public.executions x where x.workspace_id = v_ws and x.run_key = i.run_key)
    order by i.run_key
    on conflict on constraint executions_workspace_run_key_key do nothing
    returning e.run_key
  )
  select coalesce(array_agg(ins.run_key), '{}') into v_inserted from inserted ins;

  -- runs another writer inserted meanwhile: locked too, and their owner checked again (none when
  -- this batch inserted every one of its runs, the keys being distinct)
  if cardinality(v_inserted) < cardinality(v_keys) then
    perform 1 from public.executions e
    where e.workspace_id = v_ws and e.run_key = any (v_keys) and e.run_key <> all (v_inserted)
    order by e.run_key
    for no key update of e;
    select i.ord into v_bad
    from unnest(v_in) i
    cross join lateral (select x.agent_id from public.executions x where x.workspace_id = v_ws and x.run_key = i.run_key limit 1) e
    where e.agent_id is distinct from v_agent.id
    order by i.ord limit 1;
    if found then
      raise exception '%: belongs to a run of another agent', private.run_field(ingest_runs.report, v_bad.ord, 'run_key')
        using errcode = 'AO409', column = private.run_field(ingest_runs.report, v_bad.ord, 'run_key'), hint = 'run_key_conflict';
    end if;
  end if;

  -- merge into existing runs: a newer status replaces an older one and brings its values; an older
  -- (late) report only fills what is missing. Costs are re-priced unless reported. Skipped when every
  -- run is new: an update of no rows still fires every statement trigger on executions
  if cardinality(v_inserted) < cardinality(v_keys) then
    with merged as (
      select cur.id, i.*,
        (i.status is not null and private.execution_transition_allowed(cur.status, i.status)) as newer,
        (i.status is null or private.execution_transition_allowed(cur.status, i.status)) as applies,
        cur.tokens_in as cur_in, cur.tokens_out as cur_out, cur.tokens_cached as cur_cached, cur.model as cur_model,
        cur.started_at as cur_started, cur.cost_source as cur_cost_source
      from unnest(v_in) i
      join public.executions cur on cur.workspace_id = v_ws and cur.run_key = i.run_key
      where i.run_key <> all (v_inserted)
    ),
    priced as (
      select m.*, price.id as price_id, private.price_tokens(price, t.t_in, t.t_out, t.t_cached) as price_cost
      from merged m
      cross join lateral (select
        case when m.applies then coalesce(m.tokens_in, m.cur_in) else m.cur_in end as t_in,
        case when m.applies then coalesce(m.tokens_out, m.cur_out) else m.cur_out end as t_out,
        case when m.applies then coalesce(m.tokens_cached, m.cur_cached) else m.cur_cached end as t_cached,
        case when m.newer then coalesce(m.model, m.cur_model) else coalesce(m.cur_model, m.model) end as model,
        coalesce(m.started_at, m.cur_started) as at) t
      left join lateral (
        select p.* from private.find_model_price(v_ws, t.model, t.at) p
        where t.model is not null and t.t_in + t.t_out > 0
      ) price on true
    )
    update public.executions e set
      status = case when m.newer then m.status else e.status end,
      started_at = case when m.newer then coalesce(m.started_at, e.started_at) else e.started_at end,
      ended_at = case
        when e.ended_at_stamped and m.ended_at is not null then m.ended_at
        when m.newer then coalesce(m.ended_at, e.ended_at) else coalesce(e.ended_at, m.ended_at) end,
      duration_ms = case
        when e.ended_at_stamped and m.ended_at is not null then m.duration_ms
        when m.newer then coalesce(m.duration_ms, e.duration_ms) else coalesce(e.duration_ms, m.duration_ms) end,
      environment = coalesce(m.environment, e.environment),
      model = case when m.newer then coalesce(m.model, e.model) else coalesce(e.model, m.model) end,
      tokens_in = case when m.applies then coalesce(m.tokens_in, e.tokens_in) else e.tokens_in end,
      tokens_out = case when m.applies then coalesce(m.tokens_out, e.tokens_out) else e.tokens_out end,
      tokens_cached = case when m.applies then coalesce(m.tokens_cached, e.tokens_cached) else e.tokens_cached end,
      cost_usd = case
        when m.cost_usd is not null and m.applies then m.cost_usd
        when e.cost_source = 'reported' then e.cost_usd
        when m.price_id is not null then m.price_cost
        else e.cost_usd end,
      cost_source = case
        when m.cost_usd is not null and m.applies then 'reported'
        when e.cost_source = 'reported' then 'reported'
        when m.price_id is not null then 'computed'
        else e.cost_source end,
      model_price_id = case
        when m.cost_usd is not null and m.applies then null
        when e.cost_source = 'reported' then null
        when m.price_id is not null then m.price_id
        else e.model_price_id end,
      task_id = coalesce(m.task_id, e.task_id),
      workflow_id = coalesce(m.workflow_id, e.workflow_id),
      project_id = coalesce(m.project_id, e.project_id),
      user_id = coalesce(m.user_id, e.user_id),
      input = coalesce(e.input, m.input),
      output = case when m.newer then coalesce(m.output, e.output) else coalesce(e.output, m.output) end,
      error_type = case when private.is_terminal_status(e.status) then e.error_type
        when m.newer then coalesce(m.error_type, e.error_type) else coalesce(e.error_type, m.error_type) end,
      error_message = case when private.is_terminal_status(e.status) then e.error_message
        when m.newer then coalesce(m.error_message, e.error_message) else coalesce(e.error_message, m.error_message) end,
      user_rating = coalesce(m.user_rating, e.user_rating),
      feedback = coalesce(m.feedback, e.feedback),
      -- a late or repeated report on a finished run adds keys, never replaces them
      metadata = case when m.newer and not private.is_terminal_status(e.status) then e.metadata || coalesce(m.metadata, '{}'::jsonb)
        else coalesce(m.metadata, '{}'::jsonb) || e.metadata end
    from priced m
    where e.id = m.id;
  end if;

  -- parents (chains): another run of this batch or an existing run in the workspace (when any is named)
  if exists (select 1 from unnest(v_in) i where i.parent_run_key is not null) then
    update public.executions e set parent_execution_id = parent.id
    from unnest(v_in) i
    join public.executions parent on parent.workspace_id = v_ws and parent.run_key = i.parent_run_key
    where e.workspace_id = v_ws and e.run_key = i.run_key and i.parent_run_key is not null
      and e.parent_execution_id is distinct from parent.id;
    select i.ord into v_bad
    from unnest(v_in) i
    where i.parent_run_key is not null
      and not exists (select 1 from public.executions parent where parent.workspace_id = v_ws and parent.run_key = i.parent_run_key)
    order by i.ord limit 1;
    if found then
      raise exception '%: no such run in this workspace', private.run_field(ingest_runs.report, v_bad.ord, 'parent_run_key')
        using errcode = 'AO422', column = private.run_field(ingest_runs.report, v_bad.ord, 'parent_run_key'), hint = 'reference_not_found';
    end if;
  end if;

  perform private.ingest_spans(v_ws, v_in, ingest_runs.report);

  update public.agents a set last_activity_at = now()
  where a.id = v_agent.id and (a.last_activity_at is null or a.last_activity_at < now() - interval '1 minute');

  select jsonb_build_object(
    'accepted', count(*),
    'created', cardinality(v_inserted),
    'updated', count(*) - cardinality(v_inserted),
    'runs', coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('run_key', i.run_key, 'id', e.id, 'status', e.status,
      'cost_usd', e.cost_usd, 'cost_source', e.cost_source, 'over_limit', e.over_limit)) order by i.ord), '[]'::jsonb),
    'quota', v_quota || private.quota_status(v_agent.id)
  ) into v_result
  from unnest(v_in) i
  cross join lateral (select x.* from public.executions x where x.workspace_id = v_ws and x.run_key = i.run_key limit 1) e;
  return v_result;
end;
$$;
comment on function private.ingest_runs(jsonb, text, text) is
  'Ingests a batch of up to 1000 runs with their spans for an agent, in one transaction: validates (AO422 naming the field as the API shows it, private.run_field: runs.N.field for report runs, the field alone for report run (POST /run) or spans (POST /runs/{run_key}/spans, where a run that does not exist is AO404 run_not_found); timestamps exact and within private.accepted_time_range()), limits the request rate (AO429 before writing), upserts by run_key in key order under the agent''s lock (an older status never overwrites a newer one), prices runs from model_prices, links parents, upserts spans. Runs are stored whatever the agent''s token and budget limits (usage is booked by the trigger on executions, which marks and announces breaches). A report contradicting a run (a finished run''s status, times or error fields; succeeded while waiting for approval) writes nothing: AO409 naming the field with hint run_final or approval_pending (the function then records it with private.record_run_conflict). The caller is the agent of the transaction''s claims (private.claimed_agent), never an argument. Security definer: called by the ingest function on behalf of a verified agent.';

-- a refused contradiction, kept for operators (called after the refused transaction, which wrote nothing)
create function private.record_run_conflict(run_key text, field text, reason text, message text, source text default 'agent')
returns void
language sql
volatile
security definer
set search_path = ''
as $$
  insert into public.run_conflicts (workspace_id, execution_id, run_key, agent_id, source, field, reason, message)
  select e.workspace_id, e.id, e.run_key, a.id, coalesce(record_run_conflict.source, 'agent'),
    left(coalesce(record_run_conflict.field, 'status'), 200),
    case when record_run_conflict.reason = 'approval_pending' then 'approval_pending' else 'run_final' end,
    left(coalesce(record_run_conflict.message, ''), 2000)
  from private.claimed_agent() a
  join public.executions e on e.workspace_id = a.workspace_id and e.run_key = record_run_conflict.run_key
$$;
comment on function private.record_run_conflict(text, text, text, text, text) is
  'Records in run_conflicts a report that was refused (409) because it contradicted a run of the agent''s workspace; called by the ingest function after the refused transaction, for the agent of the transaction''s claims. Security definer: run_conflicts is not writable by clients.';

-- what an agent has left of its limits now (after a batch was booked)
create function private.quota_status(agent_id uuid)
returns jsonb
language sql
stable
security definer
set search_path = ''
as $$
  select jsonb_build_object(
    'tokens_per_day', jsonb_build_object('limit', a.tokens_per_day, 'used', u.tokens, 'remaining', a.tokens_per_day - u.tokens),
    'cost_per_month', jsonb_build_object('limit', a.cost_per_month, 'used', u.cost, 'remaining', a.cost_per_month - u.cost))
  from public.agents a
  cross join lateral (
    select coalesce(sum(x.tokens_used) filter (where x.date = private.utc_today()), 0) as tokens, coalesce(sum(x.cost_usd), 0) as cost
    from public.agent_usage x
    where x.agent_id = a.id and x.date >= date_trunc('month', private.utc_today())::date
  ) u
  where a.id = quota_status.agent_id
$$;
comment on function private.quota_status(uuid) is 'Tokens used today and cost this month of an agent against its limits (remaining may be negative: runs that happened are always recorded). Security definer: reads usage.';

-- a span of a batch, parsed, with its run and its ids resolved
create type private.ingest_span as (
  run_ord int, ord int, execution_id uuid, span_key text, parent_span_key text, id uuid, parent_span_id uuid,
  kind text, name text, status text, started_at timestamptz, ended_at timestamptz, duration_ms int,
  gen_ai_system text, gen_ai_operation_name text, gen_ai_request_model text, gen_ai_response_model text,
  gen_ai_usage_input_tokens int, gen_ai_usage_output_tokens int, cost_usd numeric, tool_name text, http_method text,
  http_url text, http_status_code int, node_type text, content text, confidence numeric, error_message text, attributes jsonb
);
comment on type private.ingest_span is 'One span of an ingest batch, with its run, its id (the stored one on a retry) and its parent resolved.';

-- spans of a batch: upsert by (run, span_key), parents resolved within the run
create function private.ingest_spans(workspace_id uuid, runs private.ingest_run[], report text default 'runs')
returns int
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_spans private.ingest_span[];
  v_bad record;
  v_count int;
  v_range tstzrange := private.accepted_time_range();
  v_range_message text := format('must be between %s and %s', lower(v_range), upper(v_range));
  v_updates_stored boolean;
begin
  select coalesce(array_agg(row(
      i.ord, (x.ordinality - 1)::int, e.id, x.span_key, x.parent_span_key, coalesce(es.id, gen_random_uuid()), null,
      x.kind, x.name, coalesce(x.status, 'unset'), x.started_at, x.ended_at, x.duration_ms, x.gen_ai_system,
      x.gen_ai_operation_name, x.gen_ai_request_model, x.gen_ai_response_model, x.gen_ai_usage_input_tokens,
      x.gen_ai_usage_output_tokens, x.cost_usd, x.tool_name, x.http_method, x.http_url, x.http_status_code, x.node_type,
      x.content, x.confidence, x.error_message, coalesce(x.attributes, '{}'::jsonb)
    )::private.ingest_span order by i.ord, x.ordinality), '{}'), coalesce(bool_or(es.id is not null), false)
  into v_spans, v_updates_stored
  from unnest(ingest_spans.runs) i
  -- one probe of the (workspace_id, run_key) key per run
  cross join lateral (
    select x.id from public.executions x where x.workspace_id = ingest_spans.workspace_id and x.run_key = i.run_key limit 1
  ) e
  -- the spans of a run as rows in one call per run (jsonb_to_record per span took twice as long)
  cross join lateral rows from (jsonb_to_recordset(case when jsonb_typeof(i.spans) = 'array' then i.spans else '[]'::jsonb end) as (
    span_key text, parent_span_key text, kind text, name text, status text, started_at timestamptz, ended_at timestamptz,
    duration_ms int, gen_ai_system text, gen_ai_operation_name text, gen_ai_request_model text, gen_ai_response_model text,
    gen_ai_usage_input_tokens int, gen_ai_usage_output_tokens int, cost_usd numeric, tool_name text, http_method text,
    http_url text, http_status_code int, node_type text, content text, confidence numeric, error_message text, attributes jsonb
  )) with ordinality as x
  -- a span stored before keeps its id (one probe of the (execution_id, span_key) key per span)
  left join lateral (
    select stored.id from public.execution_spans stored
    where stored.execution_id = e.id and stored.span_key = x.span_key
    limit 1
  ) es on true;
  if cardinality(v_spans) = 0 then
    return 0;
  end if;

  -- parents: the first span of the same run in this batch with that key, or one stored before
  with batch as (
    select b.* from unnest(v_spans) b
  ),
  firsts as (
    select distinct on (b.execution_id, b.span_key) b.execution_id, b.span_key, b.id
    from batch b
    where b.span_key is not null
    order by b.execution_id, b.span_key, b.run_ord, b.ord
  )
  select array_agg(row(
      s.run_ord, s.ord, s.execution_id, s.span_key, s.parent_span_key, s.id, coalesce(p.id, ps.id),
      s.kind, s.name, s.status, s.started_at, s.ended_at, s.duration_ms, s.gen_ai_system, s.gen_ai_operation_name,
      s.gen_ai_request_model, s.gen_ai_response_model, s.gen_ai_usage_input_tokens, s.gen_ai_usage_output_tokens, s.cost_usd,
      s.tool_name, s.http_method, s.http_url, s.http_status_code, s.node_type, s.content, s.confidence, s.error_message, s.attributes
    )::private.ingest_span order by s.run_ord, s.ord)
  into v_spans
  from batch s
  left join firsts p on p.execution_id = s.execution_id and p.span_key = s.parent_span_key
  left join lateral (
    select stored.id from public.execution_spans stored
    where p.id is null and stored.execution_id = s.execution_id and stored.span_key = s.parent_span_key
    limit 1
  ) ps on true;

  -- the first failed check of each span, in this order (one expression per span, as for runs)
  select s.run_ord, s.ord, s.bad[1] as field, s.bad[2] as message into v_bad
  from (
    select b.run_ord, b.ord, case
      when b.span_key is null or char_length(b.span_key) not between 1 and 200 then array['span_key', 'is required (1-200 characters)']
      when b.kind is null then array['kind', 'is required']
      when b.name is null then array['name', 'is required']
      when b.started_at is null then array['started_at', 'is required']
      when not (b.started_at <@ v_range) then array['started_at', v_range_message]
      when not (b.ended_at <@ v_range) then array['ended_at', v_range_message]
      when b.ended_at < b.started_at then array['ended_at', 'is before started_at']
      when b.parent_span_key = b.span_key then array['parent_span_key', 'a span cannot be its own parent']
      when b.parent_span_key is not null and b.parent_span_id is null then array['parent_span_key', 'no span with this key in the run']
      when b.span_key is not null and b.occurrence > 1 then array['span_key', 'appears twice in the run']
    end as bad
    from (
      select b.*, row_number() over (partition by b.execution_id, b.span_key order by b.run_ord, b.ord) as occurrence
      from unnest(v_spans) b
    ) b
  ) s
  where s.bad is not null
  order by s.run_ord, s.ord limit 1;
  if found then
    raise exception '%: %', private.run_field(ingest_spans.report, v_bad.run_ord, format('spans.%s.%s', v_bad.ord, v_bad.field)), v_bad.message
      using errcode = 'AO422', column = private.run_field(ingest_spans.report, v_bad.run_ord, format('spans.%s.%s', v_bad.ord, v_bad.field)),
      hint = 'validation_failed';
  end if;

  -- parents never form a cycle (a -> b -> a), through this batch or spans stored before: walk up
  -- from every span that names a parent (a tree is a few levels deep). The stored spans' edges
  -- are needed only when the batch sends a stored span again (v_updates_stored): a span the
  -- batch creates has a new id, and a stored span the batch does not send keeps its parent, a
  -- stored span (the parent foreign key), so no stored edge leads back into the batch; stored
  -- spans alone form no cycle (each was checked when written); so without a re-sent span a cycle
  -- lies wholly within the batch's edges, and walking the run's stored spans would find nothing.
  if exists (select 1 from unnest(v_spans) b where b.parent_span_id is not null) then
    with recursive edges as (
      select b.id, b.parent_span_id from unnest(v_spans) b
      union all
      select st.id, st.parent_span_id from public.execution_spans st
      where v_updates_stored
        and st.execution_id in (select distinct b.execution_id from unnest(v_spans) b)
        and st.parent_span_id is not null
        and st.id not in (select b.id from unnest(v_spans) b)
    ),
    walk (start_id, cur, depth) as (
      select b.id, b.parent_span_id, 1 from unnest(v_spans) b where b.parent_span_id is not null
      union all
      select w.start_id, ed.parent_span_id, w.depth + 1
      from walk w join edges ed on ed.id = w.cur
      where ed.parent_span_id is not null and w.cur <> w.start_id and w.depth < 1000
    )
    select b.run_ord, b.ord into v_bad
    from unnest(v_spans) b
    where exists (select 1 from walk w where w.start_id = b.id and (w.cur = b.id or w.depth >= 1000))
    order by b.run_ord, b.ord limit 1;
    if found then
      raise exception '%: the span would be its own ancestor (parents form a cycle)',
        private.run_field(ingest_spans.report, v_bad.run_ord, format('spans.%s.parent_span_key', v_bad.ord))
        using errcode = 'AO422', column = private.run_field(ingest_spans.report, v_bad.run_ord, format('spans.%s.parent_span_key', v_bad.ord)),
        hint = 'validation_failed';
    end if;
  end if;

  insert into public.execution_spans as es (id, workspace_id, execution_id, span_key, parent_span_id, kind, name, status, started_at,
    ended_at, duration_ms, gen_ai_system, gen_ai_operation_name, gen_ai_request_model, gen_ai_response_model,
    gen_ai_usage_input_tokens, gen_ai_usage_output_tokens, cost_usd, tool_name, http_method, http_url, http_status_code,
    node_type, content, confidence, error_message, attributes)
  select s.id, ingest_spans.workspace_id, s.execution_id, s.span_key, s.parent_span_id, s.kind, s.name, s.status, s.started_at,
    s.ended_at, coalesce(s.duration_ms, (round(extract(epoch from (s.ended_at - s.started_at)) * 1000))::int),
    s.gen_ai_system, s.gen_ai_operation_name, s.gen_ai_request_model, s.gen_ai_response_model,
    s.gen_ai_usage_input_tokens, s.gen_ai_usage_output_tokens, s.cost_usd, s.tool_name, s.http_method, s.http_url,
    s.http_status_code, s.node_type, s.content, s.confidence, s.error_message, s.attributes
  from unnest(v_spans) s
  order by s.run_ord, s.ord
  on conflict on constraint execution_spans_execution_key_key do update set
    parent_span_id = excluded.parent_span_id, kind = excluded.kind, name = excluded.name,
    status = case when es.status = 'unset' then excluded.status else es.status end,
    started_at = excluded.started_at, ended_at = coalesce(excluded.ended_at, es.ended_at),
    duration_ms = coalesce(excluded.duration_ms, es.duration_ms),
    gen_ai_usage_input_tokens = coalesce(excluded.gen_ai_usage_input_tokens, es.gen_ai_usage_input_tokens),
    gen_ai_usage_output_tokens = coalesce(excluded.gen_ai_usage_output_tokens, es.gen_ai_usage_output_tokens),
    cost_usd = coalesce(excluded.cost_usd, es.cost_usd),
    content = coalesce(excluded.content, es.content), confidence = coalesce(excluded.confidence, es.confidence),
    error_message = coalesce(excluded.error_message, es.error_message),
    attributes = es.attributes || excluded.attributes;
  get diagnostics v_count = row_count;
  return v_count;
end;
$$;
comment on function private.ingest_spans(uuid, private.ingest_run[], text) is 'Part of private.ingest_runs: upserts the spans of a batch, resolving parent_span_key within each run (hash joins and one index probe per span, never a scan per span or of the table); AO422 names runs.N.spans.M.field. Security definer like its caller.';

-- metric samples (seed 001 agent_metrics) for the calling agent
create function private.ingest_metric_samples(samples jsonb)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_agent public.agents%rowtype;
  v_bad record;
  v_count int;
begin
  v_agent := private.claimed_agent();
  select (s.ord - 1)::int as ord, x.* into v_bad
  from jsonb_array_elements(ingest_metric_samples.samples) with ordinality s (value, ord)
  cross join lateral jsonb_to_record(s.value) x (run_key text)
  where x.run_key is not null
    and not exists (select 1 from public.executions e where e.workspace_id = v_agent.workspace_id and e.run_key = x.run_key and e.agent_id = v_agent.id)
  order by s.ord limit 1;
  if found then
    raise exception 'samples.%.run_key: no run of this agent with this key', v_bad.ord
      using errcode = 'AO422', column = format('samples.%s.run_key', v_bad.ord), hint = 'reference_not_found';
  end if;
  insert into public.metric_samples (workspace_id, agent_id, execution_id, metric_type, value, unit, metadata, recorded_at)
  select v_agent.workspace_id, v_agent.id, e.id, x.metric_type, x.value, x.unit, coalesce(x.metadata, '{}'::jsonb), coalesce(x.recorded_at, now())
  from jsonb_array_elements(ingest_metric_samples.samples) s (value)
  cross join lateral jsonb_to_record(s.value) x (metric_type text, value numeric, unit text, metadata jsonb, recorded_at timestamptz, run_key text)
  left join public.executions e on e.workspace_id = v_agent.workspace_id and e.run_key = x.run_key;
  get diagnostics v_count = row_count;
  perform private.consume_quota(v_agent.id, 1, 0, 0);
  return jsonb_build_object('accepted', v_count);
end;
$$;
comment on function private.ingest_metric_samples(jsonb) is 'Stores custom metric samples of the calling agent, optionally tied to one of its runs by run_key; counts one request against its quota. The caller is the agent of the transaction''s claims. Security definer: called by the ingest function for a verified agent.';

-- feedback on a run (seed 000 user_rating, user_feedback)
create function private.record_feedback(run_key text, rating int, feedback text)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_agent public.agents%rowtype;
  v_id uuid;
begin
  v_agent := private.claimed_agent();
  update public.executions e
  set user_rating = coalesce(record_feedback.rating, e.user_rating), feedback = coalesce(record_feedback.feedback, e.feedback)
  where e.workspace_id = v_agent.workspace_id and e.run_key = record_feedback.run_key and e.agent_id = v_agent.id
  returning e.id into v_id;
  if v_id is null then
    raise exception 'no run of this agent has run_key %', record_feedback.run_key
      using errcode = 'AO404', column = 'run_key', hint = 'run_not_found';
  end if;
  return jsonb_build_object('id', v_id, 'run_key', record_feedback.run_key, 'user_rating', record_feedback.rating);
end;
$$;
comment on function private.record_feedback(text, int, text) is 'Records a user rating and feedback on one of the calling agent''s runs. The caller is the agent of the transaction''s claims. Security definer: called by the ingest function for a verified agent.';

revoke all on function private.run_field(text, int, text) from public;
revoke all on function private.agent_claims() from public;
revoke all on function private.claimed_user_id() from public;
revoke all on function private.ingest_caller(uuid, uuid) from public;
revoke all on function private.claimed_agent() from public;
revoke all on function private.ingest_runs(jsonb, text, text) from public;
revoke all on function private.quota_status(uuid) from public;
revoke all on function private.record_run_conflict(text, text, text, text, text) from public;
grant execute on function private.record_run_conflict(text, text, text, text, text) to service_role;
revoke all on function private.ingest_spans(uuid, private.ingest_run[], text) from public;
revoke all on function private.ingest_metric_samples(jsonb) from public;
revoke all on function private.record_feedback(text, int, text) from public;
grant execute on function private.ingest_runs(jsonb, text, text) to service_role;
grant execute on function private.ingest_metric_samples(jsonb) to service_role;
grant execute on function private.record_feedback(text, int, text) to service_role;
