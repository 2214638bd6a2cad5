-- Routing with memory (seed 003 agent_routing_decisions): a router agent records which agent it
-- chose for a task (the task's text and embedding, the candidates it weighed with their scores,
-- the reason and its confidence) and the run the decision started; route() answers, for a new
-- task's embedding, which agents handled the most similar past tasks and how well (success rate,
-- cost, latency on those tasks), from the HNSW index on routing_decisions.embedding, under the
-- caller's RLS. Each decision keeps its run's outcome (status, cost, duration), so the memory
-- outlives the raw run (retention deletes successful runs after 90 days; the decision stays).

-- a decision's outcome follows its run, whatever path changed the run
create function private.sync_routing_outcome()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.routing_decisions r set
    outcome_status = new.status,
    outcome_cost_usd = new.cost_usd,
    outcome_duration_ms = new.duration_ms,
    outcome_at = now()
  where r.execution_id = new.id
    and (r.outcome_status, r.outcome_cost_usd, r.outcome_duration_ms)
      is distinct from (new.status, new.cost_usd, new.duration_ms);
  return null;
end;
$$;
comment on function private.sync_routing_outcome() is
  'Trigger: copies a run''s status, cost and duration onto the routing decision that started it (an index probe; nothing when no decision names the run). Security definer: routing_decisions is read-only for clients.';

-- (attached to public.executions, with every other trigger on runs, in 20261122006900_attach_executions_triggers.sql)

-- recording a decision: one call, one transaction
create function private.record_routing_decision(decision jsonb)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_agent uuid := private.current_agent_id();
  v_workspace uuid := ((select auth.jwt()) ->> 'workspace_id')::uuid;
  v_d jsonb := record_routing_decision.decision;
  v_selected uuid;
  v_embedding extensions.vector;
  v_confidence numeric;
  v_run public.executions;
  v_parent uuid;
  v_candidates jsonb;
  v_bad record;
  v_existing public.routing_decisions;
  v_row public.routing_decisions;
  v_created boolean := false;
begin
  if not private.is_agent_token() then
    raise exception 'routing decisions are recorded by agents (an agent JWT from agent-auth)'
      using errcode = 'AO403', hint = 'agent_required';
  end if;
  if v_agent is null then
    raise exception 'the agent''s key has been revoked or has expired, or the agent is not active'
      using errcode = 'AO401', hint = 'revoked_api_key';
  end if;
  if jsonb_typeof(v_d) is distinct from 'object' then
    raise exception 'the body must be an object' using errcode = 'AO422', column = '(body)', hint = 'validation_failed';
  end if;

  -- field checks, first failure wins (the endpoint's zod schema checks the same shapes first)
  select f.field, f.message, f.code into v_bad
  from (values
    (jsonb_typeof(v_d -> 'run_key') is distinct from 'string' or char_length(v_d ->> 'run_key') not between 1 and 200,
      'run_key', 'is required: the run_key of the run the decision starts (1-200 characters)', 'AO422'),
    (jsonb_typeof(v_d -> 'selected_agent_id') is distinct from 'string'
      or (v_d ->> 'selected_agent_id') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$',
      'selected_agent_id', 'is required and must be a uuid', 'AO422'),
    (v_d -> 'task_text' is null and v_d -> 'embedding' is null, 'task_text', 'give the task''s text, its embedding, or both', 'AO422'),
    (v_d -> 'embedding' is not null and (jsonb_typeof(v_d -> 'embedding') <> 'array' or jsonb_array_length(v_d -> 'embedding') <> 1536),
      'embedding', 'must have exactly 1536 numbers', 'AO422'),
    (v_d -> 'candidates' is not null and jsonb_typeof(v_d -> 'candidates') <> 'array', 'candidates', 'must be an array', 'AO422'),
    (case when v_d -> 'confidence' is null then false when jsonb_typeof(v_d -> 'confidence') <> 'number' then true
      else (v_d ->> 'confidence')::numeric not between 0 and 1 end,
      'confidence', 'must be a number between 0 and 1', 'AO422'),
    (v_d -> 'parent_run_key' is not null and jsonb_typeof(v_d -> 'parent_run_key') <> 'string', 'parent_run_key', 'must be a string', 'AO422'),
    (v_d -> 'task_text' is not null and (jsonb_typeof(v_d -> 'task_text') <> 'string' or char_length(v_d ->> 'task_text') not between 1 and 10000),
      'task_text', 'must be a string of 1-10000 characters', 'AO422'),
    (v_d -> 'reason' is not null and (jsonb_typeof(v_d -> 'reason') <> 'string' or char_length(v_d ->> 'reason') > 2000),
      'reason', 'must be a string of at most 2000 characters', 'AO422')
  ) as f (bad, field, message, code)
  where f.bad
  limit 1;
  if found then
    raise exception '%: %', v_bad.field, v_bad.message using errcode = v_bad.code, column = v_bad.field, hint = 'validation_failed';
  end if;

  v_selected := (v_d ->> 'selected_agent_id')::uuid;
  v_confidence := (v_d ->> 'confidence')::numeric;
  begin
    v_embedding := (v_d ->> 'embedding')::extensions.vector;
  exception when others then
    raise exception 'embedding: every component must be a finite number'
      using errcode = 'AO422', column = 'embedding', hint = 'validation_failed';
  end;

  -- candidates: [{agent_id, score}], each an agent of the workspace
  select c.ord, f.field, f.message into v_bad
  from jsonb_array_elements(coalesce(v_d -> 'candidates', '[]'::jsonb)) with ordinality as c (value, ord)
  cross join lateral (values
    (jsonb_typeof(c.value) <> 'object', '', 'must be an object'),
    (jsonb_array_length(v_d -> 'candidates') > 100, '', 'at most 100 candidates'),
    (jsonb_typeof(c.value -> 'agent_id') is distinct from 'string'
      or (c.value ->> 'agent_id') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$', 'agent_id', 'is required and must be a uuid'),
    (c.value -> 'score' is not null and jsonb_typeof(c.value -> 'score') <> 'number', 'score', 'must be a number'),
    (case when jsonb_typeof(c.value -> 'agent_id') = 'string'
        and (c.value ->> 'agent_id') ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
      then not exists (select 1 from public.agents a where a.id = (c.value ->> 'agent_id')::uuid and a.workspace_id = v_workspace)
      else false end,
      'agent_id', 'no such agent in your workspace')
  ) as f (bad, field, message)
  where f.bad
  order by c.ord
  limit 1;
  if found then
    raise exception 'candidates.%: %', (v_bad.ord - 1) || case when v_bad.field = '' then '' else '.' || v_bad.field end, v_bad.message
      using errcode = case when v_bad.message like 'no such%' then 'AO404' else 'AO422' end,
        column = 'candidates.' || (v_bad.ord - 1) || case when v_bad.field = '' then '' else '.' || v_bad.field end,
        hint = case when v_bad.message like 'no such%' then 'not_found' else 'validation_failed' end;
  end if;
  v_candidates := coalesce((
    select jsonb_agg(jsonb_strip_nulls(jsonb_build_object('agent_id', c.value ->> 'agent_id', 'slug', a.slug,
      'score', c.value -> 'score', 'reason', c.value ->> 'reason')) order by c.ord)
    from jsonb_array_elements(coalesce(v_d -> 'candidates', '[]'::jsonb)) with ordinality as c (value, ord)
    join public.agents a on a.id = (c.value ->> 'agent_id')::uuid), '[]'::jsonb);

  if not exists (select 1 from public.agents a where a.id = v_selected and a.workspace_id = v_workspace) then
    raise exception 'selected_agent_id: no such agent in your workspace' using errcode = 'AO404', column = 'selected_agent_id', hint = 'not_found';
  end if;

  -- the router's own run, if named, must be its own
  if v_d ? 'parent_run_key' then
    select e.id into v_parent from public.executions e
    where e.workspace_id = v_workspace and e.run_key = v_d ->> 'parent_run_key' and e.agent_id = v_agent;
    if v_parent is null then
      raise exception 'parent_run_key: no such run of yours' using errcode = 'AO404', column = 'parent_run_key', hint = 'not_found';
    end if;
  end if;

  -- the run the decision starts: an existing run of the selected agent, or a new queued one
  select * into v_run from public.executions e where e.workspace_id = v_workspace and e.run_key = v_d ->> 'run_key' for update;
  if found then
    if v_run.agent_id is distinct from v_selected then
      raise exception 'run_key: the run % belongs to another agent than the selected one', v_d ->> 'run_key'
        using errcode = 'AO409', column = 'run_key', hint = 'run_key_conflict';
    end if;
    select * into v_existing from public.routing_decisions r where r.execution_id = v_run.id;
    if found then
      -- a retry of the same decision: nothing more is written
      return jsonb_build_object('decision', to_jsonb(v_existing) - 'embedding', 'run', jsonb_build_object('id', v_run.id,
        'run_key', v_run.run_key, 'status', v_run.status, 'created', false), 'duplicate', true);
    end if;
  else
    insert into public.executions (workspace_id, agent_id, run_key, source, status, parent_execution_id, input, metadata)
    values (v_workspace, v_selected, v_d ->> 'run_key', 'api', 'queued', v_parent,
      case when v_d ? 'task_text' then jsonb_build_object('task', v_d ->> 'task_text') end,
      jsonb_build_object('routed_by', v_agent))
    returning * into v_run;
    v_created := true;
  end if;

  insert into public.routing_decisions (workspace_id, execution_id, from_agent_id, selected_agent_id, query_text, candidates,
    reason, confidence, embedding, outcome_status, outcome_cost_usd, outcome_duration_ms, outcome_at)
  values (v_workspace, v_run.id, v_agent, v_selected, v_d ->> 'task_text', v_candidates, v_d ->> 'reason', round(v_confidence, 2),
    v_embedding, v_run.status, v_run.cost_usd, v_run.duration_ms, now())
  returning * into v_row;

  return jsonb_build_object('decision', to_jsonb(v_row) - 'embedding', 'run', jsonb_build_object('id', v_run.id,
    'run_key', v_run.run_key, 'status', v_run.status, 'created', v_created), 'duplicate', false);
end;
$$;
comment on function private.record_routing_decision(jsonb) is
  'Records a routing decision for the routing endpoint: the caller (an active agent) chose selected_agent_id among candidates for a task (task_text and/or a 1536-number embedding), with a reason and a confidence 0-1, and started the run run_key: an existing run of the selected agent, or a new queued one (source api, parent: the router''s run parent_run_key). One decision per run; a retry returns the stored decision. Errors name the field (AO422, AO404, AO409). Security definer: routing_decisions is read-only for clients; the function checks the workspace itself.';

-- the question a router asks: who handled tasks like this one, and how did it go?
create type public.route_candidate as (
  agent_id uuid, slug text, name text, status text, similar_tasks int, finished int, succeeded int,
  success_rate numeric, avg_cost_usd numeric, avg_duration_ms numeric, best_similarity double precision,
  avg_similarity double precision, score double precision
);
comment on type public.route_candidate is 'One agent in route()''s answer: how many of the nearest past tasks it handled, its success rate (percent of the finished ones), mean cost and latency on them, its best and mean similarity to the query, and the ranking score.';

create function public.route(
  query_embedding extensions.vector,
  match_count int default 50,
  agent_count int default 5,
  workspace_id uuid default null,
  min_similarity double precision default 0
)
returns setof public.route_candidate
language plpgsql
stable
security invoker
set search_path = ''
set hnsw.iterative_scan = 'relaxed_order'
set hnsw.ef_search = 100
as $$
begin
  if private.is_agent_token() and private.current_agent_id() is null then
    raise exception 'the agent''s key has been revoked or has expired, or the agent is not active'
      using errcode = 'AO401', hint = 'revoked_api_key';
  end if;
  if route.query_embedding is null or extensions.vector_dims(route.query_embedding) <> 1536 then
    raise exception 'query_embedding must have 1536 dimensions' using errcode = 'AO422', column = 'query_embedding', hint = 'validation_failed';
  end if;
  if route.match_count is null or route.match_count not between 1 and 1000 then
    raise exception 'match_count must be between 1 and 1000' using errcode = 'AO422', column = 'match_count', hint = 'validation_failed';
  end if;
  if route.agent_count is null or route.agent_count not between 1 and 100 then
    raise exception 'agent_count must be between 1 and 100' using errcode = 'AO422', column = 'agent_count', hint = 'validation_failed';
  end if;
  if route.min_similarity is null or route.min_similarity not between -1 and 1 then
    raise exception 'min_similarity must be between -1 and 1' using errcode = 'AO422', column = 'min_similarity', hint = 'validation_failed';
  end if;
  -- the match_count nearest past decisions (HNSW, cosine; ef_search 100 for recall at the default
  -- 50 neighbours, measured by npm run bench; relaxed_order keeps scanning until enough rows pass
  -- RLS and the filters), then per selected agent: its record on those tasks.
  -- score = mean similarity x (successes + 1) / (finished + 2): similar tasks handled well first,
  -- an agent with few outcomes pulled toward 50%.
  return query
  with nearest as materialized (
    select r.selected_agent_id, r.outcome_status, r.outcome_cost_usd, r.outcome_duration_ms,
      r.embedding operator(extensions.<=>) route.query_embedding as distance
    from public.routing_decisions r
    where r.embedding is not null and r.selected_agent_id is not null
      and (route.workspace_id is null or r.workspace_id = route.workspace_id)
    order by r.embedding operator(extensions.<=>) route.query_embedding
    limit route.match_count
  ),
  per_agent as (
    select n.selected_agent_id as agent_id,
      count(*)::int as similar_tasks,
      (count(*) filter (where private.is_terminal_status(n.outcome_status)))::int as finished,
      (count(*) filter (where n.outcome_status = 'succeeded'))::int as succeeded,
      avg(n.outcome_cost_usd) filter (where private.is_terminal_status(n.outcome_status)) as avg_cost,
      avg(n.outcome_duration_ms) filter (where private.is_terminal_status(n.outcome_status)) as avg_duration,
      max(1 - n.distance) as best_similarity,
      avg(1 - n.distance) as avg_similarity
    from nearest n
    where 1 - n.distance >= route.min_similarity
    group by n.selected_agent_id
  )
  select p.agent_id, a.slug, a.name, a.status, p.similar_tasks, p.finished, p.succeeded,
    case when p.finished > 0 then round(100.0 * p.succeeded / p.finished, 2) end,
    round(p.avg_cost, 6), round(p.avg_duration, 1), p.best_similarity, p.avg_similarity,
    p.avg_similarity * (p.succeeded + 1)::double precision / (p.finished + 2)
  from per_agent p
  left join public.agents a on a.id = p.agent_id
  order by p.avg_similarity * (p.succeeded + 1)::double precision / (p.finished + 2) desc, p.agent_id
  limit route.agent_count;
end;
$$;
comment on function public.route(extensions.vector, int, int, uuid, double precision) is
  'Routing with memory: the match_count (1-1000) past routing decisions nearest to query_embedding (cosine, HNSW index), optionally of one workspace and at least min_similarity similar, grouped by the agent chosen: how many it handled, how many finished and succeeded (success_rate percent), mean cost (USD) and latency (ms) of the finished ones, best and mean similarity. Best first by score = mean similarity x (successes + 1) / (finished + 2); at most agent_count agents. Security invoker: the caller sees only the decisions RLS lets them see (people: their workspaces; agents: their own workspace).';

revoke all on function private.sync_routing_outcome() from public;
revoke all on function private.record_routing_decision(jsonb) from public;
grant execute on function private.record_routing_decision(jsonb) to authenticated, service_role;
revoke all on function public.route(extensions.vector, int, int, uuid, double precision) from public, anon;
grant execute on function public.route(extensions.vector, int, int, uuid, double precision) to authenticated, service_role;
