// The people's module (shared/people) through supabase-js against the served functions: an
// approver's inbox lists a pending approval, deciding through functions.invoke returns a receipt
// verified against the published keys, and a refusal surfaces the project's error code. The
// dashboard queries and the Realtime subscription need PostgREST and Realtime, which cannot run
// here without Docker: they are type-checked against shared/database.types.ts (npm test) and
// their SQL is covered by supabase/tests/database/metrics/dashboards.test.sql.
import { randomUUID } from "node:crypto";
import { createClient } from "@supabase/supabase-js";
import { describe, expect, it } from "vitest";
import type { Database } from "../../shared/database.types.ts";
import { authorize } from "../../shared/client/governance.ts";
import { AgentOpsClient, AgentOpsError } from "../../shared/client/index.ts";
import { peopleClient } from "../../shared/people/index.ts";
import { addMember, adminFixture, createUser, FUNCTIONS_URL, fnUrl, userJwt } from "./helpers.ts";

const SUPABASE_URL = FUNCTIONS_URL.replace(/\/functions\/v1\/?$/, "");

class NoRealtime {
  constructor() {
    throw new Error("Realtime does not run in the local stack (no Docker)");
  }
}

function asPerson(jwt: string) {
  const supabase = createClient<Database>(SUPABASE_URL, "sb_publishable_local-tests", {
    accessToken: async () => jwt,
    auth: { persistSession: false },
    // Node 20 has no global WebSocket and Realtime cannot run here; apps on Node 20 pass the `ws` package
    realtime: { transport: NoRealtime as unknown as typeof WebSocket },
  });
  return peopleClient(supabase, { functionsUrl: FUNCTIONS_URL });
}

describe("people's module (supabase-js)", () => {
  it("an approver sees the pending approval, approves it through functions.invoke and gets a verified receipt", async () => {
    const fx = await adminFixture({ escalationLevel: 3 });
    const { sql } = fx;
    try {
      const approverId = randomUUID();
      await createUser(sql, { id: approverId, email: `${approverId}@test.local` });
      await addMember(sql, fx.workspaceId, approverId, "approver");
      const issued = await fetch(fnUrl(`agents/${fx.agentId}/keys`), {
        method: "POST",
        headers: { authorization: `Bearer ${fx.adminJwt}`, "content-type": "application/json" },
        body: JSON.stringify({ name: "people-e2e" }),
      });
      expect(issued.status).toBe(201);
      const agent = new AgentOpsClient({ url: FUNCTIONS_URL, apiKey: (await issued.json()).api_key, flushIntervalMs: 0 });
      const answer = await authorize(agent, {
        tool: "openai-api", action: "generate:text", arguments: { prompt: "inbox" }, estimated_cost_usd: 0.05, run_key: `people-${randomUUID()}`,
      });
      expect(answer.decision).toBe("pending");
      const approvalId = answer.approval!.id;

      const approver = asPerson(await userJwt(approverId));
      const inbox = await approver.approvals.pending(fx.workspaceId);
      expect(inbox.map((a) => a.id)).toEqual([approvalId]);

      // a member of another workspace sees nothing of it
      const outsider = await adminFixture();
      try {
        expect(await asPerson(outsider.adminJwt).approvals.pending(fx.workspaceId)).toEqual([]);
      } finally {
        await outsider.sql.end();
      }

      const decided = await approver.approvals.decide(approvalId, "approve", "fine");
      expect(decided.final).toBe(true);
      expect(decided.claims).toMatchObject({ approval_id: approvalId, decision: "approved", approver_id: approverId });
      expect(await approver.approvals.pending(fx.workspaceId)).toEqual([]);

      // deciding twice: the function's 409 arrives as an AgentOpsError with the project's code
      const again = await approver.approvals.decide(approvalId, "reject").catch((e) => e);
      expect(again).toBeInstanceOf(AgentOpsError);
      expect(again.status).toBe(409);
    } finally {
      await sql.end();
    }
  });
});
