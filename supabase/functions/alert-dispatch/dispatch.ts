// Delivers the outbox (public.deliveries): claims due rows with private.claim_deliveries (for
// update skip locked, with a lease, so parallel dispatchers never send the same row), sends each
// to its channel, and reports every attempt with private.complete_delivery, which decides between
// delivered, failed (retried later with back-off) and dead. A row is delivered at least once and,
// once delivered, never sent again; receivers dedupe on webhook-id (the delivery id).
//   webhook: the JSON envelope, signed the Standard Webhooks way (webhook-id, webhook-timestamp,
//            webhook-signature: v1,<base64 HMAC-SHA256> with the subscription's whsec_ secret);
//   slack:   an incoming-webhook message {text, blocks};
//   email:   a Resend-compatible JSON API (EMAIL_API_URL, EMAIL_API_KEY, EMAIL_FROM): Edge
//            Functions cannot open SMTP ports.
import { Webhook } from "standardwebhooks";
import { z } from "zod";
import { db } from "../_shared/db.ts";

const ConfigSchema = z.object({
  EMAIL_API_URL: z.string().url().optional(),
  EMAIL_API_KEY: z.string().optional(),
  EMAIL_FROM: z.string().default("AgentOps alerts <alerts@agentops.local>"),
  DISPATCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  DISPATCH_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(50),
  DISPATCH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  DISPATCH_LEASE_SECONDS: z.coerce.number().int().min(10).max(3600).default(120),
});
export type DispatchConfig = z.infer<typeof ConfigSchema>;

/** Read at each run (not cached), so that tests and operators may change it without a restart. */
export function dispatchConfig(): DispatchConfig {
  const parsed = ConfigSchema.safeParse(Deno.env.toObject());
  if (!parsed.success) {
    throw new Error(
      `invalid alert-dispatch environment: ${
        parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")
      }`,
    );
  }
  return parsed.data;
}

export type ClaimedDelivery = {
  id: string;
  workspace_id: string;
  subscription_id: string | null;
  event_type: string;
  event_id: string;
  channel: "webhook" | "slack" | "email";
  target: string;
  payload: { type: string; timestamp: string; event_id: string; workspace_id: string; data: Record<string, unknown> };
  attempt: number;
  max_attempts: number;
  secret: string | null;
};

export type Outcome = "delivered" | "failed" | "dead" | "stale";
export type DispatchResult = { claimed: number; delivered: number; failed: number; dead: number; stale: number };

type Attempt = { delivered: boolean; status: number | null; error: string | null; permanent: boolean };

/** What to do with an HTTP answer: 2xx delivered; 408, 429 and 5xx retried; other 4xx given up. */
export function classify(status: number): Pick<Attempt, "delivered" | "permanent"> {
  if (status >= 200 && status < 300) return { delivered: true, permanent: false };
  if (status === 408 || status === 429 || status >= 500) return { delivered: false, permanent: false };
  return { delivered: false, permanent: true };
}

function describe(d: ClaimedDelivery): { title: string; lines: string[] } {
  const data = d.payload.data ?? {};
  const s = (k: string) => (data[k] == null ? undefined : String(data[k]));
  switch (d.event_type) {
    case "alert.fired":
      return {
        title: `Alert (${s("severity") ?? "warning"}): ${s("rule_name") ?? s("alert_type")}`,
        lines: [
          `${s("metric_type")}${s("agent_slug") ? ` of ${s("agent_slug")}` : ""} is ${s("value")} (${
            (s("condition") ?? "").replace("_", " ")
          } ${s("threshold")})`,
        ],
      };
    case "alert.resolved":
      return {
        title: `Resolved: ${s("rule_name") ?? s("alert_type")}`,
        lines: [
          `${s("metric_type")}${s("agent_slug") ? ` of ${s("agent_slug")}` : ""} is back to ${s("value") ?? "normal"}`,
        ],
      };
    case "run.failed":
      return {
        title: `Run failed: ${s("run_key")}`,
        lines: [`status ${s("status")}${s("error_type") ? `, ${s("error_type")}` : ""}`, s("error_message") ?? ""]
          .filter(Boolean),
      };
    case "quota.breached":
    case "budget.breached":
      return {
        title: `${d.event_type === "quota.breached" ? "Token quota" : "Budget"} breached${
          s("agent_slug") ? `: ${s("agent_slug")}` : ""
        }`,
        lines: [`${s("value")} % of the day's allowance used`],
      };
    case "approval.requested":
      return {
        title: "Approval requested",
        lines: [s("summary") ?? s("action") ?? JSON.stringify(data).slice(0, 500)],
      };
    case "approval.decided":
      return {
        title: `Approval ${s("status") ?? s("decision") ?? "decided"}`,
        lines: [s("summary") ?? s("action") ?? JSON.stringify(data).slice(0, 500)],
      };
    default:
      return { title: d.event_type, lines: [JSON.stringify(data).slice(0, 1000)] };
  }
}

/** The HTTP request that delivers a row on its channel, or why it cannot be sent. */
export function buildRequest(
  d: ClaimedDelivery,
  config: DispatchConfig,
  now = new Date(),
): { url: string; init: RequestInit } | { error: string; permanent: boolean } {
  const body = JSON.stringify(d.payload);
  if (d.channel === "webhook") {
    if (!d.secret) return { error: "the subscription was deleted: no signing secret", permanent: true };
    const signature = new Webhook(d.secret).sign(d.id, now, body);
    return {
      url: d.target,
      init: {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "agentops-alert-dispatch/1",
          "webhook-id": d.id,
          "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
          "webhook-signature": signature,
        },
        body,
      },
    };
  }
  const { title, lines } = describe(d);
  if (d.channel === "slack") {
    const text = `*${title}*\n${lines.join("\n")}`;
    return {
      url: d.target,
      init: {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          text,
          blocks: [
            { type: "section", text: { type: "mrkdwn", text } },
            {
              type: "context",
              elements: [{ type: "mrkdwn", text: `${d.event_type} · ${d.payload.timestamp} · event ${d.event_id}` }],
            },
          ],
        }),
      },
    };
  }
  if (!config.EMAIL_API_URL) {
    return { error: "email is not configured: set EMAIL_API_URL (and EMAIL_API_KEY)", permanent: false };
  }
  const text = [title, "", ...lines, "", `Event: ${d.event_type} (${d.event_id}) at ${d.payload.timestamp}`].join("\n");
  const html = `<h2>${escapeHtml(title)}</h2>${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join("")}` +
    `<p style="color:#666">${escapeHtml(d.event_type)} · ${escapeHtml(d.payload.timestamp)}</p>`;
  return {
    url: config.EMAIL_API_URL,
    init: {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(config.EMAIL_API_KEY ? { authorization: `Bearer ${config.EMAIL_API_KEY}` } : {}),
        "idempotency-key": d.id,
      },
      body: JSON.stringify({ from: config.EMAIL_FROM, to: [d.target], subject: title.slice(0, 200), text, html }),
    },
  };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch]!));
}

async function sendOnce(d: ClaimedDelivery, config: DispatchConfig, fetchFn: typeof fetch): Promise<Attempt> {
  const built = buildRequest(d, config);
  if ("error" in built) return { delivered: false, status: null, error: built.error, permanent: built.permanent };
  try {
    const res = await fetchFn(built.url, {
      ...built.init,
      redirect: "manual",
      signal: AbortSignal.timeout(config.DISPATCH_TIMEOUT_MS),
    });
    const text = await res.text().catch(() => "");
    const verdict = classify(res.status);
    return {
      ...verdict,
      status: res.status,
      error: verdict.delivered ? null : `HTTP ${res.status}: ${text.slice(0, 500)}`,
    };
  } catch (err) {
    const e = err as Error;
    const reason = e?.name === "TimeoutError"
      ? `no answer within ${config.DISPATCH_TIMEOUT_MS} ms`
      : `${e?.name ?? "Error"}: ${e?.message ?? String(err)}`;
    return { delivered: false, status: null, error: reason.slice(0, 1000), permanent: false };
  }
}

export type DispatchOptions = { batchSize?: number; workspaceId?: string; fetch?: typeof fetch };

/** One dispatcher run: claim a batch, send it (a few at a time), report every attempt. */
export async function runDispatch(opts: DispatchOptions = {}): Promise<DispatchResult> {
  const config = dispatchConfig();
  const fetchFn = opts.fetch ?? fetch;
  const rows = await db()<ClaimedDelivery[]>`
    select * from private.claim_deliveries(${
    opts.batchSize ?? config.DISPATCH_BATCH_SIZE
  }, ${config.DISPATCH_LEASE_SECONDS}, ${opts.workspaceId ?? null})`;
  const result: DispatchResult = { claimed: rows.length, delivered: 0, failed: 0, dead: 0, stale: 0 };
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const d = rows[next++];
      const started = performance.now();
      const a = await sendOnce(d, config, fetchFn);
      const [row] = await db()`
        select private.complete_delivery(${d.id}, ${d.attempt}, ${a.delivered}, ${a.status}, ${a.error},
          ${Math.round(performance.now() - started)}, ${a.permanent}) as outcome`;
      result[row.outcome as Outcome] += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(config.DISPATCH_CONCURRENCY, rows.length) }, worker));
  return result;
}
