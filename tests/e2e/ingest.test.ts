// End to end through the served functions with the real client: a batch of runs with spans,
// a run started and finished later, and an n8n delivery built by the shipped n8n workflow's own
// code nodes (docs/n8n/agentops-report-executions.json).
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { AgentOpsClient } from "../../shared/client/index.ts";
import { adminFixture, FUNCTIONS_URL, fnUrl } from "./helpers.ts";

describe("ingest end to end", () => {
  it("the client posts a batch with spans and the runs read back exactly once", async () => {
    const { sql, workspaceId, agentId, apiKey } = await adminFixture();
    try {
      const errors: unknown[] = [];
      const client = new AgentOpsClient({ url: FUNCTIONS_URL, apiKey, flushIntervalMs: 0, onError: (e) => errors.push(e) });
      for (let i = 0; i < 120; i++) {
        client.record({
          run_key: `e2e-${i}`, status: i % 10 === 0 ? "failed" : "succeeded", model: "gpt-4o-mini", tokens_in: 100, tokens_out: 20,
          started_at: "2026-11-21T10:00:00Z", ended_at: "2026-11-21T10:00:01Z",
          spans: [{ span_key: "llm", kind: "llm", name: "chat", started_at: "2026-11-21T10:00:00Z", gen_ai_usage_input_tokens: 100 }],
        });
      }
      const live = client.startRun({ run_key: "live" });
      await client.flush();
      client.finishRun(live, { status: "succeeded", tokens_out: 5 });
      await client.shutdown();
      // a retry of everything is harmless
      await client.sendRuns([{ run_key: "e2e-0", status: "failed", tokens_in: 100, tokens_out: 20 }]);
      expect(errors).toEqual([]);
      const [counts] = await sql`select count(*)::int as runs, count(distinct run_key)::int as keys,
        (select count(*)::int from public.execution_spans s join public.executions e on e.id = s.execution_id where e.agent_id = ${agentId}) as spans
        from public.executions where agent_id = ${agentId}`;
      expect(counts).toEqual({ runs: 121, keys: 121, spans: 120 });
      const [live_row] = await sql`select status from public.executions where agent_id = ${agentId} and run_key = 'live'`;
      expect(live_row.status).toBe("succeeded");
      const [usage] = await sql`select sum(tokens_used)::int as tokens_used from public.agent_usage where agent_id = ${agentId}`; // each run on the day it started
      expect(usage.tokens_used).toBe(120 * 120 + 5);
    } finally {
      await sql.end();
    }
  });

  it("accepts a delivery built by the shipped n8n workflow's code nodes", async () => {
    const { sql, workspaceId, userId } = await adminFixture();
    try {
      const secret = "whsec_" + Buffer.from(randomUUID() + randomUUID()).toString("base64");
      await sql`insert into private.webhook_secrets (workspace_id, secret, created_by) values (${workspaceId}, ${secret}, ${userId})`;
      const workflow = JSON.parse(readFileSync(new URL("../../docs/n8n/agentops-report-executions.json", import.meta.url), "utf8"));
      const node = (name: string) => workflow.nodes.find((n: { name: string }) => n.name === name).parameters.jsCode as string;
      // run an n8n Code node the way n8n does: $input.all()/first(), $vars, require
      const runNode = (code: string, items: unknown[]) =>
        new Function("$input", "$vars", "require", code)(
          { all: () => items.map((json) => ({ json })), first: () => ({ json: items[0] }) },
          { AGENTOPS_WEBHOOK_SECRET: secret, AGENTOPS_URL: "http://unused.invalid", AGENTOPS_WORKSPACE_ID: workspaceId },
          createRequire(import.meta.url),
        ) as { json: Record<string, unknown> }[];
      const errorTrigger = JSON.parse(readFileSync(new URL("../../docs/n8n/examples/error-trigger.json", import.meta.url), "utf8"));
      const [signed] = runNode(node("Sign (Standard Webhooks)"), runNode(node("Error payload"), [errorTrigger]).map((i) => i.json));
      const { body, id, timestamp, signature } = signed.json as Record<string, string>;
      const post = () => fetch(fnUrl(`n8n-webhook/${workspaceId}`), {
        method: "POST",
        headers: { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature },
        body,
      });
      const res = await post();
      expect(res.status).toBe(200);
      const again = await post();
      expect(again.status).toBe(200); // n8n's retry of a delivery: the first outcome, nothing written
      expect((await again.json()).duplicate).toBe(true);
      const [row] = await sql`select e.status, w.error_count from public.executions e join public.workflows w on w.id = e.workflow_id
        where e.workspace_id = ${workspaceId} and e.metadata ->> 'n8n_execution_id' = '231'`;
      expect(row).toEqual({ status: "failed", error_count: 1 });
      // the success path: an execution record from the sub-workflow entry
      const [record] = runNode(node("Execution record"), [{ executionId: 232, workflowId: 1, workflowName: "Example Workflow", startedAt: new Date(Date.now() - 1000).toISOString(), lastNodeExecuted: "Send Email" }]);
      const [signed2] = runNode(node("Sign (Standard Webhooks)"), [record.json]);
      const s2 = signed2.json as Record<string, string>;
      const res2 = await fetch(fnUrl(`n8n-webhook/${workspaceId}`), {
        method: "POST",
        headers: { "content-type": "application/json", "webhook-id": s2.id, "webhook-timestamp": s2.timestamp, "webhook-signature": s2.signature },
        body: s2.body,
      });
      expect(res2.status).toBe(200);
    } finally {
      await sql.end();
    }
  });
});
