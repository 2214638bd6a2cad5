// approvals against the real test database: receipts verified with the published JWKS, forged and
// altered receipts refused, key rotation, expiry, self-approval, double and concurrent decisions,
// quorum, isolation, long-polling, cancellation, and the audit chain.
import assert from "node:assert/strict";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { ReceiptError, verifyReceipt } from "@shared/client/governance.ts";
import { callHash } from "@shared/schemas/governance.ts";
import { app } from "./app.ts";
import { app as authorizeApp } from "../authorize/app.ts";
import { db } from "../_shared/db.ts";
import { resetEnvCache } from "../_shared/env.ts";
import {
  addMember,
  agentToken,
  bearer,
  createAgent,
  createUser,
  createWorkspace,
  json,
  test,
  unique,
  userToken,
} from "../_shared/testing.ts";

async function newKey(kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: "ES256", use: "sig" };
}
const original = Deno.env.get("RECEIPT_SIGNING_JWKS");
const keyA = await newKey("key-a");
const keyB = await newKey("key-b");
const publicPart = ({ d: _d, ...rest }: JWK) => rest;

/** The receipt key the functions sign with; set per test, as other test files share the process. */
function useKeys(value: string | undefined) {
  if (value === undefined) Deno.env.delete("RECEIPT_SIGNING_JWKS");
  else Deno.env.set("RECEIPT_SIGNING_JWKS", value);
  resetEnvCache();
}

const owner = await createUser();
const approver = await createUser();
const approver2 = await createUser();
const viewer = await createUser();
const workspaceId = await createWorkspace(owner);
await addMember(workspaceId, approver, "approver");
await addMember(workspaceId, approver2, "approver");
await addMember(workspaceId, viewer, "viewer");
const tokens = {
  owner: await userToken(owner),
  approver: await userToken(approver),
  approver2: await userToken(approver2),
  viewer: await userToken(viewer),
};

const call = {
  tool: "cms-api",
  action: "publish:post",
  arguments: { title: "Q4 launch", channel: "blog" },
  estimated_cost_usd: 1,
};

async function pending(opts: { level?: number; cost?: number; ws?: string; onBehalfOf?: string } = {}) {
  const agent = await createAgent(opts.ws ?? workspaceId, {
    escalationLevel: opts.level ?? 3,
    capabilities: ["publish:post"],
    tools: ["cms-api"],
  });
  const runKey = unique("run");
  const res = await authorizeApp.request("/authorize", {
    method: "POST",
    headers: bearer(await agentToken(agent)),
    body: JSON.stringify({
      ...call,
      estimated_cost_usd: opts.cost ?? 1,
      run_key: runKey,
      on_behalf_of: opts.onBehalfOf,
    }),
  });
  const body = await json(res);
  assert.equal(body.decision, "pending", JSON.stringify(body));
  return { agent, runKey, approvalId: body.approval.id as string, approval: body.approval };
}

const decide = (id: string, token: string, decision = "approve", notes?: string) =>
  app.request(`/approvals/${id}/decision`, {
    method: "POST",
    headers: bearer(token),
    body: JSON.stringify({ decision, notes }),
  });

const jwks = async () => (await json(await app.request("/approvals/.well-known/jwks.json"))) as { keys: JWK[] };
const runStatus = async (runKey: string) =>
  (await db()`select status, error_type from public.executions where run_key = ${runKey}`)[0];
/** As if the approval had been waiting two days (what an approval asks for is immutable: bypass the guard). */
const backdate = (id: string) =>
  db().begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx`update public.approvals set requested_at = now() - interval '2 days', expires_at = now() - interval '1 second' where id = ${id}`;
  });
const approvalRow = async (id: string) => (await db()`select * from public.approvals where id = ${id}`)[0];

test("the JWKS publishes the public key only, with its kid, cacheable", async () => {
  useKeys(JSON.stringify(keyA));
  const res = await app.request("/approvals/.well-known/jwks.json");
  assert.equal(res.status, 200);
  assert.match(res.headers.get("cache-control") ?? "", /max-age=\d+/);
  const body = await json(res);
  assert.deepEqual(body.keys.map((k: JWK) => k.kid), ["key-a"]);
  assert.equal(body.keys[0].d, undefined);
  assert.deepEqual(Object.keys(body.keys[0]).sort(), ["alg", "crv", "kid", "kty", "use", "x", "y"]);
});

test("approve at level 3: a receipt that verifies with the published JWKS; the run goes on", async () => {
  useKeys(JSON.stringify(keyA));
  const { approvalId, runKey, agent } = await pending();
  const res = await decide(approvalId, tokens.approver, "approve", "fine");
  assert.equal(res.status, 200);
  const body = await json(res);
  assert.equal(body.final, true);
  assert.equal(body.approval.status, "approved");
  assert.equal(body.approval.approval_signature, body.receipt);
  const claims = await verifyReceipt(body.receipt, await jwks(), { approvalId, call, status: "approved" });
  assert.equal(claims.decision, "approved");
  assert.equal(claims.approver_id, approver);
  assert.equal(claims.agent_id, agent.agentId);
  assert.equal(claims.run_key, runKey);
  assert.equal(claims.call_hash, await callHash(call));
  assert.deepEqual(claims.approvers, [approver]);
  assert.deepEqual(claims.quorum, { required: 1, approvals: 1 });
  assert.ok(Math.abs(Date.parse(claims.decided_at) - Date.now()) < 60_000);
  assert.equal((await runStatus(runKey)).status, "running");
  const row = await approvalRow(approvalId);
  assert.equal(row.approval_signature, body.receipt);
  assert.ok(row.approved_at);
  assert.equal(String(row.approver_id), approver);
  const [vote] = await db()`select receipt from public.approval_votes where approval_id = ${approvalId}`;
  assert.equal(vote.receipt, body.receipt);
  const notes =
    await db()`select user_id from public.notifications where type = 'approval_decided' and data ->> 'approval_id' = ${approvalId}`;
  assert.ok(notes.length >= 4, "the requester's workspace is told");
});

test("reject: the receipt says rejected and the run is canceled", async () => {
  useKeys(JSON.stringify(keyA));
  const { approvalId, runKey } = await pending();
  const body = await json(await decide(approvalId, tokens.approver, "reject", "not this week"));
  assert.equal(body.approval.status, "rejected");
  assert.equal(body.approval.approval_notes, "not this week");
  const claims = await verifyReceipt(body.receipt, await jwks(), { approvalId, status: "rejected" });
  assert.equal(claims.decision, "rejected");
  assert.deepEqual(await runStatus(runKey), { status: "canceled", error_type: "approval_rejected" });
});

test("forged or altered receipts are refused", async () => {
  useKeys(JSON.stringify(keyA));
  const { approvalId } = await pending();
  const { receipt } = await json(await decide(approvalId, tokens.approver));
  const published = await jwks();
  const [head, payload, sig] = receipt.split(".");
  const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));

  // altered: another call hash under the original signature
  const altered = `${head}.${b64({ ...claims, call_hash: "0".repeat(64) })}.${sig}`;
  await assert.rejects(verifyReceipt(altered, published), (e: ReceiptError) => e.code === "invalid_signature");
  // forged: the same claims and kid, signed with a key that is not the platform's
  const forger = await generateKeyPair("ES256");
  const forged = await new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid: "key-a", typ: "JWT" }).sign(
    forger.privateKey,
  );
  await assert.rejects(verifyReceipt(forged, published), (e: ReceiptError) => e.code === "invalid_signature");
  // unsigned
  const unsigned = `${b64({ alg: "none", typ: "JWT" })}.${payload}.`;
  await assert.rejects(verifyReceipt(unsigned, published), (e: ReceiptError) => e.code === "invalid_signature");
  // genuine, but for another call or approval than the one the agent checks
  await assert.rejects(
    verifyReceipt(receipt, published, { call: { ...call, arguments: { title: "other" } } }),
    (e: ReceiptError) => e.code === "wrong_call",
  );
  await assert.rejects(
    verifyReceipt(receipt, published, { approvalId: crypto.randomUUID() }),
    (e: ReceiptError) => e.code === "wrong_approval",
  );
  // genuine, against someone else's JWKS
  await assert.rejects(
    verifyReceipt(receipt, { keys: [publicPart(keyB)] }),
    (e: ReceiptError) => e.code === "invalid_signature",
  );
  // and the genuine one still verifies
  assert.equal((await verifyReceipt(receipt, published)).approval_id, approvalId);
});

test("key rotation: the new key signs, the old one stays published, old receipts still verify", async () => {
  useKeys(JSON.stringify(keyA));
  const first = await pending();
  const old = (await json(await decide(first.approvalId, tokens.approver))).receipt;
  useKeys(JSON.stringify([keyB, publicPart(keyA)]));
  const published = await jwks();
  assert.deepEqual(published.keys.map((k) => k.kid), ["key-b", "key-a"]);
  const second = await pending();
  const fresh = (await json(await decide(second.approvalId, tokens.approver))).receipt;
  assert.equal(JSON.parse(atob(fresh.split(".")[0].replace(/-/g, "+").replace(/_/g, "/"))).kid, "key-b");
  assert.equal((await verifyReceipt(old, published)).approval_id, first.approvalId);
  assert.equal((await verifyReceipt(fresh, published)).approval_id, second.approvalId);
  await assert.rejects(verifyReceipt(fresh, { keys: [publicPart(keyA)] }));
});

test("an expired approval cannot be decided: 409 approval_expired, it is expired and its run canceled", async () => {
  useKeys(JSON.stringify(keyA));
  const { approvalId, runKey } = await pending();
  await backdate(approvalId);
  const res = await decide(approvalId, tokens.approver);
  assert.equal(res.status, 409);
  assert.equal((await json(res)).error.code, "approval_expired");
  assert.equal((await approvalRow(approvalId)).approval_status, "expired");
  assert.deepEqual(await runStatus(runKey), { status: "canceled", error_type: "approval_expired" });
  const again = await decide(approvalId, tokens.approver2);
  assert.equal(again.status, 409);
  assert.equal((await json(again)).error.code, "approval_expired");
  assert.equal(
    (await db()`select count(*)::int as n from public.approval_votes where approval_id = ${approvalId}`)[0].n,
    0,
  );
});

test("nobody approves their own request", async () => {
  useKeys(JSON.stringify(keyA));
  const { approvalId } = await pending({ onBehalfOf: approver });
  const res = await decide(approvalId, tokens.approver);
  assert.equal(res.status, 403);
  assert.equal((await json(res)).error.code, "self_approval");
  // the agent's creator is the requester when nobody else is named
  const agent = await createAgent(workspaceId, {
    escalationLevel: 3,
    capabilities: ["publish:post"],
    tools: ["cms-api"],
  });
  await db()`update public.agents set created_by = ${approver2} where id = ${agent.agentId}`;
  const asked = await json(
    await authorizeApp.request("/authorize", {
      method: "POST",
      headers: bearer(await agentToken(agent)),
      body: JSON.stringify(call),
    }),
  );
  const own = await decide(asked.approval.id, tokens.approver2);
  assert.equal(own.status, 403);
  assert.equal((await json(own)).error.code, "self_approval");
  assert.equal((await decide(asked.approval.id, tokens.approver)).status, 200, "another approver may");
});

test("a decided approval cannot be decided again", async () => {
  useKeys(JSON.stringify(keyA));
  const { approvalId } = await pending();
  assert.equal((await decide(approvalId, tokens.approver)).status, 200);
  for (
    const [token, decision] of [[tokens.approver2, "reject"], [tokens.approver, "approve"], [tokens.owner, "approve"]]
  ) {
    const res = await decide(approvalId, token, decision);
    assert.equal(res.status, 409);
    assert.equal((await json(res)).error.code, "already_decided");
  }
  assert.equal((await approvalRow(approvalId)).approval_status, "approved");
});

test("two approvers deciding at once make one decision", async () => {
  useKeys(JSON.stringify(keyA));
  for (let i = 0; i < 5; i++) {
    const { approvalId, runKey } = await pending();
    const [a, b] = await Promise.all([
      decide(approvalId, tokens.approver, "approve"),
      decide(approvalId, tokens.approver2, "reject"),
    ]);
    const statuses = [a.status, b.status].sort();
    assert.deepEqual(statuses, [200, 409], `round ${i}`);
    const winner = a.status === 200 ? await json(a) : await json(b);
    const loser = a.status === 200 ? await json(b) : await json(a);
    assert.equal(loser.error.code, "already_decided");
    const votes = await db()`select decision from public.approval_votes where approval_id = ${approvalId}`;
    assert.equal(votes.length, 1);
    const row = await approvalRow(approvalId);
    assert.equal(row.approval_status, winner.approval.status);
    assert.equal(row.approval_signature, winner.receipt);
    assert.equal((await runStatus(runKey)).status, winner.approval.status === "approved" ? "running" : "canceled");
  }
});

test("quorum: two approvers must approve; the first gets a pending receipt; one rejection ends it", async () => {
  useKeys(JSON.stringify(keyA));
  const ws = await createWorkspace(owner);
  for (const u of [approver, approver2, viewer]) await addMember(ws, u, u === viewer ? "viewer" : "approver");
  await db()`insert into public.approval_rules (workspace_id, name, min_escalation_level, required_approvals) values (${ws}, 'two', 3, 2)`;

  const first = await pending({ ws });
  assert.equal(first.approval.quorum_required, 2);
  let body = await json(await decide(first.approvalId, tokens.approver));
  assert.equal(body.final, false);
  assert.equal(body.approval.status, "pending");
  assert.equal(body.approval.approvals_received, 1);
  assert.equal(body.approval.approval_signature, null);
  const partial = await verifyReceipt(body.receipt, await jwks());
  assert.equal(partial.status, "pending");
  assert.equal(partial.decision, "approved");
  assert.equal((await runStatus(first.runKey)).status, "waiting_approval");
  const again = await decide(first.approvalId, tokens.approver);
  assert.equal((await json(again)).error.code, "already_voted");
  body = await json(await decide(first.approvalId, tokens.owner));
  assert.equal(body.final, true);
  assert.equal(body.approval.status, "approved");
  const claims = await verifyReceipt(body.receipt, await jwks(), { status: "approved" });
  assert.deepEqual(claims.approvers, [approver, owner]);
  assert.deepEqual(claims.quorum, { required: 2, approvals: 2 });
  assert.equal((await runStatus(first.runKey)).status, "running");

  const second = await pending({ ws });
  await decide(second.approvalId, tokens.approver);
  body = await json(await decide(second.approvalId, tokens.approver2, "reject"));
  assert.equal(body.approval.status, "rejected");
  assert.equal((await runStatus(second.runKey)).status, "canceled");

  // two approvals at once complete the quorum once
  const third = await pending({ ws });
  const both = await Promise.all([
    decide(third.approvalId, tokens.approver),
    decide(third.approvalId, tokens.approver2),
  ]);
  const answers = await Promise.all(both.map((r) => json(r)));
  assert.deepEqual(both.map((r) => r.status), [200, 200]);
  assert.deepEqual(answers.map((a) => a.final).sort(), [false, true]);
  assert.equal((await approvalRow(third.approvalId)).approval_status, "approved");
});

test("who may decide: viewers 403, other workspaces 404, agents 403, assigned to someone else 403", async () => {
  useKeys(JSON.stringify(keyA));
  const { approvalId, agent } = await pending();
  let res = await decide(approvalId, tokens.viewer);
  assert.equal(res.status, 403);
  assert.equal((await json(res)).error.code, "approver_role_required");
  const outsider = await createUser();
  await createWorkspace(outsider);
  res = await decide(approvalId, await userToken(outsider));
  assert.equal(res.status, 404);
  res = await decide(approvalId, await agentToken(agent));
  assert.equal(res.status, 403);
  assert.equal((await json(res)).error.code, "people_only");
  await db()`update public.approvals set approver_id = ${approver2} where id = ${approvalId}`;
  res = await decide(approvalId, tokens.approver);
  assert.equal(res.status, 403);
  assert.equal((await json(res)).error.code, "assigned_to_another_approver");
  assert.equal((await decide(approvalId, tokens.approver2)).status, 200);
  res = await decide(crypto.randomUUID(), tokens.approver);
  assert.equal(res.status, 404);
  res = await app.request(`/approvals/${approvalId}/decision`, {
    method: "POST",
    headers: bearer(tokens.approver),
    body: JSON.stringify({ decision: "maybe" }),
  });
  assert.equal(res.status, 422);
  assert.equal((await json(res)).error.fields[0].field, "decision");
});

test("what each caller sees: approvers theirs and unassigned, admins all, the agent its own, others nothing", async () => {
  const ws = await createWorkspace(owner);
  await addMember(ws, approver, "approver");
  await addMember(ws, approver2, "approver");
  const open = await pending({ ws });
  const mine = await pending({ ws });
  const theirs = await pending({ ws });
  await db()`update public.approvals set approver_id = ${approver} where id = ${mine.approvalId}`;
  await db()`update public.approvals set approver_id = ${approver2} where id = ${theirs.approvalId}`;
  const ids = async (token: string) =>
    new Set(
      (await json(await app.request(`/approvals?workspace_id=${ws}`, { headers: bearer(token) }))).approvals.map((
        a: { id: string },
      ) => a.id),
    );
  assert.deepEqual(await ids(tokens.approver), new Set([open.approvalId, mine.approvalId]));
  assert.deepEqual(await ids(tokens.owner), new Set([open.approvalId, mine.approvalId, theirs.approvalId]));
  assert.deepEqual(await ids(await agentToken(open.agent)), new Set([open.approvalId]));
  assert.deepEqual(await ids(tokens.viewer), new Set());
  const hidden = await app.request(`/approvals/${theirs.approvalId}`, { headers: bearer(tokens.approver) });
  assert.equal(hidden.status, 404);
  const seen = await app.request(`/approvals/${theirs.approvalId}`, {
    headers: bearer(await agentToken(theirs.agent)),
  });
  assert.equal((await json(seen)).id, theirs.approvalId);
  assert.equal(
    (await app.request(`/approvals/${open.approvalId}`, { headers: bearer(await agentToken(theirs.agent)) })).status,
    404,
  );
});

test("an agent whose key was revoked, or that was blocked, is refused rather than shown nothing", async () => {
  const { approvalId, agent } = await pending();
  const token = await agentToken(agent);
  assert.equal((await app.request(`/approvals/${approvalId}`, { headers: bearer(token) })).status, 200);
  await db()`update public.agents set status = 'blocked' where id = ${agent.agentId}`;
  for (const path of ["/approvals", `/approvals/${approvalId}`]) {
    const res = await app.request(path, { headers: bearer(token) });
    assert.equal(res.status, 403, path);
    assert.equal((await json(res)).error.code, "agent_not_active");
  }
  await db()`update public.agents set status = 'active' where id = ${agent.agentId}`;
  await db()`update public.agent_api_keys set revoked_at = now() where id = ${agent.keyId}`;
  const res = await app.request("/approvals", { headers: bearer(token) });
  assert.equal(res.status, 401);
  assert.equal((await json(res)).error.code, "revoked_api_key");
});

test("long-poll: ?wait returns as soon as the approval is decided, or when the wait runs out", async () => {
  useKeys(JSON.stringify(keyA));
  const { approvalId, agent } = await pending();
  const token = await agentToken(agent);
  let started = Date.now();
  const idle = await json(await app.request(`/approvals/${approvalId}?wait=1`, { headers: bearer(token) }));
  assert.equal(idle.status, "pending");
  assert.ok(Date.now() - started >= 900, "waited about a second");
  started = Date.now();
  const waiting = app.request(`/approvals/${approvalId}?wait=20`, { headers: bearer(token) });
  await new Promise((r) => setTimeout(r, 300));
  assert.equal((await decide(approvalId, tokens.approver)).status, 200);
  const decided = await json(await waiting);
  assert.equal(decided.status, "approved");
  assert.ok(decided.approval_signature);
  assert.ok(Date.now() - started < 5000, `answered in ${Date.now() - started} ms`);
  assert.equal((await app.request(`/approvals/${approvalId}?wait=61`, { headers: bearer(token) })).status, 422);
});

test("cancel: by the agent that asked or an admin; the run is canceled; not twice, not by others", async () => {
  const { approvalId, runKey, agent } = await pending();
  const other = await createAgent(workspaceId, { escalationLevel: 3 });
  const cancel = (token: string) =>
    app.request(`/approvals/${approvalId}/cancel`, { method: "POST", headers: bearer(token), body: "{}" });
  assert.equal((await cancel(await agentToken(other))).status, 404);
  assert.equal((await cancel(tokens.approver)).status, 403);
  const res = await cancel(await agentToken(agent));
  assert.equal(res.status, 200);
  assert.equal((await json(res)).status, "canceled");
  assert.deepEqual(await runStatus(runKey), { status: "canceled", error_type: "approval_canceled" });
  const twice = await cancel(tokens.owner);
  assert.equal(twice.status, 409);
  const byAdmin = await pending();
  assert.equal(
    (await app.request(`/approvals/${byAdmin.approvalId}/cancel`, {
      method: "POST",
      headers: bearer(tokens.owner),
      body: JSON.stringify({ notes: "wrong week" }),
    })).status,
    200,
  );
});

test("without a signing key nothing is decided: 503, and nothing written", async () => {
  useKeys(undefined);
  const { approvalId } = await pending();
  const res = await decide(approvalId, tokens.approver);
  assert.equal(res.status, 503);
  assert.equal((await json(res)).error.code, "receipt_signing_unavailable");
  assert.equal((await approvalRow(approvalId)).approval_status, "pending");
  assert.equal((await app.request("/approvals/.well-known/jwks.json")).status, 503);
  useKeys(JSON.stringify({ ...publicPart(keyA) }));
  assert.equal((await decide(approvalId, tokens.approver)).status, 503, "a public key cannot sign");
  useKeys(JSON.stringify(keyA));
});

test("the audit chain records the loop and verifies; members only", async () => {
  useKeys(JSON.stringify(keyA));
  const ws = await createWorkspace(owner);
  await addMember(ws, approver, "approver");
  const { approvalId } = await pending({ ws });
  const { receipt } = await json(await decide(approvalId, tokens.approver));
  const list = await json(await app.request(`/approvals/audit?workspace_id=${ws}`, { headers: bearer(tokens.owner) }));
  const types = list.entries.map((e: { event_type: string }) => e.event_type);
  for (
    const t of [
      "permission.agent_created",
      "authorize.pending_approval",
      "approval.requested",
      "approval.voted",
      "approval.approved",
      "approval.receipt_signed",
    ]
  ) {
    assert.ok(types.includes(t), `${t} in ${types}`);
  }
  assert.deepEqual(list.entries.map((e: { seq: number }) => e.seq), list.entries.map((_: unknown, i: number) => i + 1));
  for (let i = 1; i < list.entries.length; i++) assert.equal(list.entries[i].prev_hash, list.entries[i - 1].hash);
  const signed = list.entries.find((e: { event_type: string }) => e.event_type === "approval.receipt_signed");
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(receipt)));
  assert.equal(signed.payload.receipt_sha256, Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join(""));
  const verify = await json(
    await app.request(`/approvals/audit/verify?workspace_id=${ws}`, { headers: bearer(tokens.approver) }),
  );
  assert.deepEqual(verify, {
    ok: true,
    rows_checked: list.entries.length,
    first_broken_seq: null,
    first_broken_id: null,
    reason: null,
  });
  const outsider = await createUser();
  const refused = await app.request(`/approvals/audit/verify?workspace_id=${ws}`, {
    headers: bearer(await userToken(outsider)),
  });
  assert.equal(refused.status, 403);
  const empty = await json(
    await app.request(`/approvals/audit?workspace_id=${ws}`, { headers: bearer(await userToken(outsider)) }),
  );
  assert.deepEqual(empty.entries, []);
});

test("(afterwards: the receipt key of the environment is back for the other test files)", async () => {
  useKeys(original);
  assert.equal(Deno.env.get("RECEIPT_SIGNING_JWKS"), original);
  if (original) assert.equal((await app.request("/approvals/.well-known/jwks.json")).status, 200);
});
