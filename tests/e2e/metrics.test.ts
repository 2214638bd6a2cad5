// End to end through the served functions: an agent reports failing runs through ingest; the
// database queues run.failed, the alert job fires an error-rate alert and queues alert.fired; a
// pass of alert-dispatch delivers both to a webhook receiver, signed so that the subscription's
// secret verifies them; the rollups count the runs. And dashboard activity through `activity`.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { SignJWT } from "jose";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { adminFixture, fnUrl } from "./helpers.ts";

async function serviceRoleJwt(): Promise<string> {
  const secret = process.env.LEGACY_JWT_SECRET ?? "super-secret-jwt-token-with-at-least-32-characters-long";
  return await new SignJWT({ role: "service_role", iss: "supabase-local", exp: Math.floor(Date.now() / 1000) + 600 })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode(secret));
}

describe("metrics end to end", () => {
  it("failing runs become run.failed and alert.fired webhooks, signed, and rollups count them", async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const { sql, workspaceId, agentId, userId, apiKey: key } = await adminFixture();
    try {
      await sql`insert into public.event_subscriptions (workspace_id, name, channel, target, event_types, created_by)
                values (${workspaceId}, 'e2e hook', 'webhook', ${`http://127.0.0.1:${port}/hook`}, array['run.failed', 'alert.fired'], ${userId})`;
      await sql`insert into public.alert_rules (workspace_id, agent_id, name, metric_type, threshold_value, evaluation_window_minutes, min_runs)
                values (${workspaceId}, ${agentId}, 'e2e errors', 'error_rate', 50, 10, 2)`;

      const token = await fetch(fnUrl("agent-auth/token"), { method: "POST", headers: { "x-api-key": key } }).then((r) => r.json());
      const now = Date.now();
      const runs = [0, 1, 2].map((i) => ({
        run_key: `e2e-fail-${i}`, status: "failed", error_type: "rate_limit", duration_ms: 100 + i,
        started_at: new Date(now - 60_000).toISOString(), ended_at: new Date(now - 59_000).toISOString(),
      }));
      const ingest = await fetch(fnUrl("ingest/runs"), {
        method: "POST",
        headers: { authorization: `Bearer ${token.access_token}`, "content-type": "application/json" },
        body: JSON.stringify({ runs }),
      });
      expect(ingest.status).toBe(200);

      // the alert job (pg_cron runs it every minute; here once, now), then one dispatcher pass
      // (waiting for the job's lock first, in case the minute's pg_cron run holds it right now)
      await sql.begin(async (tx) => {
        await tx`select private.try_job_lock('alerts-evaluate', true)`;
        await tx`select private.evaluate_alert_rules()`;
      });
      const dispatch = await fetch(fnUrl("alert-dispatch/run"), {
        method: "POST",
        headers: { authorization: `Bearer ${await serviceRoleJwt()}`, "content-type": "application/json" },
        body: JSON.stringify({ workspace_id: workspaceId }),
      });
      expect(dispatch.status).toBe(200);
      expect(await dispatch.json()).toMatchObject({ claimed: 4, delivered: 4 });

      const [{ secret }] = await sql`select secret from public.event_subscriptions where workspace_id = ${workspaceId}`;
      const types = received.map((r) => {
        const msg = new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as { type: string };
        return msg.type;
      }).sort();
      expect(types).toEqual(["alert.fired", "run.failed", "run.failed", "run.failed"]);

      await sql`select private.rollup_dirty_hours(100000, true)`;
      const [hourly] = await sql`select sum(runs)::int as runs, sum(failed)::int as failed from analytics.agent_stats_hourly where agent_id = ${agentId}`;
      expect(hourly).toEqual({ runs: 3, failed: 3 });
    } finally {
      server.close();
      await sql.end();
    }
  });

  it("dashboards record activity for the signed-in person", async () => {
    const { sql, workspaceId, userId, adminJwt } = await adminFixture();
    try {
      const res = await fetch(fnUrl("activity/events"), {
        method: "POST",
        headers: { authorization: `Bearer ${adminJwt}`, "content-type": "application/json" },
        body: JSON.stringify({ events: [{ event_type: "page_view", page_path: "/dashboard", workspace_id: workspaceId }] }),
      });
      expect(res.status).toBe(201);
      const [row] = await sql`select count(*)::int as n from analytics.user_activity where user_id = ${userId} and workspace_id = ${workspaceId}`;
      expect(row.n).toBe(1);
    } finally {
      await sql.end();
    }
  });
});
