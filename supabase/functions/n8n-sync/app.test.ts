// n8n-sync against the real test database and a stand-in for n8n's public API that answers as
// n8n 1.123.50 does (packages/cli/src/public-api/v1/handlers/executions: newest first, a cursor
// carrying the last id, running executions left out unless status=running; the records are the
// shape captured in docs/n8n/examples/n8n-1.123.50). tests/n8n runs the same against a real n8n.
import assert from "node:assert/strict";
Deno.env.set("N8N_CREDENTIALS_KEY", btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32)))));
import { app } from "./app.ts";
import { runSync } from "./sync.ts";
import { db } from "../_shared/db.ts";
import { addMember, createUser, createWorkspace, json, test, userToken } from "../_shared/testing.ts";

const API_KEY = "n8n_api_test_0123456789abcdef";

type Exec = { id: string; workflowId: string; status: string; mode: string; startedAt: string; stoppedAt: string | null; finished: boolean };

/** A stand-in for n8n's public API with a list of executions the test changes as n8n would. */
class FakeN8n {
  executions: Exec[] = [];
  active = new Set<string>();
  workflows = new Map<string, string>();
  requests: string[] = [];
  failOnCursor = false;
  server: Deno.HttpServer<Deno.NetAddr>;
  url: string;

  constructor() {
    this.server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, (req) => this.handle(req));
    this.url = `http://127.0.0.1:${this.server.addr.port}`;
  }

  add(count: number, status = "success", workflowId = "wfA") {
    for (let i = 0; i < count; i++) {
      const id = String(this.executions.length + 1);
      const at = new Date(Date.UTC(2026, 10, 30, 10, 0, this.executions.length));
      this.executions.push({
        id, workflowId, status, mode: "webhook", startedAt: at.toISOString(),
        stoppedAt: ["running", "new", "waiting"].includes(status) ? null : new Date(at.getTime() + 250).toISOString(),
        finished: status === "success",
      });
    }
  }

  handle(req: Request): Response {
    const url = new URL(req.url);
    this.requests.push(`${url.pathname}${url.search}`);
    if (req.headers.get("x-n8n-api-key") !== API_KEY) return Response.json({ message: "unauthorized" }, { status: 401 });
    const wf = /^\/api\/v1\/workflows\/(.+)$/.exec(url.pathname);
    if (wf) return this.workflows.has(wf[1]) ? Response.json({ id: wf[1], name: this.workflows.get(wf[1]) }) : Response.json({ message: "Not Found" }, { status: 404 });
    const one = /^\/api\/v1\/executions\/(.+)$/.exec(url.pathname);
    if (one) {
      const x = this.executions.find((e) => e.id === one[1]);
      if (!x) return Response.json({ message: "Not Found" }, { status: 404 });
      const data = url.searchParams.get("includeData") === "true" && x.status === "error"
        ? { data: { resultData: { error: { name: "NodeOperationError", message: `failed ${x.id}`, node: { name: "Step", type: "n8n-nodes-base.set" }, timestamp: 1796170000000 + Number(x.id) }, lastNodeExecuted: "Step" } } }
        : {};
      return Response.json({ ...x, ...data, workflowData: { name: this.workflows.get(x.workflowId) } });
    }
    if (url.pathname === "/api/v1/executions") {
      const limit = Number(url.searchParams.get("limit") ?? 100);
      const status = url.searchParams.get("status");
      const cursor = url.searchParams.get("cursor");
      if (cursor && this.failOnCursor) return Response.json({ message: "boom" }, { status: 500 });
      const lastId = cursor ? Number(JSON.parse(atob(cursor)).lastId) : Infinity;
      const all = this.executions
        .filter((e) => (status ? e.status === status : !this.active.has(e.id)))
        .filter((e) => Number(e.id) < lastId)
        .sort((a, b) => Number(b.id) - Number(a.id));
      const data = all.slice(0, limit);
      const more = all.length > limit;
      return Response.json({ data, nextCursor: more ? btoa(JSON.stringify({ lastId: data.at(-1)!.id, limit })) : null });
    }
    return Response.json({ message: "Not Found" }, { status: 404 });
  }
}

const admin = await createUser();
const ws = await createWorkspace(admin);
const adminToken = await userToken(admin);

async function connect(n8n: FakeN8n, name = "fake n8n") {
  const res = await app.request(`/n8n-sync/${ws}/connections`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ name, base_url: n8n.url, api_key: API_KEY, sync_enabled: true, sync_interval_seconds: 10 }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  return await json(res);
}

const due = (connectionId: string) => db()`update public.n8n_connections set next_sync_at = now() where id = ${connectionId}`;
const runsOf = async (connectionId: string) =>
  await db()`select e.metadata ->> 'n8n_execution_id' as id, e.status, e.error_type, e.error_message, e.ended_at, w.name, w.execution_count
             from public.executions e join public.workflows w on w.id = e.workflow_id
             where e.workspace_id = ${ws} and w.n8n_connection_id = ${connectionId} order by (e.metadata ->> 'n8n_execution_id')::int`;

test("registering an instance: the key is stored encrypted and never readable back; viewers may not register", async () => {
  const n8n = new FakeN8n();
  try {
    const { connection, secret } = await connect(n8n, "key test");
    assert.match(secret, /^whsec_/);
    assert.equal(connection.has_api_key, true);
    assert.ok(!JSON.stringify(connection).includes(API_KEY));
    const [stored] = await db()`select ciphertext, iv, key_fingerprint from private.n8n_credentials where connection_id = ${connection.id}`;
    assert.ok(!stored.ciphertext.includes(API_KEY) && !atob(stored.ciphertext).includes(API_KEY));
    // a member reads the connection through PostgREST's role: no key column, and no access to the credentials
    const member = await createUser();
    await addMember(ws, member, "viewer");
    const seen = await db().begin(async (tx) => {
      await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${JSON.stringify({ sub: member, role: "authenticated" })}, true)`;
      const rows = await tx`select * from public.n8n_connections where id = ${connection.id}`;
      const [p] = await tx`select has_table_privilege('authenticated', 'private.n8n_credentials', 'select') as credentials,
        has_function_privilege('authenticated', 'private.n8n_sync_claim(int, interval)', 'execute') as claim`;
      return { rows, denied: !p.credentials && !p.claim };
    });
    assert.equal(seen.rows.length, 1);
    assert.ok(!JSON.stringify(seen.rows[0], (_k, v) => (typeof v === "bigint" ? String(v) : v)).includes(API_KEY));
    assert.equal(seen.denied, true);
    const refused = await app.request(`/n8n-sync/${ws}/connections`, {
      method: "POST",
      headers: { authorization: `Bearer ${await userToken(member)}`, "content-type": "application/json" },
      body: JSON.stringify({ base_url: n8n.url, api_key: API_KEY }),
    });
    assert.equal(refused.status, 403);
    await db()`update public.n8n_connections set sync_enabled = false where id = ${connection.id}`;
  } finally {
    await n8n.server.shutdown();
  }
});

test("the pull pages through every execution, stores each once with n8n's detail, and a second pass adds only what is new", async () => {
  const n8n = new FakeN8n();
  try {
    n8n.workflows.set("wfA", "Nightly import");
    n8n.add(230, "success");
    n8n.add(3, "error");
    const { connection } = await connect(n8n, "pull test");
    const first = await runSync({ maxConnections: 50 });
    const mine = first.results.find((r) => r.connection_id === connection.id)!;
    assert.equal(mine.error, undefined);
    assert.equal(mine.created, 233);
    let rows = await runsOf(connection.id);
    assert.equal(rows.length, 233);
    assert.equal(rows[0].name, "Nightly import");
    assert.equal(rows[0].execution_count, 233);
    const failed = rows.filter((r) => r.status === "failed");
    assert.equal(failed.length, 3);
    assert.equal(failed[0].error_type, "NodeOperationError");
    assert.equal(failed[0].error_message, "failed 231");
    // nothing new: nothing stored, and only the newest page is read
    await due(connection.id);
    n8n.requests.length = 0;
    const second = (await runSync({ maxConnections: 50 })).results.find((r) => r.connection_id === connection.id)!;
    assert.equal(second.created, 0);
    assert.equal(n8n.requests.filter((r) => r.startsWith("/api/v1/executions?") && !r.includes("status=running")).length, 1);
    // two new executions: exactly those
    n8n.add(2, "success");
    await due(connection.id);
    const third = (await runSync({ maxConnections: 50 })).results.find((r) => r.connection_id === connection.id)!;
    assert.equal(third.created, 2);
    rows = await runsOf(connection.id);
    assert.equal(rows.length, 235);
    const [state] = await db()`select sync_high_water, sync_walk_cursor, last_sync_status, synced_executions from public.n8n_connections where id = ${connection.id}`;
    assert.deepEqual([Number(state.sync_high_water), state.sync_walk_cursor, state.last_sync_status, Number(state.synced_executions)], [235, null, "ok", 235]);
  } finally {
    await n8n.server.shutdown();
  }
});

test("a pass that fails half way records its error, keeps its cursor, and the next pass resumes there without duplicates", async () => {
  const n8n = new FakeN8n();
  try {
    n8n.workflows.set("wfA", "Resumed");
    n8n.add(250, "success");
    const { connection } = await connect(n8n, "resume test");
    n8n.failOnCursor = true; // the first page arrives, the second fails: as if n8n went away mid-walk
    const failed = (await runSync({ maxConnections: 50 })).results.find((r) => r.connection_id === connection.id)!;
    assert.match(failed.error!, /500/);
    const [mid] = await db()`select sync_walk_cursor, sync_walk_top, sync_high_water, last_sync_status, last_sync_error, sync_consecutive_failures
                             from public.n8n_connections where id = ${connection.id}`;
    assert.ok(mid.sync_walk_cursor, "the cursor after the stored page is kept");
    assert.equal(Number(mid.sync_walk_top), 250);
    assert.equal(mid.sync_high_water, null);
    assert.equal(mid.last_sync_status, "error");
    assert.match(mid.last_sync_error, /500/);
    assert.equal(mid.sync_consecutive_failures, 1);
    assert.equal((await runsOf(connection.id)).length, 100);
    // a restart: new executions arrive meanwhile; the next pass resumes at the cursor, then reads the new ones
    n8n.failOnCursor = false;
    n8n.add(5, "success");
    await due(connection.id);
    const resumed = (await runSync({ maxConnections: 50 })).results.find((r) => r.connection_id === connection.id)!;
    assert.equal(resumed.error, undefined);
    assert.equal(resumed.created, 150);
    await due(connection.id);
    const next = (await runSync({ maxConnections: 50 })).results.find((r) => r.connection_id === connection.id)!;
    assert.equal(next.created, 5);
    const rows = await runsOf(connection.id);
    assert.equal(rows.length, 255);
    assert.equal(new Set(rows.map((r) => r.id)).size, 255);
    assert.equal(rows[0].execution_count, 255);
  } finally {
    await n8n.server.shutdown();
  }
});

test("a pass with many failures to read in detail stops within its request budget and the next pass continues at the cursor", async () => {
  const n8n = new FakeN8n();
  try {
    n8n.workflows.set("wfA", "Flaky");
    n8n.add(250, "error");
    const { connection } = await connect(n8n, "budget test");
    const first = (await runSync({ maxConnections: 50 })).results.find((r) => r.connection_id === connection.id)!;
    assert.equal(first.error, undefined);
    assert.equal(first.created, 200, "two pages with their 200 detail reads fit in one pass, a third would not");
    const [mid] = await db()`select sync_walk_cursor, last_sync_status from public.n8n_connections where id = ${connection.id}`;
    assert.ok(mid.sync_walk_cursor);
    assert.equal(mid.last_sync_status, "ok");
    await due(connection.id);
    const second = (await runSync({ maxConnections: 50 })).results.find((r) => r.connection_id === connection.id)!;
    assert.equal(second.created, 50);
    const rows = await runsOf(connection.id);
    assert.equal(rows.length, 250);
    assert.ok(rows.every((r) => r.error_type === "NodeOperationError" && r.execution_count === 250));
  } finally {
    await n8n.server.shutdown();
  }
});

test("running executions (left out of n8n's list) are stored as running and finished by a later pass, counted once", async () => {
  const n8n = new FakeN8n();
  try {
    n8n.workflows.set("wfA", "Long job");
    n8n.add(1, "success");
    n8n.add(1, "running");
    n8n.active.add("2");
    const { connection } = await connect(n8n, "running test");
    await runSync({ maxConnections: 50 });
    let rows = await runsOf(connection.id);
    assert.deepEqual(rows.map((r) => [r.id, r.status]), [["1", "succeeded"], ["2", "running"]]);
    const [open] = await db()`select sync_open_ids from public.n8n_connections where id = ${connection.id}`;
    assert.deepEqual(open.sync_open_ids, ["2"]);
    n8n.active.delete("2");
    Object.assign(n8n.executions[1], { status: "success", finished: true, stoppedAt: new Date(Date.UTC(2026, 10, 30, 10, 5)).toISOString() });
    await due(connection.id);
    await runSync({ maxConnections: 50 });
    rows = await runsOf(connection.id);
    assert.deepEqual(rows.map((r) => [r.id, r.status]), [["1", "succeeded"], ["2", "succeeded"]]);
    assert.equal(rows[0].execution_count, 2);
    assert.equal(rows[1].ended_at.toISOString(), "2026-11-30T10:05:00.000Z");
    const [after] = await db()`select sync_open_ids from public.n8n_connections where id = ${connection.id}`;
    assert.deepEqual(after.sync_open_ids, []);
  } finally {
    await n8n.server.shutdown();
  }
});

test("a wrong API key is recorded as the sync's error and backs off; replacing the key (PATCH) heals it", async () => {
  const n8n = new FakeN8n();
  try {
    n8n.add(1, "success");
    const res = await app.request(`/n8n-sync/${ws}/connections`, {
      method: "POST",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ base_url: n8n.url, api_key: "wrong-key-0123456789", sync_enabled: true, sync_interval_seconds: 10 }),
    });
    const { connection } = await json(res);
    const failed = (await runSync({ maxConnections: 50 })).results.find((r) => r.connection_id === connection.id)!;
    assert.match(failed.error!, /refused the API key/);
    const [state] = await db()`select last_sync_status, next_sync_at > now() + interval '15 seconds' as backed_off from public.n8n_connections where id = ${connection.id}`;
    assert.deepEqual(state, { last_sync_status: "error", backed_off: true });
    const patched = await app.request(`/n8n-sync/${ws}/connections/${connection.id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ api_key: API_KEY }),
    });
    assert.equal(patched.status, 200);
    assert.ok(!(await patched.text()).includes(API_KEY));
    const ok = (await runSync({ maxConnections: 50 })).results.find((r) => r.connection_id === connection.id)!;
    assert.equal(ok.error, undefined);
    assert.equal(ok.created, 1);
  } finally {
    await n8n.server.shutdown();
  }
});

test("POST /n8n-sync/run is for the scheduler only", async () => {
  const anon = await app.request("/n8n-sync/run", { method: "POST" });
  assert.equal(anon.status, 401);
  const asUser = await app.request("/n8n-sync/run", { method: "POST", headers: { authorization: `Bearer ${adminToken}` } });
  // a person's valid token is the wrong kind of caller: 403, as on every route (tests/security/route-auth.test.ts)
  assert.equal(asUser.status, 403);
  assert.equal((await json(asUser)).error.code, "service_only");
  const secretKey = Object.values(JSON.parse(Deno.env.get("SUPABASE_SECRET_KEYS") ?? "{}"))[0] as string;
  const scheduler = await app.request("/n8n-sync/run", { method: "POST", headers: { apikey: secretKey } });
  assert.equal(scheduler.status, 200, await scheduler.clone().text());
  assert.equal(typeof (await json(scheduler)).connections, "number");
});
