-- Exact values or a 422 naming the field: timestamps are stored exactly as sent or refused
-- (window 2000-01-01 .. now + 1 day, configurable), span parents never form a cycle, and the
-- same holds for clients writing SQL.
begin;
select plan(13);

-- SETUP
select tests.create_user('exact@test.local', '44000000-0000-4000-a000-000000000001');
select tests.create_workspace('exact', '44000000-0000-4000-a000-000000000001');
select tests.create_agent((select id from public.workspaces where slug = 'exact'), 'exact-agent');
create temporary table ids on commit drop as
select a.id as agent_id, k.id as key_id, a.workspace_id from public.agents a join public.agent_api_keys k on k.agent_id = a.id
where a.slug = 'exact-agent';
create function pg_temp.ingest(runs jsonb) returns jsonb language sql as $$
  select tests.ingest_runs(i.agent_id, i.key_id, runs) from ids i
$$;

-- TEST: timestamps outside the window are refused, naming the field
select throws_like($$select pg_temp.ingest('[{"run_key": "t1", "status": "succeeded", "started_at": "0001-01-01T00:00:00Z"}]')$$,
  'runs.0.started_at: must be between %', 'year 1 is refused, not stored as 2001');
select throws_like($$select pg_temp.ingest('[{"run_key": "t2", "status": "succeeded", "started_at": "2200-01-01T00:00:00Z"}]')$$,
  'runs.0.started_at: must be between %', 'year 2200 is refused');
select throws_like($$select pg_temp.ingest('[{"run_key": "t3", "status": "succeeded", "started_at": "2026-01-01T00:00:00Z", "ended_at": "9999-01-01T00:00:00Z"}]')$$,
  'runs.0.ended_at: must be between %', 'year 9999 is refused');
select throws_ok($$select pg_temp.ingest('[{"run_key": "t4", "status": "succeeded", "started_at": "2026-01-01T00:00:00.1234567Z"}]')$$,
  'AO422', 'runs.0.started_at: has more than 6 fractional digits (microseconds are the finest stored)', 'finer than microseconds is refused, not rounded');
select is((select count(*) from public.executions where workspace_id = (select workspace_id from ids)), 0::bigint, 'nothing was written');

-- TEST: what is accepted is stored exactly
select pg_temp.ingest('[{"run_key": "ok", "status": "succeeded", "started_at": "2000-01-01T02:00:00.123456+02:00", "ended_at": "2026-11-30T23:59:59.999999Z"}]');
select results_eq($$select started_at, ended_at from public.executions where run_key = 'ok' and workspace_id = (select workspace_id from ids)$$,
  $$values ('2000-01-01T00:00:00.123456Z'::timestamptz, '2026-11-30T23:59:59.999999Z'::timestamptz)$$, 'timestamps are stored to the microsecond');
select throws_ok($$select pg_temp.ingest('[{"run_key": "early", "status": "succeeded", "started_at": "1999-12-31T23:59:59Z"}]')$$,
  'AO422', null, 'one second before the window is refused');

-- TEST: the window is configurable
set local agentops.min_timestamp = '1990-01-01';
select lives_ok($$select pg_temp.ingest('[{"run_key": "nineties", "status": "succeeded", "started_at": "1995-06-01T00:00:00Z"}]')$$,
  'agentops.min_timestamp widens the window');
reset agentops.min_timestamp;

-- TEST: SQL clients get the same rule, naming the column
select throws_ok($$insert into public.executions (workspace_id, agent_id, run_key, status, started_at)
  select workspace_id, agent_id, 'sql-old', 'running', '1970-01-01' from ids$$,
  'AO422', null, 'a direct insert outside the window is refused');

-- TEST: span parents never form a cycle
select throws_ok($$select pg_temp.ingest('[{"run_key": "cyc", "status": "succeeded", "started_at": "2026-11-01T00:00:00Z", "spans": [
  {"span_key": "a", "parent_span_key": "b", "kind": "llm", "name": "a", "started_at": "2026-11-01T00:00:00Z"},
  {"span_key": "b", "parent_span_key": "a", "kind": "llm", "name": "b", "started_at": "2026-11-01T00:00:00Z"}]}]')$$,
  'AO422', 'runs.0.spans.0.parent_span_key: the span would be its own ancestor (parents form a cycle)', 'a -> b, b -> a is refused');
select pg_temp.ingest('[{"run_key": "tree", "status": "running", "started_at": "2026-11-01T00:00:00Z", "spans": [
  {"span_key": "root", "kind": "llm", "name": "root", "started_at": "2026-11-01T00:00:00Z"},
  {"span_key": "child", "parent_span_key": "root", "kind": "tool", "name": "child", "started_at": "2026-11-01T00:00:01Z"}]}]');
select throws_ok($$select pg_temp.ingest('[{"run_key": "tree", "spans": [
  {"span_key": "root", "parent_span_key": "child", "kind": "llm", "name": "root", "started_at": "2026-11-01T00:00:00Z"}]}]')$$,
  'AO422', null, 'a cycle through a span stored before is refused too');
select throws_like($$select pg_temp.ingest('[{"run_key": "tree", "spans": [
  {"span_key": "late", "kind": "llm", "name": "x", "started_at": "2300-01-01T00:00:00Z"}]}]')$$,
  'runs.0.spans.0.started_at: must be between %', 'a span timestamp outside the window is refused');
select is((select count(*) from public.execution_spans s join public.executions e on e.id = s.execution_id where e.run_key = 'tree'), 2::bigint,
  'the stored tree is unchanged');

select * from finish();
rollback;
