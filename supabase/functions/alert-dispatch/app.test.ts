import assert from "node:assert/strict";
import { Webhook } from "standardwebhooks";
import { SignJWT } from "jose";
import { app } from "./app.ts";
import { buildRequest, classify, dispatchConfig, runDispatch } from "./dispatch.ts";
import { db } from "../_shared/db.ts";
import { env } from "../_shared/env.ts";
import { createUser, createWorkspace, json, test, userToken } from "../_shared/testing.ts";

// a local HTTP receiver standing in for a webhook endpoint, Slack and an email API
type Received = { path: string; headers: Headers; body: string };
const received: Received[] = [];
const failures = new Map<string, number>(); // path -> how many more times to answer 500
const receiver = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, async (req) => {
  const path = new URL(req.url).pathname;
  received.push({ path, headers: req.headers, body: await req.text() });
  const left = failures.get(path) ?? 0;
  if (left > 0) {
    failures.set(path, left - 1);
    return new Response("receiver broke", { status: 500 });
  }
  if (path.startsWith("/reject")) return new Response("no such hook", { status: 404 });
  if (path === "/email") return Response.json({ id: "email_123" });
  return new Response("ok");
});
const base = `http://127.0.0.1:${receiver.addr.port}`;
Deno.env.set("EMAIL_API_URL", `${base}/email`);
Deno.env.set("EMAIL_API_KEY", "re_test_key");
Deno.env.set("EMAIL_FROM", "Alerts <alerts@example.test>");

const owner = await createUser();

async function workspaceWith(subscriptions: { name: string; channel: string; target: string; types: string[] }[]) {
  const workspaceId = await createWorkspace(owner);
  for (const s of subscriptions) {
    await db()`insert into public.event_subscriptions (workspace_id, name, channel, target, event_types)
      values (${workspaceId}, ${s.name}, ${s.channel}, ${s.target}, ${s.types})`;
  }
  return workspaceId;
}

async function emit(workspaceId: string, type: string, data: Record<string, unknown>) {
  const [row] = await db()`select private.emit_event(${workspaceId}, ${type}, ${db().json(data as never)}) as n`;
  return Number(row.n);
}

const deliveries = (workspaceId: string) =>
  db()`select d.id, d.channel, d.target, d.status, d.attempts, d.last_status_code, d.last_error, d.next_attempt_at, d.delivered_at,
    (select count(*)::int from public.delivery_attempts a where a.delivery_id = d.id) as attempt_rows
    from public.deliveries d where d.workspace_id = ${workspaceId} order by d.channel, d.target`;

const makeDue = (workspaceId: string) =>
  db()`update public.deliveries set next_attempt_at = now() where workspace_id = ${workspaceId} and status = 'failed'`;

const hits = (path: string) => received.filter((r) => r.path === path);

test("a webhook delivery is signed the Standard Webhooks way and verifies with the subscription's secret", async () => {
  const ws = await workspaceWith([{
    name: "hook",
    channel: "webhook",
    target: `${base}/hook-sign`,
    types: ["approval.requested"],
  }]);
  assert.equal(await emit(ws, "approval.requested", { approval_id: "ap_1", summary: "Publish the post" }), 1);
  const result = await runDispatch({ workspaceId: ws });
  assert.deepEqual(result, { claimed: 1, delivered: 1, failed: 0, dead: 0, stale: 0 });
  const [hit] = hits("/hook-sign");
  assert.ok(hit, "the receiver got the webhook");
  const [sub] = await db()`select secret from public.event_subscriptions where workspace_id = ${ws}`;
  const headers = Object.fromEntries(hit.headers.entries());
  const verified = new Webhook(sub.secret).verify(hit.body, headers) as {
    type: string;
    data: { approval_id: string };
    workspace_id: string;
  };
  assert.equal(verified.type, "approval.requested");
  assert.equal(verified.data.approval_id, "ap_1");
  assert.equal(verified.workspace_id, ws);
  assert.throws(
    () => new Webhook("whsec_" + btoa("another secret of 32 bytes......")).verify(hit.body, headers),
    "a wrong secret does not verify",
  );
  const [row] = await deliveries(ws);
  assert.equal(row.status, "delivered");
  assert.equal(headers["webhook-id"], row.id);
  assert.equal(row.last_status_code, 200);
  assert.equal(row.attempt_rows, 1);
});

test("a Slack delivery is an incoming-webhook message", async () => {
  const ws = await workspaceWith([{ name: "chat", channel: "slack", target: `${base}/slack`, types: ["run.failed"] }]);
  await emit(ws, "run.failed", {
    run_key: "nightly-42",
    status: "failed",
    error_type: "rate_limit",
    error_message: "429 from the model",
  });
  await runDispatch({ workspaceId: ws });
  const [hit] = hits("/slack");
  const body = JSON.parse(hit.body);
  assert.match(body.text, /Run failed: nightly-42/);
  assert.match(body.text, /rate_limit/);
  assert.equal(body.blocks[0].type, "section");
  assert.equal((await deliveries(ws))[0].status, "delivered");
});

test("an email delivery goes through the email HTTP API with its key", async () => {
  const ws = await workspaceWith([{
    name: "mail",
    channel: "email",
    target: "ops@example.test",
    types: ["alert.fired"],
  }]);
  await emit(ws, "alert.fired", {
    rule_name: "Writer error rate",
    severity: "critical",
    metric_type: "error_rate",
    value: 80,
    condition: "greater_than",
    threshold: 50,
  });
  await runDispatch({ workspaceId: ws });
  const [hit] = hits("/email");
  assert.equal(hit.headers.get("authorization"), "Bearer re_test_key");
  const body = JSON.parse(hit.body);
  assert.deepEqual(body.to, ["ops@example.test"]);
  assert.equal(body.from, "Alerts <alerts@example.test>");
  assert.match(body.subject, /Alert \(critical\): Writer error rate/);
  assert.match(body.text, /error_rate is 80 \(greater than 50\)/);
  assert.equal((await deliveries(ws))[0].status, "delivered");
});

test("after a 500 the delivery is retried later with back-off, then delivered, every attempt recorded", async () => {
  const ws = await workspaceWith([{
    name: "flaky",
    channel: "webhook",
    target: `${base}/flaky`,
    types: ["approval.decided"],
  }]);
  failures.set("/flaky", 1);
  await emit(ws, "approval.decided", { approval_id: "ap_2", status: "approved" });
  assert.deepEqual(await runDispatch({ workspaceId: ws }), { claimed: 1, delivered: 0, failed: 1, dead: 0, stale: 0 });
  let [row] = await deliveries(ws);
  assert.equal(row.status, "failed");
  assert.equal(row.last_status_code, 500);
  assert.match(row.last_error, /HTTP 500: receiver broke/);
  const wait = (new Date(row.next_attempt_at).getTime() - Date.now()) / 1000;
  assert.ok(wait > 15 && wait <= 40, `the first retry waits about 30 s (here ${wait.toFixed(1)} s)`);
  assert.equal((await runDispatch({ workspaceId: ws })).claimed, 0, "nothing is due before the back-off ends");
  await makeDue(ws);
  assert.deepEqual(await runDispatch({ workspaceId: ws }), { claimed: 1, delivered: 1, failed: 0, dead: 0, stale: 0 });
  [row] = await deliveries(ws);
  assert.equal(row.status, "delivered");
  assert.equal(row.attempts, 2);
  assert.equal(row.attempt_rows, 2);
  assert.equal(hits("/flaky").length, 2);
  const [first, second] = hits("/flaky");
  assert.equal(first.headers.get("webhook-id"), second.headers.get("webhook-id"), "a retry keeps its webhook-id");
});

test("a dead receiver is retried until max_attempts, then the delivery is dead", async () => {
  const ws = await workspaceWith([{
    name: "gone",
    channel: "webhook",
    target: "http://127.0.0.1:9/nobody-listens",
    types: ["alert.fired"],
  }]);
  await emit(ws, "alert.fired", { rule_name: "r" });
  await db()`update public.deliveries set max_attempts = 3 where workspace_id = ${ws}`;
  assert.equal((await runDispatch({ workspaceId: ws })).failed, 1);
  await makeDue(ws);
  assert.equal((await runDispatch({ workspaceId: ws })).failed, 1);
  await makeDue(ws);
  assert.deepEqual(await runDispatch({ workspaceId: ws }), { claimed: 1, delivered: 0, failed: 0, dead: 1, stale: 0 });
  const [row] = await deliveries(ws);
  assert.equal(row.status, "dead");
  assert.equal(row.attempts, 3);
  assert.equal(row.attempt_rows, 3);
  assert.ok(row.last_error.length > 0, "the network error is recorded");
  await db()`update public.deliveries set next_attempt_at = now() where workspace_id = ${ws}`;
  assert.equal((await runDispatch({ workspaceId: ws })).claimed, 0, "a dead delivery is never claimed again");
});

test("a 4xx refusal is permanent: dead after one attempt", async () => {
  const ws = await workspaceWith([{
    name: "wrong",
    channel: "webhook",
    target: `${base}/reject-me`,
    types: ["alert.fired"],
  }]);
  await emit(ws, "alert.fired", { rule_name: "r" });
  assert.equal((await runDispatch({ workspaceId: ws })).dead, 1);
  assert.equal((await deliveries(ws))[0].last_status_code, 404);
});

test("parallel dispatchers never send a delivery twice", async () => {
  const ws = await workspaceWith([{
    name: "busy",
    channel: "webhook",
    target: `${base}/busy`,
    types: ["approval.requested"],
  }]);
  for (let i = 0; i < 12; i++) await emit(ws, "approval.requested", { approval_id: `ap_${i}` });
  const results = await Promise.all([
    runDispatch({ workspaceId: ws, batchSize: 5 }),
    runDispatch({ workspaceId: ws, batchSize: 5 }),
    runDispatch({ workspaceId: ws, batchSize: 5 }),
    runDispatch({ workspaceId: ws, batchSize: 5 }),
  ]);
  assert.equal(results.reduce((n, r) => n + r.delivered, 0), 12);
  const ids = hits("/busy").map((h) => h.headers.get("webhook-id"));
  assert.equal(ids.length, 12);
  assert.equal(new Set(ids).size, 12, "each delivery was sent exactly once");
  assert.equal(
    (await runDispatch({ workspaceId: ws })).claimed,
    0,
    "nothing is left, and nothing delivered is sent again",
  );
});

test("a delivery whose subscription was deleted goes dead instead of being sent unsigned", async () => {
  const ws = await workspaceWith([{
    name: "soon-gone",
    channel: "webhook",
    target: `${base}/deleted`,
    types: ["alert.fired"],
  }]);
  await emit(ws, "alert.fired", { rule_name: "r" });
  await db()`delete from public.event_subscriptions where workspace_id = ${ws}`;
  assert.equal((await runDispatch({ workspaceId: ws })).dead, 1);
  assert.equal(hits("/deleted").length, 0);
});

test("email without a configured API is retried, not lost", () => {
  const config = { ...dispatchConfig(), EMAIL_API_URL: undefined };
  const built = buildRequest({
    id: crypto.randomUUID(),
    workspace_id: crypto.randomUUID(),
    subscription_id: null,
    event_type: "alert.fired",
    event_id: crypto.randomUUID(),
    channel: "email",
    target: "a@b.test",
    payload: { type: "alert.fired", timestamp: "t", event_id: "e", workspace_id: "w", data: {} },
    attempt: 1,
    max_attempts: 8,
    secret: null,
  }, config);
  assert.ok("error" in built && !built.permanent);
  assert.deepEqual(
    [classify(200), classify(204), classify(429), classify(503), classify(410)].map((v) => v.delivered || v.permanent),
    [true, true, false, false, true],
  );
  return Promise.resolve();
});

// the route the scheduler calls
async function serviceRoleJwt(role = "service_role") {
  return await new SignJWT({ role, iss: "supabase-local" }).setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt()
    .setExpirationTime("5m").sign(new TextEncoder().encode(env().LEGACY_JWT_SECRET ?? ""));
}

test("POST /alert-dispatch/run needs the service role or the dispatch secret", async () => {
  const ws = await workspaceWith([{
    name: "route",
    channel: "webhook",
    target: `${base}/route`,
    types: ["alert.fired"],
  }]);
  await emit(ws, "alert.fired", { rule_name: "r" });
  const run = (headers: Record<string, string>) =>
    app.request("/alert-dispatch/run", {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ workspace_id: ws }),
    });
  assert.equal((await run({})).status, 401);
  assert.equal((await run({ authorization: `Bearer ${await serviceRoleJwt("authenticated")}` })).status, 401);
  // a person's valid token is the wrong kind of caller: 403 service_only
  const person = await run({ authorization: `Bearer ${await userToken(owner)}` });
  assert.equal(person.status, 403);
  assert.equal((await json(person)).error.code, "service_only");
  Deno.env.set("ALERT_DISPATCH_SECRET", "s3cret-for-tests-only");
  const wrong = await run({ "x-dispatch-secret": "nope" });
  assert.equal(wrong.status, 401);
  assert.equal((await json(wrong)).error.code, "invalid_dispatch_secret");
  assert.equal((await run({ "x-dispatch-secret": "s3cret-for-tests-only" })).status, 200);
  await emit(ws, "alert.fired", { rule_name: "r2" });
  const res = await run({ authorization: `Bearer ${await serviceRoleJwt()}` });
  assert.equal(res.status, 200);
  // the new secret API key (not a JWT) in `apikey`, as Supabase documents for service callers
  const secretKey = Object.values(JSON.parse(env().SUPABASE_SECRET_KEYS ?? "{}"))[0] as string;
  assert.ok(secretKey?.startsWith("sb_secret_"), "the test environment provides SUPABASE_SECRET_KEYS");
  assert.equal((await run({ apikey: `${secretKey}x` })).status, 401);
  assert.equal((await run({ apikey: secretKey })).status, 200);
  assert.deepEqual(await json(res), { claimed: 1, delivered: 1, failed: 0, dead: 0, stale: 0 });
  assert.equal(hits("/route").length, 2);
  const invalid = await app.request("/alert-dispatch/run", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${await serviceRoleJwt()}` },
    body: JSON.stringify({ batch_size: 0 }),
  });
  assert.equal(invalid.status, 422);
  assert.equal((await json(invalid)).error.fields[0].field, "batch_size");
});

test("the receiver shuts down", async () => {
  await receiver.shutdown();
});
