import assert from "node:assert/strict";
import { app } from "./app.ts";
import { db } from "../_shared/db.ts";
import { signAgentToken } from "../_shared/auth.ts";
import {
  addMember,
  bearer,
  createAgent,
  createUser,
  createWorkspace,
  json,
  test,
  userToken,
} from "../_shared/testing.ts";

const owner = await createUser();
const viewer = await createUser();
const outsider = await createUser();
const workspaceId = await createWorkspace(owner);
await addMember(workspaceId, viewer, "viewer");

const post = async (userId: string, body: unknown, extra: Record<string, string> = {}) =>
  app.request("/activity/events", {
    method: "POST",
    headers: bearer(await userToken(userId), {
      "x-forwarded-for": "203.0.113.7",
      "user-agent": "DashboardTest/1.0",
      ...extra,
    }),
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

test("a member records page views and feature use in one call", async () => {
  const session = crypto.randomUUID();
  const res = await post(viewer, {
    events: [
      { event_type: "page_view", page_path: "/agents", workspace_id: workspaceId, session_id: session },
      {
        event_type: "feature_use",
        event_name: "export_csv",
        workspace_id: workspaceId,
        session_id: session,
        metadata: { rows: 12 },
      },
    ],
  });
  assert.equal(res.status, 201);
  assert.deepEqual(await json(res), { recorded: 2 });
  const rows =
    await db()`select event_type, page_path, host(ip_address) as ip, user_agent, metadata from analytics.user_activity
    where user_id = ${viewer} and session_id = ${session} order by event_type desc`;
  assert.equal(rows.length, 2);
  assert.equal(rows[0].event_type, "page_view");
  assert.equal(rows[0].ip, "203.0.113.7");
  assert.equal(rows[0].user_agent, "DashboardTest/1.0");
  assert.deepEqual(rows[1].metadata, { rows: 12 });
});

test("an unknown event type is 422 naming the field, and nothing is written", async () => {
  const before = await db()`select count(*)::int as n from analytics.user_activity where user_id = ${viewer}`;
  const res = await post(viewer, { events: [{ event_type: "page_view" }, { event_type: "dance" }] });
  assert.equal(res.status, 422);
  const body = await json(res);
  assert.equal(body.error.code, "validation_failed");
  assert.equal(body.error.fields[0].field, "events.1.event_type");
  const after = await db()`select count(*)::int as n from analytics.user_activity where user_id = ${viewer}`;
  assert.equal(after[0].n, before[0].n);
});

test("an empty batch, unknown fields and malformed JSON are refused", async () => {
  assert.equal((await post(viewer, { events: [] })).status, 422);
  assert.equal((await post(viewer, { events: [{ event_type: "login", extra: 1 }] })).status, 422);
  const res = await post(viewer, "{not json");
  assert.equal(res.status, 400);
  assert.equal((await json(res)).error.code, "invalid_json");
});

test("a workspace the person is not a member of is 403 naming the field", async () => {
  const res = await post(outsider, { events: [{ event_type: "page_view", workspace_id: workspaceId }] });
  assert.equal(res.status, 403);
  const body = await json(res);
  assert.equal(body.error.code, "not_a_member");
  assert.equal(body.error.fields[0].field, "events.0.workspace_id");
});

test("events outside any workspace (a login) are recorded for the person", async () => {
  const res = await post(outsider, { events: [{ event_type: "login" }] });
  assert.equal(res.status, 201);
});

test("no token is 401 and an agent token is 403", async () => {
  const anon = await app.request("/activity/events", {
    method: "POST",
    body: JSON.stringify({ events: [{ event_type: "login" }] }),
  });
  assert.equal(anon.status, 401);
  const agent = await createAgent(workspaceId);
  const { token } = await signAgentToken({ agentId: agent.agentId, workspaceId, keyId: agent.keyId, slug: "a" });
  const res = await app.request("/activity/events", {
    method: "POST",
    headers: bearer(token),
    body: JSON.stringify({ events: [{ event_type: "login" }] }),
  });
  assert.equal(res.status, 403);
});
