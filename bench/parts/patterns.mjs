// @ts-check
// Part 5: public.match_patterns over 100k patterns with 1536-dimension embeddings, through RLS as a
// workspace member, against exact search (a sequential scan ordered by the true cosine distance).
// Embeddings are synthetic but shaped like real ones: a point of a 24-dimensional latent space
// (standard normal coordinates) mapped into 1536 dimensions by a fixed random basis, plus a common
// direction (unrelated texts still score a cosine similarity around 0.2 with text-embedding-3
// models) and a little noise. So similarities vary continuously and nearest neighbours are well
// defined, as with real text, whose embeddings have a low intrinsic dimension. (Uniform random
// vectors in 1536 dimensions are all nearly equidistant, and discrete clusters make the exact
// top 10 a tie among a cluster's members; neither resembles an embedding model's output.)
// pgvector has no vector-by-scalar product, so weights are quantized to 17 levels (-2 to 2) and
// each basis vector is stored once per level.
import { log } from "../../scripts/lib/stack.mjs";
import { dropStructures, restoreStructures } from "../lib/bulk.mjs";
import { round, summarize, timed } from "../lib/measure.mjs";

/** @typedef {import("../lib/stack.mjs").BenchStack} BenchStack */
/** @typedef {import("../lib/fixtures.mjs").World} World */

const DIMS = 1536;
/** Intrinsic dimension of the synthetic embeddings. */
const LATENT = 24;

/**
 * @param {BenchStack} stack
 * @param {World} world
 * @param {{ patterns: number, queries: number, seed: number }} opts
 */
export async function benchPatterns(stack, world, opts) {
  const [{ ok }] = await stack.sql`select to_regprocedure('public.match_patterns(extensions.vector, text, int, numeric, uuid)') is not null and to_regclass('public.patterns') is not null as ok`;
  if (!ok) return { available: false };
  const ws = world.workspaces[0];
  const { seed } = opts;

  // pools: 24 basis vectors (norm ~23) at 17 weights, one common direction (norm ~13), 4096
  // noise vectors (norm ~3.4)
  const pools = await timed(() => stack.sql.unsafe(`
    create table bench.vector_pool (kind text, ord int, v extensions.vector(${DIMS}), primary key (kind, ord));
    -- inline (a 6 kB vector fits a page): summing pooled vectors must not detoast each of them
    alter table bench.vector_pool alter column v set storage plain;
    insert into bench.vector_pool
    select k.kind, o, (select array_agg(k.scale * (bench.rnd(o * ${DIMS} + d, k.salt) * 2 - 1)) from generate_series(1, ${DIMS}) d)::extensions.vector
    from (values ('common', 1, 0.57::float8, ${seed} + 100), ('basis', ${LATENT}, 1.0, ${seed} + 101), ('noise', 4096, 0.15, ${seed} + 103)) k (kind, n, scale, salt)
    cross join lateral generate_series(0, k.n - 1) o;
    -- each basis vector at each weight, so that an embedding is a sum of looked-up vectors
    insert into bench.vector_pool
    select 'scaled', b.ord * 17 + l, b.v operator(extensions.*) array_fill((l - 8) / 4.0::real, array[${DIMS}])::extensions.vector
    from bench.vector_pool b cross join generate_series(0, 16) l
    where b.kind = 'basis';
    create function bench.embedding(g bigint, salt int) returns extensions.vector
    language sql stable as $fn$
      select c.v operator(extensions.+) x.s operator(extensions.+) n.v
      from bench.vector_pool c
      cross join lateral (
        select sum(sb.v) as s
        from generate_series(0, ${LATENT - 1}) k
        join bench.vector_pool sb on sb.kind = 'scaled'
          and sb.ord = k * 17 + least(16, greatest(0, 8 + round(4 * sqrt(-2 * ln(greatest(bench.rnd(g * ${LATENT} + k, salt), 1e-12)))
                                                               * cos(2 * pi() * bench.rnd(g * ${LATENT} + k, salt + 1)))::int))
      ) x
      join bench.vector_pool n on n.kind = 'noise' and n.ord = floor(4096 * bench.rnd(g, salt + 2))::int
      where c.kind = 'common'
    $fn$;`));
  const structures = await dropStructures(stack.sql, ["public.patterns"]);
  // the embeddings, kept inline in a bench table too: the exact search for recall reads them
  // there, once for all queries, without detoasting
  await stack.sql.unsafe(`
    create table bench.pattern_vectors (ord int primary key, v extensions.vector(${DIMS}));
    alter table bench.pattern_vectors alter column v set storage plain;`);
  // two connections, one per core, each a half of the patterns
  const generate = await timed(() => Promise.all([0, 1].map(async (half) => {
    const sql = stack.connect(1);
    try {
      const from = half === 0 ? 1 : Math.floor(opts.patterns / 2) + 1;
      const to = half === 0 ? Math.floor(opts.patterns / 2) : opts.patterns;
      await sql.unsafe(`insert into bench.pattern_vectors select g, bench.embedding(g, $3 + 110) from generate_series($1::int, $2::int) g`, [from, to, seed]);
    } finally {
      await sql.end({ timeout: 5 });
    }
  })));
  const load = await timed(() => stack.sql.unsafe(`
    insert into public.patterns (workspace_id, topic, name, description, best_practices, optimal_model, embedding)
    select $1::uuid, 'topic-' || (g.ord % 20), 'pattern-' || g.ord, 'Synthetic pattern ' || g.ord,
      array['Lead with the benefit', 'Keep it under 120 words'], 'gpt-4o-mini', g.v
    from bench.pattern_vectors g`, [ws.id]));
  // outcomes, as usage would have recorded them (success_rate is kept by a trigger from the counts:
  // written here with triggers off, like the bulk load), so that callers' filters have something to filter
  await stack.sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx.unsafe(`
      update public.patterns p set success_count = s.rate, failure_count = 100 - s.rate, usage_count = 100, success_rate = s.rate
      from (select v.ord, (v.ord * 37) % 101 as rate from bench.pattern_vectors v) s
      where p.workspace_id = $1::uuid and p.name = 'pattern-' || s.ord`, [ws.id]);
  });
  log(`patterns: ${opts.patterns} generated in ${generate.ms} ms, loaded in ${load.ms} ms; building the HNSW index`);
  const build = await restoreStructures(stack.sql, structures);
  const hnswName = Object.keys(build).find((n) => n.includes("embedding")) ?? "";
  await stack.sql`analyze public.patterns`;
  const queries = await stack.sql.unsafe(`
    select q as ord, bench.embedding(q + 10000000, $2 + 120)::text as embedding
    from generate_series(1, $1::int) q order by q`, [opts.queries, seed]);

  const claims = JSON.stringify({ sub: ws.ownerId, role: "authenticated", aud: "authenticated" });
  // the truth: exact nearest neighbours of every query in one pass over the inline copy (a scan
  // of the patterns table per query would read and detoast 600 MB of vectors each time)
  const exactAll = await timed(() => stack.sql.begin(async (tx) => {
    await tx`select set_config('work_mem', '512MB', true), set_config('jit', 'off', true)`;
    return await tx`
      with q as materialized (
        select t.ord, t.embedding::extensions.vector as v
        from unnest(${queries.map((q) => q.ord)}::int[], ${queries.map((q) => q.embedding)}::text[]) as t (ord, embedding)
      ),
      ranked as (
        select q.ord as query, v.ord, row_number() over (partition by q.ord order by v.v operator(extensions.<=>) q.v, v.ord) as rank
        from bench.pattern_vectors v cross join q
      )
      select r.query as ord, p.id from ranked r
      join public.patterns p on p.workspace_id = ${ws.id} and p.name = 'pattern-' || r.ord
      where r.rank <= 10`;
  }));
  // and with the filters real callers add: the query's topic (1 pattern in 20) and a minimum
  // success rate of 50 % (about half): the HNSW scan must iterate past what the filters drop
  const topicOf = (/** @type {number} */ ord) => `topic-${ord % 20}`;
  const exactFiltered = await stack.sql.begin(async (tx) => {
    await tx`select set_config('work_mem', '512MB', true), set_config('jit', 'off', true)`;
    return await tx`
      with q as materialized (
        select t.ord, t.embedding::extensions.vector as v
        from unnest(${queries.map((q) => q.ord)}::int[], ${queries.map((q) => q.embedding)}::text[]) as t (ord, embedding)
      ),
      ranked as (
        select q.ord as query, v.ord, row_number() over (partition by q.ord order by v.v operator(extensions.<=>) q.v, v.ord) as rank
        from bench.pattern_vectors v join q on v.ord % 20 = q.ord % 20
        where (v.ord * 37) % 101 >= 50
      )
      select r.query as ord, p.id from ranked r
      join public.patterns p on p.workspace_id = ${ws.id} and p.name = 'pattern-' || r.ord
      where r.rank <= 10`;
  });
  /** @type {Map<number, Set<string>>} */
  const truthFiltered = new Map();
  for (const r of exactFiltered) {
    const set = truthFiltered.get(Number(r.ord)) ?? new Set();
    set.add(String(r.id));
    truthFiltered.set(Number(r.ord), set);
  }
  /** @type {Map<number, Set<string>>} */
  const truth = new Map();
  for (const r of exactAll.result) {
    const set = truth.get(Number(r.ord)) ?? new Set();
    set.add(String(r.id));
    truth.set(Number(r.ord), set);
  }
  /** @type {number[]} */
  const latencies = [];
  /** @type {number[]} */
  const exactLatencies = [];
  /** @type {number[]} */
  const recalls = [];
  /** @type {number[]} */
  const filteredLatencies = [];
  /** @type {number[]} */
  const filteredRecalls = [];
  const sql = stack.connect(1);
  try {
    for (const [i, q] of queries.entries()) {
      const approx = await timed(() => sql.begin(async (tx) => {
        await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`;
        return await tx`select id from public.match_patterns(${q.embedding}::extensions.vector, null, 10, 0, ${ws.id})`;
      }));
      if (i > 0) latencies.push(approx.ms); // the first query loads the index into memory
      const expected = truth.get(Number(q.ord)) ?? new Set();
      recalls.push(approx.result.filter((r) => expected.has(String(r.id))).length / Math.max(expected.size, 1));
    }
    for (const [i, q] of queries.entries()) {
      const approx = await timed(() => sql.begin(async (tx) => {
        await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`;
        return await tx`select id from public.match_patterns(${q.embedding}::extensions.vector, ${topicOf(Number(q.ord))}, 10, 50, ${ws.id})`;
      }));
      if (i > 0) filteredLatencies.push(approx.ms);
      const expected = truthFiltered.get(Number(q.ord)) ?? new Set();
      filteredRecalls.push(approx.result.filter((r) => expected.has(String(r.id))).length / Math.max(expected.size, 1));
    }
    // what an exact search (a sequential scan by true distance) costs per query, for reference
    for (const q of queries.slice(0, 3)) {
      const exact = await timed(() => sql.begin(async (tx) => {
        await tx`select set_config('enable_indexscan', 'off', true), set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`;
        return await tx`
          select p.id from public.patterns p where p.workspace_id = ${ws.id} and p.embedding is not null
          order by p.embedding operator(extensions.<=>) ${q.embedding}::extensions.vector, p.id limit 10`;
      }));
      exactLatencies.push(exact.ms);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
  const [sizes] = await stack.sql`
    select pg_total_relation_size('public.patterns') as total, pg_relation_size(to_regclass(${`public.${hnswName}`})) as hnsw`;
  const latency = summarize(latencies);
  log(`match_patterns: p50 ${latency.p50} ms, recall@10 ${round(recalls.reduce((a, b) => a + b, 0) / recalls.length, 3)}`);
  return {
    available: true,
    patterns: opts.patterns,
    dimensions: DIMS,
    queries: queries.length,
    pools_ms: pools.ms,
    load_ms: load.ms,
    hnsw_build_ms: build[hnswName] ?? null,
    hnsw_index: hnswName,
    latency_ms: latency,
    exact_latency_ms: summarize(exactLatencies),
    generate_ms: generate.ms,
    exact_truth_all_queries_ms: exactAll.ms,
    recall_at_10: round(recalls.reduce((a, b) => a + b, 0) / recalls.length, 3),
    recall_min: round(Math.min(...recalls), 2),
    filtered: {
      filters: "topic (1 in 20) and min_success_rate 50 (about half)",
      latency_ms: summarize(filteredLatencies),
      recall_at_10: round(filteredRecalls.reduce((a, b) => a + b, 0) / filteredRecalls.length, 3),
      recall_min: round(Math.min(...filteredRecalls), 2),
    },
    table_bytes: Number(sizes.total),
    hnsw_bytes: Number(sizes.hnsw),
  };
}
