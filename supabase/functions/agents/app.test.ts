import assert from "node:assert/strict";
import { app } from "./app.ts";
import { db } from "../_shared/db.ts";
import { addMember, createAgent, createUser, createWorkspace, json, test, userToken } from "../_shared/testing.ts";

const admin = await createUser();
const workspaceId = await createWorkspace(admin);
const viewer = await createUser();
await addMember(workspaceId, viewer, "viewer");
const adminJwt = await userToken(admin);

const call = (method: string, path: string, token: string, body?: unknown) =>
  app.request(`/agents${path}`, { method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });

test("ids without RFC 4122 variant bits (like the demo ids) are accepted", async () => {
  const id = "00000000-0000-4000-c000-0000000000aa";
  await db()`insert into public.agents (id, workspace_id, slug, name) values (${id}, ${workspaceId}, 'variant-c', 'variant c')`;
  const res = await call("GET", `/${id}/keys`, adminJwt);
  assert.equal(res.status, 200, await res.clone().text());
});

test("an admin issues a key shown once, lists prefixes, and revokes it", async () => {
  const agent = await createAgent(workspaceId);
  const issued = await call("POST", `/${agent.agentId}/keys`, adminJwt, { name: "ci" });
  assert.equal(issued.status, 201);
  const key = await json(issued);
  assert.match(key.api_key, /^ak_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
  const list = await json(await call("GET", `/${agent.agentId}/keys`, adminJwt));
  assert.ok(list.keys.some((k: { id: string; api_key?: string }) => k.id === key.id && k.api_key === undefined));
  assert.equal((await call("DELETE", `/${agent.agentId}/keys/${key.id}`, adminJwt)).status, 200);
  assert.equal((await call("DELETE", `/${agent.agentId}/keys/${key.id}`, adminJwt)).status, 409);
  const [row] = await db()`select revoked_by from public.agent_api_keys where id = ${key.id}`;
  assert.equal(row.revoked_by, admin);
});

test("viewers, outsiders and bad input are refused, and nothing is written", async () => {
  const agent = await createAgent(workspaceId);
  const before = (await db()`select count(*)::int as n from public.agent_api_keys where agent_id = ${agent.agentId}`)[0].n;
  assert.equal((await call("POST", `/${agent.agentId}/keys`, await userToken(viewer), {})).status, 403);
  const outsider = await createUser();
  assert.equal((await call("POST", `/${agent.agentId}/keys`, await userToken(outsider), {})).status, 404);
  const badId = await call("POST", `/not-a-uuid/keys`, adminJwt, {});
  assert.equal(badId.status, 422);
  assert.equal((await json(badId)).error.fields[0].field, "param.agent_id");
  const past = await call("POST", `/${agent.agentId}/keys`, adminJwt, { expires_at: "2020-01-01T00:00:00Z" });
  assert.equal(past.status, 422);
  assert.equal((await json(past)).error.fields[0].field, "expires_at");
  const unknown = await call("POST", `/${agent.agentId}/keys`, adminJwt, { name: "x", admin: true });
  assert.equal(unknown.status, 422);
  assert.equal((await call("GET", `/${agent.agentId}/keys`, "not-a-jwt")).status, 401);
  const after = (await db()`select count(*)::int as n from public.agent_api_keys where agent_id = ${agent.agentId}`)[0].n;
  assert.equal(after, before);
});
