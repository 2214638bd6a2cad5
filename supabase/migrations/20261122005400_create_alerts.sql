-- Alerts: rules on the metrics that matter (error rate, error spike against the previous window,
-- p95 latency, cost against the daily budget, token quota use, success rate and its drop, no runs
-- for N minutes), per workspace or per agent, evaluated every minute by pg_cron. A breach fires one
-- alert (never a second one while it lasts, never again within the rule's cool-down), notifies the
-- workspace admins, and queues one delivery per subscribed channel in the outbox; recovery
-- resolves it. Also the run.failed event, emitted by statement-level triggers on executions.
-- Seed names: public.metrics_alerts (seed 000), analytics.alert_rules and analytics.alert_history
-- (seed 002) are views over public.alert_rules and public.alerts.

create table public.alert_rules (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  agent_id uuid,
  name text not null,
  description text,
  is_active boolean not null default true,
  metric_type text not null,
  condition text not null default 'greater_than',
  threshold_value numeric(14, 4) not null,
  evaluation_window_minutes int not null default 5,
  min_runs int not null default 1,
  severity text not null default 'warning',
  cooldown_minutes int not null default 60,
  notification_channels jsonb not null default '[]'::jsonb,
  notification_recipients jsonb not null default '[]'::jsonb,
  last_triggered_at timestamptz,
  trigger_count int not null default 0,
  last_evaluated_at timestamptz,
  created_by uuid default auth.uid() references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint alert_rules_workspace_name_key unique (workspace_id, name),
  constraint alert_rules_agent_fkey foreign key (agent_id, workspace_id) references public.agents (id, workspace_id) on delete cascade,
  constraint alert_rules_name_length check (char_length(name) between 1 and 255),
  constraint alert_rules_metric_type_valid check (metric_type in (
    'error_rate', 'error_spike', 'p95_latency', 'cost_budget', 'token_quota', 'success_rate', 'success_rate_drop', 'no_runs')),
  constraint alert_rules_condition_valid check (condition in ('greater_than', 'less_than', 'equals')),
  constraint alert_rules_window_range check (evaluation_window_minutes between 1 and 1440),
  constraint alert_rules_min_runs_range check (min_runs between 1 and 1000000),
  constraint alert_rules_severity_valid check (severity in ('info', 'warning', 'critical')),
  constraint alert_rules_cooldown_range check (cooldown_minutes between 0 and 10080),
  constraint alert_rules_channels_valid check (
    jsonb_typeof(notification_channels) = 'array'
    and notification_channels <@ '["webhook", "slack", "email"]'::jsonb),
  constraint alert_rules_recipients_valid check (jsonb_typeof(notification_recipients) = 'array' and jsonb_array_length(notification_recipients) <= 50)
);
comment on table public.alert_rules is 'Alert rules (seed 002 alert_rules): a metric of a workspace, or of one agent, compared with a threshold over a window, every minute. Admins manage them; viewers read them.';
comment on column public.alert_rules.agent_id is 'The agent watched; null watches the workspace as a whole, or, for the per-agent metrics no_runs, cost_budget and token_quota, each active agent of it.';
comment on column public.alert_rules.metric_type is 'error_rate: percent of the window''s runs that failed or timed out. error_spike: failed runs in the window divided by those in the window before (at least 1). p95_latency: exact 95th percentile of durations in ms. cost_budget: percent of the day''s budget (cost_per_month / 30) spent today (seed 000 cost_overage; cost_insights says APPROACHING_LIMIT at 80, OVER_BUDGET at 100). token_quota: percent of tokens_per_day used today. success_rate: percent of runs that succeeded (use less_than). success_rate_drop: previous window''s success rate minus this window''s, in points. no_runs: minutes since the agent''s latest run.';
comment on column public.alert_rules.min_runs is 'Runs a window must hold before rates, spikes and percentiles are judged (a single failed run is not a 100 % error rate worth waking anyone for).';
comment on column public.alert_rules.cooldown_minutes is 'After an alert of this rule fires, no new alert for the same subject fires before this many minutes have passed.';
comment on column public.alert_rules.notification_channels is 'Channels the alert goes to, e.g. ["slack", "email"]: one delivery per active event subscription to alert.fired on those channels. Empty: every subscribed channel.';
comment on column public.alert_rules.notification_recipients is 'Event subscription ids (JSON strings) to narrow the deliveries to; empty: every matching subscription.';

create table public.alerts (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  rule_id uuid references public.alert_rules (id) on delete set null,
  agent_id uuid,
  alert_type text not null,
  metric_name text not null,
  condition text not null,
  threshold_value numeric(14, 4) not null,
  actual_value numeric(20, 4),
  last_value numeric(20, 4),
  severity text not null,
  fired_at timestamptz not null default now(),
  last_evaluated_at timestamptz not null default now(),
  resolved boolean generated always as (resolved_at is not null) stored,
  resolved_at timestamptz,
  resolved_value numeric(20, 4),
  acknowledged_by uuid references auth.users (id) on delete set null,
  acknowledged_at timestamptz,
  notes text,
  notifications_sent jsonb not null default '[]'::jsonb,
  notification_status text not null default 'pending',
  constraint alerts_agent_fkey foreign key (agent_id, workspace_id) references public.agents (id, workspace_id) on delete cascade,
  constraint alerts_severity_valid check (severity in ('info', 'warning', 'critical')),
  constraint alerts_notification_status_valid check (notification_status in ('pending', 'queued', 'none')),
  constraint alerts_resolved_after_fired check (resolved_at is null or resolved_at >= fired_at),
  constraint alerts_notes_length check (notes is null or char_length(notes) <= 4000)
);
comment on table public.alerts is 'Fired alerts and their history (seed 000 metrics_alerts, seed 002 alert_history): one row per breach, from firing to resolution. Written by the evaluation job; members acknowledge and annotate.';
comment on column public.alerts.alert_type is 'Seed 000 alert_type: error_spike, cost_overage, latency_high, error_rate, token_quota, success_rate, success_rate_drop or no_runs.';
comment on column public.alerts.agent_id is 'The agent in breach; null when the rule watches the workspace as a whole.';
comment on column public.alerts.actual_value is 'The metric''s value when the alert fired; last_value is the latest evaluation''s.';
comment on column public.alerts.notifications_sent is 'What was queued when it fired: {"notifications": admins notified, "deliveries": [{"channel", "subscription_id"}]}.';

create index alert_rules_workspace_id_idx on public.alert_rules (workspace_id);
create index alert_rules_agent_id_workspace_idx on public.alert_rules (agent_id, workspace_id);
create index alert_rules_created_by_idx on public.alert_rules (created_by);
create index alert_rules_active_idx on public.alert_rules (is_active) where is_active;
create index alerts_workspace_id_fired_at_idx on public.alerts (workspace_id, fired_at desc);
create index alerts_rule_id_fired_at_idx on public.alerts (rule_id, fired_at desc);
create index alerts_agent_id_workspace_idx on public.alerts (agent_id, workspace_id);
create index alerts_acknowledged_by_idx on public.alerts (acknowledged_by);
create index alerts_alert_type_idx on public.alerts (alert_type);
create index alerts_open_idx on public.alerts (workspace_id) where resolved_at is null;
-- one open alert per rule and subject: a breach that lasts never fires twice, even with two evaluators
create unique index alerts_one_open_per_subject_idx on public.alerts (rule_id, coalesce(agent_id, '00000000-0000-0000-0000-000000000000'::uuid))
  where resolved_at is null;

create trigger alert_rules_set_updated_at before update on public.alert_rules
  for each row execute function public.update_updated_at_column();

-- acknowledging records who did it
create function private.stamp_alert_acknowledgement()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  if new.acknowledged_at is not null and old.acknowledged_at is null then
    new.acknowledged_by := coalesce((select auth.uid()), new.acknowledged_by);
  elsif new.acknowledged_at is null then
    new.acknowledged_by := null;
  end if;
  return new;
end;
$$;
comment on function private.stamp_alert_acknowledgement() is 'Trigger: setting acknowledged_at records the person who acknowledged (auth.uid()); clearing it clears them.';

create trigger alerts_stamp_acknowledgement before update of acknowledged_at on public.alerts
  for each row execute function private.stamp_alert_acknowledgement();

create function private.event_uuid(kind text, id uuid)
returns uuid
language sql
immutable
set search_path = ''
as $$
  select md5(event_uuid.kind || ':' || event_uuid.id::text)::uuid
$$;
comment on function private.event_uuid(text, uuid) is 'A deterministic event id for an event about a row (e.g. run.failed of a run), so that emitting it twice queues nothing new.';

-- run.failed: statement-level, one set-based insert, nothing at all without a subscription
create function private.executions_emit_run_failed()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_failed uuid[];
begin
  -- the runs that reached failed or timeout in this statement: inserted so, or updated into it
  -- (old_rows exists only for the UPDATE trigger, and plpgsql plans each branch when it first runs)
  if tg_op = 'INSERT' then
    select array_agg(n.id) into v_failed from new_rows n where n.status in ('failed', 'timeout');
  else
    select array_agg(n.id) into v_failed
    from new_rows n join old_rows o on o.id = n.id
    where n.status in ('failed', 'timeout') and o.status not in ('failed', 'timeout');
  end if;
  if v_failed is null then
    return null;
  end if;
  insert into public.deliveries (workspace_id, subscription_id, event_type, event_id, channel, target, payload)
  select s.workspace_id, s.id, 'run.failed', private.event_uuid('run.failed', n.id), s.channel, s.target,
    private.event_envelope(n.workspace_id, 'run.failed', private.event_uuid('run.failed', n.id), jsonb_build_object(
      'execution_id', n.id, 'run_key', n.run_key, 'agent_id', n.agent_id, 'workflow_id', n.workflow_id, 'status', n.status,
      'error_type', n.error_type, 'error_message', left(n.error_message, 1000), 'started_at', n.started_at, 'ended_at', n.ended_at,
      'duration_ms', n.duration_ms, 'model', n.model, 'cost_usd', n.cost_usd))
  from new_rows n
  join public.event_subscriptions s on s.workspace_id = n.workspace_id and s.active and s.event_types @> array['run.failed']
  where n.id = any(v_failed)
  on conflict on constraint deliveries_event_subscription_key do nothing;
  return null;
end;
$$;
comment on function private.executions_emit_run_failed() is 'Statement trigger after insert and after update on executions: queues run.failed, to the workspace''s subscriptions, for runs inserted failed or timed out and runs an update moved there (once per run and subscription). Security definer: the outbox is not writable by clients.';

-- (attached to public.executions, with every other trigger on runs, in 20261122006900_attach_executions_triggers.sql)

-- the value of every active rule's metric, per subject, at a moment
create type private.alert_value as (rule_id uuid, workspace_id uuid, agent_id uuid, value numeric, breached boolean);
comment on type private.alert_value is 'One rule''s metric for one subject at one evaluation.';

create function private.alert_rule_values(at timestamptz default now())
returns setof private.alert_value
language sql
stable
set search_path = ''
as $$
  with rules as (
    select r.* from public.alert_rules r where r.is_active
  ),
  subjects as (
    select r.id as rule_id, r.agent_id as subject
    from rules r
    where r.agent_id is not null or r.metric_type not in ('no_runs', 'cost_budget', 'token_quota')
    union all
    select r.id, a.id
    from rules r
    join public.agents a on a.workspace_id = r.workspace_id and a.status = 'active'
    where r.agent_id is null and r.metric_type in ('no_runs', 'cost_budget', 'token_quota')
  ),
  measured as (
    select r.id as rule_id, r.workspace_id, s.subject, r.metric_type, r.condition, r.threshold_value, r.min_runs,
      case r.metric_type
        when 'error_rate' then case when w.runs_cur >= r.min_runs then round(100.0 * w.failed_cur / w.runs_cur, 4) end
        when 'success_rate' then case when w.runs_cur >= r.min_runs then round(100.0 * w.succeeded_cur / w.runs_cur, 4) end
        when 'success_rate_drop' then case when w.runs_cur >= r.min_runs and w.runs_prev >= r.min_runs
          then round(100.0 * w.succeeded_prev / w.runs_prev - 100.0 * w.succeeded_cur / w.runs_cur, 4) end
        when 'error_spike' then case when w.failed_cur >= r.min_runs then round(w.failed_cur::numeric / greatest(w.failed_prev, 1), 4) end
        when 'p95_latency' then case when w.durations_cur >= r.min_runs then w.p95_cur::numeric end
        when 'no_runs' then round((extract(epoch from alert_rule_values.at - coalesce(lr.last_run, ag.created_at)) / 60.0)::numeric, 4)
        when 'cost_budget' then case when ag.cost_per_month > 0 then round(100.0 * coalesce(u.cost_usd, 0) / (ag.cost_per_month / 30.0), 4) end
        when 'token_quota' then round(100.0 * coalesce(u.tokens_used, 0) / ag.tokens_per_day, 4)
      end as value
    from subjects s
    join rules r on r.id = s.rule_id
    left join public.agents ag on ag.id = s.subject
    left join lateral (
      select
        count(*) filter (where e.started_at >= alert_rule_values.at - make_interval(mins => r.evaluation_window_minutes)) as runs_cur,
        count(*) filter (where e.started_at >= alert_rule_values.at - make_interval(mins => r.evaluation_window_minutes)
                         and e.status in ('failed', 'timeout')) as failed_cur,
        count(*) filter (where e.started_at >= alert_rule_values.at - make_interval(mins => r.evaluation_window_minutes)
                         and e.status = 'succeeded') as succeeded_cur,
        count(e.duration_ms) filter (where e.started_at >= alert_rule_values.at - make_interval(mins => r.evaluation_window_minutes)) as durations_cur,
        percentile_disc(0.95) within group (order by e.duration_ms)
          filter (where e.started_at >= alert_rule_values.at - make_interval(mins => r.evaluation_window_minutes)) as p95_cur,
        count(*) filter (where e.started_at < alert_rule_values.at - make_interval(mins => r.evaluation_window_minutes)) as runs_prev,
        count(*) filter (where e.started_at < alert_rule_values.at - make_interval(mins => r.evaluation_window_minutes)
                         and e.status in ('failed', 'timeout')) as failed_prev,
        count(*) filter (where e.started_at < alert_rule_values.at - make_interval(mins => r.evaluation_window_minutes)
                         and e.status = 'succeeded') as succeeded_prev
      from public.executions e
      where r.metric_type in ('error_rate', 'success_rate', 'success_rate_drop', 'error_spike', 'p95_latency')
        and e.workspace_id = r.workspace_id
        and (s.subject is null or e.agent_id = s.subject)
        and e.started_at >= alert_rule_values.at - make_interval(mins => 2 * r.evaluation_window_minutes)
        and e.started_at < alert_rule_values.at
    ) w on true
    left join lateral (
      select max(e.started_at) as last_run
      from public.executions e
      where r.metric_type = 'no_runs' and e.agent_id = s.subject and e.started_at <= alert_rule_values.at
    ) lr on true
    left join public.agent_usage u
      on r.metric_type in ('cost_budget', 'token_quota') and u.agent_id = s.subject and u.date = (alert_rule_values.at at time zone 'UTC')::date
  )
  select m.rule_id, m.workspace_id, m.subject, m.value,
    coalesce(case m.condition
      when 'greater_than' then m.value > m.threshold_value
      when 'less_than' then m.value < m.threshold_value
      when 'equals' then m.value = m.threshold_value
    end, false) as breached
  from measured m
$$;
comment on function private.alert_rule_values(timestamptz) is
  'Every active rule''s metric per subject (the rule''s agent, the whole workspace, or each active agent for per-agent metrics) at a moment, and whether it breaches the threshold. Window metrics read raw runs of the last one or two windows through the (workspace|agent, started_at) indexes; value is null when the window holds fewer than min_runs runs.';

-- the alert job
create function private.evaluate_alert_rules(at timestamptz default now())
returns int
language plpgsql
volatile
set search_path = ''
as $$
declare
  v_alert record;
  v_queued int;
  v_notified int;
  v_changes int := 0;
  v_payload jsonb;
  v_eval private.alert_value[];
begin
  if not private.try_job_lock('alerts-evaluate') then
    return -1;
  end if;

  select coalesce(array_agg(v), '{}') into v_eval from private.alert_rule_values(evaluate_alert_rules.at) v;

  -- ongoing breaches: remember the latest value, nothing else
  update public.alerts a set last_value = e.value, last_evaluated_at = evaluate_alert_rules.at
  from unnest(v_eval) e
  where a.resolved_at is null and a.rule_id = e.rule_id and a.agent_id is not distinct from e.agent_id and e.breached;

  -- new breaches fire, unless the subject is in its cool-down
  for v_alert in
    with fired as (
      insert into public.alerts (workspace_id, rule_id, agent_id, alert_type, metric_name, condition, threshold_value, actual_value,
        last_value, severity, fired_at, last_evaluated_at)
      select e.workspace_id, r.id, e.agent_id,
        case r.metric_type when 'cost_budget' then 'cost_overage' when 'p95_latency' then 'latency_high' else r.metric_type end,
        r.metric_type, r.condition, r.threshold_value, e.value, e.value, r.severity, evaluate_alert_rules.at, evaluate_alert_rules.at
      from unnest(v_eval) e
      join public.alert_rules r on r.id = e.rule_id
      where e.breached
        and not exists (select 1 from public.alerts a where a.rule_id = e.rule_id and a.agent_id is not distinct from e.agent_id and a.resolved_at is null)
        and not exists (select 1 from public.alerts a where a.rule_id = e.rule_id and a.agent_id is not distinct from e.agent_id
                        and a.fired_at > evaluate_alert_rules.at - make_interval(mins => r.cooldown_minutes))
      on conflict do nothing
      returning *
    )
    select f.*, r.name as rule_name, r.evaluation_window_minutes, r.notification_channels, r.notification_recipients,
      ag.slug as agent_slug, ag.name as agent_name
    from fired f
    join public.alert_rules r on r.id = f.rule_id
    left join public.agents ag on ag.id = f.agent_id
  loop
    v_payload := jsonb_build_object(
      'alert_id', v_alert.id, 'rule_id', v_alert.rule_id, 'rule_name', v_alert.rule_name, 'agent_id', v_alert.agent_id,
      'agent_slug', v_alert.agent_slug, 'alert_type', v_alert.alert_type, 'metric_type', v_alert.metric_name,
      'condition', v_alert.condition, 'threshold', v_alert.threshold_value, 'value', v_alert.actual_value,
      'severity', v_alert.severity, 'window_minutes', v_alert.evaluation_window_minutes, 'fired_at', v_alert.fired_at);

    v_notified := private.notify_workspace(v_alert.workspace_id, 'admin', 'alert_fired',
      left(format('Alert: %s', v_alert.rule_name), 255),
      format('%s%s is %s (threshold %s %s)', v_alert.metric_name, coalesce(' of ' || v_alert.agent_slug, ''),
        trim(to_char(v_alert.actual_value, 'FM999999999990.99')), replace(v_alert.condition, '_', ' '),
        trim(to_char(v_alert.threshold_value, 'FM999999999990.99'))),
      v_payload,
      case v_alert.severity when 'critical' then 'critical' when 'warning' then 'high' else 'medium' end);

    v_queued := private.queue_event(v_alert.workspace_id, 'alert.fired', v_payload, v_alert.id,
      array(select jsonb_array_elements_text(v_alert.notification_channels)),
      array(select x::uuid from jsonb_array_elements_text(v_alert.notification_recipients) x
            where x ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'));
    -- quota and budget breaches are events of their own (a refused 429 rolls back, so they come from here)
    if v_alert.metric_name = 'token_quota' then
      v_queued := v_queued + private.queue_event(v_alert.workspace_id, 'quota.breached', v_payload, private.event_uuid('quota.breached', v_alert.id));
    elsif v_alert.metric_name = 'cost_budget' then
      v_queued := v_queued + private.queue_event(v_alert.workspace_id, 'budget.breached', v_payload, private.event_uuid('budget.breached', v_alert.id));
    end if;

    update public.alerts a set
      notifications_sent = jsonb_build_object('notifications', v_notified, 'deliveries', coalesce((
        select jsonb_agg(jsonb_build_object('channel', d.channel, 'subscription_id', d.subscription_id, 'event_type', d.event_type) order by d.created_at)
        from public.deliveries d
        where d.event_id in (v_alert.id, private.event_uuid('quota.breached', v_alert.id), private.event_uuid('budget.breached', v_alert.id))), '[]'::jsonb)),
      notification_status = case when v_queued > 0 or v_notified > 0 then 'queued' else 'none' end
    where a.id = v_alert.id;
    update public.alert_rules r set last_triggered_at = evaluate_alert_rules.at, trigger_count = r.trigger_count + 1
    where r.id = v_alert.rule_id;
    v_changes := v_changes + 1;
  end loop;

  -- recovered (or no longer watched) subjects resolve
  for v_alert in
    with resolved as (
      update public.alerts a set resolved_at = greatest(evaluate_alert_rules.at, a.fired_at), resolved_value = e.value,
        last_value = coalesce(e.value, a.last_value), last_evaluated_at = evaluate_alert_rules.at
      from public.alerts a2
      left join unnest(v_eval) e on e.rule_id = a2.rule_id and e.agent_id is not distinct from a2.agent_id
      where a.id = a2.id and a.resolved_at is null and coalesce(e.breached, false) = false
      returning a.*
    )
    select x.*, r.name as rule_name, r.notification_channels, r.notification_recipients, ag.slug as agent_slug
    from resolved x
    left join public.alert_rules r on r.id = x.rule_id
    left join public.agents ag on ag.id = x.agent_id
  loop
    v_payload := jsonb_build_object(
      'alert_id', v_alert.id, 'rule_id', v_alert.rule_id, 'rule_name', v_alert.rule_name, 'agent_id', v_alert.agent_id,
      'agent_slug', v_alert.agent_slug, 'alert_type', v_alert.alert_type, 'metric_type', v_alert.metric_name,
      'threshold', v_alert.threshold_value, 'value', v_alert.resolved_value, 'severity', v_alert.severity,
      'fired_at', v_alert.fired_at, 'resolved_at', v_alert.resolved_at);
    perform private.notify_workspace(v_alert.workspace_id, 'admin', 'alert_resolved',
      left(format('Resolved: %s', coalesce(v_alert.rule_name, v_alert.metric_name)), 255),
      format('%s%s is back within its threshold', v_alert.metric_name, coalesce(' of ' || v_alert.agent_slug, '')),
      v_payload, 'low');
    perform private.queue_event(v_alert.workspace_id, 'alert.resolved', v_payload, private.event_uuid('alert.resolved', v_alert.id),
      array(select jsonb_array_elements_text(coalesce(v_alert.notification_channels, '[]'::jsonb))),
      array(select x::uuid from jsonb_array_elements_text(coalesce(v_alert.notification_recipients, '[]'::jsonb)) x
            where x ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'));
    v_changes := v_changes + 1;
  end loop;

  update public.alert_rules r set last_evaluated_at = evaluate_alert_rules.at where r.is_active;
  return v_changes;
end;
$$;
comment on function private.evaluate_alert_rules(timestamptz) is
  'Job alerts-evaluate (every minute): evaluates every active rule; fires one alert per new breach (not while one is open for the same rule and subject, not within the rule''s cool-down), notifies the workspace admins, queues alert.fired (and quota.breached / budget.breached) deliveries; resolves open alerts whose metric recovered or whose rule was switched off, notifying and queuing alert.resolved. Returns how many alerts fired or resolved (-1 when another evaluation is running).';

-- seed names over the tables
create view public.metrics_alerts with (security_invoker = true) as
select a.id, a.workspace_id, a.agent_id, a.alert_type, a.metric_name, a.threshold_value, a.actual_value, a.severity, a.resolved,
  a.fired_at as created_at, a.resolved_at
from public.alerts a;
comment on view public.metrics_alerts is 'Seed 000 metrics_alerts: the alerts with the seed''s columns.';

create view analytics.alert_rules with (security_invoker = true) as
select r.id, r.workspace_id, r.name, r.description, r.is_active, r.metric_type, r.condition, r.threshold_value,
  r.evaluation_window_minutes, r.notification_channels, r.notification_recipients, r.last_triggered_at, r.trigger_count,
  r.created_at, r.updated_at, r.created_by
from public.alert_rules r;
comment on view analytics.alert_rules is 'Seed 002 alert_rules, read-only: public.alert_rules is where admins manage them.';

create view analytics.alert_history with (security_invoker = true) as
select a.id, a.rule_id as alert_rule_id, a.workspace_id, a.fired_at as triggered_at, a.actual_value as metric_value, a.threshold_value,
  a.notifications_sent, a.notification_status, a.acknowledged_by, a.acknowledged_at, a.notes, a.resolved_at
from public.alerts a;
comment on view analytics.alert_history is 'Seed 002 alert_history: every alert fired, with its notifications, acknowledgement and resolution.';

create view public.alert_deliveries with (security_invoker = true) as
select d.id, d.workspace_id, d.event_type, d.event_id as alert_id, d.subscription_id, d.channel, d.target, d.status, d.attempts,
  d.next_attempt_at, d.last_status_code, d.last_error, d.delivered_at, d.created_at
from public.deliveries d
where d.event_type in ('alert.fired', 'alert.resolved');
comment on view public.alert_deliveries is 'The outbox rows of alerts (alert.fired, alert.resolved); alert_id is the alert the event is about for alert.fired.';

revoke all on function private.stamp_alert_acknowledgement() from public;
revoke all on function private.event_uuid(text, uuid) from public;
revoke all on function private.executions_emit_run_failed() from public;
revoke all on function private.alert_rule_values(timestamptz) from public;
revoke all on function private.evaluate_alert_rules(timestamptz) from public;
grant execute on function private.event_uuid(text, uuid) to service_role;

revoke all on public.alert_rules, public.alerts from anon, authenticated;
grant select, insert, delete on public.alert_rules to authenticated;
grant update (name, description, is_active, metric_type, condition, threshold_value, evaluation_window_minutes, min_runs, severity,
  cooldown_minutes, notification_channels, notification_recipients, agent_id) on public.alert_rules to authenticated;
grant select on public.alerts to authenticated;
grant update (acknowledged_at, notes) on public.alerts to authenticated;
revoke all on public.metrics_alerts, analytics.alert_rules, analytics.alert_history, public.alert_deliveries from anon, authenticated;
grant select on public.metrics_alerts, analytics.alert_rules, analytics.alert_history, public.alert_deliveries to authenticated, service_role;

alter table public.alert_rules enable row level security;
alter table public.alerts enable row level security;

create policy alert_rules_select on public.alert_rules for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
create policy alert_rules_insert on public.alert_rules for insert to authenticated
  with check ((select private.has_role(workspace_id, 'admin')));
create policy alert_rules_update on public.alert_rules for update to authenticated
  using ((select private.has_role(workspace_id, 'admin')))
  with check ((select private.has_role(workspace_id, 'admin')));
create policy alert_rules_delete on public.alert_rules for delete to authenticated
  using ((select private.has_role(workspace_id, 'admin')));

create policy alerts_select on public.alerts for select to authenticated
  using (workspace_id in (select private.workspace_ids('viewer')));
create policy alerts_update on public.alerts for update to authenticated
  using ((select private.has_role(workspace_id, 'member')))
  with check ((select private.has_role(workspace_id, 'member')));
