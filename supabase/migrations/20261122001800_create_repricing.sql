-- Correcting prices: re-price the affected history and record every change.
-- private.reprice_executions recomputes the cost of runs whose cost the database computed
-- (never a cost the caller reported) in a workspace and time window and writes one
-- cost_adjustments row per changed run; the usage trigger on executions moves each run's
-- agent_usage day (the day it started) by the difference. A change to
-- model_prices runs it for the window the price row covers; admins can run it over RPC.
-- Runs inserted by other clients than ingest (Studio, PostgREST) are priced by a trigger.

create function private.reprice_executions(workspace_id uuid, since timestamptz, until timestamptz, reason text, adjusted_by uuid default null)
returns int
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  v_count int;
begin
  with candidates as (
    select e.id, e.workspace_id, e.agent_id, e.started_at, e.cost_usd as old_cost, e.model_price_id as old_price,
      p.id as new_price, case when p.id is not null then private.price_tokens(p, e.tokens_in, e.tokens_out, e.tokens_cached) else 0 end as new_cost
    from public.executions e
    cross join lateral private.find_model_price(e.workspace_id, e.model, e.started_at) p
    where (reprice_executions.workspace_id is null or e.workspace_id = reprice_executions.workspace_id)
      and e.started_at >= coalesce(reprice_executions.since, '-infinity')
      and e.started_at < coalesce(reprice_executions.until, 'infinity')
      and e.cost_source <> 'reported'
      and e.model is not null and e.tokens_in + e.tokens_out > 0
  ),
  changed as (
    select c.* from candidates c
    where c.new_cost is distinct from c.old_cost or c.new_price is distinct from c.old_price
  ),
  updated as (
    update public.executions e set
      cost_usd = c.new_cost,
      cost_source = case when c.new_price is not null then 'computed' else 'none' end,
      model_price_id = c.new_price
    from changed c where e.id = c.id
    returning e.id
  ),
  logged as (
    insert into public.cost_adjustments (workspace_id, execution_id, old_cost_usd, new_cost_usd, old_model_price_id, new_model_price_id, reason, adjusted_by)
    select c.workspace_id, c.id, c.old_cost, c.new_cost, c.old_price, c.new_price, reprice_executions.reason, reprice_executions.adjusted_by
    from changed c join updated u on u.id = c.id
    returning 1
  )
  select (select count(*) from logged) into v_count;
  return v_count;
end;
$$;
comment on function private.reprice_executions(uuid, timestamptz, timestamptz, text, uuid) is
  'Re-prices runs with a database-computed cost (never reported ones) in a workspace (null: all) and window from the current model_prices; records each change in cost_adjustments; the usage trigger on executions moves the agent_usage of the day each run started by the difference. Returns how many runs changed. Security definer: rewrites costs and usage.';

-- admins, over RPC: re-price their workspace's history after correcting a price
create function public.reprice_costs(workspace_id uuid, since timestamptz default null, until timestamptz default null)
returns int
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  if not private.has_role(reprice_costs.workspace_id, 'admin') then
    raise exception 'only workspace admins re-price costs' using errcode = '42501';
  end if;
  return private.reprice_executions(reprice_costs.workspace_id, reprice_costs.since, reprice_costs.until, 'manual re-pricing', (select auth.uid()));
end;
$$;
comment on function public.reprice_costs(uuid, timestamptz, timestamptz) is
  'RPC for workspace admins: re-prices the workspace''s computed run costs in a window from the current prices and returns how many changed (see cost_adjustments). Security definer: checks the admin role, then rewrites costs the caller cannot update directly.';

-- a price row inserted, corrected or removed: re-price the window it covers (before and after)
create function private.reprice_on_price_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_windows jsonb;
  v_row record;
begin
  -- the transition tables this statement has (insert: new, delete: old, update: both)
  if tg_op = 'INSERT' then
    select jsonb_agg(distinct jsonb_build_object('ws', n.workspace_id, 'from', n.valid_from, 'to', n.valid_to)) into v_windows from new_prices n;
  elsif tg_op = 'DELETE' then
    select jsonb_agg(distinct jsonb_build_object('ws', o.workspace_id, 'from', o.valid_from, 'to', o.valid_to)) into v_windows from old_prices o;
  else
    select jsonb_agg(distinct w) into v_windows from (
      select jsonb_build_object('ws', n.workspace_id, 'from', n.valid_from, 'to', n.valid_to) as w from new_prices n
      union
      select jsonb_build_object('ws', o.workspace_id, 'from', o.valid_from, 'to', o.valid_to) from old_prices o
    ) x;
  end if;
  for v_row in select (w ->> 'ws')::uuid as ws, (w ->> 'from')::timestamptz as since, (w ->> 'to')::timestamptz as until
               from jsonb_array_elements(coalesce(v_windows, '[]'::jsonb)) w
  loop
    perform private.reprice_executions(v_row.ws, v_row.since, v_row.until, format('model price %s', lower(tg_op)), (select auth.uid()));
  end loop;
  return null;
end;
$$;
comment on function private.reprice_on_price_change() is 'Statement trigger on model_prices: re-prices the history covered by the changed price rows, one step per distinct window (not per run). Security definer: rewrites costs.';

create trigger model_prices_reprice_after_insert after insert on public.model_prices
  referencing new table as new_prices
  for each statement execute function private.reprice_on_price_change();
create trigger model_prices_reprice_after_update after update on public.model_prices
  referencing new table as new_prices old table as old_prices
  for each statement execute function private.reprice_on_price_change();
create trigger model_prices_reprice_after_delete after delete on public.model_prices
  referencing old table as old_prices
  for each statement execute function private.reprice_on_price_change();

-- runs written by other clients than ingest (Studio, PostgREST) are priced on insert too
create function private.price_new_execution()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  v_price public.model_prices;
begin
  v_price := private.find_model_price(new.workspace_id, new.model, new.started_at);
  if v_price.id is not null then
    new.cost_usd := private.price_tokens(v_price, new.tokens_in, new.tokens_out, new.tokens_cached);
    new.cost_source := 'computed';
    new.model_price_id := v_price.id;
  end if;
  return new;
end;
$$;
comment on function private.price_new_execution() is 'Trigger: prices a run inserted with tokens and a model but no cost by any client other than ingest (which prices whole batches set-based and sets cost_source itself).';

-- (attached to public.executions, with every other trigger on runs, in 20261122006900_attach_executions_triggers.sql)

revoke all on function private.reprice_executions(uuid, timestamptz, timestamptz, text, uuid) from public;
revoke all on function public.reprice_costs(uuid, timestamptz, timestamptz) from public, anon;
revoke all on function private.reprice_on_price_change() from public;
revoke all on function private.price_new_execution() from public;
grant execute on function public.reprice_costs(uuid, timestamptz, timestamptz) to authenticated;
grant execute on function private.reprice_executions(uuid, timestamptz, timestamptz, text, uuid) to service_role;
