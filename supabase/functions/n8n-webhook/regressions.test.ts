// The bugs of issue 12, each as the test that would have caught it: all five fail on the code
// before the fix (checked: trigger failure 422, "undefined" ids 200, runs merged across workflows,
// a long message 422, a retried delivery 409) and pass after it.
import assert from "node:assert/strict";
import { Webhook } from "standardwebhooks";
import { app } from "./app.ts";
import { db } from "../_shared/db.ts";
import { createUser, createWorkspace, json, test } from "../_shared/testing.ts";

const owner = await createUser();
const ws = await createWorkspace(owner);
const SECRET = "whsec_" + btoa("n8n-test-secret-0123456789abcdef");
await db()`insert into private.webhook_secrets (workspace_id, secret) values (${ws}, ${SECRET})`;
let n = 0;
const post = async (payload: unknown) => {
  const body = JSON.stringify(payload);
  const id = `msg_${n++}_${Date.now()}`;
  const at = new Date();
  const res = await app.request(`/n8n-webhook/${ws}`, { method: "POST", body, headers: { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": new Webhook(SECRET).sign(id, at, body) } });
  return { status: res.status, body: await json(res) };
};

test("bug 1: a trigger's failure ({trigger, workflow}, no execution) is stored, not refused", async () => {
  const res = await post({ trigger: { error: { name: "NodeOperationError", message: "Status code 503", timestamp: 1796175762038, context: {} }, mode: "trigger" }, workflow: { id: "wf-t", name: "poll fails" } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
});

test("bug 2: the shipped workflow called with nothing ({id: 'undefined', workflowId: 'undefined'}) is refused, not a run named 'undefined'", async () => {
  const res = await post({ id: "undefined", workflowId: "undefined", workflowName: "undefined", mode: "trigger", status: "success", finished: true, retryOf: null, stoppedAt: new Date().toISOString(), data: { resultData: {} } });
  assert.equal(res.status, 422, JSON.stringify(res.body));
});

test("bug 3: the same execution id from another workflow is its own run, not merged into the first", async () => {
  const a = await post({ id: "42", workflowId: "wf-one", status: "success", startedAt: "2026-11-30T10:00:00Z", stoppedAt: "2026-11-30T10:00:01Z" });
  const b = await post({ execution: { id: "42", error: { message: "boom" }, lastNodeExecuted: "X", mode: "webhook" }, workflow: { id: "wf-two", name: "two" } });
  assert.equal(a.status, 200);
  assert.equal(b.status, 200);
  const rows = await db()`select e.status, e.error_message, w.n8n_workflow_id, w.error_count from public.executions e join public.workflows w on w.id = e.workflow_id where e.workspace_id = ${ws} and w.n8n_workflow_id in ('wf-one', 'wf-two') order by w.n8n_workflow_id`;
  assert.deepEqual(rows.map((r) => [r.n8n_workflow_id, r.status, r.error_message, r.error_count]), [["wf-one", "succeeded", null, 0], ["wf-two", "failed", "boom", 1]]);
});

test("bug 4: a message over 10,000 characters is kept truncated, not refused", async () => {
  const res = await post({ execution: { id: "43", error: { message: "x".repeat(12_000) }, mode: "webhook" }, workflow: { id: "wf-long" } });
  assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 300));
});

test("bug 5: a retried delivery (same webhook-id) answers 200, not 409", async () => {
  const body = JSON.stringify({ id: "44", workflowId: "wf-r", status: "success", startedAt: "2026-11-30T10:00:00Z", stoppedAt: "2026-11-30T10:00:01Z" });
  const at = new Date();
  const headers = { "content-type": "application/json", "webhook-id": "msg_retry", "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": new Webhook(SECRET).sign("msg_retry", at, body) };
  assert.equal((await app.request(`/n8n-webhook/${ws}`, { method: "POST", body, headers })).status, 200);
  assert.equal((await app.request(`/n8n-webhook/${ws}`, { method: "POST", body, headers })).status, 200);
});
