// The patterns endpoint against the real test database: similarity search with real vectors
// (agents and people, RLS), usage reports keeping the statistics, and bad input answered 4xx
// naming the field with nothing written.
import assert from "node:assert/strict";
import { app } from "./app.ts";
import { signAgentToken } from "../_shared/auth.ts";
import { db } from "../_shared/db.ts";
import { bearer, createAgent, createUser, createWorkspace, json, test, type TestAgent, unique, userToken } from "../_shared/testing.ts";

const DIM = 1536;
/** cos(angle) u + sin(angle) w with u = ones / sqrt(1536) and w = alternating signs / sqrt(1536): cosine to u is cos(angle). */
function vec(angleDegrees: number): number[] {
  const a = (angleDegrees * Math.PI) / 180;
  return Array.from({ length: DIM }, (_, i) => (Math.cos(a) + Math.sin(a) * ((i + 1) % 2 === 0 ? 1 : -1)) / Math.sqrt(DIM));
}
const ones = () => Array.from({ length: DIM }, () => 1);
const pgVector = (v: number[]) => `[${v.join(",")}]`;

const owner = await createUser();
const viewer = await createUser();
const outsider = await createUser();
const workspaceId = await createWorkspace(owner);
const otherWorkspaceId = await createWorkspace(outsider);
await db()`insert into public.workspace_members (workspace_id, user_id, role) values (${workspaceId}, ${viewer}, 'viewer')`;
const agent = await createAgent(workspaceId);
const otherAgent = await createAgent(workspaceId);
const topic = unique("topic");

const patternIds: Record<string, string> = {};
for (const [name, angle] of [["near", 10], ["mid", 40], ["far", 80]] as const) {
  const [row] = await db()`
    insert into public.patterns (workspace_id, topic, name, embedding) values (${workspaceId}, ${topic}, ${name}, ${pgVector(vec(angle))}::extensions.vector)
    returning id`;
  patternIds[name] = String(row.id);
}
await db()`insert into public.patterns (workspace_id, topic, name, embedding) values (${otherWorkspaceId}, ${topic}, 'elsewhere', ${pgVector(vec(0))}::extensions.vector)`;
const [run] = await db()`insert into public.executions (workspace_id, agent_id, run_key, status) values (${workspaceId}, ${agent.agentId}, ${unique("run")}, 'succeeded') returning id, run_key`;
const [otherRun] = await db()`insert into public.executions (workspace_id, agent_id, run_key, status) values (${workspaceId}, ${otherAgent.agentId}, ${unique("run")}, 'succeeded') returning id, run_key`;

async function agentToken(a: TestAgent) {
  return (await signAgentToken({ agentId: a.agentId, workspaceId: a.workspaceId, keyId: a.keyId, slug: "test" })).token;
}
const post = (path: string, token: string, body: unknown) =>
  app.request(`/patterns${path}`, { method: "POST", headers: bearer(token), body: typeof body === "string" ? body : JSON.stringify(body) });
const usageCount = async () => Number((await db()`select count(*) as n from public.pattern_usage where workspace_id = ${workspaceId}`)[0].n);

test("search: an agent gets its workspace's patterns nearest first, with cosine similarity", async () => {
  const res = await post("/search", await agentToken(agent), { embedding: ones(), topic, match_count: 10 });
  assert.equal(res.status, 200);
  const body = await json(res);
  assert.deepEqual(body.patterns.map((p: { name: string }) => p.name), ["near", "mid", "far"]);
  assert.ok(Math.abs(body.patterns[0].similarity - Math.cos((10 * Math.PI) / 180)) < 1e-5);
  assert.equal(body.patterns[0].workspace_id, workspaceId);
  assert.equal(typeof body.patterns[0].usage_count, "number");
});

test("search: match_count and a query along another direction", async () => {
  const res = await post("/search", await userToken(owner), { embedding: vec(80), topic, match_count: 2 });
  assert.equal(res.status, 200);
  assert.deepEqual((await json(res)).patterns.map((p: { name: string }) => p.name), ["far", "mid"]);
});

test("search: people see only their workspaces (RLS)", async () => {
  const res = await post("/search", await userToken(outsider), { embedding: ones(), topic });
  assert.deepEqual((await json(res)).patterns.map((p: { name: string }) => p.name), ["elsewhere"]);
});

test("search: bad input is 422 naming the field", async () => {
  const token = await agentToken(agent);
  const cases: [unknown, string][] = [
    [{ embedding: [1, 2, 3] }, "embedding"],
    [{ embedding: ones(), match_count: 0 }, "match_count"],
    [{ embedding: ones(), min_success_rate: 101 }, "min_success_rate"],
    [{ embedding: ones(), workspace_id: "not-a-uuid" }, "workspace_id"],
    [{ embedding: ones(), surprise: true }, "(body)"],
    [{}, "embedding"],
  ];
  for (const [body, field] of cases) {
    const res = await post("/search", token, body);
    assert.equal(res.status, 422, JSON.stringify(body).slice(0, 80));
    const fields = (await json(res)).error.fields.map((f: { field: string }) => f.field);
    assert.ok(fields.includes(field), `${field} in ${fields}`);
  }
  const bad = ones();
  bad[7] = Number.NaN;
  const res = await post("/search", token, JSON.stringify({ embedding: bad }).replace("null", '"x"'));
  assert.equal(res.status, 422);
  assert.equal((await json(res)).error.fields[0].field, "embedding.7");
});

test("search: no token is 401; malformed JSON is 400", async () => {
  const res = await app.request("/patterns/search", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  assert.equal(res.status, 401);
  const bad = await post("/search", await userToken(owner), "{not json");
  assert.equal(bad.status, 400);
});

test("usage: an agent reports uses of its run; the statistics follow", async () => {
  const before = await usageCount();
  const res = await post("/usage", await agentToken(agent), {
    usages: [
      { pattern_id: patternIds.mid, run_key: run.run_key, success: true, user_rating: 5, engagement: { ctr: 3 } },
      { pattern_id: patternIds.mid, execution_id: run.id, success: false, user_rating: 3, engagement: { ctr: 1 } },
      { pattern_id: patternIds.near, success: true },
    ],
  });
  assert.equal(res.status, 201);
  const body = await json(res);
  assert.equal(body.accepted, 3);
  const mid = body.patterns.find((p: { name: string }) => p.name === "mid");
  assert.deepEqual([mid.usage_count, mid.success_rate, mid.avg_user_rating, mid.avg_engagement.ctr], [2, 50, 4, 2]);
  assert.equal(await usageCount(), before + 3);
  const [row] = await db()`select agent_id, execution_id from public.pattern_usage where pattern_id = ${patternIds.mid} order by used_at limit 1`;
  assert.equal(row.agent_id, agent.agentId);
  assert.equal(row.execution_id, run.id);
});

test("usage: a member reports; a viewer is 403; nothing written", async () => {
  const ok = await post("/usage", await userToken(owner), { usages: [{ pattern_id: patternIds.far, run_key: otherRun.run_key, success: true }] });
  assert.equal(ok.status, 201);
  const [row] = await db()`select agent_id, reported_by from public.pattern_usage where pattern_id = ${patternIds.far}`;
  assert.equal(row.agent_id, otherAgent.agentId, "a person's report takes the run's agent");
  assert.equal(row.reported_by, owner);
  const before = await usageCount();
  const res = await post("/usage", await userToken(viewer), { usages: [{ pattern_id: patternIds.far, success: true }] });
  assert.equal(res.status, 403);
  assert.equal((await json(res)).error.fields[0].field, "usages.0.pattern_id");
  assert.equal(await usageCount(), before);
});

test("usage: bad input is 4xx naming usages.N.field, and nothing of the batch is written", async () => {
  const token = await agentToken(agent);
  const good = { pattern_id: patternIds.near, success: true };
  const cases: [unknown, number, string][] = [
    [{ usages: [] }, 422, "usages"],
    [{ usages: [good, { pattern_id: "nope" }] }, 422, "usages.1.pattern_id"],
    [{ usages: [good, { pattern_id: patternIds.near, user_rating: 6 }] }, 422, "usages.1.user_rating"],
    [{ usages: [good, { pattern_id: patternIds.near, execution_id: run.id, run_key: run.run_key }] }, 422, "usages.1.run_key"],
    [{ usages: [good, { pattern_id: patternIds.near, engagement: [1] }] }, 422, "usages.1.engagement"],
    [{ usages: [good, { pattern_id: crypto.randomUUID() }] }, 404, "usages.1.pattern_id"],
    [{ usages: [good, { pattern_id: patternIds.near, run_key: otherRun.run_key }] }, 404, "usages.1.run_key"],
    [{ usages: [good, { pattern_id: patternIds.near, execution_id: otherRun.id }] }, 404, "usages.1.execution_id"],
    [{ usages: Array.from({ length: 501 }, () => good) }, 422, "usages"],
  ];
  for (const [body, status, field] of cases) {
    const before = await usageCount();
    const res = await post("/usage", token, body);
    assert.equal(res.status, status, `${field}: ${JSON.stringify(await res.clone().json())}`);
    const fields = (await json(res)).error.fields.map((f: { field: string }) => f.field);
    assert.ok(fields.includes(field), `${field} in ${fields}`);
    assert.equal(await usageCount(), before, `nothing written for ${field}`);
  }
});

test("usage: an agent of another workspace cannot see the pattern (404)", async () => {
  const stranger = await createAgent(otherWorkspaceId);
  const res = await post("/usage", await agentToken(stranger), { usages: [{ pattern_id: patternIds.near, success: true }] });
  assert.equal(res.status, 404);
});

test("a revoked key's or a blocked agent's token is refused on both routes", async () => {
  const revoked = await createAgent(workspaceId);
  await db()`update public.agent_api_keys set revoked_at = now() where id = ${revoked.keyId}`;
  const blocked = await createAgent(workspaceId, { status: "blocked" });
  for (const a of [revoked, blocked]) {
    const usage = await post("/usage", await agentToken(a), { usages: [{ pattern_id: patternIds.near, success: true }] });
    assert.equal(usage.status, 401);
    const search = await post("/search", await agentToken(a), { embedding: ones(), topic });
    assert.equal(search.status, 401);
  }
});

test("the OpenAPI document describes both routes", async () => {
  const res = await app.request("/patterns/openapi.json");
  assert.equal(res.status, 200);
  const doc = await json(res);
  assert.ok(doc.paths["/patterns/search"] && doc.paths["/patterns/usage"]);
});
