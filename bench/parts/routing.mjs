// @ts-check
// Part 8: public.route (routing with memory) over 50k past routing decisions with 1536-dimension
// embeddings, through RLS as a workspace member, against exact search. Two figures:
//   recall@10: the 10 decisions route()'s index scan finds (the same query shape as its inner
//   step, under RLS) against the exact 10 nearest (one pass over an inline copy of the vectors);
//   agent agreement: route(match_count 10) against the same aggregation over the exact 10 nearest,
//   as the share of the 10 neighbours credited to the same agents.
// Embeddings are made as the patterns part makes them (a 24-dimensional latent space mapped into
// 1536 dimensions, a common direction, noise; see parts/patterns.mjs), with their own pools so this
// part runs alone. Decisions carry outcomes directly (execution_id null: as after retention), and
// the agent chosen depends on the task's first latent coordinate, so similar tasks mostly went to
// the same agents, as in a working router.
import { log } from "../../scripts/lib/stack.mjs";
import { dropStructures, restoreStructures } from "../lib/bulk.mjs";
import { round, summarize, timed } from "../lib/measure.mjs";

/** @typedef {import("../lib/stack.mjs").BenchStack} BenchStack */
/** @typedef {import("../lib/fixtures.mjs").World} World */

const DIMS = 1536;
const LATENT = 24;

/**
 * @param {BenchStack} stack
 * @param {World} world
 * @param {{ decisions: number, queries: number, seed: number }} opts
 */
export async function benchRouting(stack, world, opts) {
  const [{ ok }] = await stack.sql`select to_regprocedure('public.route(extensions.vector, int, int, uuid, double precision)') is not null as ok`;
  if (!ok) return { available: false };
  const ws = world.workspaces[0];
  const agents = world.agents.filter((a) => a.workspaceId === ws.id);
  const { seed } = opts;

  const pools = await timed(() => stack.sql.unsafe(`
    create table bench.routing_pool (kind text, ord int, v extensions.vector(${DIMS}), primary key (kind, ord));
    alter table bench.routing_pool alter column v set storage plain;
    insert into bench.routing_pool
    select k.kind, o, (select array_agg(k.scale * (bench.rnd(o * ${DIMS} + d, k.salt) * 2 - 1)) from generate_series(1, ${DIMS}) d)::extensions.vector
    from (values ('common', 1, 0.57::float8, ${seed} + 200), ('basis', ${LATENT}, 1.0, ${seed} + 201), ('noise', 4096, 0.15, ${seed} + 203)) k (kind, n, scale, salt)
    cross join lateral generate_series(0, k.n - 1) o;
    insert into bench.routing_pool
    select 'scaled', b.ord * 17 + l, b.v operator(extensions.*) array_fill((l - 8) / 4.0::real, array[${DIMS}])::extensions.vector
    from bench.routing_pool b cross join generate_series(0, 16) l
    where b.kind = 'basis';
    -- the quantized latent weight k of task g (0-16), a normal deviate by Box-Muller
    create function bench.routing_weight(g bigint, k int, salt int) returns int
    language sql immutable as $fn$
      select least(16, greatest(0, 8 + round(4 * sqrt(-2 * ln(greatest(bench.rnd(g * ${LATENT} + k, salt), 1e-12)))
        * cos(2 * pi() * bench.rnd(g * ${LATENT} + k, salt + 1)))::int))
    $fn$;
    create function bench.routing_embedding(g bigint, salt int) returns extensions.vector
    language sql stable as $fn$
      select c.v operator(extensions.+) x.s operator(extensions.+) n.v
      from bench.routing_pool c
      cross join lateral (
        select sum(sb.v) as s
        from generate_series(0, ${LATENT - 1}) k
        join bench.routing_pool sb on sb.kind = 'scaled' and sb.ord = k * 17 + bench.routing_weight(g, k, salt)
      ) x
      join bench.routing_pool n on n.kind = 'noise' and n.ord = floor(4096 * bench.rnd(g, salt + 2))::int
      where c.kind = 'common'
    $fn$;
    create table bench.routing_vectors (ord int primary key, v extensions.vector(${DIMS}));
    alter table bench.routing_vectors alter column v set storage plain;`));

  const generate = await timed(() => Promise.all([0, 1].map(async (half) => {
    const sql = stack.connect(1);
    try {
      const from = half === 0 ? 1 : Math.floor(opts.decisions / 2) + 1;
      const to = half === 0 ? Math.floor(opts.decisions / 2) : opts.decisions;
      await sql.unsafe(`insert into bench.routing_vectors select g, bench.routing_embedding(g, $3 + 210) from generate_series($1::int, $2::int) g`, [from, to, seed]);
    } finally {
      await sql.end({ timeout: 5 });
    }
  })));

  const structures = await dropStructures(stack.sql, ["public.routing_decisions"]);
  // the agent chosen follows the task's first latent weight (17 levels over the workspace's agents),
  // with one decision in ten elsewhere; outcomes: succeeded 80%, failed 20%, cost and latency vary
  const load = await timed(() => stack.sql.unsafe(`
    with a as (select array_agg(id order by id) as ids from public.agents where workspace_id = $1::uuid)
    insert into public.routing_decisions (workspace_id, execution_id, from_agent_id, selected_agent_id, query_text, candidates, reason,
      confidence, embedding, outcome_status, outcome_cost_usd, outcome_duration_ms, outcome_at, created_at)
    select $1::uuid, null, a.ids[1], a.ids[1 + case when bench.rnd(v.ord, $2 + 220) < 0.1 then floor(bench.rnd(v.ord, $2 + 221) * cardinality(a.ids))::int
        else (bench.routing_weight(v.ord, 0, $2 + 210) * cardinality(a.ids) / 17) end],
      'task ' || v.ord, '[]'::jsonb, 'bench', 0.8, v.v,
      case when bench.rnd(v.ord, $2 + 222) < 0.8 then 'succeeded' else 'failed' end,
      round((0.001 + bench.rnd(v.ord, $2 + 223) * 0.05)::numeric, 6), (100 + bench.rnd(v.ord, $2 + 224) * 5000)::int,
      now(), now() - make_interval(secs => v.ord)
    from bench.routing_vectors v cross join a`, [ws.id, seed]));
  log(`routing: ${opts.decisions} decisions generated in ${generate.ms} ms, loaded in ${load.ms} ms; building the HNSW index`);
  const build = await restoreStructures(stack.sql, structures);
  const hnswName = Object.keys(build).find((n) => n.includes("embedding")) ?? "";
  await stack.sql`analyze public.routing_decisions`;

  const queries = await stack.sql.unsafe(`
    select q as ord, bench.routing_embedding(q + 20000000, $2 + 210)::text as embedding
    from generate_series(1, $1::int) q order by q`, [opts.queries, seed]);

  // the truth: the exact 10 nearest decisions of every query, in one pass over the inline copy
  const exactAll = await timed(() => stack.sql.begin(async (tx) => {
    await tx`select set_config('work_mem', '512MB', true), set_config('jit', 'off', true)`;
    return await tx`
      with q as materialized (
        select t.ord, t.embedding::extensions.vector as v
        from unnest(${queries.map((q) => q.ord)}::int[], ${queries.map((q) => q.embedding)}::text[]) as t (ord, embedding)
      ),
      ranked as (
        select q.ord as query, v.ord, row_number() over (partition by q.ord order by v.v operator(extensions.<=>) q.v, v.ord) as rank
        from bench.routing_vectors v cross join q
      )
      select r.query as ord, d.id, d.selected_agent_id from ranked r
      join public.routing_decisions d on d.workspace_id = ${ws.id} and d.query_text = 'task ' || r.ord
      where r.rank <= 10`;
  }));
  /** @type {Map<number, { ids: Set<string>, agents: Map<string, number> }>} */
  const truth = new Map();
  for (const r of exactAll.result) {
    const t = truth.get(Number(r.ord)) ?? { ids: new Set(), agents: new Map() };
    t.ids.add(String(r.id));
    t.agents.set(String(r.selected_agent_id), (t.agents.get(String(r.selected_agent_id)) ?? 0) + 1);
    truth.set(Number(r.ord), t);
  }

  const claims = JSON.stringify({ sub: ws.ownerId, role: "authenticated", aud: "authenticated" });
  // the settings route() runs its index scan with (its SET clauses: iterative scan, ef_search)
  const [{ settings }] = await stack.sql`
    select coalesce(array_agg(c), '{}') as settings from pg_proc p, unnest(p.proconfig) c
    where p.oid = 'public.route(extensions.vector, int, int, uuid, double precision)'::regprocedure and c like 'hnsw.%'`;
  const routeSettings = /** @type {string[]} */ (settings).map((c) => c.split("="));
  /** @type {number[]} */
  const latencies = [];
  /** @type {number[]} */
  const recalls = [];
  /** @type {number[]} */
  const agreements = [];
  /** @type {number[]} */
  const exactLatencies = [];
  const sql = stack.connect(1);
  try {
    for (const [i, q] of queries.entries()) {
      const expected = truth.get(Number(q.ord)) ?? { ids: new Set(), agents: new Map() };
      // the index scan route() makes, under RLS, for recall on decision ids
      const nearest = await sql.begin(async (tx) => {
        await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`;
        for (const [name, value] of routeSettings) await tx`select set_config(${name}, ${value}, true)`;
        return await tx`
          select r.id from public.routing_decisions r
          where r.embedding is not null and r.selected_agent_id is not null and r.workspace_id = ${ws.id}
          order by r.embedding operator(extensions.<=>) ${q.embedding}::extensions.vector limit 10`;
      });
      recalls.push(nearest.filter((r) => expected.ids.has(String(r.id))).length / Math.max(expected.ids.size, 1));
      // route() itself: latency, and the agents it credits against the exact neighbours'
      const routed = await timed(() => sql.begin(async (tx) => {
        await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`;
        return await tx`select agent_id, similar_tasks from public.route(${q.embedding}::extensions.vector, 10, 100, ${ws.id}, -1)`;
      }));
      if (i > 0) latencies.push(routed.ms);
      const credited = routed.result.reduce((n, r) => n + Math.min(Number(r.similar_tasks), expected.agents.get(String(r.agent_id)) ?? 0), 0);
      agreements.push(credited / 10);
    }
    for (const q of queries.slice(0, 3)) {
      const exact = await timed(() => sql.begin(async (tx) => {
        await tx`select set_config('enable_indexscan', 'off', true), set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`;
        return await tx`
          select r.id from public.routing_decisions r where r.workspace_id = ${ws.id} and r.embedding is not null
          order by r.embedding operator(extensions.<=>) ${q.embedding}::extensions.vector, r.id limit 10`;
      }));
      exactLatencies.push(exact.ms);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
  const [sizes] = await stack.sql`
    select pg_total_relation_size('public.routing_decisions') as total, pg_relation_size(to_regclass(${`public.${hnswName}`})) as hnsw`;
  const latency = summarize(latencies);
  const mean = (/** @type {number[]} */ xs) => round(xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1), 3);
  log(`route: p50 ${latency.p50} ms, recall@10 ${mean(recalls)}, agent agreement ${mean(agreements)}`);
  return {
    available: true,
    route_settings: settings,
    decisions: opts.decisions,
    agents: agents.length,
    dimensions: DIMS,
    queries: queries.length,
    pools_ms: pools.ms,
    generate_ms: generate.ms,
    load_ms: load.ms,
    hnsw_build_ms: build[hnswName] ?? null,
    hnsw_index: hnswName,
    latency_ms: latency,
    exact_latency_ms: summarize(exactLatencies),
    exact_truth_all_queries_ms: exactAll.ms,
    recall_at_10: mean(recalls),
    recall_min: round(Math.min(...recalls), 2),
    agent_agreement_at_10: mean(agreements),
    table_bytes: Number(sizes.total),
    hnsw_bytes: Number(sizes.hnsw),
  };
}
