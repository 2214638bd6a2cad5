// pg_cron really runs the jobs on the started stack, as it does on a Supabase project: nobody
// calls a job function here. Within about 70 seconds of start (two minute boundaries at most):
//   * every job scheduled each minute has run successfully (cron.job_run_details), and no run of
//     any job has failed (the local stack once failed every run: "connection failed");
//   * a run ingested through the API (agent-auth, then ingest, behind the strict gateway) shows
//     up in the hourly rollup;
//   * an approval requested through authorize and past its expiry is expired by the schedule;
//   * a governance audit row committed unsealed (its commit found the chain head taken) in a
//     workspace where nothing else happens is sealed by the schedule (governance-audit-seal).
// The deadline is generous (3 minutes) because the test waits for the clock; nothing is timed.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { AgentOpsClient } from "../../shared/client/index.ts";
import { authorize } from "../../shared/client/governance.ts";
import { adminFixture, createAgent, createWorkspace, FUNCTIONS_URL, fnUrl } from "../e2e/helpers.ts";

const DEADLINE_MS = 180_000;

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last !== undefined) return last;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`pg_cron did not get there: ${what}`);
}

describe("pg_cron runs the scheduled jobs by itself", () => {
  let cleanup: (() => Promise<void>) | undefined;
  afterAll(async () => await cleanup?.());

  it("every minute job succeeds, a run ingested through the API is rolled up, an expired approval is expired, the audit chain's tail is sealed", async () => {
    const fx = await adminFixture({ escalationLevel: 3 });
    const { sql } = fx;
    cleanup = async () => void (await sql.end({ timeout: 5 }));

    // an agent's key, through the gateway
    const issued = await fetch(fnUrl(`agents/${fx.agentId}/keys`), {
      method: "POST",
      headers: { authorization: `Bearer ${fx.adminJwt}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "liveness" }),
    });
    expect(issued.status).toBe(201);
    const { api_key } = await issued.json();
    const client = new AgentOpsClient({ url: FUNCTIONS_URL, apiKey: api_key, flushIntervalMs: 0 });

    // a run, reported now
    const runKey = `liveness-${randomUUID()}`;
    const token = await (await fetch(fnUrl("agent-auth/token"), { method: "POST", headers: { "x-api-key": api_key } })).json();
    const ingested = await fetch(fnUrl("ingest/run"), {
      method: "POST",
      headers: { authorization: `Bearer ${token.access_token}`, "content-type": "application/json" },
      body: JSON.stringify({ run_key: runKey, status: "succeeded", model: "gpt-4o-mini", tokens_in: 120, tokens_out: 30, started_at: new Date().toISOString() }),
    });
    expect(ingested.status, await ingested.clone().text()).toBeLessThan(300);

    // a pending approval, then moved a day into the past (what it asks for is immutable: the
    // trigger that says so is skipped for this one statement, as a restore would)
    const answer = await authorize(client, { tool: "openai-api", action: "generate:text", run_key: `liveness-approval-${randomUUID()}` });
    expect(answer.decision).toBe("pending");
    const approvalId = answer.approval!.id;
    await sql.begin(async (tx) => {
      await tx`set local session_replication_role = replica`;
      await tx`update public.approvals set requested_at = now() - interval '1 day', expires_at = now() - interval '1 second' where id = ${approvalId}`;
    });
    const [pending] = await sql`select approval_status from public.approvals where id = ${approvalId}`;
    expect(pending.approval_status).toBe("pending");

    // a decision in a quiet workspace, committed while another transaction holds its audit chain's
    // head: its commit does not wait, and leaves the row unsealed; nothing else happens there
    const quiet = await createWorkspace(sql, fx.userId, `liveness-${randomUUID().slice(0, 8)}`);
    const quietAgent = await createAgent(sql, quiet, { slug: "quiet-agent", name: "Quiet agent", escalationLevel: 1 });
    const quietClient = new AgentOpsClient({ url: FUNCTIONS_URL, apiKey: quietAgent.apiKey, flushIntervalMs: 0 });
    const decided = await sql.begin(async (tx) => {
      await tx`select 1 from private.governance_audit_heads where workspace_id = ${quiet} for update`;
      return await authorize(quietClient, { tool: "openai-api", action: "generate:text" });
    });
    expect(decided.decision).toBe("allow");
    const [unsealed] = await sql`
      select l.seq from public.governance_audit_log l join public.authorization_decisions d on d.id = l.subject_id
      where l.workspace_id = ${quiet} and d.agent_id = ${quietAgent.agentId}`;
    expect(unsealed.seq).toBeNull();

    const minuteJobs = (await sql`select jobname::text as name from cron.job where schedule = '* * * * *' and active order by 1`).map((r) => r.name as string);
    expect(minuteJobs).toEqual(expect.arrayContaining(["alerts-evaluate", "analytics-rollup-hourly", "expire-approvals", "governance-audit-seal"]));

    // the rollup row appears without anyone calling private.rollup_dirty_hours()
    const rolled = await until("a rollup row for the ingested run", async () => {
      const [row] = await sql`
        select s.runs from analytics.agent_stats_hourly s
        where s.workspace_id = ${fx.workspaceId} and s.agent_id = ${fx.agentId} and s.runs >= 1`;
      return row;
    });
    expect(rolled.runs).toBeGreaterThanOrEqual(1);

    // the approval expires by the schedule
    await until("the expired approval", async () => {
      const [row] = await sql`select approval_status from public.approvals where id = ${approvalId}`;
      return row.approval_status === "expired" ? row : undefined;
    });

    // the quiet workspace's tail is sealed by the schedule, and its chain verifies
    await until("the unsealed audit row sealed", async () => {
      const [row] = await sql`select count(*)::int as n from public.governance_audit_log where workspace_id = ${quiet} and seq is null`;
      return row.n === 0 ? row : undefined;
    });
    const [chain] = await sql`select ok, reason from private.verify_governance_audit_chain(${quiet})`;
    expect(chain).toEqual({ ok: true, reason: null });

    // every minute job has succeeded at least once, and no job has ever failed
    const runs = await until("a successful run of every minute job", async () => {
      const rows = await sql`
        select j.jobname::text as name, count(*) filter (where d.status = 'succeeded')::int as ok
        from cron.job j left join cron.job_run_details d on d.jobid = j.jobid
        where j.jobname::text = any(${minuteJobs}) group by 1`;
      return rows.every((r) => r.ok > 0) && rows.length === minuteJobs.length ? rows : undefined;
    });
    expect(runs.length).toBe(minuteJobs.length);
    const failed = await sql`
      select j.jobname::text as name, d.return_message from cron.job_run_details d join cron.job j using (jobid)
      where d.status = 'failed'`;
    expect(failed, JSON.stringify(failed)).toEqual([]);
  });
});
