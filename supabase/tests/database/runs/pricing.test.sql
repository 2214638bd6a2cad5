-- Correcting a price re-prices the affected history, records what changed, and moves usage.
begin;
select plan(7);

-- SETUP
select tests.create_user('price@test.local', '42000000-0000-4000-a000-000000000001');
select tests.create_workspace('price', '42000000-0000-4000-a000-000000000001');
select tests.create_agent((select id from public.workspaces where slug = 'price'), 'price-agent');
update public.agents set tokens_per_day = 1000000000000, cost_per_month = 1000000 where slug = 'price-agent';
select tests.ingest_runs(a.id, k.id, '[
  {"run_key": "old", "status": "succeeded", "model": "claude-3-5-haiku-20241022", "tokens_in": 1000000, "tokens_out": 0, "started_at": "2026-10-01T00:00:00Z"},
  {"run_key": "new", "status": "succeeded", "model": "claude-3-5-haiku", "tokens_in": 1000000, "tokens_out": 0, "started_at": "2026-11-15T00:00:00Z"},
  {"run_key": "reported", "status": "succeeded", "model": "claude-3-5-haiku", "tokens_in": 1000000, "cost_usd": 9, "started_at": "2026-11-15T00:00:00Z"}
]') from public.agents a join public.agent_api_keys k on k.agent_id = a.id where a.slug = 'price-agent';

-- TEST: priced at the list price (0.80 per million input tokens)
select is((select sum(cost_usd) from public.executions where run_key in ('old', 'new') and agent_id = (select id from public.agents where slug = 'price-agent')),
  1.600000::numeric, 'both computed at 0.80');

create temporary table usage_before on commit drop as
select date, cost_usd from public.agent_usage where agent_id = (select id from public.agents where slug = 'price-agent');

-- TEST: correcting the list price re-prices the computed runs it covers, once each
update public.model_prices set input_per_mtok = 1.00 where model_name = 'claude-3-5-haiku' and workspace_id is null;
select is((select sum(cost_usd) from public.executions where run_key in ('old', 'new') and agent_id = (select id from public.agents where slug = 'price-agent')),
  2.000000::numeric, 'both computed runs now cost 1.00');
select is((select cost_usd from public.executions where run_key = 'reported' and agent_id = (select id from public.agents where slug = 'price-agent')), 9.000000::numeric(14,6), 'a reported cost is never re-priced');
select results_eq($$select c.old_cost_usd, c.new_cost_usd, c.reason from public.cost_adjustments c join public.executions e on e.id = c.execution_id
  where e.agent_id = (select id from public.agents where slug = 'price-agent') order by e.run_key$$,
  $$values (0.800000::numeric(14,6), 1.000000::numeric(14,6), 'model price update'::text), (0.800000, 1.000000, 'model price update')$$,
  'each change is recorded once with before, after and why');
select results_eq($$select u.date, u.cost_usd - b.cost_usd from public.agent_usage u join usage_before b on b.date = u.date
    where u.agent_id = (select id from public.agents where slug = 'price-agent') and u.cost_usd <> b.cost_usd order by u.date$$,
  $$values ('2026-10-01'::date, 0.200000::numeric), ('2026-11-15', 0.200000)$$,
  'usage moves by the difference, on the day each re-priced run started');

-- TEST: a negotiated workspace price from mid-November re-prices only the runs it covers
insert into public.model_prices (workspace_id, model_name, model_pattern, input_per_mtok, output_per_mtok, valid_from)
select id, 'negotiated haiku', '^claude-3-5-haiku', 0.50, 2.50, '2026-11-10' from public.workspaces where slug = 'price';
select results_eq($$select run_key, cost_usd from public.executions where run_key in ('old', 'new') and agent_id = (select id from public.agents where slug = 'price-agent') order by run_key$$,
  $$values ('new'::text, 0.500000::numeric(14,6)), ('old', 1.000000)$$, 'only the run inside the new price''s validity changes');

-- TEST: only admins re-price over RPC
select tests.create_user('price-viewer@test.local', '42000000-0000-4000-a000-000000000002');
select tests.add_member((select id from public.workspaces where slug = 'price'), '42000000-0000-4000-a000-000000000002', 'viewer');
select tests.authenticate_as('42000000-0000-4000-a000-000000000002');
select throws_ok($$select public.reprice_costs((select id from public.workspaces where slug = 'price'))$$, '42501', null, 'a viewer cannot re-price');

select * from finish();
rollback;
