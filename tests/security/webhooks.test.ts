// Webhook attacks on n8n-webhook (Standard Webhooks: HMAC-SHA256 over "id.timestamp.body"):
// unsigned, partly signed, altered body, altered timestamp or id, stale, from the future, another
// workspace's secret or URL, foreign signature schemes, oversize, malformed. Each is refused with
// its 4xx and the workspace holds exactly what it held before (runs, workflows, received webhook
// ids). A replayed webhook-id (with the same or a new body) is answered 200 with the first
// outcome and duplicate: true, and changes nothing either (issue 12).
import { randomBytes, randomUUID } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { address, connect, fingerprint, FUNCTIONS_URL, Tally, type World, world } from "./helpers.ts";

const sql = connect();
const tally = new Tally("webhooks.test.ts");
let w: World;
let otherSecret: string;

beforeAll(async () => {
  w = await world(sql);
  otherSecret = `whsec_${randomBytes(32).toString("base64")}`;
  await sql`insert into private.webhook_secrets (workspace_id, secret) values (${w.b.id}, ${otherSecret})`;
});
afterAll(async () => {
  tally.print();
  await sql.end();
});

const record = (id = randomUUID()) =>
  JSON.stringify({ id, workflowId: "wf-sec", workflowName: "Security probe", status: "success", mode: "webhook", startedAt: new Date(Date.now() - 1000).toISOString(), stoppedAt: new Date().toISOString() });

function sign(body: string, opts: { secret?: string; id?: string; at?: Date } = {}) {
  const id = opts.id ?? `msg_${randomUUID()}`;
  const at = opts.at ?? new Date();
  return {
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(opts.secret ?? w.secretA).sign(id, at, body),
  };
}

async function deliver(body: string | Buffer, headers: Record<string, string>, workspace = w.a.id) {
  const res = await fetch(`${FUNCTIONS_URL}/n8n-webhook/${workspace}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": address(), ...headers },
    body,
  });
  const json = await res.json().catch(() => ({}));
  return { status: res.status, code: json?.error?.code as string | undefined, duplicate: json?.duplicate as boolean | undefined };
}

describe("n8n-webhook refuses every unsigned, altered, stale or replayed delivery and writes nothing", () => {
  it("a correctly signed delivery is stored (positive control)", async () => {
    const body = record();
    expect((await deliver(body, sign(body))).status).toBe(200);
  });

  it("refuses each attack with its 4xx", async () => {
    const body = record();
    const good = sign(body);
    const attacks: Array<[string, () => Promise<{ status: number; code?: string }>, number]> = [
      ["unsigned", () => deliver(body, {}), 401],
      ["signature only", () => deliver(body, { "webhook-signature": good["webhook-signature"] }), 401],
      ["no webhook-id", () => deliver(body, { "webhook-timestamp": good["webhook-timestamp"], "webhook-signature": good["webhook-signature"] }), 401],
      ["no timestamp", () => deliver(body, { "webhook-id": good["webhook-id"], "webhook-signature": good["webhook-signature"] }), 401],
      ["body altered by one character", () => deliver(body.replace("success", "error!!"), good), 401],
      ["body with a trailing space", () => deliver(body + " ", good), 401],
      ["timestamp moved by one second", () => deliver(body, { ...good, "webhook-timestamp": String(Number(good["webhook-timestamp"]) + 1) }), 401],
      ["another webhook-id under the same signature", () => deliver(body, { ...good, "webhook-id": `msg_${randomUUID()}` }), 401],
      ["stale: signed six minutes ago", () => deliver(body, sign(body, { at: new Date(Date.now() - 6 * 60_000) })), 401],
      ["from the future: six minutes ahead", () => deliver(body, sign(body, { at: new Date(Date.now() + 6 * 60_000) })), 401],
      ["signed with another workspace's secret", () => deliver(body, sign(body, { secret: otherSecret })), 401],
      ["a valid signature sent to another workspace's URL", () => deliver(body, sign(body), w.b.id), 401],
      ["a workspace that does not exist", () => deliver(body, sign(body), randomUUID()), 401],
      ["a scheme other than v1", () => deliver(body, { ...good, "webhook-signature": good["webhook-signature"].replace("v1,", "v1a,") }), 401],
      ["an empty signature", () => deliver(body, { ...good, "webhook-signature": "v1," }), 401],
      ["a garbage signature", () => deliver(body, { ...good, "webhook-signature": "v1,AAAA" }), 401],
      ["a non-numeric timestamp", () => deliver(body, { ...good, "webhook-timestamp": "now" }), 401],
      ["a webhook-id of 10,000 characters", () => deliver(body, sign(body, { id: "m".repeat(10_000) })), 401],
      ["a workspace id that is not a UUID", () => deliver(body, sign(body), "demo'; drop table public.executions; --"), 422],
      ["oversize: 5 MiB and more, correctly signed", () => {
        const big = JSON.stringify({ ...JSON.parse(record()), pad: "x".repeat(5 * 1024 * 1024) });
        return deliver(big, sign(big));
      }, 413],
      ["nested 10,000 levels deep, correctly signed", () => {
        const deep = `{"id":"1","workflowId":"1","status":"success","x":${"[".repeat(10_000)}${"]".repeat(10_000)}}`;
        return deliver(deep, sign(deep));
      }, 422],
      ["signed but not JSON", () => {
        const text = "{not json";
        return deliver(text, sign(text));
      }, 400],
      ["signed but not an n8n execution", () => {
        const text = JSON.stringify({ runs: [] });
        return deliver(text, sign(text));
      }, 422],
    ];
    const before = await fingerprint(sql, [w.a.id, w.b.id]);
    const wrong: string[] = [];
    for (const [name, attempt, status] of attacks) {
      const res = await attempt();
      tally.add("webhook attacks");
      if (res.status !== status) wrong.push(`${name}: ${res.status} ${res.code} (want ${status})`);
    }
    expect(wrong).toEqual([]);
    expect(await fingerprint(sql, [w.a.id, w.b.id])).toEqual(before);
  });

  it("a replayed webhook-id answers 200 with the first outcome (duplicate: true), with the same or a new body, and changes nothing", async () => {
    const id = `msg_${randomUUID()}`;
    const body = record();
    const headers = sign(body, { id });
    const first = await deliver(body, headers);
    expect(first.status).toBe(200);
    const before = await fingerprint(sql, [w.a.id]);
    const counters = await sql`select execution_count, success_count, error_count from public.workflows where workspace_id = ${w.a.id}`;
    const replays: Array<[string, () => Promise<{ status: number; code?: string; duplicate?: boolean }>]> = [
      ["the same request again", () => deliver(body, headers)],
      ["the same id, freshly signed", () => deliver(body, sign(body, { id }))],
      ["the same id with another execution", () => {
        const other = record();
        return deliver(other, sign(other, { id }));
      }],
    ];
    for (const [name, replay] of replays) {
      const res = await replay();
      tally.add("webhook replays");
      // Standard Webhooks: a known id was processed already; n8n's own retry must not look like a failure
      expect(res.status, name).toBe(200);
      expect(res.duplicate, name).toBe(true);
    }
    expect(await fingerprint(sql, [w.a.id])).toEqual(before);
    expect(await sql`select execution_count, success_count, error_count from public.workflows where workspace_id = ${w.a.id}`).toEqual(counters);
  });
});
