// The approval loop end to end through the served functions: an agent at escalation level 3
// authorizes with the typed client and waits; an approver (Supabase JWT) sees the request and
// approves it; the agent sees the decision and verifies the receipt offline against the
// published JWKS; the run goes on and the audit chain verifies. Then a rejection, the other way.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { authorize, callHash, ReceiptError, verifyReceipt, waitForApproval } from "../../shared/client/governance.ts";
import { AgentOpsClient } from "../../shared/client/index.ts";
import { addMember, adminFixture, createUser, FUNCTIONS_URL, fnUrl, userJwt } from "./helpers.ts";

async function setup() {
  const fx = await adminFixture({ escalationLevel: 3 });
  const approverId = randomUUID();
  await createUser(fx.sql, { id: approverId, email: `${approverId}@test.local` });
  await addMember(fx.sql, fx.workspaceId, approverId, "approver");
  const issued = await fetch(fnUrl(`agents/${fx.agentId}/keys`), {
    method: "POST",
    headers: { authorization: `Bearer ${fx.adminJwt}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "governance-e2e" }),
  });
  expect(issued.status).toBe(201);
  const { api_key } = await issued.json();
  const client = new AgentOpsClient({ url: FUNCTIONS_URL, apiKey: api_key, flushIntervalMs: 0 });
  return { ...fx, approverJwt: await userJwt(approverId), approverId, client };
}

const decide = (approvalId: string, jwt: string, decision: "approve" | "reject", notes?: string) =>
  fetch(fnUrl(`approvals/${approvalId}/decision`), {
    method: "POST",
    headers: { authorization: `Bearer ${jwt}`, "content-type": "application/json" },
    body: JSON.stringify({ decision, notes }),
  });

describe("governance end to end", () => {
  it("level 3: authorize, an approver approves, the agent sees it and verifies the receipt", async () => {
    const { sql, client, approverJwt, approverId, agentId, workspaceId, adminJwt } = await setup();
    try {
      const call = { tool: "openai-api", action: "generate:text", arguments: { prompt: "Launch post", max_tokens: 400 } };
      const runKey = `e2e-${randomUUID()}`;
      const answer = await authorize(client, { ...call, estimated_cost_usd: 0.12, estimated_tokens: 900, run_key: runKey, reason: "first post" });
      expect(answer.decision).toBe("pending");
      expect(answer.outcome).toBe("pending_approval");
      expect(answer.call_hash).toBe(await callHash(call));
      const approvalId = answer.approval!.id;
      const [run] = await sql`select status from public.executions where workspace_id = ${workspaceId} and run_key = ${runKey}`;
      expect(run.status).toBe("waiting_approval");

      // the approver finds it among the pending approvals, with the exact call
      const listed = await (await fetch(fnUrl("approvals?status=pending"), { headers: { authorization: `Bearer ${approverJwt}` } })).json();
      const shown = listed.approvals.find((a: { id: string }) => a.id === approvalId);
      expect(shown).toMatchObject({ tool: call.tool, action: call.action, arguments: call.arguments, reason: "first post", status: "pending" });

      // the agent waits (long-poll) while the approver decides
      const waiting = waitForApproval(client, approvalId, { timeoutMs: 30_000, pollSeconds: 20 });
      await new Promise((r) => setTimeout(r, 500));
      const decided = await decide(approvalId, approverJwt, "approve", "go ahead");
      expect(decided.status).toBe(200);
      const decision = await decided.json();
      expect(decision.final).toBe(true);

      const approval = await waiting;
      expect(approval.status).toBe("approved");
      expect(approval.approval_signature).toBe(decision.receipt);

      // offline verification against the published keys
      const claims = await verifyReceipt(approval.approval_signature!, `${FUNCTIONS_URL}/approvals/.well-known/jwks.json`, {
        approvalId, call, status: "approved",
      });
      expect(claims).toMatchObject({ decision: "approved", approver_id: approverId, agent_id: agentId, run_key: runKey, workspace_id: workspaceId });
      await expect(verifyReceipt(approval.approval_signature!, `${FUNCTIONS_URL}/approvals/.well-known/jwks.json`, {
        call: { ...call, arguments: { ...call.arguments, max_tokens: 4000 } },
      })).rejects.toBeInstanceOf(ReceiptError);

      const [after] = await sql`select status from public.executions where workspace_id = ${workspaceId} and run_key = ${runKey}`;
      expect(after.status).toBe("running");
      const again = await decide(approvalId, adminJwt, "reject");
      expect(again.status).toBe(409);

      const verified = await (await fetch(fnUrl(`approvals/audit/verify?workspace_id=${workspaceId}`), { headers: { authorization: `Bearer ${adminJwt}` } })).json();
      expect(verified.ok).toBe(true);
    } finally {
      await client.shutdown();
      await sql.end();
    }
  });

  it("a rejection cancels the run, and the receipt says so", async () => {
    const { sql, client, approverJwt, workspaceId } = await setup();
    try {
      const runKey = `e2e-${randomUUID()}`;
      const answer = await authorize(client, { tool: "openai-api", action: "generate:text", run_key: runKey });
      const waiting = waitForApproval(client, answer.approval!.id, { timeoutMs: 30_000, pollSeconds: 20 });
      expect((await decide(answer.approval!.id, approverJwt, "reject", "not today")).status).toBe(200);
      const approval = await waiting;
      expect(approval.status).toBe("rejected");
      const claims = await verifyReceipt(approval.approval_signature!, `${FUNCTIONS_URL}/approvals/.well-known/jwks.json`, { status: "rejected" });
      expect(claims.decision).toBe("rejected");
      const [run] = await sql`select status, error_type from public.executions where workspace_id = ${workspaceId} and run_key = ${runKey}`;
      expect(run).toMatchObject({ status: "canceled", error_type: "approval_rejected" });
    } finally {
      await client.shutdown();
      await sql.end();
    }
  });
});
