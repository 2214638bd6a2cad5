-- The seeds' names for the unified tables: every relation a seed names exists, as a view over
-- the table that now holds its data, with the seed's column names. All are security_invoker,
-- so the caller's RLS on the underlying tables applies. Mapping (see docs/schema-map.md):
--   users, teams, user_roles            -> profiles, workspaces, workspace_members (seed 001)
--   metrics_events, agent_runs,
--   workflow_executions, execution_traces -> executions (seeds 000, 002, 001, 003)
--   agent_thoughts, hook_executions,
--   endpoint_calls                       -> execution_spans by kind (seeds 001, 003)
--   agent_metrics                        -> metric_samples (seed 001)
--   agent_routing_decisions              -> routing_decisions (seed 003)

create view public.users with (security_invoker = true) as
select p.id, p.email, p.full_name, p.avatar_url, p.subscription_tier, p.created_at, p.updated_at
from public.profiles p;
comment on view public.users is 'Seed 001 users: the profiles of Supabase Auth users.';

create view public.teams with (security_invoker = true) as
select w.id, w.name, w.slug, w.plan, w.created_by, w.created_at, w.updated_at
from public.workspaces w;
comment on view public.teams is 'Seed 001 teams: workspaces.';

create view public.user_roles with (security_invoker = true) as
select m.user_id, m.role, m.workspace_id as team_id, m.workspace_id, m.granted_by, m.created_at as granted_at
from public.workspace_members m;
comment on view public.user_roles is 'Seed 001 user_roles: workspace memberships (roles owner, admin, approver, member, viewer; seed 001 agent_manager is member).';

create view public.metrics_events with (security_invoker = true) as
select e.id, e.workspace_id, e.agent_id, e.run_key as execution_id,
  e.duration_ms as latency_ms,
  e.tokens_in + e.tokens_out as tokens_used, e.cost_usd,
  case when private.is_terminal_status(e.status) then e.status = 'succeeded' end as success,
  e.error_type, e.error_message, e.user_rating,
  e.tokens_out as tokens_generated, (e.metadata ->> 'revenue_impact')::numeric as revenue_impact,
  e.started_at as created_at
from public.executions e;
comment on view public.metrics_events is 'Seed 000 metrics_events: one event per run (latency, tokens, cost, success, rating). success is null while a run is not finished. The seed''s p99_latency_ms is not here: a percentile belongs to a set of runs, and seed 000 keeps it where it has one, metrics_hourly.p99_latency_ms (docs/schema-map.md).';

create view public.agent_runs with (security_invoker = true) as
select e.id, e.workspace_id, e.agent_id, e.user_id, e.task_id,
  case e.status when 'succeeded' then 'completed' when 'canceled' then 'cancelled' else e.status end as status,
  e.started_at, e.ended_at as completed_at,
  round(e.duration_ms / 1000.0, 3) as runtime_seconds, e.cost_usd as credits_consumed,
  e.model, e.tokens_in + e.tokens_out as tokens_used, e.error_type, e.user_rating, e.environment
from public.executions e;
comment on view public.agent_runs is 'Seed 002 agent_runs: runs with status completed/failed/cancelled, runtime in seconds and credits (USD).';

create view public.workflow_executions with (security_invoker = true) as
select e.id, e.workspace_id, e.workflow_id,
  coalesce(e.metadata ->> 'n8n_execution_id', e.run_key) as execution_id,
  case e.status when 'succeeded' then 'success' when 'failed' then 'error' when 'timeout' then 'error'
    when 'waiting_approval' then 'waiting' when 'queued' then 'waiting' else e.status end as status,
  e.input as input_data, e.output as output_data,
  case when e.error_message is not null or e.error_type is not null
    then jsonb_build_object('type', e.error_type, 'message', e.error_message, 'last_node_executed', e.metadata ->> 'last_node_executed') end as error_data,
  e.duration_ms as execution_time_ms, e.started_at, e.ended_at as completed_at
from public.executions e
where e.workflow_id is not null;
comment on view public.workflow_executions is 'Seed 001 workflow_executions: runs of n8n workflows with n8n''s status words.';

create view public.execution_traces with (security_invoker = true) as
select e.id, e.workspace_id, e.run_key as trace_id, e.agent_id, e.workflow_id, e.parent_execution_id as parent_trace_id,
  e.source, e.status, e.started_at, e.ended_at as completed_at, e.duration_ms,
  e.tokens_in + e.tokens_out as total_tokens, e.cost_usd as total_cost, e.model, e.error_message, e.metadata
from public.executions e;
comment on view public.execution_traces is 'Seed 003 execution_traces: the master trace of a run; its steps are in execution_spans.';

create view public.agent_thoughts with (security_invoker = true) as
select s.id, s.workspace_id, e.agent_id, s.execution_id, s.span_key as node_id, coalesce(s.node_type, 'processing') as node_type,
  coalesce(s.content, s.name) as content, s.attributes as metadata, p.span_key as parent_node_id,
  s.confidence as confidence_score, s.duration_ms as processing_time_ms, s.started_at as created_at
from public.execution_spans s
join public.executions e on e.id = s.execution_id
left join public.execution_spans p on p.id = s.parent_span_id
where s.kind = 'thought';
comment on view public.agent_thoughts is 'Seed 001 agent_thoughts (mind map): spans of kind thought.';

create view public.hook_executions with (security_invoker = true) as
select s.id, s.workspace_id, s.execution_id as trace_id, s.name as hook_name, s.status, s.started_at, s.ended_at as completed_at,
  s.duration_ms, s.error_message, s.attributes as metadata
from public.execution_spans s
where s.kind = 'hook';
comment on view public.hook_executions is 'Seed 003 hook_executions: spans of kind hook.';

create view public.endpoint_calls with (security_invoker = true) as
select s.id, s.workspace_id, s.execution_id as trace_id, s.parent_span_id as hook_execution_id, s.name as endpoint,
  s.http_method as method, s.http_url as url, s.http_status_code as status_code, s.started_at, s.duration_ms,
  s.error_message, s.attributes as metadata
from public.execution_spans s
where s.kind = 'endpoint_call';
comment on view public.endpoint_calls is 'Seed 003 endpoint_calls: spans of kind endpoint_call.';

create view public.agent_metrics with (security_invoker = true) as
select m.id, m.workspace_id, m.agent_id, m.metric_type, m.value, m.unit, m.metadata, m.recorded_at
from public.metric_samples m;
comment on view public.agent_metrics is 'Seed 001 agent_metrics: metric_samples.';

create view public.agent_routing_decisions with (security_invoker = true) as
select r.id, r.workspace_id, r.execution_id as trace_id, r.from_agent_id, r.selected_agent_id, r.query_text, r.candidates,
  r.reason, r.confidence, r.embedding, r.created_at
from public.routing_decisions r;
comment on view public.agent_routing_decisions is 'Seed 003 agent_routing_decisions: routing_decisions.';

-- seed 000 section 6: cost against the daily share of the monthly budget
create view public.cost_insights with (security_invoker = true) as
select a.id as agent_uuid, a.slug as agent_id, a.name, a.workspace_id,
  private.utc_today() as date,
  coalesce(au.tokens_used, 0) as tokens_today,
  coalesce(au.cost_usd, 0) as cost_today,
  a.tokens_per_day as daily_limit,
  round(100.0 * coalesce(au.tokens_used, 0) / a.tokens_per_day, 2) as usage_percentage,
  coalesce(mu.cost_month, 0) as cost_month,
  a.cost_per_month as monthly_budget,
  case
    when coalesce(au.cost_usd, 0) > a.cost_per_month / 30 then 'OVER_BUDGET'
    when coalesce(au.cost_usd, 0) > (a.cost_per_month / 30) * 0.8 then 'APPROACHING_LIMIT'
    else 'HEALTHY'
  end as status
from public.agents a
left join public.agent_usage au on au.agent_id = a.id and au.date = private.utc_today()
left join lateral (
  select sum(u.cost_usd) as cost_month from public.agent_usage u
  where u.agent_id = a.id and u.date >= date_trunc('month', private.utc_today())::date
) mu on true;
comment on view public.cost_insights is 'Seed 000 cost_insights: per agent, today''s tokens and cost against the daily limit and a thirtieth of the monthly budget (OVER_BUDGET, APPROACHING_LIMIT, HEALTHY), plus the month so far.';

grant select on public.users, public.teams, public.user_roles, public.metrics_events, public.agent_runs, public.workflow_executions,
  public.execution_traces, public.agent_thoughts, public.hook_executions, public.endpoint_calls, public.agent_metrics,
  public.agent_routing_decisions, public.cost_insights to authenticated;
revoke all on public.users, public.teams, public.user_roles, public.metrics_events, public.agent_runs, public.workflow_executions,
  public.execution_traces, public.agent_thoughts, public.hook_executions, public.endpoint_calls, public.agent_metrics,
  public.agent_routing_decisions, public.cost_insights from anon;
revoke insert, update, delete, truncate on public.users, public.teams, public.user_roles, public.metrics_events, public.agent_runs,
  public.workflow_executions, public.execution_traces, public.agent_thoughts, public.hook_executions, public.endpoint_calls,
  public.agent_metrics, public.agent_routing_decisions, public.cost_insights from authenticated;
