-- private.ingest_spans (20261122001500_create_ingest_functions.sql: set-based parents,
-- duplicate check by window function, stored spans by index probe): the same answers as before
-- for parents within the batch and stored earlier, duplicates, missing parents and retries.
begin;
select plan(9);

-- SETUP
select tests.create_user('spans@test.local', '47000000-0000-4000-a000-000000000001');
select tests.create_workspace('spans', '47000000-0000-4000-a000-000000000001');
select tests.create_agent((select id from public.workspaces where slug = 'spans'), 'spans-agent');
create temporary table ids on commit drop as
select a.id as agent_id, k.id as key_id, a.workspace_id from public.agents a join public.agent_api_keys k on k.agent_id = a.id
where a.slug = 'spans-agent';
create function pg_temp.ingest(runs jsonb) returns jsonb language sql as $$
  select tests.ingest_runs(i.agent_id, i.key_id, runs) from ids i
$$;
create function pg_temp.span(run_key text, span_key text) returns public.execution_spans language sql as $$
  select s.* from public.execution_spans s join public.executions e on e.id = s.execution_id
  where e.workspace_id = (select workspace_id from ids) and e.run_key = span.run_key and s.span_key = span.span_key
$$;

-- TEST: parents resolve within the run, whatever the order of the spans in the batch
select lives_ok($$select pg_temp.ingest('[
  {"run_key": "t1", "status": "running", "spans": [
    {"span_key": "child", "parent_span_key": "root", "kind": "llm", "name": "chat", "started_at": "2026-11-01T00:00:01Z"},
    {"span_key": "root", "kind": "agent", "name": "run", "started_at": "2026-11-01T00:00:00Z"},
    {"span_key": "grandchild", "parent_span_key": "child", "kind": "tool", "name": "search", "started_at": "2026-11-01T00:00:02Z"}]},
  {"run_key": "t2", "status": "running", "spans": [
    {"span_key": "root", "kind": "agent", "name": "run", "started_at": "2026-11-01T00:00:00Z"},
    {"span_key": "child", "parent_span_key": "root", "kind": "llm", "name": "chat", "started_at": "2026-11-01T00:00:01Z"}]}
]')$$, 'a batch of two runs with nested spans is stored');
select is((pg_temp.span('t1', 'child')).parent_span_id, (pg_temp.span('t1', 'root')).id, 'a parent listed after its child is found');
select is((pg_temp.span('t1', 'grandchild')).parent_span_id, (pg_temp.span('t1', 'child')).id, 'a chain of parents resolves');
select is((pg_temp.span('t2', 'child')).parent_span_id, (pg_temp.span('t2', 'root')).id, 'the same span keys in another run resolve within that run');

-- TEST: a span added later finds its parent among the stored spans; a retry keeps the span ids
create temporary table before_retry on commit drop as select (pg_temp.span('t1', 'root')).id as root_id, (pg_temp.span('t1', 'child')).id as child_id;
select lives_ok($$select pg_temp.ingest('[{"run_key": "t1", "spans": [
  {"span_key": "late", "parent_span_key": "root", "kind": "tool", "name": "fetch", "started_at": "2026-11-01T00:00:03Z"},
  {"span_key": "child", "parent_span_key": "root", "kind": "llm", "name": "chat", "status": "ok", "started_at": "2026-11-01T00:00:01Z"}]}]')$$,
  'spans are added to a stored run');
select is((pg_temp.span('t1', 'late')).parent_span_id, (select root_id from before_retry), 'a new span finds a stored parent');
select is((pg_temp.span('t1', 'child')).id, (select child_id from before_retry), 'a span sent again keeps its id');

-- TEST: bad input is refused naming the span, as before
select throws_ok($$select pg_temp.ingest('[{"run_key": "t3", "status": "running", "spans": [
  {"span_key": "a", "kind": "llm", "name": "x", "started_at": "2026-11-01T00:00:00Z"},
  {"span_key": "b", "kind": "llm", "name": "x", "started_at": "2026-11-01T00:00:00Z"},
  {"span_key": "a", "kind": "llm", "name": "x", "started_at": "2026-11-01T00:00:00Z"}]}]')$$,
  'AO422', 'runs.0.spans.2.span_key: appears twice in the run', 'the second occurrence of a span key is refused');
select throws_ok($$select pg_temp.ingest('[{"run_key": "t4", "status": "running", "spans": [
  {"span_key": "a", "parent_span_key": "root", "kind": "llm", "name": "x", "started_at": "2026-11-01T00:00:00Z"}]},
  {"run_key": "t5", "status": "running", "spans": [{"span_key": "root", "kind": "agent", "name": "x", "started_at": "2026-11-01T00:00:00Z"}]}]')$$,
  'AO422', 'runs.0.spans.0.parent_span_key: no span with this key in the run', 'a parent in another run of the batch does not count');

select * from finish();
rollback;
