// @ts-check
// Part 8: public.route (routing with memory) over 50k past routing decisions with 1536-dimension
// embeddings, through RLS as a workspace member, against exact search. Two figures:
//   recall@10: the 10 decisions route()'s index scan finds (the same query shape as its inner
//   step, under RLS) against the exact 10 nearest (one pass over an inline copy of the vectors);
//   agent agreement: route(match_count 10) against the same aggregation over the exact 10 nearest,
//   as the share of the 10 neighbours credited to the same agents.
// Embeddings are made as the patterns part makes them (a 24-dimensional latent space mapped into
// 1536 dimensions, a common direction, noise; see lib/vectors.mjs), with their own pool so this
// part runs alone. Decisions carry outcomes directly (execution_id null: as after retention), and
// the agent chosen depends on the task's first latent coordinate, so similar tasks mostly went to
// the same agents, as in a working router.
import { log } from "../../scripts/lib/stack.mjs";
import { dropStructures, restoreStructures } from "../lib/bulk.mjs";
import { summarize, timed } from "../lib/measure.mjs";
import { DIMS, createPool, exactNearest, generateVectors, makeQueries, mean, measureSearch } from "../lib/vectors.mjs";

/** @typedef {import("../lib/stack.mjs").BenchStack} BenchStack */
/** @typedef {import("../lib/fixtures.mjs").World} World */

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

  const pools = await createPool(stack.sql, { pool: "routing", salt: seed + 200 });
  const generate = await generateVectors(stack, { pool: "routing", table: "routing_vectors", count: opts.decisions, salt: seed + 210 });

  const structures = await dropStructures(stack.sql, ["public.routing_decisions"]);
  // the agent chosen follows the task's first latent weight (17 levels over the workspace's agents),
  // with one decision in ten elsewhere; outcomes: succeeded 80%, failed 20%, cost and latency vary
  const load = await timed(() => stack.sql.unsafe(`
    with a as (select array_agg(id order by id) as ids from public.agents where workspace_id = $1::uuid)
    insert into public.routing_decisions (workspace_id, execution_id, from_agent_id, selected_agent_id, query_text, candidates, reason,
      confidence, embedding, outcome_status, outcome_cost_usd, outcome_duration_ms, outcome_at, created_at)
    select $1::uuid, null, a.ids[1], a.ids[1 + case when bench.rnd(v.ord, $2 + 220) < 0.1 then floor(bench.rnd(v.ord, $2 + 221) * cardinality(a.ids))::int
        else (bench.latent_weight(v.ord, 0, $2 + 210) * cardinality(a.ids) / 17) end],
      'task ' || v.ord, '[]'::jsonb, 'bench', 0.8, v.v,
      case when bench.rnd(v.ord, $2 + 222) < 0.8 then 'succeeded' else 'failed' end,
      round((0.001 + bench.rnd(v.ord, $2 + 223) * 0.05)::numeric, 6), (100 + bench.rnd(v.ord, $2 + 224) * 5000)::int,
      now(), now() - make_interval(secs => v.ord)
    from bench.routing_vectors v cross join a`, [ws.id, seed]));
  log(`routing: ${opts.decisions} decisions generated in ${generate.ms} ms, loaded in ${load.ms} ms; building the HNSW index`);
  const build = await restoreStructures(stack.sql, structures);
  const hnswName = Object.keys(build).find((n) => n.includes("embedding")) ?? "";
  await stack.sql`analyze public.routing_decisions`;

  const queries = await makeQueries(stack.sql, { pool: "routing", n: opts.queries, offset: 20_000_000, salt: seed + 210 });
  // the truth: the exact 10 nearest decisions of every query, with the agents they went to
  const exactAll = await exactNearest(stack.sql, { table: "routing_vectors", queries });
  const decisions = new Map((await stack.sql`select query_text, id, selected_agent_id from public.routing_decisions where workspace_id = ${ws.id}`)
    .map((r) => [String(r.query_text), { id: String(r.id), agent: String(r.selected_agent_id) }]));
  const truth = (/** @type {{ ord: number }} */ q) => (exactAll.nearest.get(q.ord) ?? []).map((o) => decisions.get(`task ${o}`) ?? { id: "", agent: "" });

  const claims = JSON.stringify({ sub: ws.ownerId, role: "authenticated", aud: "authenticated" });
  // the settings route() runs its index scan with (its SET clauses: iterative scan, ef_search)
  const [{ settings }] = await stack.sql`
    select coalesce(array_agg(c), '{}') as settings from pg_proc p, unnest(p.proconfig) c
    where p.oid = 'public.route(extensions.vector, int, int, uuid, double precision)'::regprocedure and c like 'hnsw.%'`;
  const routeSettings = /** @type {string[]} */ (settings).map((c) => c.split("="));
  // the index scan route() makes, under RLS, for recall on decision ids
  const nearest = await measureSearch(stack, {
    queries, claims, expected: (q) => new Set(truth(q).map((d) => d.id)),
    search: async (tx, q) => {
      for (const [name, value] of routeSettings) await tx`select set_config(${name}, ${value}, true)`;
      return await tx`
        select r.id from public.routing_decisions r
        where r.embedding is not null and r.selected_agent_id is not null and r.workspace_id = ${ws.id}
        order by r.embedding operator(extensions.<=>) ${q.embedding}::extensions.vector limit 10`;
    },
  });
  // route() itself: latency, and the agents it credits against the exact neighbours'
  const routed = await measureSearch(stack, {
    queries, claims,
    search: (tx, q) => tx`select agent_id, similar_tasks from public.route(${q.embedding}::extensions.vector, 10, 100, ${ws.id}, -1)`,
  });
  const agreements = routed.answers.map((answer, i) => {
    /** @type {Map<string, number>} */
    const expected = new Map();
    for (const d of truth(queries[i])) expected.set(d.agent, (expected.get(d.agent) ?? 0) + 1);
    return answer.reduce((n, r) => n + Math.min(Number(r.similar_tasks), expected.get(String(r.agent_id)) ?? 0), 0) / 10;
  });
  /** @type {number[]} */
  const exactLatencies = [];
  const sql = stack.connect(1);
  try {
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
  const latency = routed.latency_ms;
  log(`route: p50 ${latency.p50} ms, recall@10 ${nearest.recall_at_10}, agent agreement ${mean(agreements)}`);
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
    recall_at_10: nearest.recall_at_10,
    recall_min: nearest.recall_min,
    agent_agreement_at_10: mean(agreements),
    table_bytes: Number(sizes.total),
    hnsw_bytes: Number(sizes.hnsw),
  };
}
