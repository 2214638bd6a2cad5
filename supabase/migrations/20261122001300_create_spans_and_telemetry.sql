-- Inside a run: execution_spans, the tree of steps (LLM calls, tool calls, hooks, endpoint calls,
-- routing decisions, thoughts), named after the OpenTelemetry GenAI semantic conventions where
-- they exist; routing_decisions with an embedding; metric_samples (seed 001 agent_metrics).

create table public.execution_spans (
  id uuid primary key default gen_random_uuid(),
  -- no foreign key of its own to workspaces: the run's (execution_id, workspace_id) key already ties
  -- it to its run's workspace and cascades with it, and a second check took a KEY SHARE lock on the
  -- workspace row for every span (a third of a 500-run batch's span insert, measured)
  workspace_id uuid not null,
  execution_id uuid not null,
  span_key text not null,
  parent_span_id uuid,
  kind text not null,
  name text not null,
  status text not null default 'unset',
  started_at timestamptz not null,
  ended_at timestamptz,
  duration_ms int,
  gen_ai_system text,
  gen_ai_operation_name text,
  gen_ai_request_model text,
  gen_ai_response_model text,
  gen_ai_usage_input_tokens int,
  gen_ai_usage_output_tokens int,
  cost_usd numeric(14, 6),
  tool_name text,
  http_method text,
  http_url text,
  http_status_code int,
  node_type text,
  content text,
  confidence numeric(3, 2),
  error_message text,
  attributes jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  constraint execution_spans_execution_key_key unique (execution_id, span_key),
  constraint execution_spans_id_execution_key unique (id, execution_id),
  constraint execution_spans_execution_fkey foreign key (execution_id, workspace_id) references public.executions (id, workspace_id) on delete cascade,
  constraint execution_spans_parent_fkey foreign key (parent_span_id, execution_id) references public.execution_spans (id, execution_id) on delete cascade,
  constraint execution_spans_kind_valid check (kind in ('llm', 'tool', 'hook', 'endpoint_call', 'routing', 'thought', 'agent', 'retrieval', 'embedding', 'other')),
  constraint execution_spans_status_valid check (status in ('unset', 'ok', 'error')),
  constraint execution_spans_ended_after_started check (ended_at is null or ended_at >= started_at),
  constraint execution_spans_duration_nonnegative check (duration_ms is null or duration_ms >= 0),
  constraint execution_spans_tokens_nonnegative check (coalesce(gen_ai_usage_input_tokens, 0) >= 0 and coalesce(gen_ai_usage_output_tokens, 0) >= 0),
  constraint execution_spans_cost_nonnegative check (cost_usd is null or cost_usd >= 0),
  constraint execution_spans_confidence_range check (confidence is null or confidence between 0 and 1),
  constraint execution_spans_node_type_valid check (node_type is null or node_type in ('input', 'processing', 'action', 'output')),
  constraint execution_spans_span_key_length check (char_length(span_key) between 1 and 200),
  constraint execution_spans_attributes_object check (jsonb_typeof(attributes) = 'object')
);
comment on table public.execution_spans is 'The steps inside a run, as a tree (seed 001 agent_thoughts; seed 003 hook executions and endpoint calls). Columns follow the OpenTelemetry GenAI conventions (gen_ai.*); other attributes stay in attributes.';
comment on column public.execution_spans.span_key is 'The caller''s id for the span, unique within its run (the OTLP span id for traces).';
comment on column public.execution_spans.kind is 'llm, tool, hook, endpoint_call, routing, thought (mind map node), agent, retrieval, embedding, other.';
comment on column public.execution_spans.node_type is 'Mind-map node type of a thought (seed 001): input, processing, action, output.';
comment on column public.execution_spans.confidence is 'Confidence of a thought or routing step, 0-1 (seed 001 confidence_score).';

create table public.routing_decisions (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  execution_id uuid,
  span_id uuid,
  from_agent_id uuid,
  selected_agent_id uuid,
  query_text text,
  candidates jsonb not null default '[]'::jsonb,
  reason text,
  confidence numeric(3, 2),
  embedding extensions.vector(1536),
  outcome_status text,
  outcome_cost_usd numeric(14, 6),
  outcome_duration_ms int,
  outcome_at timestamptz,
  created_at timestamptz not null default now(),
  constraint routing_decisions_execution_key unique (execution_id),
  constraint routing_decisions_from_agent_fkey foreign key (from_agent_id, workspace_id) references public.agents (id, workspace_id) on delete set null (from_agent_id),
  constraint routing_decisions_selected_agent_fkey foreign key (selected_agent_id, workspace_id) references public.agents (id, workspace_id) on delete set null (selected_agent_id),
  constraint routing_decisions_confidence_range check (confidence is null or confidence between 0 and 1),
  constraint routing_decisions_candidates_array check (jsonb_typeof(candidates) = 'array')
);
comment on table public.routing_decisions is 'Which agent a router chose for a request and why (seed 003 agent_routing_decisions), with the request''s embedding for similarity analysis.';
comment on column public.routing_decisions.execution_id is 'The run the decision started (one decision per run). No foreign key: when retention purges the run the decision keeps this id (the run stays addressable in execution_traces_archive) and its outcome, as routing memory; the id is checked when the row is written.';
comment on column public.routing_decisions.span_id is 'The routing span inside the run, when reported. No foreign key: spans of old runs move to execution_traces_archive.';
comment on column public.routing_decisions.outcome_status is 'The started run''s status, kept by the database (routing migration) so that route() reads outcomes without the raw run.';
comment on column public.routing_decisions.outcome_cost_usd is 'The started run''s cost in USD (kept by the database).';
comment on column public.routing_decisions.outcome_duration_ms is 'The started run''s duration (latency) in ms (kept by the database).';

create table public.metric_samples (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  agent_id uuid not null,
  execution_id uuid,
  metric_type text not null,
  value numeric(20, 6) not null,
  unit text,
  metadata jsonb not null default '{}'::jsonb,
  recorded_at timestamptz not null default now(),
  constraint metric_samples_agent_fkey foreign key (agent_id, workspace_id) references public.agents (id, workspace_id) on delete cascade,
  constraint metric_samples_metric_type_format check (metric_type ~ '^[a-z][a-z0-9_.]{0,99}$'),
  constraint metric_samples_unit_valid check (unit is null or unit in ('ms', 's', 'usd', 'percent', 'count', 'tokens', 'bytes', 'ratio', 'score'))
);
comment on table public.metric_samples is 'Custom measurements agents report, e.g. response_time, accuracy, cost, success_rate (seed 001 agent_metrics).';
comment on column public.metric_samples.execution_id is 'The run the sample belongs to, when given. No foreign key: the sample keeps the id when retention archives the run.';

create index execution_spans_execution_id_idx on public.execution_spans (execution_id, workspace_id);
create index execution_spans_parent_span_id_idx on public.execution_spans (parent_span_id, execution_id) where parent_span_id is not null;
create index execution_spans_workspace_started_idx on public.execution_spans (workspace_id, started_at desc);
create index execution_spans_kind_started_idx on public.execution_spans (kind, started_at desc);
create index execution_spans_started_at_brin_idx on public.execution_spans using brin (started_at) with (pages_per_range = 32);
create index routing_decisions_execution_id_idx on public.routing_decisions (execution_id, workspace_id);
create index routing_decisions_span_id_idx on public.routing_decisions (span_id);
create index routing_decisions_from_agent_id_idx on public.routing_decisions (from_agent_id, workspace_id);
create index routing_decisions_selected_agent_id_idx on public.routing_decisions (selected_agent_id, workspace_id);
create index routing_decisions_workspace_created_idx on public.routing_decisions (workspace_id, created_at desc);
create index routing_decisions_embedding_idx on public.routing_decisions using hnsw (embedding extensions.vector_cosine_ops);
create index metric_samples_agent_id_idx on public.metric_samples (agent_id, workspace_id);
create index metric_samples_agent_type_recorded_idx on public.metric_samples (agent_id, metric_type, recorded_at desc);
create index metric_samples_execution_id_idx on public.metric_samples (execution_id, workspace_id) where execution_id is not null;

-- run ids kept without foreign keys (they outlive the run): checked when written
create trigger routing_decisions_check_run before insert or update of execution_id on public.routing_decisions
  for each row execute function private.check_run_reference();
create trigger metric_samples_check_run before insert or update of execution_id on public.metric_samples
  for each row execute function private.check_run_reference();
create index metric_samples_workspace_recorded_idx on public.metric_samples (workspace_id, recorded_at desc);
create index metric_samples_recorded_at_brin_idx on public.metric_samples using brin (recorded_at);

alter table public.execution_spans enable row level security;
alter table public.routing_decisions enable row level security;
alter table public.metric_samples enable row level security;

-- spans and decisions follow their run's visibility
create policy execution_spans_select on public.execution_spans for select to authenticated
  using (
    workspace_id in (select private.workspace_ids('viewer'))
    or exists (select 1 from public.executions e where e.id = execution_spans.execution_id and e.agent_id = (select private.current_agent_id()))
  );
create policy execution_spans_delete on public.execution_spans for delete to authenticated
  using ((select private.has_role(workspace_id, 'admin')));
-- routing memory is the workspace's: every active agent of the workspace reads it (to route)
create policy routing_decisions_select on public.routing_decisions for select to authenticated
  using (
    workspace_id in (select private.workspace_ids('viewer'))
    or (workspace_id = ((select auth.jwt()) ->> 'workspace_id')::uuid and (select private.current_agent_id()) is not null)
  );
create policy metric_samples_select on public.metric_samples for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')) or agent_id = (select private.current_agent_id()));

revoke all on public.execution_spans, public.routing_decisions, public.metric_samples from anon, authenticated;
grant select on public.execution_spans, public.routing_decisions, public.metric_samples to authenticated;
grant delete on public.execution_spans to authenticated;
