// api_usage rows are written off the request path in batches: every call still gets its row,
// a row the database refuses does not take the batch down with it, and a row whose user is gone
// is kept without the link.
import assert from "node:assert/strict";
import { createApp } from "./app.ts";
import { db } from "./db.ts";
import { createUser, test } from "./testing.ts";
import { flushUsage, pendingUsage, queueUsage, type UsageRow, usageStats } from "./usage.ts";

const app = createApp("usage-test");
app.get("/ping", (c) => c.json({ ok: true }));

function row(over: Partial<UsageRow> = {}): UsageRow {
  return {
    workspace_id: null, user_id: null, agent_id: null, function_name: "usage-test", endpoint: "/usage-test/ping", method: "GET",
    status_code: 200, response_time_ms: 1, request_id: `req-${crypto.randomUUID()}`, created_at: new Date(), ...over,
  };
}

test("the answer does not wait for the api_usage row; the row is written by the flush, with the request's time", async () => {
  const ids = Array.from({ length: 25 }, () => `req-${crypto.randomUUID()}`);
  const before = new Date();
  for (const id of ids) {
    const res = await app.request("/usage-test/ping", { headers: { "x-request-id": id } });
    assert.equal(res.status, 200);
  }
  assert.ok(pendingUsage() >= ids.length, "rows are queued, not written, when the answer leaves");
  const [{ n: early }] = await db()`select count(*)::int as n from public.api_usage where request_id = any(${ids})`;
  assert.equal(early, 0);
  assert.equal(await flushUsage(), true);
  const rows = await db()`select request_id, endpoint, status_code, created_at from public.api_usage where request_id = any(${ids})`;
  assert.equal(rows.length, ids.length, "one row per call, none twice");
  for (const r of rows) {
    assert.equal(r.endpoint, "/usage-test/ping");
    assert.equal(r.status_code, 200);
    assert.ok(new Date(r.created_at as string) >= new Date(before.getTime() - 1000), "created_at is the time of the request");
  }
});

test("without an explicit flush the rows land within about a second", async () => {
  const id = `req-${crypto.randomUUID()}`;
  await app.request("/usage-test/ping", { headers: { "x-request-id": id } });
  let n = 0;
  for (let i = 0; i < 50 && n === 0; i++) {
    await new Promise((r) => setTimeout(r, 100));
    [{ n }] = await db()`select count(*)::int as n from public.api_usage where request_id = ${id}`;
  }
  assert.equal(n, 1);
});

test("a row the database refuses is logged and does not keep the others of its batch out", async () => {
  const good = [row(), row(), row()];
  const bad = row({ status_code: 999 }); // outside api_usage_status_code_range
  const dropped = usageStats.dropped;
  for (const r of [good[0], bad, good[1], good[2]]) queueUsage(r);
  assert.equal(await flushUsage(), true);
  const ids = [...good, bad].map((r) => r.request_id!);
  const rows = await db()`select request_id from public.api_usage where request_id = any(${ids})`;
  assert.deepEqual(rows.map((r) => r.request_id).sort(), good.map((r) => r.request_id).sort());
  assert.equal(usageStats.dropped, dropped + 1);
});

test("a row whose user was deleted before the flush is written without the link", async () => {
  const user = await createUser();
  const r = row({ user_id: user });
  queueUsage(r);
  await db()`delete from auth.users where id = ${user}`;
  assert.equal(await flushUsage(), true);
  const rows = await db()`select user_id from public.api_usage where request_id = ${r.request_id}`;
  assert.equal(rows.length, 1);
});

test("2,500 queued rows (three batches) are all written, once", async () => {
  const rows = Array.from({ length: 2500 }, () => row());
  for (const r of rows) queueUsage(r);
  assert.equal(await flushUsage(), true);
  const [{ n }] = await db()`select count(*)::int as n from public.api_usage where request_id = any(${rows.map((r) => r.request_id)})`;
  assert.equal(n, rows.length);
});
