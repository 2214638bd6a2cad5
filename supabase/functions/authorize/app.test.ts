// authorize against the real test database: each escalation level, every reason to deny, the
// run moved to waiting_approval, quorum and assignment rules, bad input (422, nothing written),
// and the decisions list people read.
import assert from "node:assert/strict";
import { callHash } from "@shared/schemas/governance.ts";
import { app } from "./app.ts";
import { db, privileged, type Sql } from "../_shared/db.ts";
import { ApiError } from "../_shared/errors.ts";
import {
  addMember,
  agentToken,
  bearer,
  createAgent,
  createUser,
  createWorkspace,
  json,
  test,
  type TestAgent,
  unique,
  userToken,
} from "../_shared/testing.ts";

const owner = await createUser();
const approver = await createUser();
const viewer = await createUser();
const workspaceId = await createWorkspace(owner);
await addMember(workspaceId, approver, "approver");
await addMember(workspaceId, viewer, "viewer");

const call = {
  tool: "openai-api",
  action: "generate:text",
  arguments: { prompt: "hello", n: 2 },
  estimated_cost_usd: 0.05,
  estimated_tokens: 500,
};

async function ask(agent: TestAgent, body: unknown, token?: string) {
  return await app.request("/authorize", {
    method: "POST",
    headers: bearer(token ?? await agentToken(agent)),
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function decisionsOf(agentId: string) {
  return await db()`select outcome, reason, details from public.authorization_decisions where agent_id = ${agentId} order by created_at`;
}

test("level 1: allowed, recorded, one request counted and the estimate not consumed", async () => {
  const agent = await createAgent(workspaceId, { escalationLevel: 1 });
  const res = await ask(agent, call);
  assert.equal(res.status, 200);
  const body = await json(res);
  assert.equal(body.decision, "allow");
  assert.equal(body.outcome, "allowed");
  assert.equal(body.escalation_level, 1);
  assert.equal(body.approval, null);
  assert.equal(body.call_hash, await callHash(call));
  assert.equal(body.notified, 0);
  const rows = await decisionsOf(agent.agentId);
  assert.deepEqual(rows.map((r) => r.outcome), ["allowed"]);
  const [usage] =
    await db()`select requests_count, tokens_used, cost_usd::float8 as cost from public.agent_usage where agent_id = ${agent.agentId}`;
  assert.equal(usage.requests_count, 1);
  assert.equal(Number(usage.tokens_used), 0);
  assert.equal(usage.cost, 0);
});

test("level 2: allowed and the workspace's approvers are notified", async () => {
  const agent = await createAgent(workspaceId, { escalationLevel: 2 });
  const body = await json(await ask(agent, call));
  assert.equal(body.decision, "allow");
  assert.equal(body.outcome, "allowed_notified");
  assert.ok(body.notified >= 2, `notified ${body.notified}`); // the approver and the owner
  const notes =
    await db()`select user_id from public.notifications where type = 'agent_action' and data ->> 'decision_id' = ${body.decision_id}`;
  const users = notes.map((n) => String(n.user_id));
  assert.ok(users.includes(approver) && users.includes(owner));
  assert.ok(!users.includes(viewer), "viewers are not approvers");
});

test("level 3: pending with an approval; the run moves to waiting_approval; approvers are notified", async () => {
  const agent = await createAgent(workspaceId, { escalationLevel: 3 });
  const runKey = unique("run");
  await db()`insert into public.executions (workspace_id, agent_id, run_key, status) values (${workspaceId}, ${agent.agentId}, ${runKey}, 'running')`;
  const body = await json(await ask(agent, { ...call, run_key: runKey, reason: "needs a human look" }));
  assert.equal(body.decision, "pending");
  assert.equal(body.outcome, "pending_approval");
  assert.equal(body.approval.status, "pending");
  assert.equal(body.approval.escalation_level, 3);
  assert.equal(body.approval.quorum_required, 1);
  assert.equal(body.approval.run_key, runKey);
  assert.equal(body.approval.reason, "needs a human look");
  assert.deepEqual(body.approval.arguments, call.arguments);
  assert.equal(body.approval.call_hash, await callHash(call));
  const [run] =
    await db()`select id, status from public.executions where workspace_id = ${workspaceId} and run_key = ${runKey}`;
  assert.equal(run.status, "waiting_approval");
  assert.equal(body.execution_id, String(run.id));
  const notes =
    await db()`select user_id from public.notifications where type = 'approval_requested' and data ->> 'approval_id' = ${body.approval.id}`;
  assert.ok(notes.some((n) => String(n.user_id) === approver));
});

test("level 3 with a new run_key starts the run, waiting for the approval", async () => {
  const agent = await createAgent(workspaceId, { escalationLevel: 3 });
  const runKey = unique("run");
  const body = await json(await ask(agent, { ...call, run_key: runKey }));
  const [run] =
    await db()`select status, agent_id from public.executions where workspace_id = ${workspaceId} and run_key = ${runKey}`;
  assert.equal(run.status, "waiting_approval");
  assert.equal(String(run.agent_id), agent.agentId);
  assert.equal(body.approval.execution_id, body.execution_id);
});

test("level 4: pending for a person to act", async () => {
  const agent = await createAgent(workspaceId, { escalationLevel: 4 });
  const body = await json(await ask(agent, call));
  assert.equal(body.decision, "pending");
  assert.equal(body.outcome, "pending_human");
  assert.equal(body.approval.escalation_level, 4);
  assert.match(body.message, /person must act/);
});

test("denied, with the reason, for a missing capability and a tool not granted; the decision is recorded", async () => {
  const agent = await createAgent(workspaceId, {
    escalationLevel: 1,
    capabilities: ["estimate:cost"],
    tools: ["openai-api"],
  });
  let body = await json(await ask(agent, call));
  assert.equal(body.decision, "deny");
  assert.equal(body.reason, "capability_missing");
  const other = await createAgent(workspaceId, { escalationLevel: 1, tools: ["sora-api"] });
  body = await json(await ask(other, call));
  assert.equal(body.reason, "tool_not_granted");
  assert.deepEqual(body.details.tools_granted, ["sora-api"]);
  assert.deepEqual((await decisionsOf(other.agentId)).map((r) => [r.outcome, r.reason]), [[
    "denied",
    "tool_not_granted",
  ]]);
});

test("an agent that is not active is refused (403 agent_not_active), and nothing is written", async () => {
  for (const status of ["paused", "blocked", "retired"]) {
    const agent = await createAgent(workspaceId, { escalationLevel: 3 });
    const token = await agentToken(agent); // minted while active
    await db()`update public.agents set status = ${status} where id = ${agent.agentId}`;
    const [{ n: auditBefore }] =
      await db()`select count(*)::int as n from public.governance_audit_log where workspace_id = ${workspaceId}`;
    const res = await ask(agent, { ...call, run_key: unique("run") }, token);
    assert.equal(res.status, 403, status);
    assert.equal((await json(res)).error.code, "agent_not_active");
    assert.equal((await decisionsOf(agent.agentId)).length, 0);
    assert.equal((await db()`select 1 from public.approvals where requested_by = ${agent.agentId}`).length, 0);
    assert.equal((await db()`select 1 from public.agent_usage where agent_id = ${agent.agentId}`).length, 0);
    const [{ n: auditAfter }] =
      await db()`select count(*)::int as n from public.governance_audit_log where workspace_id = ${workspaceId}`;
    assert.equal(auditAfter, auditBefore);
  }
});

test("an estimate over today's tokens or this month's budget is denied with the limit and what remains", async () => {
  const agent = await createAgent(workspaceId, {
    escalationLevel: 1,
    limits: { tokens_per_day: 1000, cost_per_month: 1 },
  });
  let body = await json(await ask(agent, { ...call, estimated_tokens: 1001 }));
  assert.equal(body.reason, "quota_exceeded");
  assert.equal(body.details.limit, "tokens_per_day");
  assert.equal(body.details.remaining, 1000);
  assert.ok(body.details.retry_after > 0);
  body = await json(await ask(agent, { ...call, estimated_cost_usd: 1.5 }));
  assert.equal(body.reason, "budget_exceeded");
  assert.equal(body.details.limit, "cost_per_month");
  body = await json(await ask(agent, { ...call, estimated_tokens: 1000, estimated_cost_usd: 1 }));
  assert.equal(body.decision, "allow", "an estimate that exactly fits is allowed");
});

test("requests per minute: authorize counts one request each time, and over the limit it is denied", async () => {
  const agent = await createAgent(workspaceId, { escalationLevel: 1, limits: { requests_per_minute: 2 } });
  const answers = [];
  for (let i = 0; i < 3; i++) answers.push(await json(await ask(agent, call)));
  assert.deepEqual(answers.map((a) => a.decision), ["allow", "allow", "deny"]);
  assert.equal(answers[2].reason, "quota_exceeded");
  assert.equal(answers[2].details.limit, "requests_per_minute");
});

test("parallel requests never overspend the request limit", async () => {
  const agent = await createAgent(workspaceId, { escalationLevel: 1, limits: { requests_per_minute: 5 } });
  const token = await agentToken(agent);
  const answers = await Promise.all(Array.from({ length: 12 }, () => ask(agent, call, token).then(json)));
  assert.equal(answers.filter((a) => a.decision === "allow").length, 5);
  assert.equal(answers.filter((a) => a.decision === "deny").length, 7);
});

test("rules: a quorum above a cost, and assignment to a named approver", async () => {
  const ws = await createWorkspace(owner);
  const alice = await createUser();
  const bob = await createUser();
  await addMember(ws, alice, "approver");
  await addMember(ws, bob, "approver");
  await db()`insert into public.approval_rules (workspace_id, name, min_escalation_level, min_estimated_cost_usd, required_approvals)
    values (${ws}, 'two above 10', 3, 10, 2)`;
  await db()`insert into public.approval_rules (workspace_id, name, min_escalation_level, tool, required_approvals, approver_id)
    values (${ws}, 'sora to alice', 3, 'sora-api', 1, ${alice})`;
  const agent = await createAgent(ws, { escalationLevel: 3, tools: ["openai-api", "sora-api"] });
  let body = await json(await ask(agent, { ...call, estimated_cost_usd: 25 }));
  assert.equal(body.approval.quorum_required, 2);
  assert.equal(body.approval.approver_id, null);
  body = await json(await ask(agent, { ...call, tool: "sora-api", estimated_cost_usd: 1 }));
  assert.equal(body.approval.quorum_required, 1);
  assert.equal(body.approval.approver_id, alice);
  assert.equal(body.notified, 1);
  const notes = await db()`select user_id from public.notifications where data ->> 'approval_id' = ${body.approval.id}`;
  assert.deepEqual(notes.map((n) => String(n.user_id)), [alice]);
  body = await json(await ask(agent, { ...call, tool: "sora-api", estimated_cost_usd: 50 }));
  assert.equal(body.approval.quorum_required, 2, "the larger quorum wins");
  assert.equal(body.approval.approver_id, null, "a quorum is never assigned to one person");
});

test("bad input is 422 naming the field, and nothing is written", async () => {
  const agent = await createAgent(workspaceId, { escalationLevel: 1 });
  const cases: [unknown, string][] = [
    [{ action: "generate:text" }, "tool"],
    [{ tool: "openai-api" }, "action"],
    [{ ...call, estimated_cost_usd: -1 }, "estimated_cost_usd"],
    [{ ...call, estimated_tokens: 1.5 }, "estimated_tokens"],
    [{ ...call, run_key: "" }, "run_key"],
    [{ ...call, on_behalf_of: "nobody" }, "on_behalf_of"],
    [{ ...call, extra: true }, "(body)"],
  ];
  for (const [body, field] of cases) {
    const res = await ask(agent, body);
    assert.equal(res.status, 422, JSON.stringify(body));
    const err = await json(res);
    assert.ok(
      err.error.fields.some((f: { field: string }) => f.field === field),
      `${field} in ${JSON.stringify(err.error.fields)}`,
    );
  }
  assert.equal((await ask(agent, "{nope")).status, 400);
  const outsider = await createUser();
  const res = await ask(agent, { ...call, on_behalf_of: outsider });
  assert.equal(res.status, 422);
  assert.equal((await json(res)).error.fields[0].field, "on_behalf_of");
  assert.equal((await decisionsOf(agent.agentId)).length, 0);
  const usage = await db()`select 1 from public.agent_usage where agent_id = ${agent.agentId}`;
  assert.equal(usage.length, 0);
});

test("only agents authorize: no token 401, a person's token 403, a revoked key 401 with nothing recorded", async () => {
  const agent = await createAgent(workspaceId, { escalationLevel: 1 });
  const none = await app.request("/authorize", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(call),
  });
  assert.equal(none.status, 401);
  const person = await ask(agent, call, await userToken(owner));
  assert.equal(person.status, 403);
  assert.equal((await json(person)).error.code, "agents_only");
  const token = await agentToken(agent);
  await db()`update public.agent_api_keys set revoked_at = now() where id = ${agent.keyId}`;
  const revoked = await ask(agent, call, token);
  assert.equal(revoked.status, 401);
  assert.equal((await json(revoked)).error.code, "revoked_api_key");
  assert.equal((await decisionsOf(agent.agentId)).length, 0);
});

test("a run_key of another agent's run, or of a run that ended, is 409", async () => {
  const agent = await createAgent(workspaceId, { escalationLevel: 3 });
  const other = await createAgent(workspaceId, { escalationLevel: 1 });
  const runKey = unique("run");
  await db()`insert into public.executions (workspace_id, agent_id, run_key, status) values (${workspaceId}, ${other.agentId}, ${runKey}, 'running')`;
  let res = await ask(agent, { ...call, run_key: runKey });
  assert.equal(res.status, 409);
  assert.equal((await json(res)).error.code, "run_key_conflict");
  const done = unique("run");
  await db()`insert into public.executions (workspace_id, agent_id, run_key, status) values (${workspaceId}, ${agent.agentId}, ${done}, 'succeeded')`;
  res = await ask(agent, { ...call, run_key: done });
  assert.equal(res.status, 409);
  assert.equal((await json(res)).error.code, "run_finished");
});

test("GET /authorize/decisions: the workspace's decisions for its people, none for others, not for agents", async () => {
  const agent = await createAgent(workspaceId, { escalationLevel: 1 });
  const decided = await json(await ask(agent, call));
  const list = async (token: string, query = "") =>
    await app.request(`/authorize/decisions?agent_id=${agent.agentId}${query}`, { headers: bearer(token) });
  const mine = await json(await list(await userToken(viewer)));
  assert.deepEqual(mine.decisions.map((d: { id: string }) => d.id), [decided.decision_id]);
  assert.equal(mine.decisions[0].estimated_cost_usd, 0.05);
  const outsider = await createUser();
  assert.deepEqual((await json(await list(await userToken(outsider)))).decisions, []);
  assert.equal((await list(await agentToken(agent))).status, 403);
  assert.equal((await list(await userToken(viewer), "&limit=0")).status, 422);
});

test("identity is the statement's claims, never an argument: none, a person's, or another agent's key are 401 and decide nothing", async () => {
  const a = await createAgent(workspaceId, { escalationLevel: 1 });
  const b = await createAgent(workspaceId, { escalationLevel: 1 });
  const request = { ...call, call_hash: await callHash(call) };
  const attempt = (claims: string | null) =>
    privileged((sql) =>
      sql`select private.authorize(${sql.json(request as never)}) as r
        from (select set_config('request.jwt.claims', ${claims ?? ""}, true)) as c`
    );
  const refusals = [
    null,
    JSON.stringify({ sub: owner, role: "authenticated", aud: "authenticated" }),
    JSON.stringify({ sub: a.agentId, role: "authenticated", actor: "agent", workspace_id: workspaceId, key_id: b.keyId }),
    JSON.stringify({ sub: a.agentId, role: "authenticated", actor: "agent", workspace_id: crypto.randomUUID(), key_id: a.keyId }),
  ];
  for (const claims of refusals) {
    await assert.rejects(attempt(claims), (err) => err instanceof ApiError && err.status === 401, claims ?? "no claims");
  }
  assert.equal((await decisionsOf(a.agentId)).length, 0);
  const [ok] = await attempt(JSON.stringify({ sub: a.agentId, role: "authenticated", actor: "agent", workspace_id: workspaceId, key_id: a.keyId }));
  assert.equal((ok.r as { decision: string }).decision, "allow", "the agent's own claims are answered");
});

/** The claims agent-auth puts in an agent's JWT, as the authorize function sets them for its statement. */
const claimsOf = (agent: TestAgent, workspaceId: string) =>
  JSON.stringify({ sub: agent.agentId, role: "authenticated", aud: "authenticated", actor: "agent", workspace_id: workspaceId, key_id: agent.keyId });

test("one workspace's decisions never wait for each other on the audit chain's head: a commit that finds it taken leaves its row to the next seal, the chain stays gapless and verifies", async () => {
  const ws = await createWorkspace(owner);
  const [a, b, c, d] = [await createAgent(ws, { escalationLevel: 1 }), await createAgent(ws, { escalationLevel: 1 }),
    await createAgent(ws, { escalationLevel: 1 }), await createAgent(ws, { escalationLevel: 1 })];
  const body = { ...call, call_hash: "c".repeat(64) };
  const decide = (sql: Sql, agent: TestAgent) =>
    sql`select private.authorize(${sql.json(body as never)}) ->> 'decision_id' as id
      from (select set_config('request.jwt.claims', ${claimsOf(agent, ws)}, true)) c`;
  const auditRow = async (decisionId: string) =>
    (await db()`select id::int, seq::int from public.governance_audit_log where workspace_id = ${ws} and subject_id = ${decisionId}`)[0];
  const first = await db().reserve();
  const second = await db().reserve();
  const third = await db().reserve();
  try {
    // the first decision is sealed and its transaction left open: it holds the chain head (as a
    // commit does while it flushes), here for as long as the test likes
    await first`begin`;
    const [one] = await decide(first, a);
    await first`set constraints public.governance_audit_log_seal immediate`;
    const [sealed] = await first`select seq::int from public.governance_audit_log where subject_id = ${one.id}`;
    assert.ok(sealed.seq > 0, "the first decision is sealed, and the head is locked until it commits");
    // the second commits without waiting for the head (before: its commit waited for the lock, here
    // it would fail on lock_timeout), its row committed unsealed
    await second`begin`;
    await second`set local lock_timeout = '2s'`;
    const [two] = await decide(second, b);
    await second`commit`;
    assert.equal((await auditRow(two.id)).seq, null, "the second decision is committed, not sealed yet");
    // a third is aborted: its row never exists, so it leaves no gap
    await third`begin`;
    const [aborted] = await decide(third, c);
    await third`rollback`;
    assert.equal(await auditRow(aborted.id), undefined);
    await first`commit`;
    // verification that cannot seal (read-only) names the unsealed row rather than passing over it
    const [readOnly] = await db().begin("read only", (tx) =>
      tx`select ok, first_broken_id::int as id, reason from private.verify_governance_audit_chain(${ws})`
    );
    assert.equal(readOnly.ok, false);
    assert.equal(readOnly.id, (await auditRow(two.id)).id);
    assert.match(readOnly.reason, /^1 rows are not sealed yet/);
    // the next decision of the workspace seals what waited, then its own, in id order after the head
    const [four] = await decide(db(), d);
    const rows = await db()`select subject_id, seq::int from public.governance_audit_log where workspace_id = ${ws} order by id`;
    assert.deepEqual(rows.map((r) => r.seq), rows.map((_, i) => i + 1), "every row sealed, seq 1, 2, 3, ... in id order, no gap");
    assert.deepEqual(rows.filter((r) => [one.id, two.id, four.id].includes(r.subject_id)).map((r) => r.subject_id), [one.id, two.id, four.id]);
    const [v] = await db()`select ok, rows_checked::int as n from private.verify_governance_audit_chain(${ws})`;
    assert.deepEqual({ ...v }, { ok: true, n: rows.length });
  } finally {
    await first`rollback`.catch(() => {});
    await second`rollback`.catch(() => {});
    await third`rollback`.catch(() => {});
    first.release();
    second.release();
    third.release();
  }
});

test("many decisions of one workspace at once, some aborted: every committed one is sealed once, the chain gapless and verified", async () => {
  const ws = await createWorkspace(owner);
  const agents = await Promise.all(Array.from({ length: 4 }, () => createAgent(ws, { escalationLevel: 1 })));
  const body = { ...call, call_hash: "d".repeat(64) };
  const abort = new Error("abort");
  const outcomes = await Promise.allSettled(Array.from({ length: 40 }, (_, i) =>
    db().begin(async (tx) => {
      const [r] = await tx`select private.authorize(${tx.json(body as never)}) ->> 'decision_id' as id
        from (select set_config('request.jwt.claims', ${claimsOf(agents[i % 4], ws)}, true)) c`;
      if (i % 3 === 0) throw abort;
      return r.id as string;
    })
  ));
  const committed = outcomes.flatMap((o) => o.status === "fulfilled" ? [o.value] : []);
  assert.equal(committed.length, 26, JSON.stringify(outcomes.filter((o) => o.status === "rejected" && o.reason !== abort)));
  // verification seals whatever the last commits left (they found the head taken), then checks
  const [v] = await db()`select ok, rows_checked::int as n, reason from private.verify_governance_audit_chain(${ws})`;
  const rows = await db()`select subject_id, seq::int from public.governance_audit_log where workspace_id = ${ws} order by seq`;
  assert.deepEqual({ ...v }, { ok: true, n: rows.length, reason: null });
  assert.deepEqual(rows.map((r) => r.seq), rows.map((_, i) => i + 1), "seq 1, 2, 3, ... without a gap");
  const decided = rows.filter((r) => r.subject_id !== null && !agents.some((a) => a.agentId === r.subject_id)).map((r) => r.subject_id);
  assert.deepEqual(decided.toSorted(), committed.toSorted(), "every committed decision once, no aborted one");
});
