// @ts-check
// Part 5: public.match_patterns over 100k patterns with 1536-dimension embeddings, through RLS as a
// workspace member, against exact search (a sequential scan ordered by the true cosine distance).
// Embeddings are synthetic but structured like real ones: each is the sum of a "topic" direction,
// a "sub-topic" direction at half weight and small noise, drawn from fixed pools, so that patterns
// form clusters and nearest neighbours are meaningful (uniform random vectors in 1536 dimensions
// are all nearly equidistant, which no embedding model produces). Queries are built the same way.
import { log } from "../../scripts/lib/stack.mjs";
import { dropStructures, restoreStructures } from "../lib/bulk.mjs";
import { round, summarize, timed } from "../lib/measure.mjs";

/** @typedef {import("../lib/stack.mjs").BenchStack} BenchStack */
/** @typedef {import("../lib/fixtures.mjs").World} World */

const DIMS = 1536;

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

  // pools: 1024 topic directions, 1024 sub-topic directions (half weight), 4096 noise vectors (0.15)
  const pools = await timed(() => stack.sql.unsafe(`
    create table bench.vector_pool (kind text, ord int, v extensions.vector(${DIMS}), primary key (kind, ord));
    insert into bench.vector_pool
    select k.kind, o, (select array_agg(k.scale * (bench.rnd(o * ${DIMS} + d, k.salt) * 2 - 1)) from generate_series(1, ${DIMS}) d)::extensions.vector
    from (values ('topic', 1024, 1.0::float8, ${seed} + 101), ('sub', 1024, 0.5, ${seed} + 102), ('noise', 4096, 0.15, ${seed} + 103)) k (kind, n, scale, salt)
    cross join lateral generate_series(0, k.n - 1) o;`));
  const structures = await dropStructures(stack.sql, ["public.patterns"]);
  const load = await timed(() => stack.sql.unsafe(`
    insert into public.patterns (workspace_id, topic, name, description, best_practices, optimal_model, embedding)
    select $1::uuid, 'topic-' || (x.t % 20), 'pattern-' || g, 'Synthetic pattern ' || g || ' of topic cluster ' || x.t,
      array['Lead with the benefit', 'Keep it under 120 words'], 'gpt-4o-mini',
      t.v operator(extensions.+) s.v operator(extensions.+) n.v
    from generate_series(1, $2::int) g
    cross join lateral (select floor(1024 * bench.rnd(g, $3 + 111))::int as t, floor(1024 * bench.rnd(g, $3 + 112))::int as s,
      floor(4096 * bench.rnd(g, $3 + 113))::int as n) x
    join bench.vector_pool t on t.kind = 'topic' and t.ord = x.t
    join bench.vector_pool s on s.kind = 'sub' and s.ord = x.s
    join bench.vector_pool n on n.kind = 'noise' and n.ord = x.n`, [ws.id, opts.patterns, seed]));
  log(`patterns: ${opts.patterns} loaded in ${load.ms} ms; building the HNSW index`);
  const build = await restoreStructures(stack.sql, structures);
  const hnswName = Object.keys(build).find((n) => n.includes("embedding")) ?? "";
  await stack.sql`analyze public.patterns`;
  const queries = await stack.sql.unsafe(`
    select q as ord, (t.v operator(extensions.+) s.v operator(extensions.+) n.v)::text as embedding
    from generate_series(1, $1::int) q
    join bench.vector_pool t on t.kind = 'topic' and t.ord = floor(1024 * bench.rnd(q, $2 + 121))::int
    join bench.vector_pool s on s.kind = 'sub' and s.ord = floor(1024 * bench.rnd(q, $2 + 122))::int
    join bench.vector_pool n on n.kind = 'noise' and n.ord = floor(4096 * bench.rnd(q, $2 + 123))::int
    order by q`, [opts.queries, seed]);

  const claims = JSON.stringify({ sub: ws.ownerId, role: "authenticated", aud: "authenticated" });
  /** @type {number[]} */
  const latencies = [];
  /** @type {number[]} */
  const exactLatencies = [];
  /** @type {number[]} */
  const recalls = [];
  const sql = await stack.sql.reserve();
  try {
    for (const [i, q] of queries.entries()) {
      const approx = await timed(() => sql.begin(async (tx) => {
        await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`;
        return await tx`select id from public.match_patterns(${q.embedding}::extensions.vector, null, 10, 0, ${ws.id})`;
      }));
      const exact = await timed(() => sql.begin(async (tx) => {
        await tx`select set_config('enable_indexscan', 'off', true), set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`;
        return await tx`
          select p.id from public.patterns p where p.workspace_id = ${ws.id} and p.embedding is not null
          order by p.embedding operator(extensions.<=>) ${q.embedding}::extensions.vector, p.id limit 10`;
      }));
      if (i > 0) latencies.push(approx.ms); // the first query loads the index into memory
      exactLatencies.push(exact.ms);
      const truth = new Set(exact.result.map((r) => String(r.id)));
      recalls.push(approx.result.filter((r) => truth.has(String(r.id))).length / Math.max(truth.size, 1));
    }
  } finally {
    sql.release();
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
    recall_at_10: round(recalls.reduce((a, b) => a + b, 0) / recalls.length, 3),
    recall_min: round(Math.min(...recalls), 2),
    table_bytes: Number(sizes.total),
    hnsw_bytes: Number(sizes.hnsw),
  };
}
