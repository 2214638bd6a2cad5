-- Routing memory in the database: route() over SQL (what PostgREST calls) uses the HNSW index,
-- answers under RLS, and a decision's outcome follows its run through any path and outlives the
-- run when retention deletes it.
begin;
select plan(7);

-- SETUP: a workspace with a router and two agents; 300 past decisions with embeddings
select tests.create_user('owner@routing.test', '6b000000-0000-4000-a000-000000000001');
select tests.create_user('outsider@routing.test', '6b000000-0000-4000-a000-000000000002');
select tests.create_workspace('routing', '6b000000-0000-4000-a000-000000000001');
select tests.create_workspace('routing-other', '6b000000-0000-4000-a000-000000000002');
select tests.create_agent((select id from public.workspaces where slug = 'routing'), 'rt-router');
select tests.create_agent((select id from public.workspaces where slug = 'routing'), 'rt-writer');
select tests.create_agent((select id from public.workspaces where slug = 'routing'), 'rt-coder');

-- the writer's 150 tasks lie along one direction (1 in 5 failed; cost 0.01-0.03, 100 or 300 ms), the
-- coder's 150 along another
insert into public.routing_decisions (workspace_id, from_agent_id, selected_agent_id, query_text, embedding, outcome_status, outcome_cost_usd, outcome_duration_ms)
select w.id, r.id, case when g % 2 = 0 then wr.id else co.id end, 'task ' || g,
  (select array_agg(case when (g % 2 = 0 and i <= 8) or (g % 2 = 1 and i between 9 and 16) then 1 else 0 end)
   from generate_series(1, 1536) i)::extensions.vector,
  case when g % 10 = 0 then 'failed' else 'succeeded' end, 0.01 * (1 + g % 3), 100 * (1 + g % 4)
from public.workspaces w
join public.agents r on r.workspace_id = w.id and r.slug = 'rt-router'
join public.agents wr on wr.workspace_id = w.id and wr.slug = 'rt-writer'
join public.agents co on co.workspace_id = w.id and co.slug = 'rt-coder'
cross join generate_series(1, 300) g
where w.slug = 'routing';
analyze public.routing_decisions;

create temporary table q as
select (select array_agg(case when i <= 8 then 1 else 0 end) from generate_series(1, 1536) i)::extensions.vector as v;
grant select on q to authenticated;

-- TEST: the nearest-neighbour step route() runs can be answered by the HNSW index (at 300 rows
-- the planner rightly sorts; scans and sorts are switched off to see that the index fits the query:
-- operator class, order, filters. At scale the benchmark's recall below 1 shows the index at work.)
create function pg_temp.plan_text() returns text language plpgsql as $$
declare v text := ''; r record;
begin
  for r in execute 'explain select r.id from public.routing_decisions r where r.embedding is not null and r.selected_agent_id is not null
      order by r.embedding operator(extensions.<=>) (select v from pg_temp.q) limit 50' loop
    v := v || r."QUERY PLAN" || E'\n';
  end loop;
  return v;
end $$;
set local enable_seqscan = off;
set local enable_bitmapscan = off;
set local enable_sort = off;
select ok(pg_temp.plan_text() like '%routing_decisions_embedding_idx%', 'the nearest decisions come from the HNSW index');
reset enable_seqscan;
reset enable_bitmapscan;
reset enable_sort;

-- TEST: as the owner, over SQL: the writer first for a writer-like task, with its record on those tasks
select tests.authenticate_as('6b000000-0000-4000-a000-000000000001');
select results_eq($$select a.slug::text, r.similar_tasks, r.finished, r.success_rate, r.avg_cost_usd, r.avg_duration_ms, r.best_similarity
    from public.route((select v from q), 150, 2) r join public.agents a on a.id = r.agent_id$$,
  $$values ('rt-writer'::text, 150, 150, 80.00::numeric, 0.020000::numeric, 200.0::numeric, 1::float8)$$,
  'route(): the 150 nearest are the writer''s tasks: 120 of 150 succeeded, mean cost and latency, similarity 1');
-- TEST: another workspace's member gets nothing
select tests.authenticate_as('6b000000-0000-4000-a000-000000000002');
select is((select count(*) from public.route((select v from q))), 0::bigint, 'RLS: nothing of another workspace');
select tests.clear_authentication();

-- TEST: an outcome follows the run, and the decision outlives the run's deletion by retention
insert into public.executions (workspace_id, agent_id, run_key, status, started_at)
select a.workspace_id, a.id, 'rt-run', 'running', now() - interval '100 days' from public.agents a where a.slug = 'rt-writer';
insert into public.routing_decisions (workspace_id, execution_id, selected_agent_id, query_text)
select e.workspace_id, e.id, e.agent_id, 'the routed task' from public.executions e where e.run_key = 'rt-run';
update public.executions set status = 'succeeded', cost_usd = 0.5, ended_at = started_at + interval '2 seconds' where run_key = 'rt-run';
select results_eq($$select outcome_status, outcome_cost_usd::float8, outcome_duration_ms from public.routing_decisions where query_text = 'the routed task'$$,
  $$values ('succeeded'::text, 0.5::float8, 2000)$$, 'the decision keeps its run''s status, cost and latency');
select private.archive_old_traces(now(), 100000);
select private.apply_retention('retention-successful-runs', now(), 100000);
select is((select count(*) from public.executions where run_key = 'rt-run'), 0::bigint, 'retention deleted the run');
select results_eq($$select outcome_status, exists (select 1 from public.execution_traces_archive a where a.execution_id = d.execution_id)
    from public.routing_decisions d where query_text = 'the routed task'$$,
  $$values ('succeeded'::text, true)$$, 'the decision stays, with its outcome, naming the run the archive keeps');
select is((select count(*) from public.routing_decisions d join public.workspaces w on w.id = d.workspace_id where w.slug = 'routing'), 301::bigint,
  'no decision was lost');

select * from finish();
rollback;
