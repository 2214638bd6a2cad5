import assert from "node:assert/strict";
import { app } from "./app.ts";
import { db } from "../_shared/db.ts";
import { flushUsage } from "../_shared/usage.ts";
import { createAgent, createUser, createWorkspace, json, test, unique } from "../_shared/testing.ts";

const post = (body: unknown, headers: Record<string, string> = {}) =>
  app.request("/agent-auth/token", {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": `10.${Math.floor(Math.random() * 250)}.0.1`, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

const owner = await createUser();
const workspaceId = await createWorkspace(owner);

test("a valid key gets a short-lived agent JWT with the agent's identity", async () => {
  const agent = await createAgent(workspaceId);
  const res = await post({ api_key: agent.apiKey });
  assert.equal(res.status, 200);
  const body = await json(res);
  assert.equal(body.token_type, "bearer");
  assert.equal(body.agent_id, agent.agentId);
  assert.equal(body.workspace_id, workspaceId);
  assert.ok(body.expires_in > 0 && body.expires_in <= 3600);
  const claims = JSON.parse(atob(body.access_token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
  assert.equal(claims.sub, agent.agentId);
  assert.equal(claims.role, "authenticated");
  assert.equal(claims.actor, "agent");
  assert.equal(claims.workspace_id, workspaceId);
  assert.equal(claims.key_id, agent.keyId);
  assert.ok(claims.exp - claims.iat <= 3600);
});

test("the key may come in the x-api-key header", async () => {
  const agent = await createAgent(workspaceId);
  const res = await app.request("/agent-auth/token", { method: "POST", headers: { "x-api-key": agent.apiKey } });
  assert.equal(res.status, 200);
});

test("an unknown key is 401 and the failure is counted", async () => {
  const agent = await createAgent(workspaceId);
  const wrong = agent.apiKey.slice(0, 12) + "x".repeat(agent.apiKey.length - 12);
  const res = await post({ api_key: wrong });
  assert.equal(res.status, 401);
  assert.equal((await json(res)).error.code, "invalid_api_key");
  const [row] = await db()`select failed_attempts from public.agent_api_keys where id = ${agent.keyId}`;
  assert.equal(row.failed_attempts, 1);
});

test("a revoked key is refused", async () => {
  const agent = await createAgent(workspaceId);
  await db()`update public.agent_api_keys set revoked_at = now() where id = ${agent.keyId}`;
  const res = await post({ api_key: agent.apiKey });
  assert.equal(res.status, 401);
  assert.equal((await json(res)).error.code, "revoked_api_key");
});

test("an expired key is refused", async () => {
  const agent = await createAgent(workspaceId);
  await db()`update public.agent_api_keys set expires_at = now() - interval '1 second' where id = ${agent.keyId}`;
  const res = await post({ api_key: agent.apiKey });
  assert.equal(res.status, 401);
  assert.equal((await json(res)).error.code, "expired_api_key");
});

for (const status of ["blocked", "paused", "retired", "inactive"]) {
  test(`a ${status} agent cannot authenticate`, async () => {
    const agent = await createAgent(workspaceId, { status });
    const res = await post({ api_key: agent.apiKey });
    assert.equal(res.status, 403);
    assert.equal((await json(res)).error.code, "agent_not_active");
  });
}

test("a malformed key is 422 naming the field, and nothing is looked up", async () => {
  for (const bad of ["", "nope", "ak_short_x", 42, null]) {
    const res = await post({ api_key: bad });
    assert.equal(res.status, 422, `for ${JSON.stringify(bad)}`);
    const body = await json(res);
    assert.equal(body.error.fields[0].field, "api_key");
  }
  const res = await post({ api_key: "ak_demo0001_DemoSecretForLocalUseOnly0000000000000000", extra: 1 });
  assert.equal(res.status, 422);
});

test("malformed JSON is 400 and an oversize body is 413 with the limit", async () => {
  const res = await post("{not json");
  assert.equal(res.status, 400);
  assert.equal((await json(res)).error.code, "invalid_json");
  const big = await post({ api_key: "x".repeat(10_000) });
  assert.equal(big.status, 413);
  const body = await json(big);
  assert.equal(body.error.code, "payload_too_large");
  assert.equal(body.error.details.limit_bytes, 4096);
});

test("failed attempts are rate limited per key prefix with Retry-After, but never the holder of the right key (issue 13)", async () => {
  const agent = await createAgent(workspaceId);
  const wrong = agent.apiKey.slice(0, 12) + "y".repeat(agent.apiKey.length - 12);
  // anyone can send a prefix (from anywhere): ten failures for it
  for (let i = 0; i < 10; i++) assert.equal((await post({ api_key: wrong })).status, 401);
  const again = await post({ api_key: wrong });
  assert.equal(again.status, 429);
  assert.ok(Number(again.headers.get("retry-after")) > 0);
  // the agent that holds the key still gets its token
  const res = await post({ api_key: agent.apiKey });
  assert.equal(res.status, 200, await res.clone().text());
});

test("the client address is the platform's: a spoofed first X-Forwarded-For hop neither dodges nor moves the limit (issue 13)", async () => {
  const addr = `198.51.100.${Math.floor(Math.random() * 250)}`;
  const agent = await createAgent(workspaceId);
  // each attempt claims another address in the first hop; the proxy in front appended the real one
  for (let i = 0; i < 30; i++) {
    const key = `ak_${unique("s").replace("-", "").slice(0, 8).padEnd(8, "0")}_${"z".repeat(43)}`;
    await post({ api_key: key }, { "x-forwarded-for": `203.0.113.${i}, ${addr}` });
  }
  assert.equal((await post({ api_key: agent.apiKey }, { "x-forwarded-for": `203.0.113.200, ${addr}` })).status, 429, "the real address is limited");
  // and the failures of that address did not lock out the addresses it claimed
  assert.equal((await post({ api_key: agent.apiKey }, { "x-forwarded-for": "203.0.113.5" })).status, 200);
  // Cloudflare's CF-Connecting-IP (hosted Supabase) wins over any X-Forwarded-For
  assert.equal((await post({ api_key: agent.apiKey }, { "x-forwarded-for": addr, "cf-connecting-ip": "192.0.2.250" })).status, 200);
  const [row] = await db()`select count(*)::int as n from private.agent_auth_failures where client_addr like '203.0.113.%'`;
  assert.equal(row.n, 0);
});

test("failed attempts are rate limited per client address", async () => {
  const addr = `192.0.2.${Math.floor(Math.random() * 250)}`;
  const agent = await createAgent(workspaceId);
  for (let i = 0; i < 30; i++) {
    const key = `ak_${unique("r").replace("-", "").slice(0, 8).padEnd(8, "0")}_${"z".repeat(43)}`;
    await post({ api_key: key }, { "x-forwarded-for": addr });
  }
  const res = await post({ api_key: agent.apiKey }, { "x-forwarded-for": addr });
  assert.equal(res.status, 429);
});

test("every call writes one api_usage row with its status", async () => {
  const requestId = `req-${crypto.randomUUID()}`;
  await post({ api_key: "nope" }, { "x-request-id": requestId });
  await flushUsage(); // written off the request path, within a second
  const rows = await db()`select function_name, endpoint, status_code from public.api_usage where request_id = ${requestId}`;
  assert.equal(rows.length, 1);
  assert.equal(rows[0].function_name, "agent-auth");
  assert.equal(rows[0].endpoint, "/agent-auth/token");
  assert.equal(rows[0].status_code, 422);
});

test("the OpenAPI document is served and describes /token", async () => {
  const res = await app.request("/agent-auth/openapi.json");
  assert.equal(res.status, 200);
  const doc = await json(res);
  assert.ok(doc.paths["/agent-auth/token"]?.post);
});
