-- Agent chains from parent/child runs: paths, success, cost and duration per chain, the window,
-- removal of chains that no longer occur, who may read them; and the scheduled jobs exist.
begin;
select plan(12);

-- SETUP: agents a -> b -> c hand work on; runs in known trees
select tests.create_user('member@chain.test', '63000000-0000-4000-a000-000000000001');
select tests.create_user('outsider@chain.test', '63000000-0000-4000-a000-000000000002');
select tests.create_workspace('chain', '63000000-0000-4000-a000-000000000001');
select tests.create_workspace('chain-other', '63000000-0000-4000-a000-000000000002');
select tests.create_agent((select id from public.workspaces where slug = 'chain'), 'ca');
select tests.create_agent((select id from public.workspaces where slug = 'chain'), 'cb');
select tests.create_agent((select id from public.workspaces where slug = 'chain'), 'cc');

create function pg_temp.run(run_key text, agent text, parent text, status text, cost numeric, started timestamptz, ended timestamptz)
returns void language sql as $$
  insert into public.executions (workspace_id, agent_id, run_key, parent_execution_id, status, cost_usd, started_at, ended_at)
  select a.workspace_id, a.id, run.run_key, (select e.id from public.executions e where e.workspace_id = a.workspace_id and e.run_key = run.parent),
    run.status, run.cost, run.started, run.ended
  from public.agents a where a.slug = run.agent
$$;

-- tree 1: a1 -> b1 -> c1 (all succeed: 1 + 2 + 3 = $6, from 0 s to 60 s)
select pg_temp.run('a1', 'ca', null, 'succeeded', 1, now() - interval '2 days', now() - interval '2 days' + interval '10 seconds');
select pg_temp.run('b1', 'cb', 'a1', 'succeeded', 2, now() - interval '2 days' + interval '10 seconds', now() - interval '2 days' + interval '30 seconds');
select pg_temp.run('c1', 'cc', 'b1', 'succeeded', 3, now() - interval '2 days' + interval '30 seconds', now() - interval '2 days' + interval '60 seconds');
-- tree 2: a2 -> b2 -> c2 (c2 fails: $6, 0 s to 120 s) and a branch a2 -> c3 (succeeds: 1 + 4 = $5, 0 s to 40 s)
select pg_temp.run('a2', 'ca', null, 'succeeded', 1, now() - interval '26 hours', now() - interval '26 hours' + interval '10 seconds');
select pg_temp.run('b2', 'cb', 'a2', 'succeeded', 2, now() - interval '26 hours' + interval '10 seconds', now() - interval '26 hours' + interval '30 seconds');
select pg_temp.run('c2', 'cc', 'b2', 'failed', 3, now() - interval '26 hours' + interval '30 seconds', now() - interval '26 hours' + interval '120 seconds');
select pg_temp.run('c3', 'cc', 'a2', 'succeeded', 4, now() - interval '26 hours' + interval '10 seconds', now() - interval '26 hours' + interval '40 seconds');
-- tree 3: a3 -> b3, b3 still running: not counted
select pg_temp.run('a3', 'ca', null, 'succeeded', 1, now() - interval '3 hours', now() - interval '3 hours');
select pg_temp.run('b3', 'cb', 'a3', 'running', 0, now() - interval '3 hours', null);
-- tree 4: a lone run (no chain) and an old chain outside the 90-day window
select pg_temp.run('a4', 'ca', null, 'succeeded', 1, now() - interval '1 hour', now() - interval '1 hour');
select pg_temp.run('a5', 'ca', null, 'succeeded', 1, now() - interval '100 days', now() - interval '100 days');
select pg_temp.run('b5', 'cb', 'a5', 'succeeded', 1, now() - interval '100 days', now() - interval '100 days');

create temporary view chains with (security_invoker = true) as
select array(select a.slug::text from unnest(c.agent_ids) with ordinality x (id, ord) join public.agents a on a.id = x.id order by x.ord) as slugs, c.*
from public.agent_chains c join public.workspaces w on w.id = c.workspace_id where w.slug = 'chain';
grant select on chains to authenticated;

-- TEST: the job finds each distinct root-to-leaf sequence of finished runs
select private.recompute_agent_chains();
select results_eq($$select slugs, run_count, success_count, success_rate from chains order by slugs$$,
  $$values (array['ca', 'cb', 'cc'], 2, 1, 50.00::numeric), (array['ca', 'cc'], 1, 1, 100.00::numeric)$$,
  'a>b>c ran twice and succeeded once; the branch a>c once; unfinished, lone and old runs are not chains');
select results_eq($$select total_cost_usd, avg_cost_usd, avg_duration_ms from chains where slugs = array['ca', 'cb', 'cc']$$,
  $$values (12.000000::numeric, 6.000000::numeric, 90000)$$, 'cost is the sum over the path (6 + 6), duration root start to last end ((60 + 120) / 2 s)');
select results_eq($$select total_cost_usd, avg_duration_ms, chain_length from chains where slugs = array['ca', 'cc']$$,
  $$values (5.000000::numeric, 40000, 2)$$, 'the branch costs its own path (1 + 4)');

-- TEST: the seed name shows the agents' slugs in order and a fraction
select results_eq($$select v.chain_sequence, v.usage_count, v.success_rate from public.agent_chaining_patterns v
                    join public.workspaces w on w.id = v.workspace_id where w.slug = 'chain' order by v.chain_sequence$$,
  $$values (array['ca', 'cb', 'cc']::text[], 2, 0.5000::numeric), (array['ca', 'cc']::text[], 1, 1.0000::numeric)$$,
  'agent_chaining_patterns (seed 003) lists slugs in hand-over order');

-- TEST: when b3 finishes it counts; chains no longer seen disappear
update public.executions set status = 'succeeded', ended_at = now() where run_key = 'b3';
delete from public.executions where run_key in ('c3');
select private.recompute_agent_chains();
select results_eq($$select slugs, run_count from chains order by slugs$$,
  $$values (array['ca', 'cb'], 1), (array['ca', 'cb', 'cc'], 2)$$,
  'a finished run joins its chain; a chain with no run left is removed');

-- TEST: a shorter window leaves out older roots
select private.recompute_agent_chains(1);
select results_eq($$select slugs, run_count, window_days from chains order by slugs$$,
  $$values (array['ca', 'cb'], 1, 1)$$, 'window_days bounds the root runs considered');
select throws_ok($$select private.recompute_agent_chains(0)$$, 'AO422', 'window_days must be at least 1', 'a window of 0 days is refused');

-- TEST: members read, outsiders and anon do not, nobody writes
select tests.authenticate_as('63000000-0000-4000-a000-000000000001');
select is((select count(*) from chains), 1::bigint, 'a member reads the workspace''s chains');
select throws_ok($$delete from public.agent_chains$$, '42501', null, 'chains are not writable through the API');
select tests.authenticate_as('63000000-0000-4000-a000-000000000002');
select is((select count(*) from chains), 0::bigint, 'a member of another workspace sees none');
select tests.authenticate_as_anon();
select throws_ok($$select count(*) from public.agent_chains$$, '42501', null, 'anon cannot read chains');
select tests.clear_authentication();

-- TEST: the scheduled jobs exist by name, each calling one private function
select results_eq($$select jobname::text collate "default", command collate "default" from cron.job where jobname like 'learning-%' order by jobname$$,
  $$values ('learning-agent-chains', 'select private.recompute_agent_chains()'), ('learning-fill-history', 'select private.fill_history()'),
           ('learning-low-value-patterns', 'select private.purge_low_value_patterns()'),
           ('learning-recommendations', 'select private.generate_recommendations()'),
           ('learning-seasonal-patterns', 'select private.compute_seasonal_patterns()')$$,
  'the five learning jobs are scheduled');

select * from finish();
rollback;
