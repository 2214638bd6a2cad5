-- The pattern library: statistics kept by the database from pattern_usage (clients cannot write
-- them), similarity search with real 1536-dimension vectors (order, topic, success-rate and
-- workspace filters, validation), pattern_effectiveness and the seeds' views.
begin;
select plan(35);

-- SETUP: a workspace with a member, a viewer and an agent; patterns at known angles from the
-- query direction u = (1, ..., 1) / sqrt(1536) within the plane of u and w = (-1, 1, -1, ...) / sqrt(1536),
-- so that cosine similarity = cos(angle)
select tests.create_user('member@pat.test', '61000000-0000-4000-a000-000000000001');
select tests.create_user('viewer@pat.test', '61000000-0000-4000-a000-000000000002');
select tests.create_user('outsider@pat.test', '61000000-0000-4000-a000-000000000003');
select tests.create_workspace('pat', '61000000-0000-4000-a000-000000000001');
select tests.create_workspace('pat-other', '61000000-0000-4000-a000-000000000003');
select tests.add_member((select id from public.workspaces where slug = 'pat'), '61000000-0000-4000-a000-000000000002', 'viewer');
select tests.create_agent((select id from public.workspaces where slug = 'pat'), 'pat-agent');
select tests.create_agent((select id from public.workspaces where slug = 'pat-other'), 'pat-other-agent');
select id as other_ws from public.workspaces where slug = 'pat-other' \gset
create temporary table ctx as select id as ws from public.workspaces where slug = 'pat';
grant select on ctx to authenticated;

create function pg_temp.vec(angle double precision) returns extensions.vector language sql strict as $$
  select (select array_agg((cos(radians(angle)) + sin(radians(angle)) * (case when i % 2 = 0 then 1 else -1 end)) / sqrt(1536) order by i)
          from generate_series(1, 1536) i)::extensions.vector(1536)
$$;
create function pg_temp.ones() returns extensions.vector language sql as $$
  select array_fill(1.0::real, array[1536])::extensions.vector(1536)
$$;

insert into public.patterns (workspace_id, topic, name, embedding)
select w.id, p.topic, p.name, pg_temp.vec(p.angle)
from public.workspaces w
cross join (values ('copy', 'near', 10), ('copy', 'mid', 40), ('copy', 'far', 80), ('email', 'nearest', 3), ('copy', 'no-embedding', null)) as p (topic, name, angle)
where w.slug = 'pat';
insert into public.patterns (workspace_id, topic, name, embedding)
select w.id, 'copy', 'other-workspace-twin', pg_temp.vec(0) from public.workspaces w where w.slug = 'pat-other';
insert into public.executions (workspace_id, agent_id, run_key, status)
select a.workspace_id, a.id, 'pat-run-1', 'succeeded' from public.agents a where a.slug = 'pat-agent';

-- TEST: statistics start at zero whatever the client sends
insert into public.patterns (workspace_id, topic, name, usage_count, success_rate, success_count)
select id, 'copy', 'forged', 99, 100, 99 from public.workspaces where slug = 'pat';
select results_eq($$select usage_count, success_count, success_rate from public.patterns where name = 'forged' and workspace_id = (select ws from ctx)$$,
  $$values (0, 0, null::numeric)$$, 'a client cannot insert statistics');

-- TEST: usage rows move the statistics: 4 uses of "mid" (3 success, 1 failure), ratings 5, 4, 2 and one unrated;
-- one use of unknown outcome
insert into public.pattern_usage (workspace_id, pattern_id, success, user_rating, engagement, used_at)
select p.workspace_id, p.id, u.success, u.rating, u.engagement, u.used_at
from public.patterns p
cross join (values
  (true, 5, '{"ctr": 3.0, "clicks": 10}'::jsonb, '2025-01-01 10:00+00'::timestamptz),
  (true, 4, '{"ctr": 4.0}'::jsonb, '2025-01-02 10:00+00'),
  (false, 2, '{"ctr": 1.0, "label": "x"}'::jsonb, '2025-01-03 10:00+00'),
  (true, null, '{}'::jsonb, '2025-01-04 10:00+00')
) as u (success, rating, engagement, used_at)
where p.name = 'mid' and p.workspace_id = (select ws from ctx);
insert into public.pattern_usage (workspace_id, pattern_id, success, used_at)
select workspace_id, id, null, '2025-01-05 10:00+00' from public.patterns where name = 'mid' and workspace_id = (select ws from ctx);
select results_eq(
  $$select usage_count, success_count, failure_count, success_rate, rated_count, avg_user_rating, last_used_at from public.patterns where name = 'mid' and workspace_id = (select ws from ctx)$$,
  $$values (5, 3, 1, 75.00::numeric, 3, 3.67::numeric, '2025-01-05 10:00+00'::timestamptz)$$,
  'usage, successes, failures, success rate over known outcomes (3 of 4 = 75%), mean rating (11 / 3) and last use are kept');
-- ctr: (3 + 4 + 1) / 3; clicks: 10 / 1; the non-numeric label is ignored
select is((select avg_engagement from public.patterns where name = 'mid' and workspace_id = (select ws from ctx)), '{"ctr": 2.6667, "clicks": 10.0000}'::jsonb,
  'avg_engagement is the mean of each numeric engagement metric over the uses that reported it');
select is((select engagement_totals -> 'ctr' from public.patterns where name = 'mid' and workspace_id = (select ws from ctx)), '{"n": 3, "sum": 8.0}'::jsonb,
  'engagement totals keep sum and count per metric');

-- TEST: a later batch adds to the totals (incremental, not a replacement)
insert into public.pattern_usage (workspace_id, pattern_id, success, user_rating, engagement)
select workspace_id, id, false, 1, '{"ctr": 0.0}'::jsonb from public.patterns where name = 'mid' and workspace_id = (select ws from ctx);
select results_eq($$select usage_count, success_rate, avg_user_rating, (avg_engagement ->> 'ctr')::numeric from public.patterns where name = 'mid' and workspace_id = (select ws from ctx)$$,
  $$values (6, 60.00::numeric, 3.00::numeric, 2.0000::numeric)$$, 'a second batch adds: 3 of 5 = 60%, ratings 12 / 4, ctr 8 / 4');

-- TEST: the statistics equal a recomputation from the usage rows
select results_eq(
  $$select p.usage_count::bigint, p.success_count::bigint, p.failure_count::bigint, p.rated_count::bigint, p.rating_sum::bigint
    from public.patterns p where p.name = 'mid' and p.workspace_id = (select ws from ctx)$$,
  $$select count(*), count(*) filter (where success), count(*) filter (where not success), count(user_rating), sum(user_rating)::bigint
    from public.pattern_usage u join public.patterns p on p.id = u.pattern_id where p.name = 'mid' and p.workspace_id = (select ws from ctx)$$,
  'kept statistics equal a recomputation from pattern_usage');

-- TEST: even a direct update cannot change statistics
update public.patterns set usage_count = 1000, success_rate = 1 where name = 'mid' and workspace_id = (select ws from ctx);
select is((select usage_count from public.patterns where name = 'mid' and workspace_id = (select ws from ctx)), 6, 'a direct update of statistics is ignored');

-- TEST: a member through the API cannot name statistics columns at all
select tests.authenticate_as('61000000-0000-4000-a000-000000000001');
select throws_ok($$update public.patterns set usage_count = 5 where name = 'mid' and workspace_id = (select ws from ctx)$$, '42501', null,
  'statistics columns are not updatable by clients');
select lives_ok($$update public.patterns set description = 'changed' where name = 'mid' and workspace_id = (select ws from ctx)$$, 'a member edits the description');
select tests.clear_authentication();

-- give "near" and "far" success rates: near 100% (2/2), far 50% (1/2)
insert into public.pattern_usage (workspace_id, pattern_id, success)
select p.workspace_id, p.id, s from public.patterns p cross join (values (true), (true)) v (s) where p.name = 'near' and p.workspace_id = (select ws from ctx);
insert into public.pattern_usage (workspace_id, pattern_id, success)
select p.workspace_id, p.id, s from public.patterns p cross join (values (true), (false)) v (s) where p.name = 'far' and p.workspace_id = (select ws from ctx);

-- TEST: similarity search as a member: order by cosine similarity, similarity = cos(angle)
select tests.authenticate_as('61000000-0000-4000-a000-000000000001');
select results_eq($$select name from public.match_patterns(pg_temp.ones(), null, 10)$$,
  array['nearest', 'near', 'mid', 'far'], 'nearest first; patterns without embedding and of other workspaces are not returned');
select ok(abs((select similarity from public.match_patterns(pg_temp.ones(), 'copy', 1)) - cos(radians(10))) < 1e-6,
  'similarity is 1 - cosine distance: cos(10 degrees)');
select results_eq($$select name from public.match_patterns(pg_temp.ones(), 'copy', 5)$$, array['near', 'mid', 'far'],
  'the topic filter keeps one topic, still in order');
select results_eq($$select name from public.match_patterns(pg_temp.ones(), 'copy', 2)$$, array['near', 'mid'], 'match_count limits the answer');
select results_eq($$select name from public.match_patterns(pg_temp.ones(), 'copy', 5, 55)$$, array['near', 'mid'],
  'min_success_rate (percent) drops far (50%)');
select results_eq($$select name from public.match_patterns(pg_temp.vec(80), 'copy', 3)$$, array['far', 'mid', 'near'],
  'a query along another direction reverses the order');
select results_eq(format($$select name from public.match_patterns(pg_temp.ones(), null, 10, 0, %L)$$, :'other_ws'),
  array[]::text[], 'a workspace filter on a workspace one cannot see gives nothing');
select throws_ok($$select * from public.match_patterns('[1,2,3]'::extensions.vector)$$, 'AO422', 'query_embedding must have 1536 dimensions',
  'a query of the wrong dimension is refused naming the field');
select throws_ok($$select * from public.match_patterns(pg_temp.ones(), null, 0)$$, 'AO422', 'match_count must be between 1 and 100',
  'match_count out of range is refused');
select throws_ok($$select * from public.match_patterns(pg_temp.ones(), null, 5, 101)$$, 'AO422', 'min_success_rate is a percentage between 0 and 100',
  'min_success_rate out of range is refused');

-- TEST: the HNSW index answers the search
select tests.clear_authentication();
select ok(exists (select 1 from pg_indexes where indexname = 'patterns_embedding_idx' and indexdef like '%hnsw%embedding_half%halfvec_cosine_ops%'),
  'an HNSW cosine index over the half-precision unit embeddings exists on patterns');
set local enable_seqscan = off;
create function pg_temp.plan_text() returns text language plpgsql as $$
declare v text := ''; r record;
begin
  for r in execute 'explain select id from public.patterns order by embedding_half operator(extensions.<=>) pg_temp.ones()::extensions.halfvec(1536) limit 3' loop
    v := v || r."QUERY PLAN" || E'\n';
  end loop;
  return v;
end $$;
select ok(pg_temp.plan_text() like '%patterns_embedding_idx%', 'nearest-neighbour queries use the HNSW index');
reset enable_seqscan;

-- TEST: an agent searches its own workspace's patterns; agents elsewhere see none
select tests.authenticate_as_agent((select id from public.agents where slug = 'pat-agent'));
select results_eq($$select name from public.match_patterns(pg_temp.ones(), 'copy', 3)$$, array['near', 'mid', 'far'],
  'an agent searches its workspace''s patterns');
select tests.clear_authentication();
select tests.authenticate_as_agent((select id from public.agents where slug = 'pat-other-agent'));
select results_eq($$select name from public.match_patterns(pg_temp.ones(), 'copy', 3)$$, array['other-workspace-twin'],
  'an agent of another workspace finds only its own');

-- TEST: an outsider and anon find nothing
select tests.authenticate_as('61000000-0000-4000-a000-000000000003');
select results_eq($$select name from public.match_patterns(pg_temp.ones(), 'copy', 3)$$, array['other-workspace-twin'],
  'a person sees only their workspaces'' patterns');
select tests.authenticate_as_anon();
select throws_ok($$select * from public.match_patterns(pg_temp.ones())$$, '42501', null, 'anon cannot call match_patterns');

-- TEST: the endpoint's usage report (private.record_pattern_usage) as an agent and as a viewer
select tests.clear_authentication();
select tests.authenticate_as_agent((select id from public.agents where slug = 'pat-agent'));
select results_eq(
  $$select (r ->> 'accepted')::int, (r -> 'patterns' -> 0 ->> 'usage_count')::int from private.record_pattern_usage(jsonb_build_array(
      jsonb_build_object('pattern_id', (select id from public.patterns where name = 'far' and workspace_id = (select ws from ctx)), 'run_key', 'pat-run-1', 'success', true))) r$$,
  $$values (1, 3)$$, 'an agent reports a use of its run and gets the new statistics');
select throws_ok($$select private.record_pattern_usage('[{"pattern_id": "00000000-0000-4000-8000-000000000000"}]')$$, 'AO404', 'usages.0.pattern_id: no such pattern visible to you',
  'an unknown pattern is 404 naming usages.N.pattern_id');
select throws_ok($$select private.record_pattern_usage(jsonb_build_array(jsonb_build_object('pattern_id',
    (select id from public.patterns where name = 'far' and workspace_id = (select ws from ctx)), 'user_rating', 7)))$$, 'AO422', 'usages.0.user_rating: must be between 1 and 5',
  'a rating out of range is 422');
select tests.clear_authentication();
select tests.authenticate_as('61000000-0000-4000-a000-000000000002');
select throws_ok($$select private.record_pattern_usage(jsonb_build_array(jsonb_build_object('pattern_id',
    (select id from public.patterns where name = 'far' and workspace_id = (select ws from ctx)), 'success', true)))$$, 'AO403', null,
  'a viewer cannot report uses');

-- TEST: pattern_effectiveness (seed 000 section 6) over the usage rows
select tests.authenticate_as('61000000-0000-4000-a000-000000000002');
select results_eq(
  $$select usage_count, success_rate, avg_rating, total_usage_count from public.pattern_effectiveness where pattern_name = 'mid'$$,
  $$values (6::bigint, 60.00::numeric, 3.00::numeric, 6)$$, 'pattern_effectiveness: uses, success rate of known outcomes, mean rating, lifetime total');
select results_eq($$select usage_count, success_rate from public.pattern_effectiveness where pattern_name = 'nearest'$$,
  $$values (0::bigint, null::numeric)$$, 'an unused pattern has no success rate');

-- TEST: the seeds' names
select results_eq($$select pattern_name, success_rate, usage_count from public.echo_patterns where pattern_name = 'mid'$$,
  $$values ('mid'::text, 60.00::numeric, 6)$$, 'echo_patterns (seed 000) shows the library in percent');
select results_eq($$select pattern_name, success_rate, total_usage_count from public.success_patterns where pattern_name = 'mid'$$,
  $$values ('mid'::text, 0.6000::numeric, 6)$$, 'success_patterns (seed 003) shows a fraction');
select is((select count(*) from public.pattern_usage_log l join public.patterns p on p.id = l.pattern_id where p.name = 'mid' and p.workspace_id = (select ws from ctx)), 6::bigint,
  'pattern_usage_log (seed 003) lists the uses');
select is((select count(*) from public.echo_pattern_usage u join public.patterns p on p.id = u.pattern_id where p.name = 'mid' and p.workspace_id = (select ws from ctx)), 6::bigint,
  'echo_pattern_usage (seed 000) lists the uses');

select * from finish();
rollback;
