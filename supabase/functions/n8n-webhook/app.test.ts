import assert from "node:assert/strict";
import { Webhook } from "standardwebhooks";
import { app } from "./app.ts";
import { db } from "../_shared/db.ts";
import { flushUsage } from "../_shared/usage.ts";
import { addMember, createUser, createWorkspace, json, test, userToken } from "../_shared/testing.ts";

const owner = await createUser();
const workspaceId = await createWorkspace(owner);
const SECRET = "whsec_" + btoa("n8n-test-secret-0123456789abcdef");
await db()`insert into private.webhook_secrets (workspace_id, secret) values (${workspaceId}, ${SECRET})`;

const errorTrigger = JSON.parse(await Deno.readTextFile(new URL("../../../docs/n8n/examples/error-trigger.json", import.meta.url)));
const executionRecord = JSON.parse(await Deno.readTextFile(new URL("../../../docs/n8n/examples/execution-record.json", import.meta.url)));

let counter = 0;
function signed(body: string, opts: { secret?: string; id?: string; at?: Date } = {}) {
  const id = opts.id ?? `msg_${Date.now()}_${counter++}`;
  const at = opts.at ?? new Date();
  const signature = new Webhook(opts.secret ?? SECRET).sign(id, at, body);
  return { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signature };
}

const deliver = (body: string, headers: Record<string, string>, ws = workspaceId) =>
  app.request(`/n8n-webhook/${ws}`, { method: "POST", headers, body });

const runs = async (executionId: string) =>
  await db()`select e.status, e.error_message, e.metadata, w.execution_count, w.success_count, w.error_count, w.name
             from public.executions e join public.workflows w on w.id = e.workflow_id
             where e.workspace_id = ${workspaceId} and e.run_key = ${"n8n:" + executionId}`;

function withIds(payload: Record<string, unknown>, executionId: string, workflowId: string) {
  const p = structuredClone(payload);
  if ("execution" in p) {
    (p.execution as Record<string, unknown>).id = executionId;
    (p.workflow as Record<string, unknown>).id = workflowId;
  } else {
    p.id = executionId;
    p.workflowId = workflowId;
  }
  return JSON.stringify(p);
}

test("an execution record is stored as a succeeded n8n run and counted once, however often delivered", async () => {
  const body = withIds(executionRecord, "ex-1", "wf-a");
  const res = await deliver(body, signed(body));
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal((await json(res)).created, true);
  // n8n retries with a new delivery of the same execution: harmless
  assert.equal((await deliver(body, signed(body))).status, 200);
  const [row] = await runs("ex-1");
  assert.equal(row.status, "succeeded");
  assert.equal(row.name, "Example Workflow");
  assert.equal(row.execution_count, 1);
  assert.equal(row.success_count, 1);
  assert.equal(row.metadata.last_node_executed, "Send Email");
});

test("the Error Trigger payload is stored as a failed run with the error", async () => {
  const body = withIds(errorTrigger, "ex-err", "wf-b");
  assert.equal((await deliver(body, signed(body))).status, 200);
  const [row] = await runs("ex-err");
  assert.equal(row.status, "failed");
  assert.equal(row.error_message, "Example Error Message");
  assert.equal(row.metadata.last_node_executed, "Node With Error");
  assert.equal(row.error_count, 1);
});

test("running then success moves the counters once; a late running does not undo success", async () => {
  const running = withIds({ ...executionRecord, status: "running", stoppedAt: null }, "ex-3", "wf-c");
  const success = withIds(executionRecord, "ex-3", "wf-c");
  await deliver(running, signed(running));
  assert.equal((await runs("ex-3"))[0].execution_count, 0);
  await deliver(success, signed(success));
  await deliver(running, signed(running));
  const [row] = await runs("ex-3");
  assert.equal(row.status, "succeeded");
  assert.equal(row.execution_count, 1);
});

const attacks: Array<[string, () => Promise<Response>, number, string]> = [
  ["unsigned", async () => {
    const body = withIds(executionRecord, "atk-1", "wf-x");
    return await deliver(body, { "content-type": "application/json" });
  }, 401, "missing_signature"],
  ["altered body", async () => {
    const body = withIds(executionRecord, "atk-2", "wf-x");
    return await deliver(body.replace("success", "error"), signed(body));
  }, 401, "invalid_signature"],
  ["altered timestamp", async () => {
    const body = withIds(executionRecord, "atk-3", "wf-x");
    const h = signed(body);
    return await deliver(body, { ...h, "webhook-timestamp": String(Number(h["webhook-timestamp"]) + 1) });
  }, 401, "invalid_signature"],
  ["stale", async () => {
    const body = withIds(executionRecord, "atk-4", "wf-x");
    return await deliver(body, signed(body, { at: new Date(Date.now() - 6 * 60_000) }));
  }, 401, "stale_timestamp"],
  ["signed with another secret", async () => {
    const body = withIds(executionRecord, "atk-5", "wf-x");
    return await deliver(body, signed(body, { secret: "whsec_" + btoa("another-secret-0123456789abcdef!") }));
  }, 401, "invalid_signature"],
  ["another workspace's URL", async () => {
    const body = withIds(executionRecord, "atk-6", "wf-x");
    const other = await createWorkspace(owner);
    return await deliver(body, signed(body), other);
  }, 401, "invalid_signature"],
  ["oversize", async () => {
    const body = JSON.stringify({ ...executionRecord, pad: "x".repeat(6 * 1024 * 1024) });
    return await deliver(body, signed(body));
  }, 413, "payload_too_large"],
  ["signed but not JSON", async () => {
    const body = "{not json";
    return await deliver(body, signed(body));
  }, 400, "invalid_json"],
  ["signed but not an n8n execution", async () => {
    const body = JSON.stringify({ hello: "world" });
    return await deliver(body, signed(body));
  }, 422, "validation_failed"],
];

for (const [name, attempt, status, code] of attacks) {
  test(`refused: ${name} (${status} ${code}), nothing written`, async () => {
    const before = (await db()`select count(*)::int as n from public.executions where workspace_id = ${workspaceId}`)[0].n;
    const res = await attempt();
    assert.equal(res.status, status);
    assert.equal((await json(res)).error.code, code);
    const after = (await db()`select count(*)::int as n from public.executions where workspace_id = ${workspaceId}`)[0].n;
    assert.equal(after, before);
  });
}

test("a replayed webhook-id is refused with 409 and nothing changes", async () => {
  const body = withIds({ ...executionRecord, status: "running", stoppedAt: null }, "ex-replay", "wf-r");
  const headers = signed(body);
  assert.equal((await deliver(body, headers)).status, 200);
  const replay = await deliver(body, headers);
  assert.equal(replay.status, 409);
  assert.equal((await json(replay)).error.code, "duplicate_delivery");
});

test("admins create a signing secret that verifies deliveries; viewers may not", async () => {
  const admin = await createUser();
  const ws = await createWorkspace(admin);
  const res = await app.request(`/n8n-webhook/${ws}/secret`, { method: "POST", headers: { authorization: `Bearer ${await userToken(admin)}` } });
  assert.equal(res.status, 201);
  const { secret } = await json(res);
  assert.match(secret, /^whsec_/);
  const body = withIds(executionRecord, "rot-1", "wf-rot");
  assert.equal((await deliver(body, signed(body, { secret }), ws)).status, 200);
  const viewer = await createUser();
  await addMember(ws, viewer, "viewer");
  const denied = await app.request(`/n8n-webhook/${ws}/secret`, { method: "POST", headers: { authorization: `Bearer ${await userToken(viewer)}` } });
  assert.equal(denied.status, 403);
});

test("a verified delivery's api_usage row names its workspace; a refused one names none", async () => {
  const body = withIds(executionRecord, "ex-usage", "wf-u");
  const good = `req-${crypto.randomUUID()}`;
  const bad = `req-${crypto.randomUUID()}`;
  assert.equal((await deliver(body, { ...signed(body), "x-request-id": good })).status, 200);
  assert.equal((await deliver(body, { "content-type": "application/json", "x-request-id": bad })).status, 401);
  await flushUsage(); // written off the request path, within a second
  const rows = await db()`select request_id, workspace_id, status_code from public.api_usage where request_id in (${good}, ${bad}) order by status_code`;
  assert.deepEqual(rows.map((r) => [r.status_code, r.workspace_id]), [[200, workspaceId], [401, null]]);
});
