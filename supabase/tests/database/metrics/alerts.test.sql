-- Alert rules: a breach fires one alert (with notifications for admins and one delivery per
-- subscribed channel), never a second while it lasts, not again within the cool-down, and the
-- alert resolves when the metric recovers. Every metric type is exercised; run.failed comes from
-- the trigger on executions; quota and budget breaches become events; RLS on rules and alerts.
begin;
select plan(36);

-- the evaluator's lock, held by this test so that the minute's pg_cron run cannot take it meanwhile
select private.try_job_lock('alerts-evaluate', true);

-- SETUP: a workspace with an admin, a member and a viewer; two agents; subscriptions on every channel
select tests.create_user('admin@alerts.test', '53000000-0000-4000-a000-000000000001');
select tests.create_user('member@alerts.test', '53000000-0000-4000-a000-000000000002');
select tests.create_user('viewer@alerts.test', '53000000-0000-4000-a000-000000000003');
select tests.create_workspace('alerts', '53000000-0000-4000-a000-000000000001');
select tests.add_member((select id from public.workspaces where slug = 'alerts'), '53000000-0000-4000-a000-000000000002', 'member');
select tests.add_member((select id from public.workspaces where slug = 'alerts'), '53000000-0000-4000-a000-000000000003', 'viewer');
select tests.create_agent((select id from public.workspaces where slug = 'alerts'), 'alert-a');
select tests.create_agent((select id from public.workspaces where slug = 'alerts'), 'alert-b');
create temporary table ctx on commit drop as
select (select id from public.workspaces where slug = 'alerts') as ws, (select id from public.agents where slug = 'alert-a') as a,
  (select id from public.agents where slug = 'alert-b') as b,
  -- the test evaluates up to t + 43 minutes and counts usage by UTC day: t is never within the
  -- last 90 minutes of a day, so the suite passes whatever the time (npm test also runs it at 23:59:30)
  least(now(), date_trunc('day', now(), 'UTC') + interval '22 hours 30 minutes') as t;
grant select on ctx to authenticated;

insert into public.event_subscriptions (workspace_id, name, channel, target, event_types)
select c.ws, v.name, v.channel, v.target, v.types
from ctx c, (values
  ('hook', 'webhook', 'https://hooks.test/a', array['alert.fired', 'alert.resolved', 'run.failed']),
  ('chat', 'slack', 'https://hooks.slack.test/x', array['alert.fired']),
  ('mail', 'email', 'ops@alerts.test', array['alert.fired', 'quota.breached', 'budget.breached'])) as v (name, channel, target, types);

-- TEST: admins manage rules, viewers cannot
select tests.authenticate_as('53000000-0000-4000-a000-000000000003');
select throws_ok($$insert into public.alert_rules (workspace_id, name, metric_type, threshold_value) values ((select ws from ctx), 'x', 'error_rate', 1)$$,
  '42501', null, 'a viewer cannot create a rule');
select tests.authenticate_as('53000000-0000-4000-a000-000000000001');
select lives_ok($$insert into public.alert_rules (workspace_id, agent_id, name, metric_type, condition, threshold_value, evaluation_window_minutes,
    min_runs, cooldown_minutes, severity, notification_channels)
  values ((select ws from ctx), (select a from ctx), 'errors of a', 'error_rate', 'greater_than', 50, 10, 2, 30, 'critical', '["webhook", "slack"]')$$,
  'an admin creates an error-rate rule');
select throws_ok($$insert into public.alert_rules (workspace_id, name, metric_type, threshold_value) values ((select ws from ctx), 'bad', 'vibes', 1)$$,
  '23514', null, 'an unknown metric type is refused');
select tests.clear_authentication();

-- TEST: failed runs emit run.failed through the statement trigger
insert into public.executions (workspace_id, agent_id, run_key, status, started_at, duration_ms, error_type)
select c.ws, c.a, 'fail-' || g, 'failed', c.t - interval '2 minutes', 100, 'boom' from ctx c, generate_series(1, 3) g;
select is((select count(*) from public.deliveries d where d.workspace_id = (select ws from ctx) and d.event_type = 'run.failed'), 3::bigint,
  'each failed run queues run.failed for the subscribed webhook');
insert into public.executions (workspace_id, agent_id, run_key, status, started_at)
select c.ws, c.a, 'slow-fail', 'running', c.t - interval '3 minutes' from ctx c;
update public.executions set status = 'timeout' where run_key = 'slow-fail' and workspace_id = (select ws from ctx);
select is((select count(*) from public.deliveries d where d.workspace_id = (select ws from ctx) and d.event_type = 'run.failed'), 4::bigint,
  'a run that times out later queues run.failed too');
update public.executions set feedback = 'still bad' where run_key = 'slow-fail' and workspace_id = (select ws from ctx);
select is((select count(*) from public.deliveries d where d.workspace_id = (select ws from ctx) and d.event_type = 'run.failed'), 4::bigint,
  'updating an already failed run queues nothing more');

-- TEST: the breach fires one alert, notifies admins, queues one delivery per chosen channel
select is(private.evaluate_alert_rules((select t from ctx)), 1, 'the breach fires');
select is((select count(*) from public.alerts where workspace_id = (select ws from ctx)), 1::bigint, 'one alert');
select is((select row(alert_type, agent_id, actual_value, severity, resolved)::text from public.alerts where workspace_id = (select ws from ctx)),
  (select row('error_rate', a, 100.0000::numeric(20, 4), 'critical', false)::text from ctx), 'with the seed''s fields: type, agent, value, severity, open');
select is((select array_agg(n.user_id order by n.user_id) from public.notifications n where n.workspace_id = (select ws from ctx) and n.type = 'alert_fired'),
  array['53000000-0000-4000-a000-000000000001'::uuid], 'the admins (here the owner) are notified, not members or viewers');
select is((select priority from public.notifications n where n.workspace_id = (select ws from ctx) and n.type = 'alert_fired'), 'critical', 'with the severity''s priority');
select is((select array_agg(channel order by channel) from public.deliveries d where d.workspace_id = (select ws from ctx) and d.event_type = 'alert.fired'),
  array['slack', 'webhook'], 'alert.fired goes to the rule''s channels only (not email)');
select is((select notification_status from public.alerts where workspace_id = (select ws from ctx)), 'queued', 'the alert records what was queued');

-- TEST: while the breach lasts, nothing fires again
select is(private.evaluate_alert_rules((select t + interval '1 minute' from ctx)), 0, 'the ongoing breach does not fire again');
select is((select count(*) from public.alerts where workspace_id = (select ws from ctx)), 1::bigint, 'still one alert');

-- TEST: recovery resolves it
insert into public.executions (workspace_id, agent_id, run_key, status, started_at, duration_ms)
select c.ws, c.a, 'ok-' || g, 'succeeded', c.t - interval '1 minute', 100 from ctx c, generate_series(1, 10) g;
select is(private.evaluate_alert_rules((select t + interval '2 minutes' from ctx)), 1, 'recovery resolves the alert');
select is((select row(resolved, resolved_value)::text from public.alerts where workspace_id = (select ws from ctx)), row(true, 28.5714::numeric(20, 4))::text,
  'resolved, with the value that ended it');
select is((select count(*) from public.deliveries d where d.workspace_id = (select ws from ctx) and d.event_type = 'alert.resolved'), 1::bigint,
  'alert.resolved goes to the subscription that wants it');

-- TEST: a new breach within the cool-down does not fire; after it, it does
insert into public.executions (workspace_id, agent_id, run_key, status, started_at, duration_ms)
select c.ws, c.a, 'fail2-' || g, 'failed', c.t + interval '2 minutes', 100 from ctx c, generate_series(1, 30) g;
select is(private.evaluate_alert_rules((select t + interval '3 minutes' from ctx)), 0, 'a breach within the 30-minute cool-down stays quiet');
insert into public.executions (workspace_id, agent_id, run_key, status, started_at, duration_ms)
select c.ws, c.a, 'fail3-' || g, 'failed', c.t + interval '38 minutes', 100 from ctx c, generate_series(1, 3) g;
select is(private.evaluate_alert_rules((select t + interval '40 minutes' from ctx)), 1, 'after the cool-down the breach fires again');
select is((select count(*) from public.alerts where workspace_id = (select ws from ctx)), 2::bigint, 'a second alert, the first one kept as history');

-- TEST: switching a rule off resolves its open alert
update public.alert_rules set is_active = false where workspace_id = (select ws from ctx);
select is(private.evaluate_alert_rules((select t + interval '41 minutes' from ctx)), 1, 'an open alert of a rule switched off resolves');

-- TEST: token quota and budget rules watch each active agent and emit their own events
update public.agents set tokens_per_day = 1000, cost_per_month = 30 where id = (select a from ctx);
insert into public.agent_usage as u (workspace_id, agent_id, date, tokens_used, requests_count, cost_usd)
select c.ws, c.a, (c.t at time zone 'UTC')::date, 900, 1, 0.9 from ctx c
on conflict on constraint agent_usage_agent_date_key do update set tokens_used = excluded.tokens_used, cost_usd = excluded.cost_usd;
insert into public.alert_rules (workspace_id, name, metric_type, threshold_value, cooldown_minutes)
select c.ws, 'quota', 'token_quota', 80, 60 from ctx c
union all select c.ws, 'budget', 'cost_budget', 80, 60 from ctx c;
select is(private.evaluate_alert_rules((select t + interval '42 minutes' from ctx)), 2, 'quota at 90 % and budget at 90 % of the day fire for agent a only');
select is((select array_agg(alert_type order by alert_type) from public.alerts where workspace_id = (select ws from ctx) and not resolved),
  array['cost_overage', 'token_quota'], 'a cost rule fires as seed 000''s cost_overage');
select is((select array_agg(event_type order by event_type) from public.deliveries d
           where d.workspace_id = (select ws from ctx) and d.channel = 'email' and d.event_type like '%.breached'),
  array['budget.breached', 'quota.breached'], 'quota.breached and budget.breached go to their subscribers');

-- TEST: the other metrics: no runs for N minutes, p95 latency, error spike, success rate drop
update public.alert_rules set is_active = false where workspace_id = (select ws from ctx);
select is(private.evaluate_alert_rules((select t + interval '43 minutes' from ctx)), 2, 'switching the quota and budget rules off resolves their alerts');
insert into public.executions (workspace_id, agent_id, run_key, status, started_at, duration_ms)
select c.ws, c.b, 'b-old', 'succeeded', c.t - interval '2 hours', 100 from ctx c;
insert into public.alert_rules (workspace_id, agent_id, name, metric_type, threshold_value)
select c.ws, c.b, 'b quiet', 'no_runs', 60 from ctx c;
select is((select value from private.alert_rule_values((select t from ctx)) v join public.alert_rules r on r.id = v.rule_id where r.name = 'b quiet'),
  120.0000::numeric, 'no_runs measures minutes since the agent''s latest run');
select is(private.evaluate_alert_rules((select t from ctx)), 1, 'two quiet hours fire the no_runs rule');
insert into public.executions (workspace_id, agent_id, run_key, status, started_at, duration_ms)
select c.ws, c.b, 'lat-' || g, 'succeeded', c.t - interval '1 minute', g * 100 from ctx c, generate_series(1, 20) g;
insert into public.alert_rules (workspace_id, agent_id, name, metric_type, threshold_value, evaluation_window_minutes)
select c.ws, c.b, 'b slow', 'p95_latency', 1500, 5 from ctx c;
select is((select value from private.alert_rule_values((select t from ctx)) v join public.alert_rules r on r.id = v.rule_id where r.name = 'b slow'),
  1900::numeric, 'p95_latency is the exact nearest-rank 95th percentile of the window');
insert into public.executions (workspace_id, agent_id, run_key, status, started_at, duration_ms)
select c.ws, c.b, 'spike-prev-' || g, 'failed', c.t - interval '7 minutes', 100 from ctx c, generate_series(1, 2) g
union all select c.ws, c.b, 'spike-cur-' || g, 'failed', c.t - interval '2 minutes', 100 from ctx c, generate_series(1, 6) g;
insert into public.alert_rules (workspace_id, agent_id, name, metric_type, threshold_value, evaluation_window_minutes)
select c.ws, c.b, 'b spike', 'error_spike', 2, 5 from ctx c
union all select c.ws, c.b, 'b drop', 'success_rate_drop', 50, 5 from ctx c;
select is((select value from private.alert_rule_values((select t from ctx)) v join public.alert_rules r on r.id = v.rule_id where r.name = 'b spike'),
  3.0000::numeric, 'error_spike: 6 failures now against 2 in the window before');
select is((select value from private.alert_rule_values((select t from ctx)) v join public.alert_rules r on r.id = v.rule_id where r.name = 'b drop'),
  round(0 - 100.0 * 20 / 26, 4), 'success_rate_drop: previous rate minus current rate, in points');
select is(private.evaluate_alert_rules((select t + interval '30 seconds' from ctx)), 3,
  'slow and spiking fire, quiet resolves (b ran a minute ago); the success rate rose, so no drop');

-- TEST: people see their workspace's alerts; members acknowledge; outsiders see nothing
select tests.authenticate_as('53000000-0000-4000-a000-000000000002');
select results_eq($$update public.alerts set acknowledged_at = now(), notes = 'on it'
  where workspace_id = (select ws from ctx) and alert_type = 'no_runs' returning notes$$, array['on it'], 'a member acknowledges an alert');
select tests.clear_authentication();
select is((select acknowledged_by from public.alerts where workspace_id = (select ws from ctx) and alert_type = 'no_runs'),
  '53000000-0000-4000-a000-000000000002'::uuid, 'acknowledging records who did it');
select tests.authenticate_as('53000000-0000-4000-a000-000000000003');
select ok((select count(*) from public.metrics_alerts) >= 6 and (select count(*) from analytics.alert_history) >= 6, 'a viewer reads the alert history');
select throws_ok($$update public.alerts set resolved_at = now()$$, '42501', null, 'nobody resolves an alert by hand');
select tests.clear_authentication();

select * from finish();
rollback;
