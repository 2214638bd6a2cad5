// n8n-webhook against the real test database, with payloads as n8n builds them: the examples of
// n8n's docs (docs/n8n/examples/*.json) and payloads captured from a real n8n 1.123.50
// (docs/n8n/examples/n8n-1.123.50/, written by tests/n8n; see docs/n8n/testing.md).
import assert from "node:assert/strict";
import { Webhook } from "standardwebhooks";
import { app, SECRET_CACHE_MS, setSecretCacheClock } from "./app.ts";
import { db } from "../_shared/db.ts";
import { flushUsage } from "../_shared/usage.ts";
import { addMember, createUser, createWorkspace, json, test, userToken } from "../_shared/testing.ts";
import { N8N_STATUSES } from "@shared/schemas/n8n.ts";

const owner = await createUser();
const workspaceId = await createWorkspace(owner);
const SECRET = "whsec_" + btoa("n8n-test-secret-0123456789abcdef");
const OTHER_INSTANCE_SECRET = "whsec_" + btoa("n8n-second-instance-secret-0123");
await db()`insert into private.webhook_secrets (workspace_id, secret) values (${workspaceId}, ${SECRET})`;
const [{ id: secondConnection }] = await db()`insert into public.n8n_connections (workspace_id, name) values (${workspaceId}, 'second n8n') returning id`;
await db()`insert into private.webhook_secrets (workspace_id, connection_id, secret) values (${workspaceId}, ${secondConnection}, ${OTHER_INSTANCE_SECRET})`;
const [{ connection_id: firstConnection }] = await db()`select connection_id from private.webhook_secrets where secret = ${SECRET}`;

const read = async (path: string) => JSON.parse(await Deno.readTextFile(new URL(`../../../docs/n8n/examples/${path}`, import.meta.url)));
const errorTrigger = await read("error-trigger.json");
const executionRecord = await read("execution-record.json");
const capturedCodeError = await read("n8n-1.123.50/error-trigger-code-node.json");
const capturedApiError = await read("n8n-1.123.50/error-trigger-node-api-error.json");
const capturedPage = await read("n8n-1.123.50/executions-page.json");
const capturedWithData = await read("n8n-1.123.50/execution-with-data-error.json");
const triggerFailure = await read("trigger-failure.json");
const capturedPollPush = await read("n8n-1.123.50/trigger-failure-poll.json");
const capturedPollRecord = await read("n8n-1.123.50/poll-error-execution.json");

let counter = 0;
function signed(body: string, opts: { secret?: string; id?: string; at?: Date } = {}) {
  const id = opts.id ?? `msg_${Date.now()}_${counter++}`;
  const at = opts.at ?? new Date();
  const signature = new Webhook(opts.secret ?? SECRET).sign(id, at, body);
  return { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signature };
}

const deliver = (body: string, headers: Record<string, string>, ws = workspaceId) =>
  app.request(`/n8n-webhook/${ws}`, { method: "POST", headers, body });

const post = async (payload: unknown, opts: { secret?: string; id?: string } = {}) => {
  const body = JSON.stringify(payload);
  const res = await deliver(body, signed(body, opts));
  return { status: res.status, body: await json(res) };
};

type Row = {
  run_key: string;
  status: string;
  started_at: Date;
  ended_at: Date | null;
  error_type: string | null;
  error_message: string | null;
  // deno-lint-ignore no-explicit-any -- stored JSON, read field by field
  metadata: Record<string, any>;
  execution_count: number;
  success_count: number;
  error_count: number;
  name: string;
  n8n_workflow_id: string;
  n8n_connection_id: string;
};

/** The runs of an n8n execution id (any connection and workflow) in the test workspace. */
const runs = async (executionId: string): Promise<Row[]> =>
  await db()`select e.run_key, e.status, e.started_at, e.ended_at, e.error_type, e.error_message, e.metadata, w.execution_count,
               w.success_count, w.error_count, w.name, w.n8n_workflow_id, w.n8n_connection_id
             from public.executions e join public.workflows w on w.id = e.workflow_id
             where e.workspace_id = ${workspaceId} and e.metadata ->> 'n8n_execution_id' = ${executionId}
             order by e.created_at` as unknown as Row[];
const runsOfWorkflow = async (workflowId: string): Promise<Row[]> =>
  await db()`select e.run_key, e.status, e.started_at, e.ended_at, e.error_type, e.error_message, e.metadata, w.execution_count,
               w.success_count, w.error_count, w.name, w.n8n_workflow_id, w.n8n_connection_id
             from public.executions e join public.workflows w on w.id = e.workflow_id
             where e.workspace_id = ${workspaceId} and w.n8n_workflow_id = ${workflowId}
             order by e.created_at` as unknown as Row[];
const count = async () => (await db()`select count(*)::int as n from public.executions where workspace_id = ${workspaceId}`)[0].n as number;

function withIds(payload: Record<string, unknown>, executionId: string | undefined, workflowId: string) {
  const p = structuredClone(payload);
  if ("execution" in p) {
    (p.execution as Record<string, unknown>).id = executionId;
    (p.workflow as Record<string, unknown>).id = workflowId;
  } else if ("trigger" in p) {
    (p.workflow as Record<string, unknown>).id = workflowId;
  } else {
    p.id = executionId;
    p.workflowId = workflowId;
  }
  return p;
}

// ---- 1. every payload n8n sends is stored ------------------------------------------------

test("an execution record is stored as a succeeded n8n run with n8n's times, counted once however often delivered", async () => {
  const body = withIds(executionRecord, "ex-1", "wf-a");
  const first = await post(body);
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.equal(first.body.created, true);
  assert.equal(first.body.duplicate, false);
  // n8n retries with a new delivery of the same execution: harmless
  assert.equal((await post(body)).status, 200);
  const [row, ...more] = await runs("ex-1");
  assert.equal(more.length, 0);
  assert.equal(row.status, "succeeded");
  assert.equal(row.name, "Example Workflow");
  assert.equal(row.execution_count, 1);
  assert.equal(row.success_count, 1);
  assert.equal(row.metadata.last_node_executed, "Send Email");
  assert.equal(row.started_at.toISOString(), "2026-11-21T09:00:00.000Z");
  assert.equal(row.ended_at?.toISOString(), "2026-11-21T09:00:04.250Z");
  assert.equal(row.run_key, `n8n:${firstConnection}:wf-a:ex-1`);
});

const expected: Record<string, { status: string; final: boolean; error?: boolean }> = {
  new: { status: "queued", final: false },
  running: { status: "running", final: false },
  waiting: { status: "running", final: false },
  success: { status: "succeeded", final: true },
  warning: { status: "succeeded", final: true },
  error: { status: "failed", final: true, error: true },
  crashed: { status: "failed", final: true, error: true },
  canceled: { status: "canceled", final: true },
  unknown: { status: "running", final: false },
};

for (const n8nStatus of N8N_STATUSES) {
  test(`n8n status ${n8nStatus} is stored as ${expected[n8nStatus].status} with n8n's own word kept`, async () => {
    const e = expected[n8nStatus];
    const unfinished = !e.final;
    const record = withIds({ ...executionRecord, status: n8nStatus, finished: n8nStatus === "success", stoppedAt: unfinished ? null : executionRecord.stoppedAt }, `st-${n8nStatus}`, `wf-st-${n8nStatus}`);
    const res = await post(record);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const [row] = await runs(`st-${n8nStatus}`);
    assert.equal(row.status, e.status);
    assert.equal(row.metadata.n8n_status, n8nStatus);
    assert.equal(row.execution_count, e.final ? 1 : 0);
    assert.equal(row.error_count, e.error ? 1 : 0);
    assert.equal(row.error_type, e.error ? `n8n_${n8nStatus}` : null);
    assert.equal(row.ended_at === null, unfinished);
  });
}

test("unknown with finished: true (n8n's own success flag) is a success", async () => {
  assert.equal((await post(withIds({ ...executionRecord, status: "unknown", finished: true }, "st-unknown-finished", "wf-uf"))).status, 200);
  assert.equal((await runs("st-unknown-finished"))[0].status, "succeeded");
});

test("numeric ids, as some n8n releases' API returns them, are the same execution as their text", async () => {
  assert.equal((await post({ ...executionRecord, id: 4711, workflowId: 99, status: "running", stoppedAt: null })).status, 200);
  assert.equal((await post({ ...executionRecord, id: "4711", workflowId: "99" })).status, 200);
  const rows = await runs("4711");
  assert.equal(rows.length, 1);
  assert.equal(rows[0].status, "succeeded");
  assert.equal(rows[0].execution_count, 1);
});

test("a page of the public API ({data, nextCursor}, captured from n8n 1.123.50) stores every execution in it", async () => {
  const page = structuredClone(capturedPage);
  for (const x of page.data) x.workflowId = `page-${x.workflowId}`;
  const res = await post(page);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.stored, page.data.length);
  for (const x of page.data) {
    const [row] = await runs(x.id).then((r) => r.filter((y) => y.n8n_workflow_id === x.workflowId));
    assert.ok(row, `execution ${x.id} stored`);
    assert.equal(row.status, x.status === "success" ? "succeeded" : "failed");
    assert.equal(row.started_at.toISOString(), x.startedAt);
    assert.equal(row.ended_at?.toISOString(), x.stoppedAt);
  }
});

test("the Error Trigger payload is stored as a failed run with the error", async () => {
  assert.equal((await post(withIds(errorTrigger, "ex-err", "wf-b"))).status, 200);
  const [row] = await runs("ex-err");
  assert.equal(row.status, "failed");
  assert.equal(row.error_message, "Example Error Message");
  assert.equal(row.metadata.last_node_executed, "Node With Error");
  assert.equal(row.error_count, 1);
  assert.equal(row.ended_at, null, "no end is invented: the Error Trigger does not say when the execution stopped");
  assert.equal(row.metadata.url, "https://n8n.example.com/execution/231");
});

test("an Error Trigger payload without an execution id is stored as its own run, once per delivery content", async () => {
  const payload = withIds(capturedCodeError, undefined, "wf-noid");
  delete (payload.execution as Record<string, unknown>).id;
  const first = await post(payload);
  assert.equal(first.status, 200, JSON.stringify(first.body));
  const rows = await runsOfWorkflow("wf-noid");
  assert.equal(rows.length, 1);
  assert.equal(rows[0].status, "failed");
  assert.equal(rows[0].error_message, "boom in code [line 1]");
});

test("a trigger's failure ({trigger, workflow}: no execution) is stored, keyed by workflow and the error's own time", async () => {
  const first = await post(triggerFailure);
  assert.equal(first.status, 200, JSON.stringify(first.body));
  // n8n's retry of the same failure (a new delivery) is the same run
  assert.equal((await post(triggerFailure)).status, 200);
  const rows = await runsOfWorkflow(triggerFailure.workflow.id);
  assert.equal(rows.length, 1);
  const [row] = rows;
  assert.equal(row.status, "failed");
  assert.equal(row.error_type, "WorkflowActivationError");
  assert.match(row.error_message!, /problem with the trigger node "RSS Feed Trigger"/);
  assert.equal(row.metadata.trigger_node, "RSS Feed Trigger");
  assert.equal(row.metadata.error.node_type, "n8n-nodes-base.rssFeedReadTrigger");
  assert.equal(row.started_at.getTime(), triggerFailure.trigger.error.timestamp);
  assert.equal(row.ended_at?.getTime(), triggerFailure.trigger.error.timestamp);
  assert.equal(row.execution_count, 1);
  assert.equal(row.name, triggerFailure.workflow.name);
  // another failure of the same trigger later is another run
  const later = structuredClone(triggerFailure);
  later.trigger.error.timestamp += 60_000;
  assert.equal((await post(later)).status, 200);
  assert.equal((await runsOfWorkflow(triggerFailure.workflow.id)).length, 2);
});

test("refused with 422 naming the field: no workflow at all, or ids the caller never filled in; nothing written", async () => {
  const before = await count();
  const cases: Array<[unknown, string]> = [
    [{ execution: { id: "1", error: { message: "x" } } }, "workflow"],
    [{ trigger: { error: { message: "x" }, mode: "trigger" } }, "workflow"],
    [{ ...executionRecord, workflowId: undefined }, "workflowId"],
    // the old shipped workflow called with nothing: {"id":"undefined","workflowId":"undefined"}
    [{ ...executionRecord, id: "undefined", workflowId: "undefined" }, "id"],
    [{ ...executionRecord, status: "finished-ish" }, "status"],
  ];
  for (const [payload, field] of cases) {
    const res = await post(payload);
    assert.equal(res.status, 422, JSON.stringify(payload));
    assert.ok(res.body.error.fields.some((f: { field: string }) => f.field === field || f.field.startsWith(`${field}.`)), `${field} named in ${JSON.stringify(res.body)}`);
  }
  assert.equal(await count(), before);
});

// ---- 2. identity that cannot collide -------------------------------------------------------

test("the same execution id from two n8n instances is two runs of two workflows, each counted", async () => {
  const a = await post(withIds(executionRecord, "1", "same-wf"));
  const b = await post(withIds({ ...executionRecord, status: "error" }, "1", "same-wf"), { secret: OTHER_INSTANCE_SECRET });
  assert.equal(a.status, 200);
  assert.equal(b.status, 200);
  assert.notEqual(a.body.execution_id, b.body.execution_id);
  assert.notEqual(a.body.workflow_id, b.body.workflow_id);
  const rows = (await runsOfWorkflow("same-wf")).sort((x, y) => x.status.localeCompare(y.status));
  assert.deepEqual(rows.map((r) => [r.status, r.n8n_connection_id, r.execution_count, r.success_count, r.error_count]), [
    ["failed", secondConnection, 1, 0, 1],
    ["succeeded", firstConnection, 1, 1, 0],
  ]);
});

test("the same execution id from another workflow is never merged: its own run, its own counters, no error on the other", async () => {
  const a = await post(withIds(executionRecord, "77", "wf-one"));
  const b = await post(withIds(errorTrigger, "77", "wf-two"));
  assert.equal(a.status, 200);
  assert.equal(b.status, 200);
  assert.notEqual(a.body.execution_id, b.body.execution_id);
  const [one] = await runsOfWorkflow("wf-one");
  const [two] = await runsOfWorkflow("wf-two");
  assert.equal(one.status, "succeeded");
  assert.equal(one.error_message, null);
  assert.equal(two.status, "failed");
  assert.equal(two.error_count, 1);
  assert.equal(two.execution_count, 1);
});

// ---- 3. faithful detail -----------------------------------------------------------------

test("a NodeApiError (captured from n8n) keeps its class, message, node, HTTP code, description and context", async () => {
  const res = await post(withIds(capturedApiError, "api-1", "wf-api"));
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const [row] = await runs("api-1");
  assert.equal(row.error_type, "NodeApiError");
  assert.equal(row.error_message, "The resource you are requesting could not be found");
  assert.equal(row.metadata.error.node_name, "Fetch thing");
  assert.equal(row.metadata.error.node_type, "n8n-nodes-base.httpRequest");
  assert.equal(row.metadata.error.http_code, "404");
  assert.equal(row.metadata.error.description, "no such thing");
  assert.equal(row.metadata.error.context.request.method, "GET");
  assert.equal(row.metadata.error.level, "warning");
  assert.match(row.metadata.error_stack, /^NodeApiError: /);
  assert.equal(row.name, "fails-in-http");
  // n8n's execution context says when the execution was established: the start, from n8n
  assert.equal(row.started_at.getTime(), capturedApiError.execution.executionContext.establishedAt);
  assert.equal(row.metadata.started_at_source, "execution_context");
});

test("a Code node's error (captured from n8n) is typed by its JavaScript class, with the node and line", async () => {
  assert.equal((await post(withIds(capturedCodeError, "code-1", "wf-code"))).status, 200);
  const [row] = await runs("code-1");
  assert.equal(row.error_type, "Error");
  assert.equal(row.error_message, "boom in code [line 1]");
  assert.equal(row.metadata.error.node_name, "Boom");
  assert.equal(row.metadata.error.line_number, 1);
});

test("cause and customData are kept; credentials inside an error's context are not", async () => {
  const record = withIds({
    ...capturedWithData,
    customData: { orderId: "A-17", customer: "acme" },
  }, "cd-1", "wf-cd");
  const err = (record.data as { resultData: { error: { cause?: unknown; context: { request: { headers: Record<string, string> } } } } }).resultData.error;
  err.cause = { code: "ECONNRESET", message: "socket hang up" };
  err.context.request.headers.authorization = "Bearer sk-live-should-not-be-stored";
  assert.equal((await post(record)).status, 200);
  const [row] = await runs("cd-1");
  assert.deepEqual(row.metadata.custom_data, { orderId: "A-17", customer: "acme" });
  assert.deepEqual(row.metadata.error.cause, { code: "ECONNRESET", message: "socket hang up" });
  assert.equal(row.metadata.error.context.request.headers.authorization, "[redacted]");
  assert.ok(!JSON.stringify(row.metadata).includes("sk-live"));
  assert.equal(row.name, "fails-in-http", "the name from workflowData, as GET /executions/{id}?includeData=true returns it");
});

test("an error message over 10,000 characters is kept, truncated with a marker, never refused", async () => {
  const long = structuredClone(capturedApiError);
  long.execution.error.message = "x".repeat(25_000);
  long.execution.error.description = "d".repeat(12_000);
  const res = await post(withIds(long, "long-1", "wf-long"));
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const [row] = await runs("long-1");
  assert.equal(row.error_message, `${"x".repeat(10_000)}… [truncated 15000 characters]`);
  assert.equal(row.metadata.error.description, `${"d".repeat(10_000)}… [truncated 2000 characters]`);
});

test("an end n8n has not reported stays null; n8n's later record fills it, and its start replaces the estimate", async () => {
  const push = withIds(errorTrigger, "late-1", "wf-late");
  assert.equal((await post(push)).status, 200);
  let [row] = await runs("late-1");
  assert.equal(row.ended_at, null);
  assert.equal(row.metadata.started_at_source, "received");
  const pulled = withIds({ ...executionRecord, status: "error", startedAt: "2026-11-21T09:00:00.000Z", stoppedAt: "2026-11-21T09:00:04.250Z" }, "late-1", "wf-late");
  assert.equal((await post(pulled)).status, 200);
  [row] = await runs("late-1");
  assert.equal(row.ended_at?.toISOString(), "2026-11-21T09:00:04.250Z", "the end n8n reported fills the gap");
  assert.equal(row.status, "failed");
  assert.equal(row.error_message, "Example Error Message", "the push's detail is kept");
  assert.equal(row.execution_count, 1);
  assert.equal(row.error_count, 1);
});

test("running, then success: counters move once; a late running does not undo success", async () => {
  const running = withIds({ ...executionRecord, status: "running", stoppedAt: null }, "ex-3", "wf-c");
  const success = withIds(executionRecord, "ex-3", "wf-c");
  await post(running);
  assert.equal((await runs("ex-3"))[0].execution_count, 0);
  await post(success);
  await post(running);
  const [row] = await runs("ex-3");
  assert.equal(row.status, "succeeded");
  assert.equal(row.execution_count, 1);
});

test("push and pull meet: a failed poll's trigger payload (no id) and n8n's error execution (with id) are one run", async () => {
  // the same error object reaches the error workflow (without an id) and n8n's execution record
  const err = { ...triggerFailure.trigger.error.cause, timestamp: 1796170000000 };
  const wf = { id: "wf-poll", name: "poll fails" };
  assert.equal((await post({ trigger: { error: err, mode: "trigger" }, workflow: wf })).status, 200);
  const record = {
    id: "901", workflowId: wf.id, mode: "trigger", status: "error", finished: false, startedAt: null,
    stoppedAt: new Date(1796170000100).toISOString(),
    data: { resultData: { error: err, lastNodeExecuted: err.node.name } },
  };
  assert.equal((await post(record)).status, 200);
  const rows = await runsOfWorkflow("wf-poll");
  assert.equal(rows.length, 1, JSON.stringify(rows.map((r) => r.run_key)));
  assert.equal(rows[0].metadata.n8n_execution_id, "901");
  assert.equal(rows[0].execution_count, 1);
  // and the other way round: the record first, then the trigger payload
  const err2 = { ...err, timestamp: 1796170500000 };
  const record2 = { ...record, id: "902", stoppedAt: new Date(err2.timestamp + 100).toISOString(), data: { resultData: { error: err2, lastNodeExecuted: err.node.name } } };
  assert.equal((await post(record2)).status, 200);
  assert.equal((await post({ trigger: { error: err2, mode: "trigger" }, workflow: wf })).status, 200);
  const after = await runsOfWorkflow("wf-poll");
  assert.equal(after.length, 2);
  assert.equal(after[1].execution_count, 2);
});

test("captured from n8n: a failed poll pushed without an id and pulled with one are one run, in either order", async () => {
  for (const [suffix, order] of [["push-first", ["push", "pull"]], ["pull-first", ["pull", "push"]]] as const) {
    const wf = `poll-${suffix}`;
    const push = withIds(capturedPollPush, undefined, wf);
    const pull = withIds(capturedPollRecord, capturedPollRecord.id, wf);
    for (const step of order) assert.equal((await post(step === "push" ? push : pull)).status, 200, `${suffix} ${step}`);
    const rows = await runsOfWorkflow(wf);
    assert.equal(rows.length, 1, `${suffix}: ${JSON.stringify(rows.map((r) => r.run_key))}`);
    const [row] = rows;
    assert.equal(row.metadata.n8n_execution_id, capturedPollRecord.id);
    assert.equal(row.status, "failed");
    assert.equal(row.error_type, "NodeOperationError");
    assert.equal(row.error_message, "Status code 503");
    assert.equal(row.execution_count, 1);
    assert.equal(row.error_count, 1);
    // both are n8n's: the error's own time (push) or the record's stoppedAt (pull), a millisecond apart; the first one stays
    assert.ok([capturedPollRecord.stoppedAt, new Date(capturedPollPush.trigger.error.timestamp).toISOString()].includes(row.ended_at?.toISOString()));
  }
});

// ---- 5. idempotent deliveries ---------------------------------------------------------

test("a repeated webhook-id answers 200 with the first outcome and duplicate: true, and writes nothing", async () => {
  const body = JSON.stringify(withIds({ ...executionRecord, status: "running", stoppedAt: null }, "ex-replay", "wf-r"));
  const headers = signed(body);
  const first = await deliver(body, headers);
  assert.equal(first.status, 200);
  const original = await json(first);
  const [before] = await db()`select updated_at, status from public.executions where id = ${original.execution_id}`;
  const runsBefore = await count();
  const again = await deliver(body, headers);
  assert.equal(again.status, 200);
  assert.deepEqual(await json(again), { ...original, duplicate: true });
  // the same id with another (validly signed) body is the same message: not stored either
  const other = JSON.stringify(withIds(executionRecord, "ex-replay", "wf-r"));
  const sneaky = await deliver(other, signed(other, { id: headers["webhook-id"] }));
  assert.equal(sneaky.status, 200);
  assert.equal((await json(sneaky)).duplicate, true);
  const [after] = await db()`select updated_at, status from public.executions where id = ${original.execution_id}`;
  assert.deepEqual(after, before);
  assert.equal(await count(), runsBefore);
});

const attacks: Array<[string, () => Promise<Response>, number, string]> = [
  ["unsigned", async () => {
    const body = JSON.stringify(withIds(executionRecord, "atk-1", "wf-x"));
    return await deliver(body, { "content-type": "application/json" });
  }, 401, "missing_signature"],
  ["altered body", async () => {
    const body = JSON.stringify(withIds(executionRecord, "atk-2", "wf-x"));
    return await deliver(body.replace("success", "error"), signed(body));
  }, 401, "invalid_signature"],
  ["altered timestamp", async () => {
    const body = JSON.stringify(withIds(executionRecord, "atk-3", "wf-x"));
    const h = signed(body);
    return await deliver(body, { ...h, "webhook-timestamp": String(Number(h["webhook-timestamp"]) + 1) });
  }, 401, "invalid_signature"],
  ["stale", async () => {
    const body = JSON.stringify(withIds(executionRecord, "atk-4", "wf-x"));
    return await deliver(body, signed(body, { at: new Date(Date.now() - 6 * 60_000) }));
  }, 401, "stale_timestamp"],
  ["a replay of a stored delivery after the tolerance", async () => {
    const body = JSON.stringify(withIds(executionRecord, "atk-4b", "wf-x"));
    const id = `msg_old_${counter++}`;
    await deliver(body, signed(body, { id }));
    return await deliver(body, signed(body, { id, at: new Date(Date.now() - 6 * 60_000) }));
  }, 401, "stale_timestamp"],
  ["signed with another secret", async () => {
    const body = JSON.stringify(withIds(executionRecord, "atk-5", "wf-x"));
    return await deliver(body, signed(body, { secret: "whsec_" + btoa("another-secret-0123456789abcdef!") }));
  }, 401, "invalid_signature"],
  ["another workspace's URL", async () => {
    const body = JSON.stringify(withIds(executionRecord, "atk-6", "wf-x"));
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
    const before = await count();
    const res = await attempt();
    assert.equal(res.status, status);
    assert.equal((await json(res)).error.code, code);
    assert.equal(await count(), before + (name.startsWith("a replay") ? 1 : 0));
  });
}

// ---- the shipped workflow's push path ----------------------------------------------------

const shipped = JSON.parse(await Deno.readTextFile(new URL("../../../docs/n8n/agentops-report-executions.json", import.meta.url)));
/** Runs a Code node of the shipped workflow the way n8n does ($input, $vars, require). */
function runCodeNode(name: string, items: Array<Record<string, unknown>>) {
  const node = shipped.nodes.find((n: { name: string }) => n.name === name);
  const $input = { all: () => items.map((json) => ({ json })), first: () => ({ json: items[0] }) };
  const fn = new Function("$input", "$vars", "$execution", "require", node.parameters.jsCode);
  return fn($input, { AGENTOPS_WEBHOOK_SECRET: SECRET }, { id: "999" }, () => ({}));
}

test("the shipped workflow refuses a caller that passed nothing, naming what to pass (not a run named 'undefined')", async () => {
  await Promise.resolve();
  assert.throws(() => runCodeNode("Execution record", [{}]), /executionId.*workflowId/s);
  assert.throws(() => runCodeNode("Execution record", [{ executionId: "undefined", workflowId: "wf" }]), /executionId/);
});

test("the shipped workflow's execution record, from what a caller passes, is stored as that workflow's run", async () => {
  const [item] = runCodeNode("Execution record", [{ executionId: "555", workflowId: "wf-called", workflowName: "Called from n8n", mode: "webhook" }]);
  const res = await post(item.json.payload);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const [row] = await runs("555");
  assert.equal(row.status, "succeeded");
  assert.equal(row.name, "Called from n8n");
  assert.equal(row.ended_at, null, "no invented end: the pull sync brings n8n's");
});

// ---- secrets -------------------------------------------------------------------------------

test("admins create a signing secret that verifies deliveries; viewers may not", async () => {
  const admin = await createUser();
  const ws = await createWorkspace(admin);
  const res = await app.request(`/n8n-webhook/${ws}/secret`, { method: "POST", headers: { authorization: `Bearer ${await userToken(admin)}` } });
  assert.equal(res.status, 201);
  const { secret, connection_id } = await json(res);
  assert.match(secret, /^whsec_/);
  const body = JSON.stringify(withIds(executionRecord, "rot-1", "wf-rot"));
  const stored = await deliver(body, signed(body, { secret }), ws);
  assert.equal(stored.status, 200);
  assert.match((await json(stored)).run_key, new RegExp(`^n8n:${connection_id}:`));
  const viewer = await createUser();
  await addMember(ws, viewer, "viewer");
  const denied = await app.request(`/n8n-webhook/${ws}/secret`, { method: "POST", headers: { authorization: `Bearer ${await userToken(viewer)}` } });
  assert.equal(denied.status, 403);
});

test("secrets are cached briefly: a rotated secret keeps working, a new one works at once, an expired one stops within SECRET_CACHE_MS", async () => {
  const admin = await createUser();
  const ws = await createWorkspace(admin);
  const rotate = async () => {
    const res = await app.request(`/n8n-webhook/${ws}/secret`, { method: "POST", headers: { authorization: `Bearer ${await userToken(admin)}` } });
    assert.equal(res.status, 201);
    return (await json(res)).secret as string;
  };
  let clock = Date.now();
  setSecretCacheClock(() => clock);
  try {
    const send = async (secret: string, n: string) => {
      const body = JSON.stringify(withIds(executionRecord, `cache-${n}`, "wf-cache"));
      return (await deliver(body, signed(body, { secret }), ws)).status;
    };
    const old = await rotate();
    assert.equal(await send(old, "1"), 200, "the first delivery reads and caches the secrets");
    const fresh = await rotate();
    assert.equal(await send(fresh, "2"), 200, "a secret made after the cache was filled verifies at once");
    assert.equal(await send(old, "3"), 200, "the rotated secret keeps working (a day of grace)");
    await db()`update private.webhook_secrets set expires_at = now() - interval '1 second' where workspace_id = ${ws} and secret = ${old}`;
    assert.equal(await send(old, "3b"), 200, "within SECRET_CACHE_MS the cached secret still verifies (documented)");
    clock += SECRET_CACHE_MS + 1;
    assert.equal(await send(old, "4"), 401, "expired: refused once the cache has aged out");
    assert.equal(await send(fresh, "5"), 200);
  } finally {
    setSecretCacheClock(() => Date.now());
  }
});

test("a verified delivery's api_usage row names its workspace; a refused one names none", async () => {
  const body = JSON.stringify(withIds(executionRecord, "ex-usage", "wf-u"));
  const good = `req-${crypto.randomUUID()}`;
  const bad = `req-${crypto.randomUUID()}`;
  assert.equal((await deliver(body, { ...signed(body), "x-request-id": good })).status, 200);
  assert.equal((await deliver(body, { "content-type": "application/json", "x-request-id": bad })).status, 401);
  await flushUsage(); // written off the request path, within a second
  const rows = await db()`select request_id, workspace_id, status_code from public.api_usage where request_id in (${good}, ${bad}) order by status_code`;
  assert.deepEqual(rows.map((r) => [r.status_code, r.workspace_id]), [[200, workspaceId], [401, null]]);
});

test("the OpenAPI document is served (the validating schema's transforms are documented by shape)", async () => {
  const res = await app.request("/n8n-webhook/openapi.json");
  assert.equal(res.status, 200, (await res.clone().text()).slice(0, 300));
  const doc = await json(res);
  assert.ok(doc.paths["/n8n-webhook/{workspace_id}"].post.requestBody);
});
