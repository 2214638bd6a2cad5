-- Ingestion, measured by the benchmark (npm run bench, docs/performance.md): private.ingest_spans
-- did three things per span that cost the whole batch or the whole table, so a batch of 500 runs
-- with 2,500 spans spent most of its time on them, more than linearly in the batch size:
--   * the parent of each span was looked up by a scan of the batch's span array (a correlated
--     lateral unnest: spans x spans element visits, 250 ms of a 1 s batch);
--   * "appears twice in the run" was checked the same way (another spans x spans, 300 ms);
--   * the ids of spans stored before (retries) were found with a hash join over the whole of
--     public.execution_spans, a sequential scan that grows with the table (the planner expects
--     100 spans per run from jsonb_array_elements and prefers hashing to 15,800 index probes).
-- This replaces the function with the same signature, the same answers and the same error for
-- every bad input: parents come from a hash join with the first occurrence of each key, the
-- duplicate check from a window function, and stored spans from one index probe per span
-- (a lateral subquery with limit 1 on execution_spans_execution_key_key, which the planner cannot
-- turn into a scan of the table).

create or replace function private.ingest_spans(workspace_id uuid, runs private.ingest_run[])
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
begin
  select coalesce(array_agg(row(
      i.ord, (s.ord - 1)::int, e.id, x.span_key, x.parent_span_key, coalesce(es.id, gen_random_uuid()), null,
      x.kind, x.name, coalesce(x.status, 'unset'), x.started_at, x.ended_at, x.duration_ms, x.gen_ai_system,
      x.gen_ai_operation_name, x.gen_ai_request_model, x.gen_ai_response_model, x.gen_ai_usage_input_tokens,
      x.gen_ai_usage_output_tokens, x.cost_usd, x.tool_name, x.http_method, x.http_url, x.http_status_code, x.node_type,
      x.content, x.confidence, x.error_message, coalesce(x.attributes, '{}'::jsonb)
    )::private.ingest_span order by i.ord, s.ord), '{}')
  into v_spans
  from unnest(ingest_spans.runs) i
  join public.executions e on e.workspace_id = ingest_spans.workspace_id and e.run_key = i.run_key
  cross join lateral jsonb_array_elements(case when jsonb_typeof(i.spans) = 'array' then i.spans else '[]'::jsonb end) with ordinality as s (value, ord)
  cross join lateral jsonb_to_record(s.value) as x (
    span_key text, parent_span_key text, kind text, name text, status text, started_at timestamptz, ended_at timestamptz,
    duration_ms int, gen_ai_system text, gen_ai_operation_name text, gen_ai_request_model text, gen_ai_response_model text,
    gen_ai_usage_input_tokens int, gen_ai_usage_output_tokens int, cost_usd numeric, tool_name text, http_method text,
    http_url text, http_status_code int, node_type text, content text, confidence numeric, error_message text, attributes jsonb
  )
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

  select s.run_ord, s.ord, f.field, f.message into v_bad
  from (
    select b.*, row_number() over (partition by b.execution_id, b.span_key order by b.run_ord, b.ord) as occurrence
    from unnest(v_spans) b
  ) s
  cross join lateral (values
    (s.span_key is null or char_length(s.span_key) not between 1 and 200, 'span_key', 'is required (1-200 characters)'),
    (s.kind is null, 'kind', 'is required'),
    (s.name is null, 'name', 'is required'),
    (s.started_at is null, 'started_at', 'is required'),
    (s.ended_at < s.started_at, 'ended_at', 'is before started_at'),
    (s.parent_span_key = s.span_key, 'parent_span_key', 'a span cannot be its own parent'),
    (s.parent_span_key is not null and s.parent_span_id is null, 'parent_span_key', 'no span with this key in the run'),
    (s.span_key is not null and s.occurrence > 1, 'span_key', 'appears twice in the run')
  ) as f (bad, field, message)
  where f.bad order by s.run_ord, s.ord limit 1;
  if found then
    raise exception 'runs.%.spans.%.%: %', v_bad.run_ord, v_bad.ord, v_bad.field, v_bad.message
      using errcode = 'AO422', column = format('runs.%s.spans.%s.%s', v_bad.run_ord, v_bad.ord, v_bad.field), hint = 'validation_failed';
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
comment on function private.ingest_spans(uuid, private.ingest_run[]) is 'Part of private.ingest_runs: upserts the spans of a batch, resolving parent_span_key within each run (hash joins and one index probe per span, never a scan per span or of the table); AO422 names runs.N.spans.M.field. Security definer like its caller.';

revoke all on function private.ingest_spans(uuid, private.ingest_run[]) from public;
