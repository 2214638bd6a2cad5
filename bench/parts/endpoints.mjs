// @ts-check
// Part 2: n8n-webhook and authorize under a fixed number of requests in flight and one at a time,
// beside the floor: a bare `select 1` with the functions' own database client, served as one more
// function behind the same gateway process (bench/floor/app.ts). The ratio endpoint/floor says how
// much of the endpoint's time is its own work (validation, signature, SQL) rather than the HTTP,
// gateway and database round trip every request pays. Every request body is made, and every n8n
// delivery signed, before the timed loop: the load generator shares the two cores with the server.
import { Webhook } from "standardwebhooks";
import { log } from "../../scripts/lib/stack.mjs";
import { request } from "../lib/http.mjs";
import { closedLoop, round, summarize } from "../lib/measure.mjs";
import { cpuBetween, postmasterPidOf, stackCpu } from "../lib/proc.mjs";

/** @typedef {import("../lib/stack.mjs").BenchStack} BenchStack */
/** @typedef {import("../lib/fixtures.mjs").World} World */
/** @typedef {import("../lib/measure.mjs").LoadResult} LoadResult */

/**
 * @param {BenchStack} stack
 * @param {World} world
 * @param {{ concurrency: number, requests: number, agedAuditRows: number, seed: number }} opts
 */
export async function benchEndpoints(stack, world, opts) {
  const { concurrency, requests, agedAuditRows } = opts;
  const warmup = Math.min(50, requests);
  const serial = Math.max(50, Math.round(requests / 5));
  // one connection per request in flight, for the floor and the endpoints alike: hosted, a function
  // runs in several isolates with DB_POOL_SIZE (default 2) each, while here one process serves all 8
  // in flight, and with 2 connections a request that writes waits for another's commit (its WAL flush)
  // before it even starts, which measured the local pool rather than the endpoint
  const functions = await stack.serveFunctions({ AGENT_JWT_TTL_SECONDS: "3600", DB_POOL_SIZE: String(concurrency) });
  try {
    /** @type {Record<string, LoadResult & { cpu?: ReturnType<typeof cpuBetween> }>} */
    const results = {};
    // the CPU time each timed loop costs the stack's processes (Postgres, gateway, function, client):
    // per request, it says where an endpoint's cost over the floor goes, whatever else the machine runs
    const pids = { postmaster: postmasterPidOf(/** @type {{ dataDir: string }} */ (/** @type {unknown} */ (stack.cluster)).dataDir), gateway: Number(functions.child.pid) };
    const cpu = async () => {
      const before = await stackCpu(pids, false);
      return async () => cpuBetween(before, await stackCpu(pids, true));
    };
    const floorTask = async () => (await request("GET", `${functions.url}/functions/v1/bench-floor/select1`)).status;
    // the write floor: an authorize-sized body stored as one row and committed (a WAL flush), which
    // every endpoint that records something pays and the read floor never does
    const writeBody = JSON.stringify({ tool: "openai-api", action: "generate:text", arguments: { prompt: "Summarise ticket 1", max_tokens: 400 }, estimated_cost_usd: 0.004, estimated_tokens: 1200 });
    const writeFloorTask = async () =>
      (await request("POST", `${functions.url}/functions/v1/bench-floor/insert1`, { headers: { "content-type": "application/json" }, body: writeBody })).status;

    // n8n: every delivery a new execution of one of the workspace's workflows, signed with its
    // secret; bodies and signatures made here, before any timed loop (Standard Webhooks accepts a
    // timestamp up to 5 minutes old)
    const signers = world.workspaces.map((w) => ({ ws: w, webhook: new Webhook(w.webhookSecret) }));
    const stamp = Date.now();
    /** @param {string} tag @param {number} count @param {number} wu */
    const deliveries = (tag, count, wu) => {
      /** @type {Map<number, { url: string, headers: Record<string, string>, body: string }>} */
      const made = new Map();
      for (let i = -wu; i < count; i++) {
        const { ws, webhook } = signers[Math.abs(i) % signers.length];
        const executionId = `bench-${stamp}-${tag}-${i < 0 ? `w${-i}` : i}`;
        const started = new Date(Date.now() - 5000);
        const body = JSON.stringify({
          id: executionId, workflowId: `wf-${ws.ord}-${Math.abs(i) % 5}`, workflowName: "Bench workflow", mode: "trigger",
          status: i % 20 === 0 ? "error" : "success", finished: true, retryOf: null,
          startedAt: started.toISOString(), stoppedAt: new Date(started.getTime() + 4250).toISOString(),
          data: { resultData: { lastNodeExecuted: "Send Email", ...(i % 20 === 0 ? { error: { message: "Example Error Message" } } : {}) } },
        });
        const msgId = `msg_${executionId}`;
        const at = new Date();
        made.set(i, {
          url: `${functions.url}/functions/v1/n8n-webhook/${ws.id}`,
          headers: {
            "content-type": "application/json", "webhook-id": msgId, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
            "webhook-signature": webhook.sign(msgId, at, body),
          },
          body,
        });
      }
      return made;
    };
    /** @param {Map<number, { url: string, headers: Record<string, string>, body: string }>} made */
    const deliver = (made) => async (/** @type {number} */ i) => {
      const d = made.get(i);
      if (!d) throw new Error(`no delivery ${i}`);
      return (await request("POST", d.url, { headers: d.headers, body: d.body })).status;
    };

    // authorize: allow decisions (escalation level 1) for a fleet of agents, first spread over every
    // workspace, then all in one workspace
    const spread = world.workspaces.flatMap((w) => world.agents.filter((a) => a.workspaceId === w.id && a.slug !== "agent-1").slice(0, 4));
    const interleaved = spread.map((_, i) => spread[(i % world.workspaces.length) * 4 + Math.floor(i / world.workspaces.length)]);
    const oneWorkspace = world.agents.filter((a) => a.workspaceId === world.workspaces[1].id && a.slug !== "agent-1").slice(0, 16);
    const tokenOf = new Map(await Promise.all([...interleaved, ...oneWorkspace].map(async (a) => {
      const res = await request("POST", `${functions.url}/functions/v1/agent-auth/token`, { headers: { "x-api-key": a.apiKey } });
      if (res.status !== 200) throw new Error(`agent-auth answered ${res.status}: ${res.text}`);
      return /** @type {[string, string]} */ ([a.id, String(JSON.parse(res.text).access_token)]);
    })));
    let authorizeSample = "";
    /** @param {import("../lib/fixtures.mjs").BenchAgent[]} agents */
    const authorize = (agents) => {
      const bodies = Array.from({ length: 64 }, (_, k) => JSON.stringify({
        tool: "openai-api", action: "generate:text", arguments: { prompt: `Summarise ticket ${k}`, max_tokens: 400 },
        estimated_cost_usd: 0.004, estimated_tokens: 1200,
      }));
      const headers = new Map(agents.map((a) => [a.id, { authorization: `Bearer ${tokenOf.get(a.id)}`, "content-type": "application/json" }]));
      return async (/** @type {number} */ i) => {
        const agent = agents[Math.abs(i) % agents.length];
        const res = await request("POST", `${functions.url}/functions/v1/authorize`, { headers: headers.get(agent.id), body: bodies[Math.abs(i) % bodies.length] });
        if (i === 0) authorizeSample = res.text.slice(0, 300);
        return res.status;
      };
    };

    // one at a time: what a request costs over the floor, without queueing behind others
    const n8nSerial = deliveries("s", serial, warmup);
    results.floor_one_at_a_time = await closedLoop({ concurrency: 1, total: serial, warmup, task: floorTask, cpu });
    results.write_floor_one_at_a_time = await closedLoop({ concurrency: 1, total: serial, warmup, task: writeFloorTask, cpu });
    results.authorize_one_at_a_time = await closedLoop({ concurrency: 1, total: serial, warmup, task: authorize(interleaved), cpu });
    results.n8n_webhook_one_at_a_time = await closedLoop({ concurrency: 1, total: serial, warmup, task: deliver(n8nSerial), cpu });
    log(`one at a time, p50: floor ${results.floor_one_at_a_time.latency_ms.p50} ms, authorize ${results.authorize_one_at_a_time.latency_ms.p50} ms, n8n-webhook ${results.n8n_webhook_one_at_a_time.latency_ms.p50} ms`);

    results.floor_select_1 = await closedLoop({ concurrency, total: requests, warmup, task: floorTask, cpu });
    results.write_floor = await closedLoop({ concurrency, total: requests, warmup, task: writeFloorTask, cpu });
    log(`floor: ${results.floor_select_1.rps} req/s; write floor: ${results.write_floor.rps} req/s`);

    const n8nLoad = deliveries("c", requests, warmup);
    results.n8n_webhook = await closedLoop({ concurrency, total: requests, warmup, task: deliver(n8nLoad), cpu });
    const [n8nStored] = await stack.sql`
      select count(*)::int as rows, count(distinct run_key)::int as keys from public.executions
      where source = 'n8n' and metadata ->> 'n8n_execution_id' like ${`bench-${stamp}-c-%`} and metadata ->> 'n8n_execution_id' not like ${`bench-${stamp}-c-w%`}`;
    log(`n8n-webhook: ${results.n8n_webhook.rps} req/s`);

    results.authorize = await closedLoop({ concurrency, total: requests, warmup, task: authorize(interleaved), cpu });
    log(`authorize: ${results.authorize.rps} req/s`);
    results.authorize_one_workspace = await closedLoop({ concurrency, total: Math.ceil(requests / 2), warmup, task: authorize(oneWorkspace) });
    log(`authorize, one workspace: ${results.authorize_one_workspace.rps} req/s`);

    const aged = await agedAuditLog(stack, {
      rows: agedAuditRows, workspaceId: world.workspaces[1].id, warmup, serial,
      agedTask: authorize(oneWorkspace), otherTask: authorize(interleaved.filter((a) => a.workspaceId === world.workspaces[2].id)),
    });
    log(`authorize one at a time, alternating: p50 ${aged.aged_workspace.p50} ms in the workspace with ${agedAuditRows} audit rows sealed since VACUUM, ${aged.other_workspace.p50} ms in another`);

    const floorRps = results.floor_select_1.rps;
    const floorP50 = results.floor_select_1.latency_ms.p50;
    const serialFloorP50 = results.floor_one_at_a_time.latency_ms.p50;
    return {
      concurrency,
      requests_per_endpoint: requests,
      results,
      n8n_stored_once: { sent: requests, rows: n8nStored.rows, distinct_run_keys: n8nStored.keys, ok: n8nStored.rows === requests && n8nStored.keys === requests },
      authorize_sample_answer: authorizeSample,
      cpu_ms_per_request: Object.fromEntries(Object.entries(results).filter(([, r]) => r.cpu).map(([k, r]) => {
        const c = /** @type {ReturnType<typeof cpuBetween>} */ (r.cpu);
        const per = (/** @type {number} */ s) => round((s * 1000) / r.requests, 3);
        return [k, { postgres: per(c.postgres_s), gateway: per(c.gateway_s), function: per(c.functions_s), client: per(c.node_client_s), total: per(c.total_s) }];
      })),
      ratios: {
        n8n_webhook_rps_to_floor: round(results.n8n_webhook.rps / floorRps, 3),
        authorize_rps_to_floor: round(results.authorize.rps / floorRps, 3),
        n8n_webhook_p50_over_floor: round(results.n8n_webhook.latency_ms.p50 / floorP50, 2),
        authorize_p50_over_floor: round(results.authorize.latency_ms.p50 / floorP50, 2),
        authorize_one_workspace_rps_to_floor: round(results.authorize_one_workspace.rps / floorRps, 3),
        authorize_one_workspace_to_ten: round(results.authorize_one_workspace.rps / results.authorize.rps, 3),
        authorize_one_at_a_time_p50_over_floor_ms: round(results.authorize_one_at_a_time.latency_ms.p50 - serialFloorP50, 2),
        n8n_webhook_one_at_a_time_p50_over_floor_ms: round(results.n8n_webhook_one_at_a_time.latency_ms.p50 - serialFloorP50, 2),
        write_floor_rps_to_floor: round(results.write_floor.rps / floorRps, 3),
        authorize_aged_log_to_other_workspace_p50: round(aged.aged_workspace.p50 / aged.other_workspace.p50, 2),
        authorize_rps_to_write_floor: round(results.authorize.rps / results.write_floor.rps, 3),
        n8n_webhook_rps_to_write_floor: round(results.n8n_webhook.rps / results.write_floor.rps, 3),
        authorize_one_at_a_time_p50_over_write_floor_ms: round(results.authorize_one_at_a_time.latency_ms.p50 - results.write_floor_one_at_a_time.latency_ms.p50, 2),
      },
      floor: "GET /functions/v1/bench-floor/select1: bench/floor/app.ts behind the same gateway process as the functions",
      aged_audit_log: aged,
      write_floor: "POST /functions/v1/bench-floor/insert1: the same function storing the body as one row of bench.floor_writes (one index) and committing",
    };
  } finally {
    await functions.stop();
  }
}

/**
 * An aged audit log: one workspace's log gets `rows` rows appended and sealed since its last
 * VACUUM (autovacuum waits for a fifth of the table to change: a log of a million rows holds this
 * many), then authorize one at a time alternates between that workspace (`agedTask`) and another
 * (`otherTask`), so that both are measured in the same minutes. Every seal leaves a dead entry in
 * the index of unsealed rows until VACUUM; a commit's seal must not walk them (it reads only the
 * last seconds of that index), or each decision grows slower with the log.
 * @param {BenchStack} stack
 * @param {{ rows: number, workspaceId: string, warmup: number, serial: number, agedTask: (i: number) => Promise<number>, otherTask: (i: number) => Promise<number> }} opts
 */
async function agedAuditLog(stack, { rows, workspaceId, warmup, serial, agedTask, otherTask }) {
  await stack.sql`alter table public.governance_audit_log set (autovacuum_enabled = false)`;
  try {
    const started = performance.now();
    for (let done = 0; done < rows; done += 10_000) {
      await stack.sql`
        select count(private.append_governance_audit(${workspaceId}::uuid, 'approval.assigned', 'approval', null,
          jsonb_build_object('bench', n), 'system', null))
        from generate_series(1, least(10000, ${rows - done}::int)) n`;
      await stack.sql`select private.seal_governance_audit_rows(${workspaceId}::uuid, true)`;
    }
    log(`aged audit log: ${rows} rows appended and sealed in ${Math.round(performance.now() - started)} ms`);
    // a log that grew over hours: its rows are older than the 10 seconds a commit's seal reads, and
    // their pages and WAL were written out long ago (a checkpoint now, which keeps the dead entries:
    // only VACUUM removes them)
    const admin = stack.connect(1, () => {}, true);
    try {
      await admin`checkpoint`;
    } finally {
      await admin.end();
    }
    await new Promise((r) => setTimeout(r, 11_000));
    /** @type {number[]} */
    const agedMs = [];
    /** @type {number[]} */
    const otherMs = [];
    let errors = 0;
    for (let i = -2 * warmup; i < 2 * serial; i++) {
      const t0 = performance.now();
      const status = await (i % 2 === 0 ? agedTask : otherTask)(i < 0 ? -1 - Math.floor(-i / 2) : Math.floor(i / 2) + 1);
      if (status !== 200) errors++;
      if (i >= 0) (i % 2 === 0 ? agedMs : otherMs).push(performance.now() - t0);
    }
    return { aged_rows: rows, errors, aged_workspace: summarize(agedMs), other_workspace: summarize(otherMs) };
  } finally {
    await stack.sql`alter table public.governance_audit_log reset (autovacuum_enabled)`;
  }
}
