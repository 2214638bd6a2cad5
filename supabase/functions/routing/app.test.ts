// The routing endpoint against the real test database: an agent records decisions linked to the
// runs they start; route() ranks the agents that handled the most similar past tasks by their
// outcomes on them (kept from the runs, whatever path finished them); RLS and bad input.
import assert from "node:assert/strict";
import { app } from "./app.ts";
import { db } from "../_shared/db.ts";
import { agentToken, bearer, createAgent, createUser, createWorkspace, json, test, unique, userToken } from "../_shared/testing.ts";

const DIM = 1536;
/** cos(angle) u + sin(angle) w with orthonormal u, w: the cosine between vec(a) and vec(b) is cos(a - b). */
function vec(angleDegrees: number): number[] {
  const a = (angleDegrees * Math.PI) / 180;
  return Array.from({ length: DIM }, (_, i) => (Math.cos(a) + Math.sin(a) * ((i + 1) % 2 === 0 ? 1 : -1)) / Math.sqrt(DIM));
}

const owner = await createUser();
const outsider = await createUser();
const workspaceId = await createWorkspace(owner);
const otherWorkspaceId = await createWorkspace(outsider);
const router = await createAgent(workspaceId);
const writer = await createAgent(workspaceId);
const coder = await createAgent(workspaceId);
const stranger = await createAgent(otherWorkspaceId);

const post = (path: string, token: string, body: unknown) =>
  app.request(`/routing${path}`, { method: "POST", headers: bearer(token), body: typeof body === "string" ? body : JSON.stringify(body) });
const decisions = async () => Number((await db()`select count(*) as n from public.routing_decisions where workspace_id = ${workspaceId}`)[0].n);

test("decisions: an agent records a decision; the run it starts is created queued for the selected agent", async () => {
  const runKey = unique("routed");
  const res = await post("/decisions", await agentToken(router), {
    run_key: runKey, selected_agent_id: writer.agentId, task_text: "write three launch headlines", embedding: vec(0),
    candidates: [{ agent_id: writer.agentId, score: 0.9 }, { agent_id: coder.agentId, score: 0.2 }],
    reason: "copywriting", confidence: 0.9,
  });
  assert.equal(res.status, 201);
  const body = await json(res);
  assert.equal(body.duplicate, false);
  assert.equal(body.run.created, true);
  assert.equal(body.run.status, "queued");
  assert.equal(body.decision.from_agent_id, router.agentId);
  assert.equal(body.decision.selected_agent_id, writer.agentId);
  assert.equal(body.decision.candidates.length, 2);
  const [run] = await db()`select agent_id, status, source from public.executions where workspace_id = ${workspaceId} and run_key = ${runKey}`;
  assert.deepEqual([run.agent_id, run.status, run.source], [writer.agentId, "queued", "api"]);

  // a retry returns the stored decision and writes nothing
  const before = await decisions();
  const again = await post("/decisions", await agentToken(router), { run_key: runKey, selected_agent_id: writer.agentId, task_text: "x" });
  assert.equal(again.status, 200);
  assert.equal((await json(again)).duplicate, true);
  assert.equal(await decisions(), before);
});

test("decisions: linked to an existing run of the selected agent; its outcome follows the run", async () => {
  const runKey = unique("existing");
  await db()`insert into public.executions (workspace_id, agent_id, run_key, status) values (${workspaceId}, ${coder.agentId}, ${runKey}, 'running')`;
  const res = await post("/decisions", await agentToken(router), { run_key: runKey, selected_agent_id: coder.agentId, embedding: vec(5) });
  assert.equal(res.status, 201);
  assert.equal((await json(res)).run.created, false);
  await db()`update public.executions set status = 'failed', cost_usd = 0.5, duration_ms = 900 where workspace_id = ${workspaceId} and run_key = ${runKey}`;
  const [d] = await db()`select r.outcome_status, r.outcome_cost_usd::float8 as cost, r.outcome_duration_ms from public.routing_decisions r
    join public.executions e on e.id = r.execution_id where e.run_key = ${runKey}`;
  assert.deepEqual([d.outcome_status, d.cost, d.outcome_duration_ms], ["failed", 0.5, 900]);
});

test("route: the agent with the best record on similar tasks comes first, with success rate, cost and latency", async () => {
  const token = await agentToken(router);
  // writer: 3 similar tasks (angles 10-14), all succeeded, cheap; coder: 2 similar ones (1 failed above), one succeeded
  for (const [agent, angle, status, cost, ms] of [
    [writer, 10, "succeeded", 0.01, 100], [writer, 12, "succeeded", 0.03, 300], [writer, 14, "succeeded", 0.02, 200],
    [coder, 8, "succeeded", 0.4, 1000],
  ] as const) {
    const runKey = unique("hist");
    const res = await post("/decisions", token, { run_key: runKey, selected_agent_id: agent.agentId, embedding: vec(angle) });
    assert.equal(res.status, 201);
    await db()`update public.executions set status = ${status}, cost_usd = ${cost}, duration_ms = ${ms} where workspace_id = ${workspaceId} and run_key = ${runKey}`;
  }
  // a far-away task the coder handled well must not count with match_count 6
  const far = unique("far");
  await post("/decisions", token, { run_key: far, selected_agent_id: coder.agentId, embedding: vec(90) });
  await db()`update public.executions set status = 'succeeded' where workspace_id = ${workspaceId} and run_key = ${far}`;

  const res = await post("/route", token, { embedding: vec(10), match_count: 6 });
  assert.equal(res.status, 200);
  const { agents } = await json(res);
  assert.deepEqual(agents.map((a: { agent_id: string }) => a.agent_id), [writer.agentId, coder.agentId]);
  const [w, c] = agents;
  // writer: the first decision (queued, vec(0)) plus three succeeded ones
  assert.deepEqual([w.similar_tasks, w.finished, w.succeeded, w.success_rate], [4, 3, 3, 100]);
  assert.ok(Math.abs(w.avg_cost_usd - 0.02) < 1e-9);
  assert.equal(w.avg_duration_ms, 200);
  assert.deepEqual([c.similar_tasks, c.finished, c.succeeded, c.success_rate], [2, 2, 1, 50]);
  assert.ok(w.score > c.score);
});

test("route: RLS: people see their workspaces only; an agent of another workspace sees nothing of this one", async () => {
  const asOwner = await json(await post("/route", await userToken(owner), { embedding: vec(10) }));
  assert.ok(asOwner.agents.length >= 2);
  const asOutsider = await json(await post("/route", await userToken(outsider), { embedding: vec(10) }));
  assert.deepEqual(asOutsider.agents, []);
  const asStranger = await json(await post("/route", await agentToken(stranger), { embedding: vec(10) }));
  assert.deepEqual(asStranger.agents, []);
});

test("decisions: bad input is 4xx naming the field; nothing written", async () => {
  const token = await agentToken(router);
  const existing = unique("coder-run");
  await db()`insert into public.executions (workspace_id, agent_id, run_key, status) values (${workspaceId}, ${coder.agentId}, ${existing}, 'running')`;
  const ok = { run_key: unique("bad"), selected_agent_id: writer.agentId, task_text: "t" };
  const cases: [unknown, number, string][] = [
    [{ ...ok, run_key: "" }, 422, "run_key"],
    [{ ...ok, selected_agent_id: "nope" }, 422, "selected_agent_id"],
    [{ run_key: ok.run_key, selected_agent_id: writer.agentId }, 422, "task_text"],
    [{ ...ok, embedding: [1, 2] }, 422, "embedding"],
    [{ ...ok, confidence: 2 }, 422, "confidence"],
    [{ ...ok, candidates: [{ agent_id: "x" }] }, 422, "candidates.0.agent_id"],
    [{ ...ok, surprise: 1 }, 422, "(body)"],
    [{ ...ok, selected_agent_id: stranger.agentId }, 404, "selected_agent_id"],
    [{ ...ok, candidates: [{ agent_id: writer.agentId }, { agent_id: stranger.agentId }] }, 404, "candidates.1.agent_id"],
    [{ ...ok, parent_run_key: unique("missing") }, 404, "parent_run_key"],
    [{ ...ok, run_key: existing }, 409, "run_key"],
  ];
  for (const [body, status, field] of cases) {
    const before = await decisions();
    const res = await post("/decisions", token, body);
    assert.equal(res.status, status, `${field}: ${JSON.stringify(await res.clone().json())}`);
    const fields = (await json(res)).error.fields.map((f: { field: string }) => f.field);
    assert.ok(fields.includes(field), `${field} in ${fields}`);
    assert.equal(await decisions(), before, `nothing written for ${field}`);
  }
  const runs = await db()`select 1 from public.executions where run_key = ${ok.run_key}`;
  assert.equal(runs.length, 0, "no run created by a refused decision");
});

test("decisions: people cannot record (403); route: bad input 422; a revoked key 401", async () => {
  const res = await post("/decisions", await userToken(owner), { run_key: unique("p"), selected_agent_id: writer.agentId, task_text: "t" });
  assert.equal(res.status, 403);
  for (const [body, field] of [[{ embedding: [1] }, "embedding"], [{ embedding: vec(0), match_count: 0 }, "match_count"], [{}, "embedding"]] as const) {
    const r = await post("/route", await agentToken(router), body);
    assert.equal(r.status, 422);
    assert.ok((await json(r)).error.fields.some((f: { field: string }) => f.field === field));
  }
  const revoked = await createAgent(workspaceId);
  await db()`update public.agent_api_keys set revoked_at = now() where id = ${revoked.keyId}`;
  assert.equal((await post("/route", await agentToken(revoked), { embedding: vec(0) })).status, 401);
  assert.equal((await post("/decisions", await agentToken(revoked), { run_key: unique("r"), selected_agent_id: writer.agentId, task_text: "t" })).status, 401);
});

test("the OpenAPI document describes both routes", async () => {
  const doc = await json(await app.request("/routing/openapi.json"));
  assert.ok(doc.paths["/routing/decisions"] && doc.paths["/routing/route"]);
});
