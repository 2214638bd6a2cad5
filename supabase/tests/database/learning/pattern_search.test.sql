-- match_patterns' approximate search (HNSW over half-precision unit vectors, candidates re-ranked at
-- full precision) gives exactly what an exact search gives on a small set whose neighbours are
-- closer together than half precision can tell apart: same rows, same order, with and without the
-- callers' filters; the index answers (it is not a sequential scan that passes by construction).
-- A workspace's topic is compared row by row instead (the exact branch, through the b-tree, the
-- HNSW index untouched): the same rows as the index path, and the minimum rate exactly at its
-- boundary. match_count and the other arguments are checked and named.
begin;
select plan(24);

select tests.create_user('member@psearch.test', '62000000-0000-4000-a000-000000000001');
select tests.create_workspace('psearch', '62000000-0000-4000-a000-000000000001');
select tests.create_workspace('psearch-other', '62000000-0000-4000-a000-000000000001');
create temporary table ctx as
select (select id from public.workspaces where slug = 'psearch') as ws, (select id from public.workspaces where slug = 'psearch-other') as other_ws;
grant select on ctx to authenticated;

-- embeddings on a sphere's patch: vec(a, b) = cos(a) u + sin(a) cos(b) w + sin(a) sin(b) z for three
-- orthogonal directions u, w, z of the 1536 dimensions; cosine similarity to vec(0, 0) is cos(a)
create function pg_temp.vec(a double precision, b double precision) returns extensions.vector language sql immutable strict as $$
  select (select array_agg((cos(radians(a))
      + sin(radians(a)) * cos(radians(b)) * (case when i % 2 = 0 then 1 else -1 end)
      + sin(radians(a)) * sin(radians(b)) * (case when (i / 2) % 2 = 0 then 1 else -1 end)) / sqrt(1536) order by i)
    from generate_series(0, 1535) i)::extensions.vector(1536)
$$;
-- 240 patterns 0.005 degrees apart in a (similarities differ by ~8e-6, below half precision's
-- resolution), spread around b; topics t0-t2; every other one has succeeded (success rate 100),
-- the rest are unused (success rate null, counted as 0); 20 more in another workspace
insert into public.patterns (workspace_id, topic, name, embedding)
select (select ws from ctx), 't' || (k % 3), 'p' || k, pg_temp.vec(5 + 0.005 * k, (k * 47) % 360)
from generate_series(0, 239) k;
insert into public.patterns (workspace_id, topic, name, embedding)
select (select other_ws from ctx), 't' || (k % 3), 'o' || k, pg_temp.vec(5 + 0.005 * k, 0) from generate_series(0, 19) k;
insert into public.pattern_usage (workspace_id, pattern_id, success)
select p.workspace_id, p.id, true from public.patterns p where p.workspace_id = (select ws from ctx) and substr(p.name, 2)::int % 2 = 0;

-- the exact answer: true cosine distance over every visible pattern, ties by id (no ORDER BY ... LIMIT:
-- no index can answer it)
create function pg_temp.exact(q extensions.vector, t text, n int, rate numeric, w uuid) returns text[] language sql stable as $$
  select (array_agg(name order by d, id))[1:n] from (
    select p.name, p.id, p.embedding operator(extensions.<=>) q as d from public.patterns p
    where p.embedding is not null and (t is null or p.topic = t) and (w is null or p.workspace_id = w) and coalesce(p.success_rate, 0) >= rate) x
$$;
create function pg_temp.approx(q extensions.vector, t text, n int, rate numeric, w uuid) returns text[] language sql stable as $$
  select array_agg(m.name order by m.ord) from public.match_patterns(q, t, n, rate, w) with ordinality as m (id, workspace_id, topic, name, description, examples, best_practices, anti_patterns, optimal_model, optimal_parameters, success_rate, usage_count, avg_user_rating, avg_engagement, similarity, ord)
$$;
-- what the half-precision index order alone gives (no re-ranking)
create function pg_temp.half_order(q extensions.vector, n int, w uuid) returns text[] language sql stable as $$
  select (array_agg(name order by d, id))[1:n] from (
    select p.name, p.id, p.embedding_half operator(extensions.<=>) extensions.l2_normalize(q)::extensions.halfvec(1536) as d
    from public.patterns p where p.workspace_id = w) x
$$;
create function pg_temp.index_scans() returns bigint language sql volatile as $$
  select pg_stat_get_xact_numscans('public.patterns_embedding_idx'::regclass)
$$;
create function pg_temp.btree_scans() returns bigint language sql volatile as $$
  select pg_stat_get_xact_numscans('public.patterns_workspace_topic_rate_idx'::regclass)
$$;

select tests.authenticate_as('62000000-0000-4000-a000-000000000001');
-- the planner would scan 260 rows; make it take the index, as it does on a large library
set local enable_seqscan = off;
set local enable_sort = off;

-- TEST: the data needs the re-ranking: half precision alone misorders the neighbours
select isnt(pg_temp.half_order(pg_temp.vec(0, 0), 10, (select ws from ctx)), pg_temp.exact(pg_temp.vec(0, 0), null, 10, 0, (select ws from ctx)),
  'half-precision distances alone do not give the exact order on this data');

-- TEST: the same answer as exact search, in the same order, from the index
create temporary table scans as select pg_temp.index_scans() as before;
select is(pg_temp.approx(pg_temp.vec(0, 0), null, 10, 0, (select ws from ctx)), pg_temp.exact(pg_temp.vec(0, 0), null, 10, 0, (select ws from ctx)),
  'top 10: the exact rows in the exact order');
select ok(pg_temp.index_scans() > (select before from scans), 'the HNSW index answered the search');
select is(pg_temp.approx(pg_temp.vec(5.5, 90), null, 100, 0, (select ws from ctx)), pg_temp.exact(pg_temp.vec(5.5, 90), null, 100, 0, (select ws from ctx)),
  'top 100 from a query inside the set: the exact rows in the exact order');
select is(pg_temp.approx(pg_temp.vec(7, 200), null, 1, 0, (select ws from ctx)), pg_temp.exact(pg_temp.vec(7, 200), null, 1, 0, (select ws from ctx)),
  'top 1: the exact nearest');
select is(pg_temp.approx(pg_temp.vec(0, 0), null, 30, 0, null), pg_temp.exact(pg_temp.vec(0, 0), null, 30, 0, null),
  'across the caller''s workspaces: the exact rows in the exact order');

-- TEST: the callers' filters, exactly
select is(pg_temp.approx(pg_temp.vec(0, 0), 't1', 10, 0, (select ws from ctx)), pg_temp.exact(pg_temp.vec(0, 0), 't1', 10, 0, (select ws from ctx)),
  'topic filter: the exact rows of that topic in order');
select is(pg_temp.approx(pg_temp.vec(0, 0), null, 10, 50, (select ws from ctx)), pg_temp.exact(pg_temp.vec(0, 0), null, 10, 50, (select ws from ctx)),
  'min_success_rate filter: the exact rows that succeeded, in order');

-- TEST: a workspace's topic is compared row by row (the exact branch): the HNSW index is not
-- scanned, the b-tree is; without a workspace the HNSW scan iterates past the rows the filters drop;
-- both give the exact rows in order
create temporary table exact_scans as select pg_temp.index_scans() as hnsw, pg_temp.btree_scans() as btree;
select is(pg_temp.approx(pg_temp.vec(6, 45), 't2', 20, 50, (select ws from ctx)), pg_temp.exact(pg_temp.vec(6, 45), 't2', 20, 50, (select ws from ctx)),
  'topic and min_success_rate in a workspace (1 row in 6 passes): the exact rows in order');
select is(pg_temp.index_scans(), (select hnsw from exact_scans), 'a workspace''s topic: the HNSW index was not scanned');
select ok(pg_temp.btree_scans() > (select btree from exact_scans), 'a workspace''s topic: read through the (workspace, topic, rate) b-tree');
update exact_scans set hnsw = pg_temp.index_scans();
select is(pg_temp.approx(pg_temp.vec(6, 45), 't2', 20, 50, null), pg_temp.approx(pg_temp.vec(6, 45), 't2', 20, 50, (select ws from ctx)),
  'topic and min_success_rate across the caller''s workspaces (the HNSW scan iterating past the rest): the same rows as the exact branch');
select ok(pg_temp.index_scans() > (select hnsw from exact_scans), 'across the caller''s workspaces: the HNSW index answered');
select ok((select bool_and(topic = 't2' and success_rate >= 50 and workspace_id = (select ws from ctx))
    from public.match_patterns(pg_temp.vec(6, 45), 't2', 20, 50, (select ws from ctx))),
  'every row returned passes every filter');

-- TEST: a stored embedding of any length is searchable (the index keys are unit vectors, so
-- components beyond half precision's range, 65504, are fine)
select tests.clear_authentication();
insert into public.patterns (workspace_id, topic, name, embedding)
select (select ws from ctx), 'big', 'huge-components', (select array_agg(x * 10000000) from unnest(pg_temp.vec(0, 0)::real[]) x)::extensions.vector;
select tests.authenticate_as('62000000-0000-4000-a000-000000000001');
select is((select name from public.match_patterns(pg_temp.vec(0, 0), 'big', 1)), 'huge-components', 'an embedding with components above 65504 is stored and found');

-- TEST: the minimum rate at its boundary, in both branches (success rates 66.67, 50 and 100 from
-- uses, one pattern unused): the index key is in hundredths of a percent, rounded up from the minimum
select tests.clear_authentication();
insert into public.patterns (workspace_id, topic, name, embedding)
select (select ws from ctx), 'rates', r.name, pg_temp.vec(5 + r.k, 0) from (values (1, 'two-of-three'), (2, 'one-of-two'), (3, 'one-of-one'), (4, 'unused')) r (k, name);
insert into public.pattern_usage (workspace_id, pattern_id, success)
select p.workspace_id, p.id, u.success from public.patterns p
join (values ('two-of-three', true), ('two-of-three', true), ('two-of-three', false), ('one-of-two', true), ('one-of-two', false), ('one-of-one', true)) u (name, success) on u.name = p.name
where p.workspace_id = (select ws from ctx) and p.topic = 'rates';
select tests.authenticate_as('62000000-0000-4000-a000-000000000001');
create function pg_temp.rated(rate numeric, w uuid) returns text[] language sql stable as $$
  select array_agg(m.name order by m.name) from public.match_patterns(pg_temp.vec(0, 0), 'rates', 10, rate, w) m
$$;
select is(pg_temp.rated(66.67, (select ws from ctx)), '{one-of-one,two-of-three}', 'min_success_rate 66.67 keeps a rate of exactly 66.67 (exact branch)');
select is(pg_temp.rated(66.671, (select ws from ctx)), '{one-of-one}', 'min_success_rate 66.671 drops 66.67 (exact branch)');
select is(pg_temp.rated(0, (select ws from ctx)), '{one-of-one,one-of-two,two-of-three,unused}', 'min_success_rate 0 keeps the unused pattern (exact branch)');
select is(jsonb_build_array(pg_temp.rated(66.67, null), pg_temp.rated(66.671, null), pg_temp.rated(0, null)),
  jsonb_build_array(pg_temp.rated(66.67, (select ws from ctx)), pg_temp.rated(66.671, (select ws from ctx)), pg_temp.rated(0, (select ws from ctx))),
  'the same rows from the HNSW branch at each minimum');
reset enable_seqscan;
reset enable_sort;

-- TEST: the half-precision copy is the database's: a client cannot write it
select throws_ok(format($$insert into public.patterns (workspace_id, topic, name, embedding, embedding_half)
    values (%L, 'big', 'forged-half', pg_temp.vec(0, 0), pg_temp.vec(90, 0)::extensions.halfvec(1536))$$, (select ws from ctx)), '428C9', null,
  'embedding_half is generated from embedding; a client''s value is refused');

-- TEST: match_count bounds and the other arguments, refused naming the field (AO422: HTTP 422)
select throws_ok($$select * from public.match_patterns(pg_temp.vec(0, 0), null, 101)$$, 'AO422', 'match_count must be between 1 and 100',
  'match_count above 100 is refused naming match_count');
select throws_ok($$select * from public.match_patterns(pg_temp.vec(0, 0), null, null)$$, 'AO422', 'match_count must be between 1 and 100',
  'a null match_count is refused naming match_count');
create function pg_temp.error_column(q text) returns text language plpgsql as $$
declare v text;
begin
  execute q;
  return null;
exception when others then
  get stacked diagnostics v = column_name;
  return sqlstate || ' ' || v;
end $$;
select is(pg_temp.error_column($$select * from public.match_patterns(pg_temp.vec(0, 0), null, 0)$$), 'AO422 match_count',
  'the error carries the field in its column, which the API maps to the 422 body');
select is(pg_temp.error_column($$select * from public.match_patterns(pg_temp.vec(0, 0), null, 5, -1)$$), 'AO422 min_success_rate',
  'a negative min_success_rate is refused naming min_success_rate');

select * from finish();
rollback;
