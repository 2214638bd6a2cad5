-- Demo data of the metrics area, in the demo workspace: two agents with a known set of runs (the
-- numbers in docs/metrics.md are computed by hand from them), dashboard activity, an inactive
-- event subscription with one delivered event, alert rules and a resolved alert in the history,
-- one archived trace; then the rollups, materialized views and cohorts are computed once, so the
-- dashboards have something to show before pg_cron's first run.

insert into public.agents (id, workspace_id, slug, name, role, type, agent_group, capabilities, tools_granted, escalation_level,
  tokens_per_day, cost_per_month, created_by)
values
  ('00000000-0000-4000-c000-000000000051', '00000000-0000-4000-b000-000000000001', 'metrics-demo-writer', 'Metrics Demo Writer',
   'content_generation', 'media', 'marketing', array['generate:text'], array['openai-api'], 1, 100000, 30, '00000000-0000-4000-a000-000000000001'),
  ('00000000-0000-4000-c000-000000000052', '00000000-0000-4000-b000-000000000001', 'metrics-demo-researcher', 'Metrics Demo Researcher',
   'research', 'websearch', 'research', array['search:web'], array['search-api'], 1, 100000, 60, '00000000-0000-4000-a000-000000000001')
on conflict (id) do nothing;

-- the runs: writer 8 (5 succeeded, 1 failed, 1 timeout, 1 canceled), researcher 3 (2 succeeded, 1 failed)
insert into public.executions (workspace_id, agent_id, run_key, status, started_at, duration_ms, model, tokens_in, tokens_out, cost_usd,
  cost_source, user_id, user_rating, error_type, error_message)
select '00000000-0000-4000-b000-000000000001', v.agent::uuid, v.run_key, v.status, now() - v.ago, v.ms, v.model, v.t_in, v.t_out, v.cost,
  'reported', v.who::uuid, v.rating, v.error_type, v.error_message
from (values
  ('00000000-0000-4000-c000-000000000051', 'metrics-demo-w1', 'succeeded', interval '2 hours', 1200, 'gpt-4o-mini', 1000, 500, 0.0150, '00000000-0000-4000-a000-000000000001', 5, null, null),
  ('00000000-0000-4000-c000-000000000051', 'metrics-demo-w2', 'succeeded', interval '3 hours', 800, 'gpt-4o-mini', 800, 300, 0.0100, '00000000-0000-4000-a000-000000000003', 4, null, null),
  ('00000000-0000-4000-c000-000000000051', 'metrics-demo-w3', 'succeeded', interval '5 hours', 1500, 'gpt-4o-mini', 1200, 600, 0.0200, '00000000-0000-4000-a000-000000000001', null, null, null),
  ('00000000-0000-4000-c000-000000000051', 'metrics-demo-w4', 'failed', interval '6 hours', 3000, 'gpt-4o-mini', 500, 0, 0.0050, '00000000-0000-4000-a000-000000000001', null, 'rate_limit', 'Rate limit exceeded'),
  ('00000000-0000-4000-c000-000000000051', 'metrics-demo-w5', 'succeeded', interval '26 hours', 1000, 'gpt-4o-mini', 900, 400, 0.0120, '00000000-0000-4000-a000-000000000002', 3, null, null),
  ('00000000-0000-4000-c000-000000000051', 'metrics-demo-w6', 'canceled', interval '27 hours', 200, 'gpt-4o-mini', 0, 0, 0.0000, '00000000-0000-4000-a000-000000000001', null, null, null),
  ('00000000-0000-4000-c000-000000000051', 'metrics-demo-w7', 'succeeded', interval '50 hours', 2000, 'gpt-4o', 1500, 700, 0.0250, '00000000-0000-4000-a000-000000000003', 4, null, null),
  ('00000000-0000-4000-c000-000000000051', 'metrics-demo-w8', 'timeout', interval '51 hours', 30000, 'gpt-4o', 1000, 0, 0.0080, '00000000-0000-4000-a000-000000000001', null, 'timeout', 'Model call timed out'),
  ('00000000-0000-4000-c000-000000000052', 'metrics-demo-r1', 'succeeded', interval '1 hour', 4000, 'claude-3-5-haiku', 2000, 1000, 0.0400, '00000000-0000-4000-a000-000000000002', 5, null, null),
  ('00000000-0000-4000-c000-000000000052', 'metrics-demo-r2', 'succeeded', interval '30 hours', 6000, 'claude-3-5-haiku', 3000, 1500, 0.0600, '00000000-0000-4000-a000-000000000002', 4, null, null),
  ('00000000-0000-4000-c000-000000000052', 'metrics-demo-r3', 'failed', interval '31 hours', 500, 'claude-3-5-haiku', 100, 0, 0.0010, '00000000-0000-4000-a000-000000000002', null, 'tool_error', 'Search API returned 500')
) as v (agent, run_key, status, ago, ms, model, t_in, t_out, cost, who, rating, error_type, error_message)
on conflict on constraint executions_workspace_run_key_key do nothing;

-- the quota counters the ingest function would have kept for today's runs (cost_insights reads them)
insert into public.agent_usage (workspace_id, agent_id, date, tokens_used, requests_count, cost_usd)
select e.workspace_id, e.agent_id, private.utc_today(), sum(e.tokens_in + e.tokens_out), count(*), sum(e.cost_usd)
from public.executions e
where e.agent_id in ('00000000-0000-4000-c000-000000000051', '00000000-0000-4000-c000-000000000052')
  and e.started_at >= private.utc_today()::timestamp at time zone 'UTC'
group by e.workspace_id, e.agent_id
on conflict on constraint agent_usage_agent_date_key do nothing;

-- dashboard activity: two sessions today, one yesterday, one ten days ago
insert into analytics.user_activity (user_id, workspace_id, event_type, event_name, page_path, session_id, created_at)
values
  ('00000000-0000-4000-a000-000000000001', '00000000-0000-4000-b000-000000000001', 'page_view', 'dashboard', '/dashboard', '00000000-0000-4000-e000-000000000501', now() - interval '20 minutes'),
  ('00000000-0000-4000-a000-000000000001', '00000000-0000-4000-b000-000000000001', 'feature_use', 'export_csv', '/dashboard', '00000000-0000-4000-e000-000000000501', now() - interval '15 minutes'),
  ('00000000-0000-4000-a000-000000000003', '00000000-0000-4000-b000-000000000001', 'page_view', 'agents', '/agents', '00000000-0000-4000-e000-000000000502', now() - interval '10 minutes'),
  ('00000000-0000-4000-a000-000000000003', '00000000-0000-4000-b000-000000000001', 'report_view', 'weekly', '/reports/weekly', '00000000-0000-4000-e000-000000000503', now() - interval '1 day'),
  ('00000000-0000-4000-a000-000000000002', '00000000-0000-4000-b000-000000000001', 'login', null, null, null, now() - interval '10 days');

-- an event subscription (inactive, so nothing is sent from a demo) and one delivered event
insert into public.event_subscriptions (id, workspace_id, name, channel, target, event_types, active, created_by)
values ('00000000-0000-4000-f000-000000000501', '00000000-0000-4000-b000-000000000001', 'demo webhook (inactive)', 'webhook',
  'http://127.0.0.1:9/demo-hook', array['run.failed', 'alert.fired', 'alert.resolved', 'approval.requested'], false,
  '00000000-0000-4000-a000-000000000001')
on conflict (id) do nothing;
insert into public.deliveries (id, workspace_id, subscription_id, event_type, event_id, channel, target, payload, status, attempts,
  last_status_code, delivered_at)
values ('00000000-0000-4000-f000-000000000502', '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-f000-000000000501',
  'run.failed', '00000000-0000-4000-f000-000000000503', 'webhook', 'http://127.0.0.1:9/demo-hook',
  jsonb_build_object('type', 'run.failed', 'timestamp', now() - interval '6 hours', 'event_id', '00000000-0000-4000-f000-000000000503',
    'workspace_id', '00000000-0000-4000-b000-000000000001', 'data', jsonb_build_object('run_key', 'metrics-demo-w4', 'status', 'failed')),
  'delivered', 1, 200, now() - interval '6 hours')
on conflict (id) do nothing;
insert into public.delivery_attempts (workspace_id, delivery_id, attempt, outcome, status_code, duration_ms, attempted_at)
select '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-f000-000000000502', 1, 'delivered', 200, 42, now() - interval '6 hours'
where not exists (select 1 from public.delivery_attempts where delivery_id = '00000000-0000-4000-f000-000000000502');

-- alert rules that a quiet demo does not breach, and one resolved alert in the history
insert into public.alert_rules (id, workspace_id, agent_id, name, description, metric_type, condition, threshold_value,
  evaluation_window_minutes, min_runs, severity, cooldown_minutes, notification_channels, created_by)
values
  ('00000000-0000-4000-f000-000000000511', '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-c000-000000000051',
   'Writer error rate', 'More than half of the writer''s runs fail in 15 minutes (at least 5 runs).', 'error_rate', 'greater_than', 50,
   15, 5, 'critical', 60, '["webhook", "slack", "email"]', '00000000-0000-4000-a000-000000000001'),
  ('00000000-0000-4000-f000-000000000512', '00000000-0000-4000-b000-000000000001', null,
   'Over daily budget', 'Any agent spends more than its daily share of the monthly budget.', 'cost_budget', 'greater_than', 100,
   60, 1, 'warning', 240, '[]', '00000000-0000-4000-a000-000000000001')
on conflict (id) do nothing;
insert into public.alerts (id, workspace_id, rule_id, agent_id, alert_type, metric_name, condition, threshold_value, actual_value, last_value,
  severity, fired_at, last_evaluated_at, resolved_at, resolved_value, notification_status)
values ('00000000-0000-4000-f000-000000000521', '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-f000-000000000511',
  '00000000-0000-4000-c000-000000000051', 'error_rate', 'error_rate', 'greater_than', 50, 60, 20, 'critical',
  now() - interval '2 days', now() - interval '2 days' + interval '20 minutes', now() - interval '2 days' + interval '20 minutes', 20, 'none')
on conflict (id) do nothing;

-- one archived trace (a run from four months ago)
insert into public.execution_traces_archive (execution_id, workspace_id, agent_id, run_key, source, status, started_at, ended_at, duration_ms,
  model, tokens_in, tokens_out, cost_usd, spans, archived_at)
values ('00000000-0000-4000-f000-000000000531', '00000000-0000-4000-b000-000000000001', '00000000-0000-4000-c000-000000000051',
  'metrics-demo-archived', 'agent', 'succeeded', now() - interval '120 days', now() - interval '120 days' + interval '2 seconds', 2000,
  'gpt-4o-mini', 900, 300, 0.0110,
  '[{"span_key": "llm-1", "kind": "llm", "name": "chat gpt-4o-mini", "duration_ms": 1800}]', now() - interval '30 days')
on conflict (execution_id) do nothing;

-- compute what pg_cron would compute within the next minutes
select private.rollup_dirty_hours(100000, true);
select private.rollup_dirty_days(100000, true);
select analytics.refresh_all_materialized_views();
select private.compute_user_cohorts();
