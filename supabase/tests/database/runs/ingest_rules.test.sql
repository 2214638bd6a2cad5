-- The rules private.ingest_runs checks set-based for a whole batch (20261122001500): a run_key
-- twice in the batch, a parent run of another workspace, span cycles within a batch and through
-- stored spans re-sent with a new parent, and the price of each run (private.find_model_price's
-- rule, applied with each pattern matched once per model of the batch). Each test fails if its
-- rule is dropped.
begin;
select plan(16);

-- SETUP
select tests.create_user('rules@test.local', '48000000-0000-4000-a000-000000000001');
select tests.create_workspace('rules', '48000000-0000-4000-a000-000000000001');
select tests.create_workspace('rules-other', '48000000-0000-4000-a000-000000000001');
select tests.create_agent((select id from public.workspaces where slug = 'rules'), 'rules-agent');
select tests.create_agent((select id from public.workspaces where slug = 'rules-other'), 'rules-stranger');
update public.agents set tokens_per_day = 1000000000000, cost_per_month = 1000000 where slug in ('rules-agent', 'rules-stranger');
create temporary table ids on commit drop as
select a.id as agent_id, k.id as key_id, a.workspace_id, a.slug from public.agents a join public.agent_api_keys k on k.agent_id = a.id
where a.slug in ('rules-agent', 'rules-stranger');
create function pg_temp.ingest(slug text, runs jsonb) returns jsonb language sql as $$
  select tests.ingest_runs(i.agent_id, i.key_id, runs) from ids i where i.slug = ingest.slug
$$;
create function pg_temp.runs() returns bigint language sql as $$
  select count(*) from public.executions where workspace_id = (select workspace_id from ids where slug = 'rules-agent')
$$;

-- TEST: a run_key twice in the batch is refused at its second occurrence, nothing written
select throws_ok($$select pg_temp.ingest('rules-agent', '[
  {"run_key": "d1", "status": "running"}, {"run_key": "d2", "status": "running"}, {"run_key": "d1", "status": "succeeded"}]')$$,
  'AO422', 'runs.2.run_key: appears twice in the batch', 'the second occurrence of a run_key is named');
select is(pg_temp.runs(), 0::bigint, 'nothing was written');

-- TEST: a parent run must be in the caller's workspace: another workspace's run_key is unknown
select pg_temp.ingest('rules-stranger', '[{"run_key": "theirs", "status": "succeeded"}]');
select throws_ok($$select pg_temp.ingest('rules-agent', '[{"run_key": "mine", "status": "succeeded", "parent_run_key": "theirs"}]')$$,
  'AO422', 'runs.0.parent_run_key: no such run in this workspace', 'a parent in another workspace is refused');
select is(pg_temp.runs(), 0::bigint, 'nothing was written');

-- TEST: a cycle of three spans in the second run of a batch is refused, naming the first span on it
select throws_ok($$select pg_temp.ingest('rules-agent', '[
  {"run_key": "c0", "status": "running", "spans": [{"span_key": "a", "kind": "llm", "name": "a", "started_at": "2026-11-01T00:00:00Z"}]},
  {"run_key": "c1", "status": "running", "spans": [
    {"span_key": "root", "kind": "agent", "name": "root", "started_at": "2026-11-01T00:00:00Z"},
    {"span_key": "x", "parent_span_key": "z", "kind": "llm", "name": "x", "started_at": "2026-11-01T00:00:00Z"},
    {"span_key": "y", "parent_span_key": "x", "kind": "llm", "name": "y", "started_at": "2026-11-01T00:00:00Z"},
    {"span_key": "z", "parent_span_key": "y", "kind": "llm", "name": "z", "started_at": "2026-11-01T00:00:00Z"}]}]')$$,
  'AO422', 'runs.1.spans.1.parent_span_key: the span would be its own ancestor (parents form a cycle)', 'x -> z -> y -> x within a batch is refused');
select is(pg_temp.runs(), 0::bigint, 'nothing was written');

-- TEST: a cycle through a stored span, a re-sent stored span and a new span is refused
select pg_temp.ingest('rules-agent', '[{"run_key": "t", "status": "running", "spans": [
  {"span_key": "root", "kind": "agent", "name": "root", "started_at": "2026-11-01T00:00:00Z"},
  {"span_key": "child", "parent_span_key": "root", "kind": "llm", "name": "child", "started_at": "2026-11-01T00:00:01Z"}]}]');
-- root (re-sent) -> mid (new) -> child (stored, not re-sent) -> root
select throws_ok($$select pg_temp.ingest('rules-agent', '[{"run_key": "t", "spans": [
  {"span_key": "mid", "parent_span_key": "child", "kind": "tool", "name": "mid", "started_at": "2026-11-01T00:00:02Z"},
  {"span_key": "root", "parent_span_key": "mid", "kind": "agent", "name": "root", "started_at": "2026-11-01T00:00:00Z"}]}]')$$,
  'AO422', 'runs.0.spans.0.parent_span_key: the span would be its own ancestor (parents form a cycle)',
  'a cycle closed by a stored span the batch does not send is refused');
select results_eq($$select s.span_key, p.span_key from public.execution_spans s join public.executions e on e.id = s.execution_id
    left join public.execution_spans p on p.id = s.parent_span_id where e.run_key = 't' order by s.span_key$$,
  $$values ('child'::text, 'root'::text), ('root', null)$$, 'the stored tree is unchanged');

-- TEST: new spans under stored ones, and a stored span re-sent under a new parent without a cycle, are accepted
select lives_ok($$select pg_temp.ingest('rules-agent', '[{"run_key": "t", "spans": [
  {"span_key": "top", "kind": "agent", "name": "top", "started_at": "2026-11-01T00:00:00Z"},
  {"span_key": "root", "parent_span_key": "top", "kind": "agent", "name": "root", "started_at": "2026-11-01T00:00:00Z"},
  {"span_key": "leaf", "parent_span_key": "child", "kind": "tool", "name": "leaf", "started_at": "2026-11-01T00:00:02Z"}]}]')$$,
  'a re-sent span moves under a new span, a new span hangs under a stored one');
select results_eq($$select s.span_key, p.span_key from public.execution_spans s join public.executions e on e.id = s.execution_id
    left join public.execution_spans p on p.id = s.parent_span_id where e.run_key = 't' order by s.span_key$$,
  $$values ('child'::text, 'root'::text), ('leaf', 'child'), ('root', 'top'), ('top', null)$$, 'the tree is as sent');

-- TEST: each run is priced as private.find_model_price prices it: a workspace's own price over the
-- list price from its valid_from on, the longest pattern first, another workspace's price never
insert into public.model_prices (workspace_id, model_name, model_pattern, input_per_mtok, output_per_mtok, valid_from, valid_to)
select w.id, 'rules haiku', '^claude-3-5-haiku', 0.50, 2.50, '2026-11-10', '2026-11-20' from public.workspaces w where w.slug = 'rules';
insert into public.model_prices (workspace_id, model_name, model_pattern, input_per_mtok, output_per_mtok, valid_from)
select w.id, 'rules haiku dated', '^claude-3-5-haiku-2024', 0.30, 1.50, '2026-11-10' from public.workspaces w where w.slug = 'rules';
insert into public.model_prices (workspace_id, model_name, model_pattern, input_per_mtok, output_per_mtok, valid_from)
select w.id, 'stranger haiku', '^claude', 9.00, 9.00, '2000-01-01' from public.workspaces w where w.slug = 'rules-other';
select pg_temp.ingest('rules-agent', '[
  {"run_key": "m1", "status": "succeeded", "model": "claude-3-5-haiku", "tokens_in": 1000000, "tokens_out": 1000000, "started_at": "2026-11-01T00:00:00Z"},
  {"run_key": "m2", "status": "succeeded", "model": "claude-3-5-haiku", "tokens_in": 1000000, "tokens_out": 1000000, "started_at": "2026-11-12T00:00:00Z"},
  {"run_key": "m3", "status": "succeeded", "model": "claude-3-5-haiku", "tokens_in": 1000000, "tokens_out": 1000000, "started_at": "2026-11-25T00:00:00Z"},
  {"run_key": "m4", "status": "succeeded", "model": "claude-3-5-haiku-20241022", "tokens_in": 1000000, "tokens_out": 1000000, "started_at": "2026-11-12T00:00:00Z"},
  {"run_key": "m5", "status": "succeeded", "model": "claude-3-5-haiku-20241022", "tokens_in": 1000000, "tokens_out": 1000000, "started_at": "2026-11-01T00:00:00Z"},
  {"run_key": "m6", "status": "succeeded", "model": "CLAUDE-3-5-HAIKU", "tokens_in": 1000000, "started_at": "2026-11-12T00:00:00Z"},
  {"run_key": "m7", "status": "succeeded", "model": "claude-3-5-haiku", "tokens_in": 0, "tokens_out": 0, "started_at": "2026-11-12T00:00:00Z"},
  {"run_key": "m8", "status": "succeeded", "model": "no-such-model", "tokens_in": 10, "started_at": "2026-11-12T00:00:00Z"}
]');
select results_eq($$select e.run_key, e.cost_usd, e.cost_source, e.model_price_id from public.executions e
    where e.workspace_id = (select workspace_id from ids where slug = 'rules-agent') and e.run_key like 'm_' order by e.run_key$$,
  $$select e.run_key, coalesce(private.price_tokens(p, e.tokens_in, e.tokens_out, e.tokens_cached), 0)::numeric(14,6),
      case when p.id is null then 'none' else 'computed' end, p.id
    from public.executions e
    left join lateral (select f.* from private.find_model_price(e.workspace_id, e.model, e.started_at) f
      where e.tokens_in + e.tokens_out > 0) p on true
    where e.workspace_id = (select workspace_id from ids where slug = 'rules-agent') and e.run_key like 'm_' order by e.run_key$$,
  'every run is priced by find_model_price''s rule');
select results_eq($$select e.run_key, e.cost_usd from public.executions e
    where e.workspace_id = (select workspace_id from ids where slug = 'rules-agent') and e.run_key like 'm_' order by e.run_key$$,
  $$values ('m1'::text, 4.800000::numeric(14,6)), ('m2', 3.000000), ('m3', 4.800000), ('m4', 1.800000), ('m5', 4.800000),
    ('m6', 0.500000), ('m7', 0.000000), ('m8', 0.000000)$$,
  'list price before and after the workspace''s window, its price inside, its dated price for dated names');

-- TEST: a range error names the window (the message is built once per batch)
select throws_ok($$select pg_temp.ingest('rules-agent', '[{"run_key": "late", "status": "running", "started_at": "2300-01-01T00:00:00Z"}]')$$,
  'AO422', format('runs.0.started_at: must be between %s and %s', lower(private.accepted_time_range()), upper(private.accepted_time_range())),
  'a run outside the window names it');
select throws_ok($$select pg_temp.ingest('rules-agent', '[{"run_key": "t", "spans": [
  {"span_key": "late", "kind": "llm", "name": "x", "started_at": "2026-11-01T00:00:00Z", "ended_at": "2300-01-01T00:00:00Z"}]}]')$$,
  'AO422', format('runs.0.spans.0.ended_at: must be between %s and %s', lower(private.accepted_time_range()), upper(private.accepted_time_range())),
  'a span outside the window names it');

-- TEST: of several failed checks, the first in the documented order is named (runs, then spans)
select throws_ok($$select pg_temp.ingest('rules-agent', '[{"run_key": "o1", "status": "done", "started_at": "2026-11-02T00:00:00Z",
  "ended_at": "2026-11-01T00:00:00Z", "duration_ms": -1}]')$$,
  'AO422', 'runs.0.status: is not a run status', 'status is checked before the times');
select throws_ok($$select pg_temp.ingest('rules-agent', '[{"run_key": "o2", "status": "running", "spans": [
  {"span_key": "ok", "kind": "llm", "name": "x", "started_at": "2026-11-01T00:00:00Z"},
  {"span_key": "s", "parent_span_key": "ghost", "name": "x", "started_at": "2026-11-02T00:00:00Z", "ended_at": "2026-11-01T00:00:00Z"}]}]')$$,
  'AO422', 'runs.0.spans.1.kind: is required', 'kind is checked before the times and the parent');

select * from finish();
rollback;
