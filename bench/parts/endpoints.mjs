// @ts-check
// Part 2: n8n-webhook and authorize under a fixed number of requests in flight, beside the floor:
// the same kind of Deno server answering a bare `select 1` with the functions' own database
// client. The ratio floor/endpoint says how much of the endpoint's time is its own work (routing,
// validation, signature, SQL) rather than the HTTP and database round trip every request pays.
import { Webhook } from "standardwebhooks";
import { log } from "../../scripts/lib/stack.mjs";
import { request } from "../lib/http.mjs";
import { closedLoop, round } from "../lib/measure.mjs";

/** @typedef {import("../lib/stack.mjs").BenchStack} BenchStack */
/** @typedef {import("../lib/fixtures.mjs").World} World */
/** @typedef {import("../lib/measure.mjs").LoadResult} LoadResult */

/**
 * @param {BenchStack} stack
 * @param {World} world
 * @param {{ concurrency: number, requests: number, seed: number }} opts
 */
export async function benchEndpoints(stack, world, opts) {
  const { concurrency, requests } = opts;
  const warmup = Math.min(50, requests);
  const functions = await stack.serveFunctions({ AGENT_JWT_TTL_SECONDS: "3600" });
  const floor = await stack.serveFloor();
  try {
    /** @type {Record<string, LoadResult>} */
    const results = {};

    results.floor_select_1 = await closedLoop({
      concurrency, total: requests, warmup,
      task: async () => {
        const res = await request("GET", `${floor.url}/select1`);
        return res.status;
      },
    });
    log(`floor: ${results.floor_select_1.rps} req/s`);

    // n8n: every delivery a new execution of one of the workspace's workflows, signed with its secret
    const signers = world.workspaces.map((w) => ({ ws: w, webhook: new Webhook(w.webhookSecret) }));
    const stamp = Date.now();
    results.n8n_webhook = await closedLoop({
      concurrency, total: requests, warmup,
      task: async (i) => {
        const { ws, webhook } = signers[Math.abs(i) % signers.length];
        const executionId = `bench-${stamp}-${i}`;
        const started = new Date(Date.now() - 5000);
        const body = JSON.stringify({
          id: executionId, workflowId: `wf-${ws.ord}-${Math.abs(i) % 5}`, workflowName: "Bench workflow", mode: "trigger",
          status: i % 20 === 0 ? "error" : "success", finished: true, retryOf: null,
          startedAt: started.toISOString(), stoppedAt: new Date(started.getTime() + 4250).toISOString(),
          data: { resultData: { lastNodeExecuted: "Send Email", ...(i % 20 === 0 ? { error: { message: "Example Error Message" } } : {}) } },
        });
        const msgId = `msg_${executionId}`;
        const at = new Date();
        const res = await request("POST", `${functions.url}/functions/v1/n8n-webhook/${ws.id}`, {
          headers: {
            "content-type": "application/json", "webhook-id": msgId, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
            "webhook-signature": webhook.sign(msgId, at, body),
          },
          body,
        });
        return res.status;
      },
    });
    const [n8nStored] = await stack.sql`
      select count(*)::int as rows, count(distinct run_key)::int as keys from public.executions
      where source = 'n8n' and run_key like ${`n8n:bench-${stamp}-%`} and run_key not like ${`n8n:bench-${stamp}--%`}`;
    log(`n8n-webhook: ${results.n8n_webhook.rps} req/s`);

    // authorize: allow decisions (escalation level 1) for a fleet of agents, first spread over every
    // workspace, then all in one workspace (each decision is appended to the workspace's audit
    // chain under a lock on its head, so one workspace's decisions are serialized)
    const spread = world.workspaces.flatMap((w) => world.agents.filter((a) => a.workspaceId === w.id && a.slug !== "agent-1").slice(0, 4));
    const interleaved = spread.map((_, i) => spread[(i % world.workspaces.length) * 4 + Math.floor(i / world.workspaces.length)]);
    const oneWorkspace = world.agents.filter((a) => a.workspaceId === world.workspaces[1].id && a.slug !== "agent-1").slice(0, 16);
    const tokenOf = new Map(await Promise.all([...interleaved, ...oneWorkspace].map(async (a) => {
      const res = await request("POST", `${functions.url}/functions/v1/agent-auth/token`, { headers: { "x-api-key": a.apiKey } });
      if (res.status !== 200) throw new Error(`agent-auth answered ${res.status}: ${res.text}`);
      return /** @type {[string, string]} */ ([a.id, String(JSON.parse(res.text).access_token)]);
    })));
    let authorizeSample = "";
    const authorize = (/** @type {import("../lib/fixtures.mjs").BenchAgent[]} */ agents) => async (/** @type {number} */ i) => {
      const agent = agents[Math.abs(i) % agents.length];
      const res = await request("POST", `${functions.url}/functions/v1/authorize`, {
        headers: { authorization: `Bearer ${tokenOf.get(agent.id)}`, "content-type": "application/json" },
        body: JSON.stringify({
          tool: "openai-api", action: "generate:text", arguments: { prompt: `Summarise ticket ${i}`, max_tokens: 400 },
          estimated_cost_usd: 0.004, estimated_tokens: 1200,
        }),
      });
      if (i === 0) authorizeSample = res.text.slice(0, 300);
      return res.status;
    };
    results.authorize = await closedLoop({ concurrency, total: requests, warmup, task: authorize(interleaved) });
    log(`authorize: ${results.authorize.rps} req/s`);
    results.authorize_one_workspace = await closedLoop({ concurrency, total: Math.ceil(requests / 2), warmup, task: authorize(oneWorkspace) });
    log(`authorize, one workspace: ${results.authorize_one_workspace.rps} req/s`);

    const floorRps = results.floor_select_1.rps;
    const floorP50 = results.floor_select_1.latency_ms.p50;
    return {
      concurrency,
      requests_per_endpoint: requests,
      results,
      n8n_stored_once: { sent: requests, rows: n8nStored.rows, distinct_run_keys: n8nStored.keys, ok: n8nStored.rows === requests && n8nStored.keys === requests },
      authorize_sample_answer: authorizeSample,
      ratios: {
        n8n_webhook_rps_to_floor: round(results.n8n_webhook.rps / floorRps, 3),
        authorize_rps_to_floor: round(results.authorize.rps / floorRps, 3),
        n8n_webhook_p50_over_floor: round(results.n8n_webhook.latency_ms.p50 / floorP50, 2),
        authorize_p50_over_floor: round(results.authorize.latency_ms.p50 / floorP50, 2),
        authorize_one_workspace_rps_to_floor: round(results.authorize_one_workspace.rps / floorRps, 3),
      },
    };
  } finally {
    await functions.stop();
    await floor.stop();
  }
}
