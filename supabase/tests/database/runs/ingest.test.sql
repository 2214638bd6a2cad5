-- private.ingest_runs: idempotency, merge rules, cost computation, quotas, and all-or-nothing.
begin;
select plan(26);

-- SETUP
select tests.create_user('ing@test.local', '41000000-0000-4000-a000-000000000001');
select tests.create_workspace('ing', '41000000-0000-4000-a000-000000000001');
select tests.create_agent((select id from public.workspaces where slug = 'ing'), 'ing-agent');
select tests.create_agent((select id from public.workspaces where slug = 'ing'), 'ing-other');
update public.agents set tokens_per_day = 1000000000000, cost_per_month = 1000000 where slug in ('ing-agent', 'ing-other');
create temporary table ids on commit drop as
select a.id as agent_id, k.id as key_id, a.workspace_id, a.slug from public.agents a join public.agent_api_keys k on k.agent_id = a.id
where a.slug in ('ing-agent', 'ing-other');
create function pg_temp.ingest(slug text, runs jsonb) returns jsonb language sql as $$
  select tests.ingest_runs(i.agent_id, i.key_id, runs) from ids i where i.slug = ingest.slug
$$;

-- TEST: a batch is stored and priced from model_prices
select is((pg_temp.ingest('ing-agent', '[
  {"run_key": "p1", "status": "succeeded", "model": "gpt-4o-2024-08-06", "tokens_in": 2000000, "tokens_out": 1000000, "tokens_cached": 1000000, "started_at": "2026-11-01T00:00:00Z"},
  {"run_key": "p2", "status": "succeeded", "model": "gpt-4o", "tokens_in": 10, "cost_usd": 0.5},
  {"run_key": "p3", "status": "succeeded", "model": "my-private-model", "tokens_in": 10},
  {"run_key": "p4", "status": "running"}
]') ->> 'created')::int, 4, 'four runs created');
-- gpt-4o: (2M - 1M cached) x 2.50 + 1M cached x 1.25 + 1M out x 10.00 = 2.50 + 1.25 + 10.00
select results_eq($$select cost_usd, cost_source from public.executions where run_key = 'p1' and workspace_id = (select workspace_id from ids limit 1)$$,
  $$values (13.750000::numeric(14,6), 'computed'::text)$$, 'a dated model name matches its pattern and is priced with cached tokens');
select is((select model_price_id from public.executions where run_key = 'p1' and workspace_id = (select workspace_id from ids limit 1)),
  (select id from public.model_prices where model_name = 'gpt-4o' and workspace_id is null), 'the computed cost names its price row');
select results_eq($$select cost_usd, cost_source from public.executions where run_key = 'p2' and workspace_id = (select workspace_id from ids limit 1)$$,
  $$values (0.5::numeric(14,6), 'reported'::text)$$, 'a reported cost is kept as reported');
select results_eq($$select cost_usd, cost_source from public.executions where run_key = 'p3' and workspace_id = (select workspace_id from ids limit 1)$$,
  $$values (0::numeric(14,6), 'none'::text)$$, 'a model without a price has no cost, and says so');

-- TEST: a workspace price overrides the global one
insert into public.model_prices (workspace_id, model_name, model_pattern, input_per_mtok, output_per_mtok)
select workspace_id, 'negotiated gpt-4o', '^gpt-4o$', 1, 1 from ids limit 1;
select is((pg_temp.ingest('ing-agent', '[{"run_key": "p5", "status": "succeeded", "model": "gpt-4o", "tokens_in": 1000000}]') -> 'runs' -> 0 ->> 'cost_usd')::numeric,
  1.0, 'a workspace price overrides the global price');

-- TEST: idempotency and the merge rules
select is((pg_temp.ingest('ing-agent', '[{"run_key": "p4", "status": "running"}]') ->> 'updated')::int, 1, 'the same run_key again is an update');
select is((select count(*) from public.executions where run_key = 'p4'), 1::bigint, 'still one run');
select pg_temp.ingest('ing-agent', '[{"run_key": "p4", "status": "succeeded", "tokens_in": 5, "output": {"ok": true}}]');
select pg_temp.ingest('ing-agent', '[{"run_key": "p4", "status": "running", "tokens_in": 1, "output": {"ok": false}}]');
select results_eq($$select status, tokens_in, output from public.executions where run_key = 'p4'$$,
  $$values ('succeeded'::text, 5, '{"ok": true}'::jsonb)$$, 'a late older status changes neither the status nor the values');

-- TEST: usage counts the change, so a retry consumes no tokens; each run on the day it started
select is((select sum(tokens_used) from public.agent_usage u join ids i on i.agent_id = u.agent_id where i.slug = 'ing-agent'),
  (select sum(tokens_in + tokens_out) from public.executions e join ids i on i.agent_id = e.agent_id where i.slug = 'ing-agent')::numeric,
  'agent_usage tokens equal the sum over the runs');
select is((select tokens_used from public.agent_usage u join ids i on i.agent_id = u.agent_id where i.slug = 'ing-agent' and u.date = '2026-11-01'),
  3000000::bigint, 'a run is booked on the UTC day it started, not the day it was reported');
select is((select sum(requests_count) from public.agent_usage u join ids i on i.agent_id = u.agent_id where i.slug = 'ing-agent'), 5::bigint, 'one request per call');

-- TEST: bad input writes nothing and names the field
select throws_ok($$select pg_temp.ingest('ing-agent', '[{"run_key": "n1", "status": "succeeded"}, {"run_key": "n2", "status": "succeeded", "tokens_in": -1}]')$$,
  'AO422', 'runs.1.tokens_in: token counts cannot be negative', 'negative tokens are refused naming runs.1.tokens_in');
select throws_ok($$select pg_temp.ingest('ing-agent', '[{"run_key": "n3", "status": "succeeded", "parent_run_key": "ghost"}]')$$,
  'AO422', 'runs.0.parent_run_key: no such run in this workspace', 'an unknown parent is refused');
select throws_ok($$select pg_temp.ingest('ing-agent', '[{"run_key": "n4", "status": "succeeded", "spans": [{"span_key": "a", "parent_span_key": "b", "kind": "llm", "name": "x", "started_at": "2026-01-01T00:00:00Z"}]}]')$$,
  'AO422', 'runs.0.spans.0.parent_span_key: no span with this key in the run', 'a span with a missing parent is refused');
select throws_ok($$select pg_temp.ingest('ing-other', '[{"run_key": "p1", "status": "succeeded"}]')$$,
  'AO409', 'runs.0.run_key: belongs to a run of another agent', 'another agent''s run_key is refused');
select is((select count(*) from public.executions where run_key like 'n%' and workspace_id = (select workspace_id from ids limit 1)), 0::bigint, 'nothing of the refused batches was written');

-- TEST: over the daily token limit, runs that happened are stored, marked and counted (authorize is the gate)
update public.agents set tokens_per_day = (select tokens_used from public.agent_usage u join ids i on i.agent_id = u.agent_id
  where i.slug = 'ing-agent' and u.date = private.utc_today()) + 10
where slug = 'ing-agent';
select lives_ok($$select pg_temp.ingest('ing-agent', '[{"run_key": "q2", "status": "succeeded", "tokens_in": 10}]')$$, 'exactly up to the quota is accepted');
select is((pg_temp.ingest('ing-agent', '[{"run_key": "q1", "status": "succeeded", "tokens_in": 11}]') -> 'runs' -> 0 ->> 'over_limit'),
  'tokens_per_day', 'over the daily token quota the run is stored and marked over_limit');
select results_eq($$select e.over_limit, u.tokens_used - a.tokens_per_day from public.executions e join public.agents a on a.id = e.agent_id
    join public.agent_usage u on u.agent_id = a.id and u.date = private.utc_today() where e.run_key = 'q1'$$,
  $$values ('tokens_per_day'::text, 11::bigint)$$, 'the run is counted in agent_usage beyond the limit');

-- TEST: revoked keys cannot ingest
update public.agent_api_keys set revoked_at = now() where id = (select key_id from ids where slug = 'ing-other');
select throws_ok($$select pg_temp.ingest('ing-other', '[{"run_key": "r1", "status": "running"}]')$$, 'AO401', null, 'a revoked key cannot ingest');

-- TEST: the caller is the transaction's claims, never an argument
select throws_ok($$select private.ingest_runs('[{"run_key": "c1", "status": "running"}]')$$, 'AO401', null, 'no claims: refused');
select set_config('request.jwt.claims', '{"sub": "41000000-0000-4000-a000-000000000001", "role": "authenticated"}', true);
select throws_ok($$select private.ingest_runs('[{"run_key": "c1", "status": "running"}]')$$, 'AO401', null, 'a person''s claims: refused');
select throws_ok($$select tests.ingest_runs((select agent_id from ids where slug = 'ing-agent'), (select key_id from ids where slug = 'ing-other'),
  '[{"run_key": "c1", "status": "running"}]')$$, 'AO401', null, 'an agent''s claims with another agent''s key: refused');
select set_config('request.jwt.claims', (tests.agent_claims((select agent_id from ids where slug = 'ing-agent')) || '{"workspace_id": "41000000-0000-4000-b000-00000000ffff"}')::text, true);
select throws_ok($$select private.ingest_runs('[{"run_key": "c1", "status": "running"}]')$$, 'AO401', null, 'claims naming another workspace: refused');
select is((select count(*) from public.executions where run_key = 'c1'), 0::bigint, '... and nothing was written');

select * from finish();
rollback;
