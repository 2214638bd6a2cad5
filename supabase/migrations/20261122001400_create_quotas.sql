-- Quotas (seed 000 rate limiting): requests per minute, tokens per UTC day and cost per calendar
-- month, per agent, checked and consumed atomically. One function does both under a lock on the
-- agent's row, so N parallel callers never overspend a limit; over a limit it raises AO429 with
-- the limit, what remains and when to retry, and the caller's transaction writes nothing.
--
-- Usage of runs is booked in one place: statement triggers on executions add each run's tokens and
-- cost to agent_usage on the UTC day it started (and move them when a corrected run changes day,
-- tokens or cost), whatever path it came by. Runs are never refused for being over a limit (they
-- happened): they are stored, marked (executions.over_limit), counted, and raise quota.breached /
-- budget.breached. authorize is what prevents spend. The same triggers keep the n8n workflow
-- counters. Locks: the agents' rows first (in id order), then their usage rows, as consume_quota.

create table private.agent_request_windows (
  agent_id uuid not null references public.agents (id) on delete cascade,
  window_start timestamptz not null,
  requests int not null default 0,
  constraint agent_request_windows_pkey primary key (agent_id, window_start),
  constraint agent_request_windows_requests_nonnegative check (requests >= 0)
);
comment on table private.agent_request_windows is 'Requests per agent per UTC minute, for the requests_per_minute quota. Old windows are purged by a job.';

create function private.utc_today()
returns date
language sql
stable
set search_path = ''
as $$
  select (now() at time zone 'utc')::date
$$;
comment on function private.utc_today() is 'Today''s date in UTC: quotas and agent_usage count UTC days whatever the session time zone.';

-- the one statement that counts requests and reads (or books) tokens and cost, for a caller that
-- holds the agent's row (for no key update): authorize and consume_quota
create function private.take_quota(agent public.agents, requests int, tokens bigint, cost numeric, consume boolean)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_window timestamptz := date_trunc('minute', now());
  v_today date := private.utc_today();
  v_month_start date := date_trunc('month', private.utc_today())::date;
  v_counted int;
  v_requests_used int;
  v_tokens_used bigint;
  v_cost_month numeric;
  v_exceeded jsonb;
  v_msg text;
begin
  -- one statement: the request window counted only while it fits (the window row's own lock makes
  -- the test and the increment one step), the day's row booked only when the request counted, and
  -- today's tokens and the month's cost read as they were before it
  with counted as (
    insert into private.agent_request_windows as w (agent_id, window_start, requests)
    select (take_quota.agent).id, v_window, take_quota.requests
    where take_quota.requests > 0 and take_quota.requests <= (take_quota.agent).requests_per_minute
    on conflict on constraint agent_request_windows_pkey do update set requests = w.requests + excluded.requests
      where w.requests + excluded.requests <= (take_quota.agent).requests_per_minute
    returning w.requests
  ), booked as (
    insert into public.agent_usage as u (workspace_id, agent_id, date, tokens_used, requests_count, cost_usd)
    select (take_quota.agent).workspace_id, (take_quota.agent).id, v_today,
      case when take_quota.consume then greatest(take_quota.tokens, 0) else 0 end, take_quota.requests,
      case when take_quota.consume then greatest(take_quota.cost, 0) else 0 end
    where (take_quota.requests = 0 or exists (select 1 from counted))
      and (take_quota.requests > 0 or (take_quota.consume and (take_quota.tokens <> 0 or take_quota.cost <> 0)))
    on conflict on constraint agent_usage_agent_date_key do update set
      tokens_used = greatest(u.tokens_used + case when take_quota.consume then take_quota.tokens else 0 end, 0),
      requests_count = u.requests_count + excluded.requests_count,
      cost_usd = greatest(u.cost_usd + case when take_quota.consume then take_quota.cost else 0 end, 0)
    returning 1
  )
  select (select c.requests from counted c), coalesce(sum(u.tokens_used) filter (where u.date = v_today), 0), coalesce(sum(u.cost_usd), 0)
  into v_counted, v_tokens_used, v_cost_month
  from public.agent_usage u
  where u.agent_id = (take_quota.agent).id and u.date >= v_month_start; -- (booked runs whether read or not)

  if take_quota.requests > 0 and v_counted is null then
    select coalesce(sum(w.requests), 0) into v_requests_used
    from private.agent_request_windows w where w.agent_id = (take_quota.agent).id and w.window_start = v_window;
    v_exceeded := jsonb_build_object('code', 'quota_exceeded', 'limit', 'requests_per_minute',
      'limit_value', (take_quota.agent).requests_per_minute, 'used', v_requests_used,
      'remaining', greatest((take_quota.agent).requests_per_minute - v_requests_used, 0),
      'retry_after', greatest(1, ceil(extract(epoch from (v_window + interval '1 minute' - now())))::int));
    v_msg := format('agent %s is over its limit of %s requests per minute', (take_quota.agent).slug, (take_quota.agent).requests_per_minute);
  elsif (take_quota.tokens > 0 or not take_quota.consume) and v_tokens_used + take_quota.tokens > (take_quota.agent).tokens_per_day then
    v_exceeded := jsonb_build_object('code', 'quota_exceeded', 'limit', 'tokens_per_day',
      'limit_value', (take_quota.agent).tokens_per_day, 'used', v_tokens_used, 'requested', take_quota.tokens,
      'remaining', greatest((take_quota.agent).tokens_per_day - v_tokens_used, 0),
      'retry_after', greatest(1, ceil(extract(epoch from ((v_today + 1)::timestamp at time zone 'utc' - now())))::int));
    v_msg := format('agent %s would exceed its limit of %s tokens per day: %s used, %s more', (take_quota.agent).slug,
      (take_quota.agent).tokens_per_day, v_tokens_used, take_quota.tokens);
  elsif (take_quota.cost > 0 or not take_quota.consume) and v_cost_month + take_quota.cost > (take_quota.agent).cost_per_month then
    v_exceeded := jsonb_build_object('code', 'budget_exceeded', 'limit', 'cost_per_month',
      'limit_value', (take_quota.agent).cost_per_month, 'used', v_cost_month, 'requested', take_quota.cost,
      'remaining', greatest((take_quota.agent).cost_per_month - v_cost_month, 0),
      'retry_after', greatest(1, ceil(extract(epoch from ((v_month_start + interval '1 month')::timestamp at time zone 'utc' - now())))::int));
    v_msg := format('agent %s would exceed its budget of %s USD per month: %s used, %s more', (take_quota.agent).slug,
      (take_quota.agent).cost_per_month, v_cost_month, take_quota.cost);
  end if;

  return jsonb_build_object(
    'exceeded', v_exceeded || jsonb_build_object('message', v_msg),
    'quota', jsonb_build_object(
      'requests_per_minute', jsonb_build_object('limit', (take_quota.agent).requests_per_minute,
        'remaining', greatest((take_quota.agent).requests_per_minute - coalesce(v_counted, v_requests_used), 0)),
      'tokens_per_day', jsonb_build_object('limit', (take_quota.agent).tokens_per_day, 'used', v_tokens_used,
        'remaining', (take_quota.agent).tokens_per_day - v_tokens_used - case when take_quota.consume then take_quota.tokens else 0 end),
      'cost_per_month', jsonb_build_object('limit', (take_quota.agent).cost_per_month, 'used', v_cost_month,
        'remaining', (take_quota.agent).cost_per_month - v_cost_month - case when take_quota.consume then take_quota.cost else 0 end)));
end;
$$;
comment on function private.take_quota(public.agents, int, bigint, numeric, boolean) is
  'For a caller holding the agent''s row (for no key update): counts `requests` in this UTC minute''s window if they fit in requests_per_minute, and checks that `tokens` fit in what is left of tokens_per_day and `cost` of cost_per_month (consume: also books them, and checks only what is positive), all in one statement. Returns {quota: {requests_per_minute, tokens_per_day, cost_per_month}: limit, used, remaining; exceeded: null, or the first limit exceeded with code quota_exceeded or budget_exceeded, limit, limit_value, used, remaining, retry_after and message}. Over the request rate nothing is counted. Security definer: usage is not writable by clients.';

create function private.consume_quota(agent_id uuid, requests int, tokens bigint, cost numeric)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_agent public.agents%rowtype;
  v_take jsonb;
begin
  -- one caller at a time per agent: the check and the consumption see the same numbers
  select * into v_agent from public.agents a where a.id = consume_quota.agent_id for no key update;
  if not found then
    raise exception 'agent % does not exist', consume_quota.agent_id using errcode = 'AO404', hint = 'agent_not_found';
  end if;
  v_take := private.take_quota(v_agent, consume_quota.requests, consume_quota.tokens, consume_quota.cost, true);
  if v_take -> 'exceeded' is not null and jsonb_typeof(v_take -> 'exceeded') = 'object' then
    raise exception '%', v_take -> 'exceeded' ->> 'message'
      using errcode = 'AO429', hint = ((v_take -> 'exceeded') - 'message')::text;
  end if;
  return v_take -> 'quota';
end;
$$;
comment on function private.consume_quota(uuid, int, bigint, numeric) is
  'Checks and consumes an agent''s quotas in one step under a lock on the agent row (private.take_quota): requests this UTC minute, and (when asked to consume some) tokens this UTC day and cost this calendar month. Raises AO429 (hint: JSON with limit, remaining, retry_after) when any would be exceeded, consuming nothing. A request that consumes no tokens is limited by the request rate only. Security definer: usage is not writable by clients.';

-- a change a statement made to runs' usage, per agent and UTC day (or to a workflow's counters)
create type private.usage_delta as (agent_id uuid, workspace_id uuid, day date, tokens bigint, cost numeric, runs int);
comment on type private.usage_delta is 'What one statement on executions changed in an agent''s usage of one UTC day.';
create type private.workflow_delta as (workflow_id uuid, runs int, succeeded int, errors int, last_at timestamptz);
comment on type private.workflow_delta is 'What one statement on executions changed in a workflow''s counters.';

-- runs' usage, booked from the rows a statement changed (transition tables): one upsert per agent and day
create function private.book_run_usage()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_deltas private.usage_delta[];
  v_flows private.workflow_delta[];
  v_breach record;
begin
  if tg_op = 'INSERT' then
    select array_agg(row(d.agent_id, d.workspace_id, d.day, d.tokens, d.cost, d.runs)::private.usage_delta order by d.agent_id, d.day)
    into v_deltas
    from (
      select n.agent_id, n.workspace_id, (n.started_at at time zone 'utc')::date as day,
        sum(n.tokens_in::bigint + n.tokens_out)::bigint as tokens, sum(n.cost_usd) as cost, count(*)::int as runs
      from new_runs n where n.agent_id is not null
      group by 1, 2, 3
    ) d;
    select array_agg(row(w.workflow_id, w.runs, w.ok, w.err, w.at)::private.workflow_delta order by w.workflow_id)
    into v_flows
    from (
      select n.workflow_id, count(*) filter (where private.is_terminal_status(n.status))::int as runs,
        count(*) filter (where n.status = 'succeeded')::int as ok, count(*) filter (where n.status in ('failed', 'timeout'))::int as err,
        max(coalesce(n.ended_at, n.started_at)) as at
      from new_runs n where n.workflow_id is not null
      group by 1
    ) w;
  else
    select array_agg(row(d.agent_id, d.workspace_id, d.day, d.tokens, d.cost, d.runs)::private.usage_delta order by d.agent_id, d.day)
    into v_deltas
    from (
      select c.agent_id, c.workspace_id, c.day, sum(c.tokens)::bigint as tokens, sum(c.cost) as cost, sum(c.runs)::int as runs
      from old_runs o
      join new_runs n on n.id = o.id
      cross join lateral (values
        (o.agent_id, o.workspace_id, (o.started_at at time zone 'utc')::date, -(o.tokens_in::bigint + o.tokens_out), -o.cost_usd, -1),
        (n.agent_id, n.workspace_id, (n.started_at at time zone 'utc')::date, n.tokens_in::bigint + n.tokens_out, n.cost_usd, 1)
      ) as c (agent_id, workspace_id, day, tokens, cost, runs)
      where c.agent_id is not null
        and (o.agent_id, o.started_at, o.tokens_in, o.tokens_out, o.cost_usd) is distinct from (n.agent_id, n.started_at, n.tokens_in, n.tokens_out, n.cost_usd)
      group by 1, 2, 3
      having sum(c.tokens) <> 0 or sum(c.cost) <> 0 or sum(c.runs) <> 0
    ) d;
    select array_agg(row(w.workflow_id, w.runs, w.ok, w.err, w.at)::private.workflow_delta order by w.workflow_id)
    into v_flows
    from (
      select c.workflow_id, sum(c.runs)::int as runs, sum(c.ok)::int as ok, sum(c.err)::int as err, max(c.at) as at
      from old_runs o
      join new_runs n on n.id = o.id
      cross join lateral (values
        (o.workflow_id, -(private.is_terminal_status(o.status))::int, -(o.status = 'succeeded')::int, -(o.status in ('failed', 'timeout'))::int, null::timestamptz),
        (n.workflow_id, (private.is_terminal_status(n.status))::int, (n.status = 'succeeded')::int, (n.status in ('failed', 'timeout'))::int,
          coalesce(n.ended_at, n.started_at))
      ) as c (workflow_id, runs, ok, err, at)
      where c.workflow_id is not null
        and (o.workflow_id, o.status, o.ended_at, o.started_at) is distinct from (n.workflow_id, n.status, n.ended_at, n.started_at)
      group by 1
    ) w;
  end if;

  if v_deltas is not null then
    -- the agents' rows first, then their usage rows, both in key order: the order consume_quota and
    -- check_quota take, so concurrent writers queue instead of deadlocking
    perform 1 from public.agents a
    where a.id in (select d.agent_id from unnest(v_deltas) d)
    order by a.id
    for no key update;
    insert into public.agent_usage as u (workspace_id, agent_id, date, tokens_used, cost_usd, runs_count)
    select d.workspace_id, d.agent_id, d.day, greatest(d.tokens, 0), greatest(d.cost, 0), greatest(d.runs, 0)
    from unnest(v_deltas) d
    order by d.agent_id, d.day
    on conflict on constraint agent_usage_agent_date_key do update set
      tokens_used = greatest(u.tokens_used + (select d.tokens from unnest(v_deltas) d where d.agent_id = u.agent_id and d.day = u.date), 0),
      cost_usd = greatest(u.cost_usd + (select d.cost from unnest(v_deltas) d where d.agent_id = u.agent_id and d.day = u.date), 0),
      runs_count = greatest(u.runs_count + (select d.runs from unnest(v_deltas) d where d.agent_id = u.agent_id and d.day = u.date), 0);

    -- over a limit: the runs are kept and marked, and the breach is announced once per agent and day (month)
    for v_breach in
      select d.agent_id, d.workspace_id, d.day, a.slug, a.tokens_per_day, a.cost_per_month, day_u.tokens_used, month_u.cost,
        case when d.tokens > 0 and day_u.tokens_used > a.tokens_per_day then 'tokens_per_day' else 'cost_per_month' end as lim
      from unnest(v_deltas) d
      join public.agents a on a.id = d.agent_id
      cross join lateral (select u.tokens_used from public.agent_usage u where u.agent_id = d.agent_id and u.date = d.day) day_u
      cross join lateral (
        select coalesce(sum(u.cost_usd), 0) as cost from public.agent_usage u
        where u.agent_id = d.agent_id and u.date >= date_trunc('month', d.day)::date and u.date < (date_trunc('month', d.day) + interval '1 month')::date
      ) month_u
      where (d.tokens > 0 and day_u.tokens_used > a.tokens_per_day) or (d.cost > 0 and month_u.cost > a.cost_per_month)
      order by d.agent_id, d.day
    loop
      update public.executions e set over_limit = v_breach.lim
      where e.agent_id = v_breach.agent_id and e.over_limit is null
        and e.id in (select n.id from new_runs n where n.agent_id = v_breach.agent_id and (n.started_at at time zone 'utc')::date = v_breach.day
          and n.tokens_in + n.tokens_out + n.cost_usd > 0);
      perform private.queue_event(v_breach.workspace_id,
        case v_breach.lim when 'tokens_per_day' then 'quota.breached' else 'budget.breached' end,
        jsonb_build_object('agent_id', v_breach.agent_id, 'agent_slug', v_breach.slug, 'limit', v_breach.lim,
          'limit_value', case v_breach.lim when 'tokens_per_day' then v_breach.tokens_per_day else v_breach.cost_per_month end,
          'used', case v_breach.lim when 'tokens_per_day' then v_breach.tokens_used else v_breach.cost end,
          'period', case v_breach.lim when 'tokens_per_day' then to_char(v_breach.day, 'YYYY-MM-DD') else to_char(v_breach.day, 'YYYY-MM') end,
          'source', 'runs'),
        md5(concat_ws(':', v_breach.lim, v_breach.agent_id,
          case v_breach.lim when 'tokens_per_day' then to_char(v_breach.day, 'YYYY-MM-DD') else to_char(v_breach.day, 'YYYY-MM') end))::uuid);
    end loop;
  end if;

  -- n8n workflow counters: runs that reached a final state (each once), successes, errors, the last run
  if v_flows is not null then
    update public.workflows f set
      execution_count = greatest(f.execution_count + w.runs, 0),
      success_count = greatest(f.success_count + w.succeeded, 0),
      error_count = greatest(f.error_count + w.errors, 0),
      last_execution = greatest(f.last_execution, w.last_at)
    from unnest(v_flows) w
    where f.id = w.workflow_id
      and (w.runs <> 0 or w.succeeded <> 0 or w.errors <> 0 or w.last_at > coalesce(f.last_execution, '-infinity'));
  end if;
  return null;
end;
$$;
comment on function private.book_run_usage() is
  'Statement triggers on executions (insert, update): books each run once in agent_usage on the UTC day it started (runs, tokens, cost; a correction moves the difference, also between days), marks runs recorded over tokens_per_day or cost_per_month (over_limit) and queues quota.breached / budget.breached once per agent and day (month), and keeps the n8n workflow counters (runs that reached a final state, successes, errors, last run). Deleting runs (retention) changes neither usage nor counters. Security definer: usage and counters are not writable by clients.';

-- (attached to public.executions, with every other trigger on runs, in 20261122006900_attach_executions_triggers.sql)

create function private.purge_request_windows()
returns int
language sql
volatile
security definer
set search_path = ''
as $$
  with gone as (delete from private.agent_request_windows where window_start < now() - interval '10 minutes' returning 1)
  select count(*)::int from gone
$$;
comment on function private.purge_request_windows() is 'Job: removes request windows older than ten minutes.';

revoke all on function private.utc_today() from public;
revoke all on function private.take_quota(public.agents, int, bigint, numeric, boolean) from public;
revoke all on function private.consume_quota(uuid, int, bigint, numeric) from public;
revoke all on function private.book_run_usage() from public;
revoke all on function private.purge_request_windows() from public;
grant execute on function private.utc_today() to authenticated, service_role;
grant execute on function private.consume_quota(uuid, int, bigint, numeric) to service_role;
