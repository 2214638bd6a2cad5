// @ts-check
// Synthetic embeddings and similarity-search measurement, shared by the patterns and routing parts.
// Embeddings are shaped like real ones: a point of a 24-dimensional latent space (standard normal
// coordinates) mapped into 1536 dimensions by a fixed random basis, plus a common direction
// (unrelated texts still score a cosine similarity around 0.2 with text-embedding-3 models) and a
// little noise. So similarities vary continuously and nearest neighbours are well defined, as with
// real text, whose embeddings have a low intrinsic dimension. (Uniform random vectors in 1536
// dimensions are all nearly equidistant, and discrete clusters make the exact top 10 a tie among a
// cluster's members; neither resembles an embedding model's output.)
// pgvector has no vector-by-scalar product, so weights are quantized to 17 levels (-2 to 2) and each
// basis vector is stored once per level. Each part has its own pool (its own salts), so a part runs alone.
import { round, summarize, timed } from "./measure.mjs";

/** @typedef {import("./stack.mjs").BenchStack} BenchStack */
/** @typedef {import("postgres").Sql<{}>} Sql */

export const DIMS = 1536;
/** Intrinsic dimension of the synthetic embeddings. */
export const LATENT = 24;

/**
 * Creates the pool `pool` (24 basis vectors of norm ~23 at 17 weights, one common direction of norm
 * ~13, 4096 noise vectors of norm ~3.4) and, once, the functions that draw from pools:
 * bench.latent_weight(g, k, salt), the quantized latent weight k of item g (0-16, a normal deviate by
 * Box-Muller), and bench.pool_embedding(pool, g, salt), the embedding of item g.
 * @param {Sql} sql
 * @param {{ pool: string, salt: number }} opts salts salt, salt + 1 and salt + 3 seed the pool's vectors
 */
export async function createPool(sql, { pool, salt }) {
  return await timed(async () => {
    await sql.unsafe(`
      create table if not exists bench.embedding_pool (pool text, kind text, ord int, v extensions.vector(${DIMS}), primary key (pool, kind, ord));
      -- inline (a 6 kB vector fits a page): summing pooled vectors must not detoast each of them
      alter table bench.embedding_pool alter column v set storage plain;
      create or replace function bench.latent_weight(g bigint, k int, salt int) returns int
      language sql immutable as $fn$
        select least(16, greatest(0, 8 + round(4 * sqrt(-2 * ln(greatest(bench.rnd(g * ${LATENT} + k, salt), 1e-12)))
          * cos(2 * pi() * bench.rnd(g * ${LATENT} + k, salt + 1)))::int))
      $fn$;
      create or replace function bench.pool_embedding(pool text, g bigint, salt int) returns extensions.vector
      language sql stable as $fn$
        select c.v operator(extensions.+) x.s operator(extensions.+) n.v
        from bench.embedding_pool c
        cross join lateral (
          select sum(sb.v) as s
          from generate_series(0, ${LATENT - 1}) k
          join bench.embedding_pool sb on sb.pool = pool_embedding.pool and sb.kind = 'scaled' and sb.ord = k * 17 + bench.latent_weight(g, k, salt)
        ) x
        join bench.embedding_pool n on n.pool = pool_embedding.pool and n.kind = 'noise' and n.ord = floor(4096 * bench.rnd(g, salt + 2))::int
        where c.pool = pool_embedding.pool and c.kind = 'common'
      $fn$;`);
    await sql.unsafe(`
      insert into bench.embedding_pool
      select $1, k.kind, o, (select array_agg(k.scale * (bench.rnd(o * ${DIMS} + d, k.salt) * 2 - 1)) from generate_series(1, ${DIMS}) d)::extensions.vector
      from (values ('common', 1, 0.57::float8, $2::int), ('basis', ${LATENT}, 1.0, $2 + 1), ('noise', 4096, 0.15, $2 + 3)) k (kind, n, scale, salt)
      cross join lateral generate_series(0, k.n - 1) o`, [pool, salt]);
    // each basis vector at each weight, so that an embedding is a sum of looked-up vectors
    await sql.unsafe(`
      insert into bench.embedding_pool
      select $1, 'scaled', b.ord * 17 + l, b.v operator(extensions.*) array_fill((l - 8) / 4.0::real, array[${DIMS}])::extensions.vector
      from bench.embedding_pool b cross join generate_series(0, 16) l
      where b.pool = $1 and b.kind = 'basis'`, [pool]);
  });
}

/**
 * Generates `count` embeddings of `pool` into bench.<table> (ord 1..count, kept inline: the exact
 * search for recall reads them there, once for all queries, without detoasting), on two
 * connections, one per core.
 * @param {BenchStack} stack
 * @param {{ pool: string, table: string, count: number, salt: number }} opts
 */
export async function generateVectors(stack, { pool, table, count, salt }) {
  await stack.sql.unsafe(`
    create table bench.${table} (ord int primary key, v extensions.vector(${DIMS}));
    alter table bench.${table} alter column v set storage plain;`);
  return await timed(() => Promise.all([0, 1].map(async (half) => {
    const sql = stack.connect(1);
    try {
      const from = half === 0 ? 1 : Math.floor(count / 2) + 1;
      const to = half === 0 ? Math.floor(count / 2) : count;
      await sql.unsafe(`insert into bench.${table} select g, bench.pool_embedding($4, g, $3) from generate_series($1::int, $2::int) g`,
        [from, to, salt, pool]);
    } finally {
      await sql.end({ timeout: 5 });
    }
  })));
}

/**
 * `n` query embeddings of `pool`: items offset + 1 .. offset + n, drawn as the stored ones are.
 * @param {Sql} sql
 * @param {{ pool: string, n: number, offset: number, salt: number }} opts
 * @returns {Promise<{ ord: number, embedding: string }[]>}
 */
export async function makeQueries(sql, { pool, n, offset, salt }) {
  const rows = await sql.unsafe(`
    select q as ord, bench.pool_embedding($4, q + $2, $3)::text as embedding
    from generate_series(1, $1::int) q order by q`, [n, offset, salt, pool]);
  return rows.map((r) => ({ ord: Number(r.ord), embedding: String(r.embedding) }));
}

/**
 * The truth: the exact `k` nearest stored vectors (by true cosine distance, ties by ord) of every
 * query, in one pass over the inline copy bench.<table>. `where` (SQL over v.ord and q.ord)
 * restricts the candidates as a caller's filters would.
 * @param {Sql} sql
 * @param {{ table: string, queries: { ord: number, embedding: string }[], k?: number, where?: string }} opts
 * @returns {Promise<{ ms: number, nearest: Map<number, number[]> }>} per query ord, the ords of its neighbours, nearest first
 */
export async function exactNearest(sql, { table, queries, k = 10, where = "true" }) {
  const { result, ms } = await timed(() => sql.begin(async (tx) => {
    await tx`select set_config('work_mem', '512MB', true), set_config('jit', 'off', true)`;
    return await tx.unsafe(`
      with q as materialized (
        select t.ord, t.embedding::extensions.vector as v
        from unnest($1::int[], $2::text[]) as t (ord, embedding)
      ),
      ranked as (
        select q.ord as query, v.ord, row_number() over (partition by q.ord order by v.v operator(extensions.<=>) q.v, v.ord) as rank
        from bench.${table} v cross join q
        where ${where}
      )
      select query, ord from ranked where rank <= $3 order by query, rank`,
    [queries.map((q) => q.ord), queries.map((q) => q.embedding), k]);
  }));
  /** @type {Map<number, number[]>} */
  const nearest = new Map();
  for (const r of result) {
    const list = nearest.get(Number(r.query)) ?? [];
    list.push(Number(r.ord));
    nearest.set(Number(r.query), list);
  }
  return { ms, nearest };
}

/**
 * Runs `search` once per query on one connection, each in its own transaction as the member whose
 * claims are given (RLS applies), after an untimed pass over every query (so that each variant is
 * measured with its index in memory, whichever ran before). Recall@k of each answer against
 * `expected(query)` (ids); the answers are returned for measures of their own.
 * @param {BenchStack} stack
 * @param {{
 *   queries: { ord: number, embedding: string }[],
 *   claims: string,
 *   search: (tx: import("postgres").TransactionSql<{}>, q: { ord: number, embedding: string }) => PromiseLike<Record<string, unknown>[]>,
 *   expected?: (q: { ord: number, embedding: string }) => Set<string>,
 * }} opts
 */
export async function measureSearch(stack, { queries, claims, search, expected }) {
  /** @type {number[]} */
  const latencies = [];
  /** @type {number[]} */
  const recalls = [];
  /** @type {Record<string, unknown>[][]} */
  const answers = [];
  const sql = stack.connect(1);
  const once = (/** @type {{ ord: number, embedding: string }} */ q) => timed(() => sql.begin(async (tx) => {
    await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`;
    return await search(tx, q);
  }));
  try {
    for (const q of queries) await once(q);
    for (const q of queries) {
      const { result, ms } = await once(q);
      latencies.push(ms);
      answers.push([...result]);
      if (expected) {
        const truth = expected(q);
        recalls.push(result.filter((r) => truth.has(String(r.id))).length / Math.max(truth.size, 1));
      }
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
  return {
    latency_ms: summarize(latencies),
    ...(expected ? { recall_at_10: mean(recalls), recall_min: round(Math.min(...recalls), 2) } : {}),
    answers,
  };
}

export function mean(/** @type {number[]} */ xs) {
  return round(xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1), 3);
}
