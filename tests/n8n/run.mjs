#!/usr/bin/env node
// `npm run test:n8n`: the n8n integration against a real n8n (the npm package n8n 1.123.50 with
// its default SQLite store, installed on demand into tests/n8n/node_modules: ~1.7 GB, kept out of
// the project's own npm install). It starts a throw-away cluster and the functions exactly as
// `npm test` does (scripts/lib/stack.mjs: strict gateway, one Deno process per function), then:
//   1. an admin registers the n8n instance (n8n-sync /connections) and gets its signing secret;
//   2. n8n starts on free ports with that secret in its environment; the owner and an API key
//      are set up over n8n's REST API, as the UI does;
//   3. the shipped workflow (docs/n8n/agentops-report-executions.json) is imported as the error
//      workflow of: a workflow failing in a Code node, one failing in an HTTP Request node
//      (NodeApiError 404), one succeeding and reporting itself through Execute Workflow, one
//      succeeding silently, and one whose polling trigger fails (RSS feed that goes away);
//   4. push: each failure arrives once, with its class, node and detail, signed by n8n itself;
//   5. pull: the API key is given to the connection; n8n-sync's own timer (as under `npm start`)
//      pages through n8n's executions and stores every one of them exactly once, meeting the
//      pushed runs without double counting; after a restart of the functions it resumes and adds
//      only what is new.
// Writes what n8n really sent to docs/n8n/examples/n8n-1.123.50/ when CAPTURE=1.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Cluster, ROOT, ensureNodeModules, ensureSystemPackages, freePort, localProjectKeys, log, serveFunctions, waitForHttp,
} from "../../scripts/lib/stack.mjs";
import { userAccessToken } from "../../scripts/lib/jwt.mjs";
import { N8N_BIN, N8n, SUITE_DIR } from "./lib/n8n.mjs";

const require = createRequire(join(ROOT, "package.json"));
const postgres = require("postgres");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const checks = [];
function check(name, fn) {
  try {
    fn();
    checks.push({ name, ok: true });
    console.log(`ok   ${name}`);
  } catch (err) {
    checks.push({ name, ok: false });
    console.log(`FAIL ${name}\n     ${String(err.message).split("\n").join("\n     ")}`);
  }
}

/** Polls `probe` until it returns a truthy value (n8n and the timer work asynchronously). */
async function waitFor(what, probe, timeoutMs = 120_000, everyMs = 500) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last;
    await sleep(everyMs);
  }
  throw new Error(`timed out waiting for ${what}`);
}

function ensureN8n() {
  if (existsSync(N8N_BIN)) return;
  log("installing n8n 1.123.50 into tests/n8n (about 4 minutes, 1.7 GB; once)");
  const res = spawnSync("npm", ["install", "--no-audit", "--no-fund"], { cwd: SUITE_DIR, stdio: "inherit" });
  if (res.status !== 0) throw new Error("npm install of n8n failed (see above)");
}

/** A local stand-in for the outside world n8n's workflows talk to: an RSS feed that can go away, and a 404. */
function outside() {
  const state = { feedUp: true };
  const server = createServer((req, res) => {
    if (req.url.startsWith("/feed.xml")) {
      if (!state.feedUp) {
        res.writeHead(503, { "content-type": "text/plain" });
        res.end("feed is down");
        return;
      }
      res.writeHead(200, { "content-type": "application/rss+xml" });
      res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>http://x</link><description>d</description>
        <item><title>first</title><link>http://x/1</link><guid>1</guid><pubDate>Mon, 30 Nov 2026 10:00:00 GMT</pubDate></item></channel></rss>`);
      return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ message: "no such thing" }));
  });
  return { state, server };
}

const node = (name, type, typeVersion, parameters, extra = {}) => ({ id: crypto.randomUUID(), name, type, typeVersion, position: [0, 0], parameters, ...extra });
const chain = (...names) => Object.fromEntries(names.slice(0, -1).map((n, i) => [n, { main: [[{ node: names[i + 1], type: "main", index: 0 }]] }]));
const webhook = (path) => node("Webhook", "n8n-nodes-base.webhook", 2, { httpMethod: "POST", path, responseMode: "onReceived", options: {} }, { webhookId: crypto.randomUUID() });

async function main() {
  ensureSystemPackages();
  ensureNodeModules();
  ensureN8n();
  const dir = mkdtempSync(join(tmpdir(), "agentops-n8n-suite-"));
  const dbPort = await freePort();
  const fnPort = await freePort();
  const cluster = new Cluster({ dataDir: join(dir, "data"), port: dbPort, durable: false });
  const credentialsKey = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64");
  const fnEnv = { N8N_CREDENTIALS_KEY: credentialsKey, N8N_SYNC_INTERVAL_MS: "2000" };
  let functions;
  let n8n;
  const world = outside();
  const cleanup = async () => {
    functions?.kill("SIGKILL");
    await n8n?.stop().catch(() => {});
    world.server.close();
    cluster.destroy();
    rmSync(dir, { recursive: true, force: true });
  };
  process.on("SIGINT", async () => {
    await cleanup();
    process.exit(130);
  });
  let sql;
  try {
    log(`throw-away cluster on 127.0.0.1:${dbPort}, functions on :${fnPort}`);
    cluster.init();
    cluster.start();
    cluster.setup({ seed: false });
    functions = await serveFunctions({ dbPort, fnPort, extraEnv: fnEnv, stdio: ["ignore", "ignore", "inherit"] });
    await waitForHttp(`http://127.0.0.1:${fnPort}/health`, 180_000);
    const fn = `http://127.0.0.1:${fnPort}/functions/v1`;
    sql = postgres(cluster.url, { max: 2, onnotice: () => {}, types: { bigint: postgres.BigInt } });
    await new Promise((r) => world.server.listen(0, "127.0.0.1", r));
    const outsideUrl = `http://127.0.0.1:${world.server.address().port}`;

    // 1. the admin registers the instance (no key yet: n8n is not up)
    const [admin] = await sql`insert into auth.users (id, aud, role, email) values (gen_random_uuid(), 'authenticated', 'authenticated', 'n8n-admin@test.local') returning id`;
    const [ws] = await sql`insert into public.workspaces (slug, name, created_by) values ('n8n-suite', 'n8n suite', ${admin.id}) returning id`;
    const token = await userAccessToken({ userId: admin.id, email: "n8n-admin@test.local", signingKey: localProjectKeys().signingKey });
    const auth = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const reg = await fetch(`${fn}/n8n-sync/${ws.id}/connections`, { method: "POST", headers: auth, body: JSON.stringify({ name: "suite n8n" }) });
    assert.equal(reg.status, 201, await reg.clone().text());
    const { connection, secret } = await reg.json();

    // 2. a real n8n that knows where to report and with which secret
    const started = Date.now();
    n8n = await N8n.start({
      env: {
        NODE_FUNCTION_ALLOW_BUILTIN: "crypto",
        AGENTOPS_URL: `http://127.0.0.1:${fnPort}`,
        AGENTOPS_WORKSPACE_ID: ws.id,
        AGENTOPS_WEBHOOK_SECRET: secret,
        N8N_BLOCK_ENV_ACCESS_IN_NODE: "false",
        EXECUTIONS_DATA_SAVE_ON_SUCCESS: "all",
      },
    });
    await n8n.setUp();
    log(`n8n ${n8n.url} usable after ${Date.now() - started} ms`);

    // 3. the shipped workflow, imported as it is, and the workflows under test
    const shipped = JSON.parse(readFileSync(join(ROOT, "docs", "n8n", "agentops-report-executions.json"), "utf8"));
    const reporter = await n8n.createWorkflow({ name: shipped.name, nodes: shipped.nodes, connections: shipped.connections, settings: shipped.settings });
    const settings = { executionOrder: "v1", errorWorkflow: reporter.id };
    const failsInCode = await n8n.createWorkflow({
      name: "fails in code", settings,
      nodes: [webhook("fails-in-code"), node("Boom", "n8n-nodes-base.code", 2, { jsCode: "throw new Error('boom in code')" })],
      connections: chain("Webhook", "Boom"),
    }, { activate: true });
    const failsInHttp = await n8n.createWorkflow({
      name: "fails in http", settings,
      nodes: [webhook("fails-in-http"), node("Fetch thing", "n8n-nodes-base.httpRequest", 4.2, { url: `${outsideUrl}/missing`, options: {} })],
      connections: chain("Webhook", "Fetch thing"),
    }, { activate: true });
    const succeedsSilently = await n8n.createWorkflow({
      name: "succeeds silently", settings,
      nodes: [webhook("succeeds"), node("Set", "n8n-nodes-base.set", 3.4, { assignments: { assignments: [{ id: "a", name: "ok", value: "yes", type: "string" }] }, options: {} })],
      connections: chain("Webhook", "Set"),
    }, { activate: true });
    const succeedsAndReports = await n8n.createWorkflow({
      name: "succeeds and reports", settings,
      nodes: [
        webhook("succeeds-and-reports"),
        node("Report to AgentOps", "n8n-nodes-base.executeWorkflow", 1.2, {
          workflowId: { __rl: true, value: reporter.id, mode: "id" },
          workflowInputs: {
            mappingMode: "defineBelow",
            value: { executionId: "={{ $execution.id }}", workflowId: "={{ $workflow.id }}", workflowName: "={{ $workflow.name }}", mode: "={{ $execution.mode }}" },
            matchingColumns: [],
            schema: ["executionId", "workflowId", "workflowName", "mode", "status"].map((id) => ({ id, displayName: id, required: false, defaultMatch: false, display: true, canBeUsedToMatch: true, type: "any", removed: id === "status" })),
            attemptToConvertTypes: false,
            convertFieldsToString: true,
          },
          options: { waitForSubWorkflow: true },
        }),
      ],
      connections: chain("Webhook", "Report to AgentOps"),
    }, { activate: true });
    // the mistake the old shipped workflow turned into a run named "undefined": calling it without inputs
    const reportsNothing = await n8n.createWorkflow({
      name: "reports without inputs", settings,
      nodes: [
        webhook("reports-nothing"),
        node("Report to AgentOps", "n8n-nodes-base.executeWorkflow", 1.2, {
          workflowId: { __rl: true, value: reporter.id, mode: "id" },
          workflowInputs: { mappingMode: "defineBelow", value: {}, matchingColumns: [], schema: [], attemptToConvertTypes: false, convertFieldsToString: true },
          options: { waitForSubWorkflow: true },
        }),
      ],
      connections: chain("Webhook", "Report to AgentOps"),
    }, { activate: true });
    const pollFails = await n8n.createWorkflow({
      name: "poll fails", settings,
      nodes: [node("RSS Feed Trigger", "n8n-nodes-base.rssFeedReadTrigger", 1, { pollTimes: { item: [{ mode: "everyMinute" }] }, feedUrl: `${outsideUrl}/feed.xml` })],
      connections: {},
    }, { activate: true });
    world.state.feedUp = false; // from the next poll on, the trigger fails

    const hit = async (path) => {
      const res = await fetch(`${n8n.url}/webhook/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      assert.equal(res.status, 200, `${path}: ${res.status} ${await res.text()}`);
    };
    // a webhook path n8n has not registered answers 404; GET on a POST webhook answers otherwise without running it
    await waitFor("n8n's webhooks to register", async () => {
      const res = await fetch(`${n8n.url}/webhook/succeeds`);
      await res.arrayBuffer();
      return res.status !== 404 || !/not registered/i.test(res.statusText);
    }, 60_000);
    for (const path of ["fails-in-code", "fails-in-http", "succeeds-and-reports", "succeeds", "reports-nothing"]) await hit(path);

    // 4. push: the error workflow reports each failure; the success reports itself
    const runsOf = (wfId) => sql`
      select e.run_key, e.status, e.error_type, e.error_message, e.started_at, e.ended_at, e.metadata, w.name, w.execution_count, w.success_count, w.error_count
      from public.executions e join public.workflows w on w.id = e.workflow_id
      where e.workspace_id = ${ws.id} and w.n8n_workflow_id = ${wfId} order by e.created_at`;
    const pushed = await waitFor("pushed failures and the reported success", async () => {
      const [code, http, reported, nothing] = await Promise.all([runsOf(failsInCode.id), runsOf(failsInHttp.id), runsOf(succeedsAndReports.id), runsOf(reportsNothing.id)]);
      return code.length && http.length && reported.length && nothing.length ? { code, http, reported, nothing } : undefined;
    }, 90_000);
    const receipts = await sql`select webhook_id, outcome from private.webhook_receipts where workspace_id = ${ws.id}`;
    if (process.env.CAPTURE) {
      writeFileSync(join(ROOT, "docs", "n8n", "examples", "n8n-1.123.50", "receipts.json"), JSON.stringify(receipts, null, 2) + "\n");
    }
    check("push: the Code node's failure arrives once, failed, typed by its class, with node and message", () => {
      assert.equal(pushed.code.length, 1);
      const [r] = pushed.code;
      assert.equal(r.status, "failed");
      assert.equal(r.error_type, "Error");
      assert.equal(r.error_message, "boom in code [line 1]");
      assert.equal(r.metadata.error.node_name, "Boom");
      assert.equal(r.name, "fails in code");
      assert.equal(r.ended_at, null, "the Error Trigger does not say when the execution stopped: no invented end");
      assert.equal(r.metadata.started_at_source, "execution_context");
    });
    check("push: the HTTP Request node's NodeApiError arrives once with httpCode, node type and description", () => {
      assert.equal(pushed.http.length, 1);
      const [r] = pushed.http;
      assert.equal(r.error_type, "NodeApiError");
      assert.equal(r.metadata.error.http_code, "404");
      assert.equal(r.metadata.error.node_name, "Fetch thing");
      assert.equal(r.metadata.error.node_type, "n8n-nodes-base.httpRequest");
      assert.equal(r.metadata.error.description, "no such thing");
    });
    const undefinedRuns = await sql`select count(*)::int as n from public.workflows where workspace_id = ${ws.id} and (name = 'undefined' or n8n_workflow_id = 'undefined')`;
    check("push: calling the shipped workflow without inputs is refused in n8n with what to pass; nothing is named 'undefined'", () => {
      assert.equal(pushed.nothing.length, 1);
      assert.equal(pushed.nothing[0].status, "failed");
      assert.match(pushed.nothing[0].error_message ?? "", /executionId/, JSON.stringify(pushed.nothing[0]));
      assert.equal(undefinedRuns[0].n, 0);
    });
    check("push: a workflow that calls the shipped workflow at its end is recorded as succeeded", () => {
      assert.equal(pushed.reported.length, 1);
      assert.equal(pushed.reported[0].status, "succeeded");
      assert.equal(pushed.reported[0].name, "succeeds and reports");
    });

    // the polling trigger fails within a minute of activation: n8n records an error execution and
    // tells the error workflow without an execution id
    const pollPushed = await waitFor("the polling trigger's failure", async () => {
      const rows = await runsOf(pollFails.id);
      return rows.length ? rows : undefined;
    }, 150_000, 1000);
    check("push: a trigger's failure ({trigger, workflow}, no execution id) arrives as a failed run of that workflow", () => {
      assert.equal(pollPushed.length, 1);
      assert.equal(pollPushed[0].status, "failed");
      // n8n's trigger payload of a failed poll: the error's class, message and time, no node, no execution id
      assert.equal(pollPushed[0].error_type, "NodeOperationError", JSON.stringify(pollPushed[0]));
      assert.equal(pollPushed[0].error_message, "Status code 503");
      assert.equal(pollPushed[0].metadata.n8n_execution_id, undefined);
    });
    if (process.env.CAPTURE) {
      const errorRuns = await n8n.api("GET", `/executions?workflowId=${reporter.id}&includeData=true&limit=50`);
      const received = errorRuns.data.map((x) => x.data?.resultData?.runData?.["Error Trigger"]?.[0]?.data?.main?.[0]?.[0]?.json).filter(Boolean);
      writeFileSync(join(ROOT, "docs", "n8n", "examples", "n8n-1.123.50", "error-trigger-received.json"), JSON.stringify(received, null, 2) + "\n");
      const pollExec = await n8n.api("GET", `/executions?workflowId=${pollFails.id}&includeData=true&limit=5`);
      writeFileSync(join(ROOT, "docs", "n8n", "examples", "n8n-1.123.50", "poll-error-execution.json"), JSON.stringify(pollExec.data[0] ?? null, null, 2) + "\n");
    }
    world.state.feedUp = true; // no further failures while the rest runs
    await n8n.api("POST", `/workflows/${pollFails.id}/deactivate`).catch(() => {});

    // 5. pull: the connection gets n8n's URL and API key; the functions' own timer does the rest
    const patched = await fetch(`${fn}/n8n-sync/${ws.id}/connections/${connection.id}`, {
      method: "PATCH", headers: auth, body: JSON.stringify({ base_url: n8n.url, api_key: n8n.apiKey, sync_enabled: true, sync_interval_seconds: 10 }),
    });
    assert.equal(patched.status, 200, await patched.clone().text());
    check("the API key is never readable back", () => assert.ok(!JSON.stringify(connection).includes(n8n.apiKey)));
    const allN8n = async () => {
      const out = [];
      let cursor;
      do {
        const page = await n8n.executions({ limit: 100, ...(cursor ? { cursor } : {}) });
        out.push(...page.data);
        cursor = page.nextCursor;
      } while (cursor);
      return out;
    };
    const stored = () => sql`
      select e.metadata ->> 'n8n_execution_id' as id, e.status, e.ended_at, e.error_type, w.n8n_workflow_id,
        e.metadata -> 'error' ->> 'timestamp' as error_timestamp
      from public.executions e join public.workflows w on w.id = e.workflow_id
      where e.workspace_id = ${ws.id} and e.metadata ? 'n8n_execution_id'`;
    // settled: every execution finished and none added for 3 s (error workflows start after the failures they report)
    let previous = -1;
    const inN8n = await waitFor("n8n to finish every execution", async () => {
      const list = await allN8n();
      const settled = list.length >= 10 && list.length === previous && list.every((x) => !["running", "new"].includes(x.status));
      previous = list.length;
      return settled ? list : undefined;
    }, 120_000, 3000);
    const expectedFinal = { success: "succeeded", error: "failed", crashed: "failed", canceled: "canceled" };
    const pulled = await waitFor("the scheduled pull to store every execution", async () => {
      const rows = await stored();
      const ids = new Set(rows.map((r) => r.id));
      return inN8n.every((x) => ids.has(String(x.id))) ? rows : undefined;
    }, 120_000, 1000);
    const [conn] = await sql`select * from public.n8n_connections where id = ${connection.id}`;
    if (process.env.CAPTURE) {
      writeFileSync(join(ROOT, "docs", "n8n", "examples", "n8n-1.123.50", "executions-of-suite.json"), JSON.stringify(inN8n, null, 2) + "\n");
    }
    check(`pull: every one of n8n's ${inN8n.length} executions is stored exactly once, with n8n's status and end`, () => {
      for (const x of inN8n) {
        const mine = pulled.filter((r) => r.id === String(x.id) && r.n8n_workflow_id === x.workflowId);
        assert.equal(mine.length, 1, `execution ${x.id} stored ${mine.length} times`);
        assert.equal(mine[0].status, expectedFinal[x.status] ?? mine[0].status, `execution ${x.id}: ${x.status}`);
        // a failed poll was pushed first with the error's own time (n8n's too, a few ms before its record's stoppedAt): the first end stays
        const ends = [x.stoppedAt, mine[0].error_timestamp ? new Date(Number(mine[0].error_timestamp)).toISOString() : undefined];
        assert.ok(ends.includes(mine[0].ended_at?.toISOString()), `execution ${x.id}: n8n's stoppedAt ${x.stoppedAt}, stored ${mine[0].ended_at?.toISOString()}`);
      }
      assert.equal(pulled.length, inN8n.length, "no run that n8n does not have");
    });
    check("pull: the scheduled pass ran under the functions' own timer and recorded its progress", () => {
      assert.equal(conn.last_sync_status, "ok", conn.last_sync_error);
      assert.ok(Number(conn.sync_high_water) >= Math.max(...inN8n.map((x) => Number(x.id))));
    });
    const counters = async (wfId) => (await runsOf(wfId)).map((r) => [r.status, r.execution_count, r.success_count, r.error_count]);
    // every workflow n8n ran: one run per execution, and counters equal to n8n's own tally
    for (const wfId of [...new Set(inN8n.map((x) => x.workflowId))]) {
      const mine = inN8n.filter((x) => x.workflowId === wfId);
      const ok = mine.filter((x) => x.status === "success").length;
      const err = mine.filter((x) => ["error", "crashed"].includes(x.status)).length;
      const rows = await counters(wfId);
      const [name] = await sql`select name from public.workflows where workspace_id = ${ws.id} and n8n_workflow_id = ${wfId}`;
      check(`push and pull: "${name?.name}" has one run per execution in n8n (${mine.length}: ${ok} succeeded, ${err} failed), counted once`, () => {
        assert.equal(rows.length, mine.length, JSON.stringify(rows));
        for (const r of rows) assert.deepEqual(r.slice(1), [mine.length, ok, err]);
      });
    }
    const pollRows = await runsOf(pollFails.id);
    const pollInN8n = inN8n.filter((x) => x.workflowId === pollFails.id);
    check(`push and pull: the trigger failure and n8n's error execution for it are one run (${pollRows.length} runs, ${pollInN8n.length} in n8n)`, () => {
      assert.equal(pollRows.length, pollInN8n.length, JSON.stringify(pollRows.map((r) => [r.run_key, r.metadata]), null, 1));
      assert.ok(pollRows.every((r) => r.metadata.n8n_execution_id), "every trigger failure is linked to n8n's execution");
      assert.equal(pollRows[0].execution_count, pollInN8n.length);
    });
    const [fromCode] = await runsOf(failsInCode.id);
    check("push and pull: the pushed detail is kept and n8n's end fills the gap", () => {
      assert.equal(fromCode.error_type, "Error");
      assert.ok(fromCode.ended_at instanceof Date);
    });

    // 6. a restart of the functions: the sync resumes from its stored state and adds only what is new
    functions.kill("SIGKILL");
    await new Promise((r) => functions.once("exit", r));
    const before = (await stored()).length;
    await hit("succeeds");
    functions = await serveFunctions({ dbPort, fnPort, extraEnv: fnEnv, stdio: ["ignore", "ignore", "inherit"] });
    await waitForHttp(`http://127.0.0.1:${fnPort}/health`, 180_000);
    await sql`update public.n8n_connections set next_sync_at = now() where id = ${connection.id}`;
    const afterRestart = await waitFor("the pass after the restart", async () => {
      const rows = await stored();
      return rows.length > before ? rows : undefined;
    }, 120_000, 1000);
    await sql`update public.n8n_connections set next_sync_at = now() where id = ${connection.id}`;
    await sleep(5000); // two more timer passes: nothing more may appear
    const final = await stored();
    const finalInN8n = await allN8n();
    check(`after a restart: exactly the new execution is added (${before} -> ${final.length}), ${finalInN8n.length} in n8n`, () => {
      assert.equal(afterRestart.length, before + 1);
      assert.equal(final.length, finalInN8n.length);
      assert.equal(new Set(final.map((r) => `${r.n8n_workflow_id}:${r.id}`)).size, final.length);
    });
    const silent = await counters(succeedsSilently.id);
    const silentInN8n = finalInN8n.filter((x) => x.workflowId === succeedsSilently.id).length;
    check(`after a restart: the silent workflow's counters count each of its ${silentInN8n} executions once`, () => {
      assert.equal(silent.length, silentInN8n);
      assert.ok(silent.every((r) => r[1] === silentInN8n && r[2] === silentInN8n), JSON.stringify(silent));
    });
    const [pushes] = await sql`select count(*)::int as n from private.webhook_receipts where workspace_id = ${ws.id}`;
    console.log(`\nn8n suite: ${finalInN8n.length} executions in n8n, ${pushes.n} signed pushes received from it, ${final.length} runs stored, ${checks.filter((c) => c.ok).length} checks passed`);
  } catch (err) {
    checks.push({ name: "suite", ok: false });
    console.log(`FAIL ${err?.stack ?? err}`);
    if (n8n) console.log(`--- n8n log (tail) ---\n${n8n.log.slice(-4000)}`);
  } finally {
    await sql?.end({ timeout: 2 }).catch(() => {});
    await cleanup();
  }
  const failed = checks.filter((c) => !c.ok).length;
  console.log(`\nn8n checks: ${checks.length - failed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main();
