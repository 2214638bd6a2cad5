-- Quotas (seed 000 rate limiting): requests per minute, tokens per UTC day and cost per calendar
-- month, per agent, checked and consumed atomically. One function does both under a lock on the
-- agent's row, so N parallel callers never overspend a limit; over a limit it raises AO429 with
-- the limit, what remains and when to retry, and the caller's transaction writes nothing.

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

create function private.consume_quota(agent_id uuid, requests int, tokens bigint, cost numeric)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_agent public.agents%rowtype;
  v_window timestamptz := date_trunc('minute', now());
  v_today date := private.utc_today();
  v_month_start date := date_trunc('month', private.utc_today())::date;
  v_requests_used int;
  v_tokens_used bigint;
  v_cost_month numeric;
  v_retry int;
begin
  -- one caller at a time per agent: the check and the consumption see the same numbers
  select * into v_agent from public.agents a where a.id = consume_quota.agent_id for no key update;
  if not found then
    raise exception 'agent % does not exist', consume_quota.agent_id using errcode = 'AO404', hint = 'agent_not_found';
  end if;

  select coalesce(sum(w.requests), 0) into v_requests_used
  from private.agent_request_windows w where w.agent_id = consume_quota.agent_id and w.window_start = v_window;
  select coalesce(sum(u.tokens_used) filter (where u.date = v_today), 0), coalesce(sum(u.cost_usd), 0)
  into v_tokens_used, v_cost_month
  from public.agent_usage u where u.agent_id = consume_quota.agent_id and u.date >= v_month_start;

  if v_requests_used + consume_quota.requests > v_agent.requests_per_minute then
    v_retry := greatest(1, ceil(extract(epoch from (v_window + interval '1 minute' - now())))::int);
    raise exception 'agent % is over its limit of % requests per minute', v_agent.slug, v_agent.requests_per_minute
      using errcode = 'AO429', hint = jsonb_build_object('code', 'quota_exceeded', 'limit', 'requests_per_minute',
        'limit_value', v_agent.requests_per_minute, 'used', v_requests_used,
        'remaining', greatest(v_agent.requests_per_minute - v_requests_used, 0), 'retry_after', v_retry)::text;
  end if;
  if v_tokens_used + consume_quota.tokens > v_agent.tokens_per_day then
    v_retry := greatest(1, ceil(extract(epoch from ((v_today + 1)::timestamp at time zone 'utc' - now())))::int);
    raise exception 'agent % is over its limit of % tokens per day', v_agent.slug, v_agent.tokens_per_day
      using errcode = 'AO429', hint = jsonb_build_object('code', 'quota_exceeded', 'limit', 'tokens_per_day',
        'limit_value', v_agent.tokens_per_day, 'used', v_tokens_used,
        'remaining', greatest(v_agent.tokens_per_day - v_tokens_used, 0), 'retry_after', v_retry)::text;
  end if;
  if v_cost_month + consume_quota.cost > v_agent.cost_per_month then
    v_retry := greatest(1, ceil(extract(epoch from ((v_month_start + interval '1 month')::timestamp at time zone 'utc' - now())))::int);
    raise exception 'agent % is over its budget of % USD per month', v_agent.slug, v_agent.cost_per_month
      using errcode = 'AO429', hint = jsonb_build_object('code', 'budget_exceeded', 'limit', 'cost_per_month',
        'limit_value', v_agent.cost_per_month, 'used', v_cost_month,
        'remaining', greatest(v_agent.cost_per_month - v_cost_month, 0), 'retry_after', v_retry)::text;
  end if;

  if consume_quota.requests > 0 then
    insert into private.agent_request_windows as w (agent_id, window_start, requests)
    values (consume_quota.agent_id, v_window, consume_quota.requests)
    on conflict on constraint agent_request_windows_pkey do update set requests = w.requests + excluded.requests;
  end if;
  if consume_quota.requests > 0 or consume_quota.tokens <> 0 or consume_quota.cost <> 0 then
    insert into public.agent_usage as u (workspace_id, agent_id, date, tokens_used, requests_count, cost_usd)
    values (v_agent.workspace_id, consume_quota.agent_id, v_today, greatest(consume_quota.tokens, 0), consume_quota.requests, greatest(consume_quota.cost, 0))
    on conflict on constraint agent_usage_agent_date_key do update set
      tokens_used = greatest(u.tokens_used + consume_quota.tokens, 0),
      requests_count = u.requests_count + excluded.requests_count,
      cost_usd = greatest(u.cost_usd + consume_quota.cost, 0);
  end if;

  return jsonb_build_object(
    'requests_per_minute', jsonb_build_object('limit', v_agent.requests_per_minute, 'remaining', v_agent.requests_per_minute - v_requests_used - consume_quota.requests),
    'tokens_per_day', jsonb_build_object('limit', v_agent.tokens_per_day, 'remaining', v_agent.tokens_per_day - v_tokens_used - consume_quota.tokens),
    'cost_per_month', jsonb_build_object('limit', v_agent.cost_per_month, 'remaining', v_agent.cost_per_month - v_cost_month - consume_quota.cost)
  );
end;
$$;
comment on function private.consume_quota(uuid, int, bigint, numeric) is
  'Checks and consumes an agent''s quotas in one step under a lock on the agent row: requests this UTC minute, tokens this UTC day, cost this calendar month. Raises AO429 (hint: JSON with limit, remaining, retry_after) when any would be exceeded, consuming nothing. Negative tokens or cost give back (re-pricing). Security definer: usage is not writable by clients.';

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
revoke all on function private.consume_quota(uuid, int, bigint, numeric) from public;
revoke all on function private.purge_request_windows() from public;
grant execute on function private.utc_today() to authenticated, service_role;
grant execute on function private.consume_quota(uuid, int, bigint, numeric) to service_role;
