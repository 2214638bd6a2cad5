-- Usage from every source, on the right day (issue 16): the same work reported through ingest,
-- OTLP (ingest with source otel), authorize then ingest, an n8n-shaped write, and a plain SQL
-- insert counts once in agent_usage on the UTC day each run started; a late correction moves its
-- own day; the n8n workflow counters follow the runs the same way. One place does it: the trigger
-- on executions.
begin;
select plan(12);

-- SETUP: one agent per path, the same work for each
set local timezone = 'America/Los_Angeles'; -- UTC days whatever the session's zone
select tests.create_user('usage@test.local', '45000000-0000-4000-a000-000000000001');
select tests.create_agent(tests.create_workspace('usage-' || p, '45000000-0000-4000-a000-000000000001'), p)
from unnest(array['via-ingest', 'via-otel', 'via-authorize', 'via-n8n', 'via-sql']) p;
update public.agents set tokens_per_day = 1000000, cost_per_month = 1000 where slug like 'via-%';
insert into public.workflows (workspace_id, agent_id, name, n8n_workflow_id, status)
select a.workspace_id, a.id, 'wf ' || a.slug, 'wf-' || a.slug, 'active' from public.agents a where a.slug = 'via-n8n';
create temporary table ids on commit drop as
select a.id as agent_id, k.id as key_id, a.workspace_id as ws, a.slug from public.agents a join public.agent_api_keys k on k.agent_id = a.id
where a.slug like 'via-%';
create function pg_temp.ingest(slug text, runs jsonb, source text default 'agent') returns jsonb language sql as $$
  select tests.ingest_runs(i.agent_id, i.key_id, runs, source) from ids i where i.slug = ingest.slug
$$;

-- the work: r1 just before midnight UTC; r2 just after, reported running then finished with more
-- tokens; r3 first reported on the wrong day, its start corrected while it still ran
create function pg_temp.report(slug text, source text default 'agent') returns void language plpgsql as $$
begin
  perform pg_temp.ingest(slug, '[{"run_key": "r1", "status": "succeeded", "started_at": "2026-11-30T23:59:50Z", "tokens_in": 60, "tokens_out": 40, "cost_usd": 0.1}]', source);
  perform pg_temp.ingest(slug, '[{"run_key": "r2", "status": "running", "started_at": "2026-12-01T00:00:10Z", "tokens_in": 50, "cost_usd": 0.05}]', source);
  perform pg_temp.ingest(slug, '[{"run_key": "r3", "status": "running", "started_at": "2026-12-01T12:00:00Z", "tokens_in": 10, "cost_usd": 0.01}]', source);
  perform pg_temp.ingest(slug, '[{"run_key": "r2", "status": "succeeded", "tokens_in": 70, "cost_usd": 0.07}]', source);
  perform pg_temp.ingest(slug, '[{"run_key": "r3", "status": "failed", "started_at": "2026-11-30T12:00:00Z"}]', source);
  perform pg_temp.ingest(slug, '[{"run_key": "r1", "status": "succeeded"}]', source); -- a retry counts nothing twice
end;
$$;
create function pg_temp.write_sql(slug text, source text) returns void language plpgsql as $$
declare
  v ids%rowtype;
  v_wf uuid;
begin
  select * into v from ids where ids.slug = write_sql.slug;
  select w.id into v_wf from public.workflows w where w.agent_id = v.agent_id;
  insert into public.executions (workspace_id, agent_id, run_key, source, workflow_id, status, started_at, tokens_in, tokens_out, cost_usd, cost_source)
  values (v.ws, v.agent_id, 'r1', source, v_wf, 'succeeded', '2026-11-30T23:59:50Z', 60, 40, 0.1, 'reported'),
         (v.ws, v.agent_id, 'r2', source, v_wf, 'running', '2026-12-01T00:00:10Z', 50, 0, 0.05, 'reported');
  insert into public.executions (workspace_id, agent_id, run_key, source, workflow_id, status, started_at, tokens_in, cost_usd, cost_source)
  values (v.ws, v.agent_id, 'r3', source, v_wf, 'running', '2026-12-01T12:00:00Z', 10, 0.01, 'reported');
  update public.executions set status = 'succeeded', tokens_in = 70, cost_usd = 0.07 where workspace_id = v.ws and agent_id = v.agent_id and run_key = 'r2';
  update public.executions set status = 'failed', started_at = '2026-11-30T12:00:00Z' where workspace_id = v.ws and agent_id = v.agent_id and run_key = 'r3';
end;
$$;

select pg_temp.report('via-ingest');
select pg_temp.report('via-otel', 'otel');
-- authorize opens r1..r3 (allowed at level 1), ingest then reports them
select tests.authorize(i.agent_id, i.key_id, jsonb_build_object('tool', 'openai-api', 'action', 'generate:text',
  'call_hash', repeat('a', 64), 'run_key', k)) from ids i, unnest(array['r1', 'r2', 'r3']) k where i.slug = 'via-authorize';
select pg_temp.report('via-authorize');
select pg_temp.write_sql('via-n8n', 'n8n');
select pg_temp.write_sql('via-sql', 'api');

create temporary table usage_by_path on commit drop as
select i.slug, u.date, u.tokens_used, u.cost_usd, u.runs_count
from ids i join public.agent_usage u on u.agent_id = i.agent_id
where u.runs_count <> 0 or u.tokens_used <> 0 or u.cost_usd <> 0; -- not the rows of requests alone

-- TEST: every path books the same usage on the days the runs started
select results_eq($$select date, tokens_used, cost_usd, runs_count from usage_by_path where slug = 'via-ingest' order by date$$,
  $$values ('2026-11-30'::date, 110::bigint, 0.110000::numeric(14,6), 2), ('2026-12-01', 70, 0.070000, 1)$$,
  'ingest: each run once, on the UTC day it started (late and corrected runs on their own day)');
select set_eq($$select date, tokens_used, cost_usd, runs_count from usage_by_path where slug = 'via-otel'$$,
  $$select date, tokens_used, cost_usd, runs_count from usage_by_path where slug = 'via-ingest'$$, 'OTLP books the same');
select set_eq($$select date, tokens_used, cost_usd, runs_count from usage_by_path where slug = 'via-authorize'$$,
  $$select date, tokens_used, cost_usd, runs_count from usage_by_path where slug = 'via-ingest'$$, 'authorize then ingest books the same (the run authorize opened counts once)');
select set_eq($$select date, tokens_used, cost_usd, runs_count from usage_by_path where slug = 'via-n8n'$$,
  $$select date, tokens_used, cost_usd, runs_count from usage_by_path where slug = 'via-ingest'$$, 'an n8n-shaped write books the same');
select set_eq($$select date, tokens_used, cost_usd, runs_count from usage_by_path where slug = 'via-sql'$$,
  $$select date, tokens_used, cost_usd, runs_count from usage_by_path where slug = 'via-ingest'$$, 'a direct SQL insert books the same');
select is((select sum(u.tokens_used) from public.agent_usage u join ids i on i.agent_id = u.agent_id),
  (select sum(e.tokens_in + e.tokens_out) from public.executions e join ids i on i.agent_id = e.agent_id)::numeric,
  'in all, agent_usage holds exactly the runs'' tokens');

-- TEST: deleting runs (retention) leaves usage alone
select set_config('agentops.retention', 'on', true);
delete from public.executions e using ids i where e.agent_id = i.agent_id and i.slug = 'via-sql' and e.run_key = 'r1';
select set_config('agentops.retention', '', true);
select set_eq($$select u.date, u.tokens_used, u.cost_usd, u.runs_count from public.agent_usage u join ids i on i.agent_id = u.agent_id where i.slug = 'via-sql' and u.runs_count <> 0$$,
  $$select date, tokens_used, cost_usd, runs_count from usage_by_path where slug = 'via-ingest'$$, 'a purged run stays counted');

-- TEST: the workflow counters follow the runs
select results_eq($$select w.execution_count, w.success_count, w.error_count from public.workflows w join ids i on i.agent_id = w.agent_id where i.slug = 'via-n8n'$$,
  $$select count(*)::int, (count(*) filter (where x.status = 'success'))::int, (count(*) filter (where x.status = 'error'))::int
    from public.workflow_executions x join public.workflows w on w.id = x.workflow_id join ids i on i.agent_id = w.agent_id where i.slug = 'via-n8n'$$,
  'execution, success and error counts equal the runs in workflow_executions');
update public.executions e set workflow_id = null from ids i where e.agent_id = i.agent_id and i.slug = 'via-n8n' and e.run_key = 'r3';
select is((select w.error_count from public.workflows w join ids i on i.agent_id = w.agent_id where i.slug = 'via-n8n'), 0,
  'a run moved off the workflow leaves its counters');

-- TEST: over a limit, a run from any path is kept, marked, counted, and announced
insert into public.event_subscriptions (workspace_id, name, channel, target, event_types)
select (select ws from ids where slug = 'via-sql'), 'usage hook', 'webhook', 'https://hooks.example.test/usage', array['quota.breached', 'budget.breached'];
update public.agents set tokens_per_day = 100 where slug = 'via-sql';
insert into public.executions (workspace_id, agent_id, run_key, source, status, started_at, tokens_in)
select ws, agent_id, 'over', 'api', 'succeeded', '2026-11-30T20:00:00Z', 5 from ids where slug = 'via-sql';
select is((select over_limit from public.executions e join ids i on i.agent_id = e.agent_id where i.slug = 'via-sql' and e.run_key = 'over'),
  'tokens_per_day', 'the run is stored and marked');
select is((select count(*) from public.deliveries d where d.workspace_id = (select ws from ids where slug = 'via-sql') and d.event_type = 'quota.breached'), 1::bigint,
  'quota.breached is queued once');
insert into public.executions (workspace_id, agent_id, run_key, source, status, started_at, tokens_in)
select ws, agent_id, 'over2', 'api', 'succeeded', '2026-11-30T21:00:00Z', 5 from ids where slug = 'via-sql';
select is((select count(*) from public.deliveries d where d.workspace_id = (select ws from ids where slug = 'via-sql') and d.event_type = 'quota.breached'), 1::bigint,
  'and not again for the same agent and day');

select * from finish();
rollback;
