// @ts-check
// Part 5: public.match_patterns over 100k patterns with 1536-dimension embeddings (synthetic, shaped
// like real ones: see lib/vectors.mjs), through RLS as a workspace member, against exact search (the
// true cosine distance over every pattern). Two index designs are measured in the same run, on the
// same patterns and queries, each with and without the filters real callers use:
//   halfvec column (the migration's): an HNSW index over the stored half-precision unit vectors
//     (patterns.embedding_half); match_patterns takes a candidate set four times the answer from it
//     and re-ranks it at full precision;
//   expression index: the same, over the expression instead of a stored column (bench.match_patterns_expr);
//   full precision: the design replaced, an HNSW index over the full-precision vectors (twice the
//     size), same ef_search, answer taken from the scan directly (bench.match_patterns_full).
// Three query shapes: no filter; the query's topic (1 in 20) and a minimum success rate of 50 %
// (about half), where match_patterns reads the topic's rows at or above the rate through the
// b-tree and compares each (its exact branch); the minimum success rate alone, where the HNSW scan
// iterates past the rows it drops. The former match_patterns (the planner's choice, the rate
// checked on every row of the topic) is measured in the same run, on the same data and queries.
import { log } from "../../scripts/lib/stack.mjs";
import { dropStructures, restoreStructures } from "../lib/bulk.mjs";
import { summarize, timed } from "../lib/measure.mjs";
import { DIMS, createPool, exactNearest, generateVectors, makeQueries, measureSearch } from "../lib/vectors.mjs";

/** @typedef {import("../lib/stack.mjs").BenchStack} BenchStack */
/** @typedef {import("../lib/fixtures.mjs").World} World */

/** The filters callers add: the query's topic (1 pattern in 20) and a minimum success rate of 50 % (about half). */
const MIN_RATE = 50;
const topicOf = (/** @type {number} */ ord) => `topic-${ord % 20}`;
const rateOf = "(v.ord * 37) % 101";

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

  const pools = await createPool(stack.sql, { pool: "patterns", salt: seed + 100 });
  const structures = await dropStructures(stack.sql, ["public.patterns"]);
  const generate = await generateVectors(stack, { pool: "patterns", table: "pattern_vectors", count: opts.patterns, salt: seed + 110 });
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
      from (select v.ord, ${rateOf} as rate from bench.pattern_vectors v) s
      where p.workspace_id = $1::uuid and p.name = 'pattern-' || s.ord`, [ws.id]);
  });
  // what autovacuum would have done to a library loaded long ago: the row versions the update left
  // behind removed and the visibility map set (match_patterns counts a topic's rows in the
  // b-tree, index-only when the pages are all visible); before the indexes, so it scans the heap only
  await stack.sql`vacuum public.patterns`;
  log(`patterns: ${opts.patterns} generated in ${generate.ms} ms, loaded in ${load.ms} ms; building the HNSW indexes`);
  const build = await restoreStructures(stack.sql, structures);
  const hnswName = Object.keys(build).find((n) => n.includes("embedding")) ?? "";
  // the alternatives, for comparison: an index over the same half-precision unit vectors as an
  // expression (no stored column), and the full-precision index with the former search
  const alternatives = await restoreStructures(stack.sql, [{
    kind: "index", name: "bench_patterns_embedding_expr_idx", table: "public.patterns",
    sql: "create index bench_patterns_embedding_expr_idx on public.patterns using hnsw ((extensions.l2_normalize(embedding)::extensions.halfvec(1536)) extensions.halfvec_cosine_ops)",
  }, {
    kind: "index", name: "bench_patterns_embedding_full_idx", table: "public.patterns",
    sql: "create index bench_patterns_embedding_full_idx on public.patterns using hnsw (embedding extensions.vector_cosine_ops)",
  }]);
  await stack.sql.unsafe(`
    ${searchFunction("bench.match_patterns_expr", "extensions.l2_normalize(p.embedding)::extensions.halfvec(1536)",
      "extensions.l2_normalize(query_embedding)::extensions.halfvec(1536)", true)}
    ${searchFunction("bench.match_patterns_full", "p.embedding", "query_embedding", false)}
    ${searchFunction("bench.match_patterns_before", "p.embedding_half", "extensions.l2_normalize(query_embedding)::extensions.halfvec(1536)", true)}
    grant usage on schema bench to authenticated;
    grant execute on all functions in schema bench to authenticated;`);
  await stack.sql`analyze public.patterns`;
  const queries = await makeQueries(stack.sql, { pool: "patterns", n: opts.queries, offset: 10_000_000, salt: seed + 120 });

  // the truth, without and with the callers' filters, mapped from vector ords to pattern ids
  const ids = new Map((await stack.sql`select name, id from public.patterns where workspace_id = ${ws.id}`)
    .map((r) => [String(r.name), String(r.id)]));
  const toIds = (/** @type {Map<number, number[]>} */ m, /** @type {number} */ ord) => new Set((m.get(ord) ?? []).map((o) => ids.get(`pattern-${o}`) ?? ""));
  const exactAll = await exactNearest(stack.sql, { table: "pattern_vectors", queries });
  const exactFiltered = await exactNearest(stack.sql, { table: "pattern_vectors", queries, where: `v.ord % 20 = q.ord % 20 and ${rateOf} >= ${MIN_RATE}` });
  const exactRate = await exactNearest(stack.sql, { table: "pattern_vectors", queries, where: `${rateOf} >= ${MIN_RATE}` });

  const claims = JSON.stringify({ sub: ws.ownerId, role: "authenticated", aud: "authenticated" });
  /** @param {string} fn */
  const variant = async (fn) => ({
    all: await measureSearch(stack, {
      queries, claims, expected: (q) => toIds(exactAll.nearest, q.ord),
      search: (tx, q) => tx.unsafe(`select id from ${fn}($1::extensions.vector, null, 10, 0, $2)`, [q.embedding, ws.id]),
    }),
    filtered: await measureSearch(stack, {
      queries, claims, expected: (q) => toIds(exactFiltered.nearest, q.ord),
      search: (tx, q) => tx.unsafe(`select id from ${fn}($1::extensions.vector, $2, 10, ${MIN_RATE}, $3)`, [q.embedding, topicOf(q.ord), ws.id]),
    }),
    // the minimum success rate alone keeps half the patterns: the planner keeps the HNSW scan,
    // which iterates past the half the filter drops
    rate: await measureSearch(stack, {
      queries, claims, expected: (q) => toIds(exactRate.nearest, q.ord),
      search: (tx, q) => tx.unsafe(`select id from ${fn}($1::extensions.vector, null, 10, ${MIN_RATE}, $2)`, [q.embedding, ws.id]),
    }),
  });
  const halfvec = await variant("public.match_patterns");
  // match_patterns before the exact branch (the planner's choice: a topic's rows read through the
  // b-tree, the minimum rate checked on each row), on the same data and queries
  const before = await variant("bench.match_patterns_before");
  const expr = await variant("bench.match_patterns_expr");
  const full = await variant("bench.match_patterns_full");
  // what an exact search (a sequential scan by true distance) costs per query, for reference
  /** @type {number[]} */
  const exactLatencies = [];
  const sql = stack.connect(1);
  try {
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
    select pg_total_relation_size('public.patterns') as total, pg_relation_size(to_regclass(${`public.${hnswName}`})) as hnsw,
      pg_relation_size('public.bench_patterns_embedding_expr_idx') as hnsw_expr, pg_relation_size('public.bench_patterns_embedding_full_idx') as hnsw_full`;
  const strip = (/** @type {Awaited<ReturnType<typeof measureSearch>>} */ m) => ({ latency_ms: m.latency_ms, recall_at_10: m.recall_at_10, recall_min: m.recall_min });
  log(`match_patterns: p50 ${halfvec.all.latency_ms.p50} ms, recall@10 ${halfvec.all.recall_at_10}; filtered p50 ${halfvec.filtered.latency_ms.p50} ms, recall@10 ${halfvec.filtered.recall_at_10}; rate only p50 ${halfvec.rate.latency_ms.p50} ms, recall@10 ${halfvec.rate.recall_at_10}`);
  log(`match_patterns before the exact branch: p50 ${before.all.latency_ms.p50} ms, recall@10 ${before.all.recall_at_10}; filtered p50 ${before.filtered.latency_ms.p50} ms, recall@10 ${before.filtered.recall_at_10}; rate only p50 ${before.rate.latency_ms.p50} ms, recall@10 ${before.rate.recall_at_10}`);
  log(`expression index: p50 ${expr.all.latency_ms.p50} ms, recall@10 ${expr.all.recall_at_10}; filtered p50 ${expr.filtered.latency_ms.p50} ms, recall@10 ${expr.filtered.recall_at_10}`);
  log(`full-precision index: p50 ${full.all.latency_ms.p50} ms, recall@10 ${full.all.recall_at_10}; filtered p50 ${full.filtered.latency_ms.p50} ms, recall@10 ${full.filtered.recall_at_10}`);
  return {
    available: true,
    patterns: opts.patterns,
    dimensions: DIMS,
    queries: queries.length,
    pools_ms: pools.ms,
    generate_ms: generate.ms,
    load_ms: load.ms,
    hnsw_build_ms: build[hnswName] ?? null,
    hnsw_index: hnswName,
    ...strip(halfvec.all),
    exact_latency_ms: summarize(exactLatencies),
    exact_truth_all_queries_ms: exactAll.ms,
    filtered: { filters: `topic (1 in 20) and min_success_rate ${MIN_RATE} (about half)`, ...strip(halfvec.filtered) },
    rate_filtered: { filters: `min_success_rate ${MIN_RATE} alone (about half)`, ...strip(halfvec.rate) },
    before_exact_branch: {
      design: "match_patterns before the exact branch: the same index and re-ranking, the planner choosing the b-tree for a topic and checking the minimum rate on each row read (bench.match_patterns_before)",
      ...strip(before.all),
      filtered: strip(before.filtered),
      rate_filtered: strip(before.rate),
    },
    expression_index: {
      index: "HNSW over l2_normalize(embedding)::halfvec(1536) as an expression (no stored column), candidates re-ranked at full precision",
      hnsw_build_ms: alternatives.bench_patterns_embedding_expr_idx,
      hnsw_bytes: Number(sizes.hnsw_expr),
      ...strip(expr.all),
      filtered: strip(expr.filtered),
      rate_filtered: strip(expr.rate),
    },
    full_precision: {
      index: "HNSW over the full-precision vectors, answer taken from the scan (the design replaced)",
      hnsw_build_ms: alternatives.bench_patterns_embedding_full_idx,
      hnsw_bytes: Number(sizes.hnsw_full),
      ...strip(full.all),
      filtered: strip(full.filtered),
      rate_filtered: strip(full.rate),
    },
    table_bytes: Number(sizes.total) - Number(sizes.hnsw_expr) - Number(sizes.hnsw_full),
    hnsw_bytes: Number(sizes.hnsw),
  };
}

/**
 * A search function for an alternative index design, shaped as match_patterns (SET clauses, filters,
 * the same ef_search from match_count): ordered by `key` against `query`, and if `rerank`, a candidate set
 * four times the answer re-ranked by the full-precision distance.
 * @param {string} name
 * @param {string} key the indexed expression over patterns p
 * @param {string} query the query in the key's type, over query_embedding
 * @param {boolean} rerank
 */
function searchFunction(name, key, query, rerank) {
  const limit = rerank ? "greatest(40, 4 * match_count)" : "match_count";
  const fn = name.split(".")[1]; // plpgsql qualifies a parameter by the bare function name
  return `
    create function ${name}(query_embedding extensions.vector, topic text, match_count int, min_success_rate numeric, workspace_id uuid)
    returns table (id uuid, similarity double precision)
    language plpgsql stable security invoker set search_path = '' set hnsw.iterative_scan = 'relaxed_order' set hnsw.ef_search = 100
    as $fn$
    begin
      perform set_config('hnsw.ef_search', least(1000, greatest(150, 8 * match_count))::text, true);
      return query
      with candidates as materialized (
        select p.id, p.embedding from public.patterns p
        where p.embedding is not null
          and (${fn}.topic is null or p.topic = ${fn}.topic)
          and (${fn}.workspace_id is null or p.workspace_id = ${fn}.workspace_id)
          and coalesce(p.success_rate, 0) >= ${fn}.min_success_rate
        order by ${key} operator(extensions.<=>) ${query}
        limit ${limit}
      )
      select c.id, 1 - (c.embedding operator(extensions.<=>) query_embedding) as similarity
      from candidates c
      order by 2 desc, c.id
      limit match_count;
    end;
    $fn$;`;
}
