// The evaluations endpoint against the real test database: evaluations by agents and people with
// the reputation they cause, efficiency measurements, the reputation read, bad input (4xx naming
// the field, nothing written), and the ledger under 200 concurrent writers for one agent.
import assert from "node:assert/strict";
import postgres from "postgres";
import { app } from "./app.ts";
import { signAgentToken } from "../_shared/auth.ts";
import { db } from "../_shared/db.ts";
import { env } from "../_shared/env.ts";
import { bearer, createAgent, createUser, createWorkspace, json, test, type TestAgent, unique, userToken } from "../_shared/testing.ts";

const owner = await createUser();
const viewer = await createUser();
const outsider = await createUser();
const workspaceId = await createWorkspace(owner);
const otherWorkspaceId = await createWorkspace(outsider);
await db()`insert into public.workspace_members (workspace_id, user_id, role) values (${workspaceId}, ${viewer}, 'viewer')`;
const worker = await createAgent(workspaceId);
const judge = await createAgent(workspaceId);
const stranger = await createAgent(otherWorkspaceId);

async function newRun(agent: TestAgent, status = "succeeded") {
  const [row] = await db()`
    insert into public.executions (workspace_id, agent_id, run_key, status) values (${agent.workspaceId}, ${agent.agentId}, ${unique("run")}, ${status})
    returning id, run_key`;
  return { id: String(row.id), runKey: String(row.run_key) };
}
async function agentToken(a: TestAgent) {
  return (await signAgentToken({ agentId: a.agentId, workspaceId: a.workspaceId, keyId: a.keyId, slug: "test" })).token;
}
const post = (path: string, token: string, body: unknown) =>
  app.request(`/evaluations${path}`, { method: "POST", headers: bearer(token), body: typeof body === "string" ? body : JSON.stringify(body) });
const count = async (table: "evaluations" | "efficiency_measurements" | "rep_transactions") =>
  Number((await db().unsafe(`select count(*) as n from public.${table} where workspace_id = $1`, [workspaceId]))[0].n);
const evaluation = (run: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  ...run, evaluator_vendor: "acme", model_version: "judge-1", quality_score: 80, reliability_score: 70, value_score: 90, verdict: "pass", ...extra,
});

test("an evaluator agent evaluates another agent's run by run_key; the run's agent is awarded", async () => {
  const run = await newRun(worker);
  const res = await post("", await agentToken(judge), evaluation({ run_key: run.runKey }));
  assert.equal(res.status, 201);
  const body = await json(res);
  assert.equal(body.created, true);
  assert.equal(body.evaluation.execution_id, run.id);
  assert.equal(body.evaluation.agent_id, worker.agentId);
  assert.equal(body.evaluation.evaluator_agent_id, judge.agentId);
  // default rules: pass awards 10 x mean(80, 70, 90) / 100 = 8
  assert.equal(body.reputation.tx_type, "award");
  assert.equal(body.reputation.delta_rep, 8);
});

test("the same evaluation posted again is 200 with the stored one, and awards nothing twice", async () => {
  const run = await newRun(worker);
  const token = await agentToken(judge);
  const first = await post("", token, evaluation({ run_key: run.runKey, evaluated_at: "2025-06-01T10:00:00Z" }));
  assert.equal(first.status, 201);
  const before = await count("rep_transactions");
  const again = await post("", token, evaluation({ run_key: run.runKey, evaluated_at: "2025-06-01T10:00:00Z" }));
  assert.equal(again.status, 200);
  const body = await json(again);
  assert.equal(body.created, false);
  assert.equal(body.evaluation.id, (await json(first)).evaluation.id);
  assert.equal(await count("rep_transactions"), before);
});

test("a member evaluates by execution_id, or by run_key with workspace_id; a fail costs a penalty", async () => {
  const run = await newRun(worker);
  const res = await post("", await userToken(owner), evaluation({ execution_id: run.id }, { verdict: "fail" }));
  assert.equal(res.status, 201);
  const body = await json(res);
  assert.equal(body.evaluation.evaluated_by, owner);
  assert.equal(body.reputation.tx_type, "penalty");
  assert.equal(body.reputation.delta_rep, -5);
  const byKey = await post("", await userToken(owner), evaluation({ run_key: run.runKey, workspace_id: workspaceId }, { model_version: "judge-2" }));
  assert.equal(byKey.status, 201);
});

test("bad input is 422 naming the field, and nothing is written", async () => {
  const run = await newRun(worker);
  const token = await agentToken(judge);
  const cases: [unknown, string][] = [
    [evaluation({ run_key: run.runKey }, { quality_score: 101 }), "quality_score"],
    [evaluation({ run_key: run.runKey }, { reliability_score: -1 }), "reliability_score"],
    [evaluation({ run_key: run.runKey }, { value_score: "high" }), "value_score"],
    [evaluation({ run_key: run.runKey }, { verdict: "maybe" }), "verdict"],
    [evaluation({ run_key: run.runKey }, { evaluator_vendor: "" }), "evaluator_vendor"],
    [evaluation({ run_key: run.runKey }, { model_version: undefined }), "model_version"],
    [evaluation({ run_key: run.runKey }, { evaluated_at: "yesterday" }), "evaluated_at"],
    [evaluation({ run_key: run.runKey }, { details: [1, 2] }), "details"],
    [evaluation({ run_key: run.runKey, execution_id: run.id }), "execution_id"],
    [evaluation({}), "execution_id"],
    [evaluation({ execution_id: "nope" }), "execution_id"],
    [evaluation({ run_key: run.runKey }, { bonus: 1 }), "(body)"],
  ];
  for (const [body, field] of cases) {
    const before = [await count("evaluations"), await count("rep_transactions")];
    const res = await post("", token, body);
    assert.equal(res.status, 422, `${field}: ${res.status}`);
    const fields = (await json(res)).error.fields.map((f: { field: string }) => f.field);
    assert.ok(fields.includes(field), `${field} in ${fields}`);
    assert.deepEqual([await count("evaluations"), await count("rep_transactions")], before, `nothing written for ${field}`);
  }
  const person = await post("", await userToken(owner), evaluation({ run_key: run.runKey }));
  assert.equal(person.status, 422);
  assert.equal((await json(person)).error.fields[0].field, "workspace_id");
});

test("who may evaluate: 404 for runs one cannot reach, 403 for one's own run or a viewer, 409 for an unfinished run", async () => {
  const run = await newRun(worker);
  const running = await newRun(worker, "running");
  const strangersRun = await newRun(stranger);
  const cases: [string, unknown, number, string][] = [
    [await agentToken(judge), evaluation({ execution_id: crypto.randomUUID() }), 404, "run_not_found"],
    [await agentToken(judge), evaluation({ execution_id: strangersRun.id }), 404, "run_not_found"],
    [await userToken(outsider), evaluation({ execution_id: run.id }), 404, "run_not_found"],
    [await agentToken(worker), evaluation({ run_key: run.runKey }), 403, "self_evaluation"],
    [await agentToken(judge), evaluation({ run_key: run.runKey, workspace_id: otherWorkspaceId }), 403, "other_workspace"],
    [await userToken(viewer), evaluation({ execution_id: run.id }), 403, "member_required"],
    [await agentToken(judge), evaluation({ run_key: running.runKey }), 409, "run_not_finished"],
  ];
  for (const [token, body, status, code] of cases) {
    const before = await count("evaluations");
    const res = await post("", token, body);
    assert.equal(res.status, status, code);
    assert.equal((await json(res)).error.code, code);
    assert.equal(await count("evaluations"), before);
  }
  const none = await app.request("/evaluations", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  assert.equal(none.status, 401);
  const revoked = await createAgent(workspaceId);
  await db()`update public.agent_api_keys set revoked_at = now() where id = ${revoked.keyId}`;
  const token = await agentToken(revoked);
  for (const res of [
    await post("", token, evaluation({ execution_id: run.id })),
    await post("/efficiency", token, { execution_id: run.id, throughput_per_hour: 1, success_rate: 1, latency_p50_ms: 1, latency_p95_ms: 1, cpu_seconds: 1, memory_mb_avg: 1 }),
    await app.request(`/evaluations/reputation/${revoked.agentId}`, { headers: bearer(token) }),
  ]) {
    assert.equal(res.status, 401);
    assert.equal((await json(res)).error.code, "revoked_api_key");
  }
});

test("efficiency: an agent measures a run; bad input is 422 naming the field", async () => {
  const run = await newRun(worker);
  const token = await agentToken(judge);
  const good = { run_key: run.runKey, throughput_per_hour: 120, success_rate: 0.95, latency_p50_ms: 800, latency_p95_ms: 2100, cpu_seconds: 1.5, memory_mb_avg: 256 };
  const res = await post("/efficiency", token, good);
  assert.equal(res.status, 201);
  const body = await json(res);
  assert.equal(body.agent_id, worker.agentId);
  assert.equal(body.measured_by_agent_id, judge.agentId);
  const cases: [unknown, string][] = [
    [{ ...good, latency_p95_ms: 100 }, "latency_p95_ms"],
    [{ ...good, success_rate: 2 }, "success_rate"],
    [{ ...good, cpu_seconds: -1 }, "cpu_seconds"],
    [{ ...good, memory_mb_avg: undefined }, "memory_mb_avg"],
    [{ ...good, run_key: undefined }, "execution_id"],
  ];
  for (const [bad, field] of cases) {
    const before = await count("efficiency_measurements");
    const r = await post("/efficiency", token, bad);
    assert.equal(r.status, 422, field);
    assert.ok((await json(r)).error.fields.some((f: { field: string }) => f.field === field), field);
    assert.equal(await count("efficiency_measurements"), before);
  }
});

test("reputation: viewers and the agent itself read it; others get 404", async () => {
  const res = await app.request(`/evaluations/reputation/${worker.agentId}?limit=2`, { headers: bearer(await userToken(viewer)) });
  assert.equal(res.status, 200);
  const body = await json(res);
  assert.equal(body.agent_id, worker.agentId);
  assert.ok(body.transaction_count >= 3);
  assert.equal(body.transactions.length, 2);
  assert.equal(body.transactions[0].agent_seq, body.transaction_count, "newest first");
  assert.equal(body.balance, body.transactions[0].balance_after);
  const own = await app.request(`/evaluations/reputation/${worker.agentId}`, { headers: bearer(await agentToken(worker)) });
  assert.equal(own.status, 200);
  // ids as Postgres keeps them, of any variant (the demo agent's is 00000000-0000-4000-c000-000000000001): 404, not 422
  const demoShaped = await app.request(`/evaluations/reputation/00000000-0000-4000-c000-00000000abcd`, { headers: bearer(await userToken(viewer)) });
  assert.equal(demoShaped.status, 404);
  for (const token of [await agentToken(judge), await userToken(outsider)]) {
    const r = await app.request(`/evaluations/reputation/${worker.agentId}`, { headers: bearer(token) });
    assert.equal(r.status, 404);
  }
  for (const [url, field] of [["/evaluations/reputation/not-a-uuid", "param.agent_id"], [`/evaluations/reputation/${worker.agentId}?limit=0`, "query.limit"]]) {
    const bad = await app.request(url, { headers: bearer(await userToken(viewer)) });
    assert.equal(bad.status, 422);
    assert.equal((await json(bad)).error.fields[0].field, field);
  }
});

test("the ledger under 200 concurrent writers for one agent: numbered without gaps, balance exact, never negative", async () => {
  const target = await createAgent(workspaceId);
  const runs = await db()`
    insert into public.executions (workspace_id, agent_id, run_key, status)
    select ${workspaceId}, ${target.agentId}, ${unique("c")} || '-' || g, 'succeeded' from generate_series(1, 400) g
    returning id`;
  const claims = JSON.stringify({ sub: judge.agentId, role: "authenticated", actor: "agent", workspace_id: workspaceId, key_id: judge.keyId });
  // a pool of its own: 100 connections, 200 transactions in flight at once
  const pool = postgres(env().SUPABASE_DB_URL, { max: 100, onnotice: () => {} });
  const write = (executionId: string, verdict: string) =>
    pool.begin(async (tx) => {
      await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${claims}, true)`;
      await tx`select private.record_evaluation(${
        tx.json({ execution_id: executionId, evaluator_vendor: "load", model_version: "1", quality_score: 50, reliability_score: 50, value_score: 50, verdict })
      })`;
    });
  try {
    // 200 passes at once: each awards 10 x 50/100 = 5
    let started = performance.now();
    await Promise.all(runs.slice(0, 200).map((r) => write(String(r.id), "pass")));
    const awardsMs = performance.now() - started;
    let [b] = await db()`select balance, transaction_count from public.rep_balances where agent_id = ${target.agentId}`;
    assert.equal(Number(b.balance), 1000);
    assert.equal(Number(b.transaction_count), 200);

    // 200 more at once, half of them fails costing 5 (never below zero)
    started = performance.now();
    await Promise.all(runs.slice(200).map((r, i) => write(String(r.id), i % 2 === 0 ? "fail" : "pass")));
    const mixedMs = performance.now() - started;
    console.log(`200 concurrent awards: ${awardsMs.toFixed(0)} ms; 200 concurrent mixed: ${mixedMs.toFixed(0)} ms`);

    const ledger = await db()`
      select agent_seq, delta_rep, balance_after from public.rep_transactions where agent_id = ${target.agentId} order by agent_seq`;
    assert.equal(ledger.length, 400);
    let balance = 0;
    ledger.forEach((t, i) => {
      assert.equal(Number(t.agent_seq), i + 1, "agent_seq has no gap");
      balance += Number(t.delta_rep);
      assert.equal(Number(t.balance_after), balance, `balance_after of ${i + 1} = previous + delta`);
      assert.ok(Number(t.balance_after) >= 0);
    });
    // 1000 + 100 x 5 - 100 x 5
    assert.equal(balance, 1000);
    [b] = await db()`select balance, transaction_count from public.rep_balances where agent_id = ${target.agentId}`;
    assert.equal(Number(b.balance), balance);
    assert.equal(Number(b.transaction_count), 400);
  } finally {
    await pool.end();
  }
});
