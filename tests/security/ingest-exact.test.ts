// "Gets a 4xx or is stored exactly": arbitrary valid runs, with Unicode from every plane, SQL
// fragments, huge strings, extreme numbers and nested JSON in their free-form fields, go through
// POST /ingest/runs and read back from the database exactly as sent (text byte for byte, JSON
// equal, timestamps to the millisecond, money to the column's scale); a value Postgres cannot hold
// (\u0000, a lone surrogate) is a 422 and writes nothing. The same for n8n deliveries.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostileNumber, hostileString, SQL_FRAGMENTS } from "./arbitraries.ts";
import { address, agentJwt, connect, FUNCTIONS_URL, Tally, unicodeString, type World, world } from "./helpers.ts";

const sql = connect();
const tally = new Tally("ingest-exact.test.ts");
let w: World;

beforeAll(async () => {
  w = await world(sql);
});
afterAll(async () => {
  tally.print();
  await sql.end();
});

/** Text Postgres can store: any Unicode but NUL (lone surrogates never come out of unicodeString). */
const storable = (max: number) =>
  fc.oneof({ weight: 3, arbitrary: unicodeString({ maxLength: Math.min(max, 60) }) }, fc.constantFrom(...SQL_FRAGMENTS), hostileString.filter((s) => s.length <= max))
    .map((s) => s.replace(/\u0000/g, "").toWellFormed());

const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small" },
    storable(200),
    hostileNumber.filter(Number.isFinite),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("v"), { maxLength: 4 }),
    fc.dictionary(storable(20), tie("v"), { maxKeys: 4 }),
  ),
})).v;

// the accepted window (issue 13): 2000-01-01 to now + 1 day; a run here may last up to a day
const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.now() - 86_400_000 });
const TERMINAL = ["succeeded", "failed", "timeout", "canceled"] as const;

const validRun = fc.record({
  run_key: storable(200).filter((s) => s.length >= 1),
  status: fc.constantFrom("queued", "running", "waiting_approval", ...TERMINAL),
  start: instant,
  length: fc.integer({ min: 0, max: 86_400_000 }),
  environment: fc.constantFrom("dev", "staging", "prod"),
  model: storable(200),
  tokens_in: fc.integer({ min: 0, max: 1_000_000_000 }),
  tokens_out: fc.integer({ min: 0, max: 1_000_000_000 }),
  cost_micro: fc.integer({ min: 0, max: 1_000_000_000 }),
  input: jsonValue,
  output: jsonValue,
  error_type: storable(200),
  error_message: storable(10_000),
  user_rating: fc.integer({ min: 1, max: 5 }),
  feedback: storable(10_000),
  metadata: fc.dictionary(storable(30), jsonValue, { maxKeys: 5 }),
  span_name: storable(500).filter((s) => s.length >= 1),
  span_content: storable(100_000),
}).map((r) => ({
  // the hostile key, made unique: a key sent twice is one run (updated), by design
  run_key: `${r.run_key.slice(0, 160)}#${randomUUID()}`,
  status: r.status,
  started_at: new Date(r.start).toISOString(),
  ...((TERMINAL as readonly string[]).includes(r.status) ? { ended_at: new Date(r.start + r.length).toISOString() } : {}),
  environment: r.environment,
  model: r.model,
  tokens_in: r.tokens_in,
  tokens_out: r.tokens_out,
  cost_usd: r.cost_micro / 1_000_000,
  input: r.input,
  output: r.output,
  error_type: r.error_type,
  error_message: r.error_message,
  user_rating: r.user_rating,
  feedback: r.feedback,
  metadata: r.metadata,
  spans: [{ span_key: "s", kind: "thought", name: r.span_name, started_at: new Date(r.start).toISOString(), content: r.span_content }],
}));

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}

async function post(runs: unknown[] | string) {
  const res = await fetch(`${FUNCTIONS_URL}/ingest/runs`, {
    method: "POST",
    headers: { authorization: `Bearer ${agentJwt(w.a.agent)}`, "content-type": "application/json", "x-forwarded-for": address() },
    body: typeof runs === "string" ? runs : JSON.stringify({ runs }),
  });
  return { status: res.status, body: await res.json().catch(() => ({})) };
}

describe("ingested runs are stored exactly, or refused with a 4xx", () => {
  it("arbitrary valid runs read back exactly as sent", async () => {
    const mismatches: string[] = [];
    await fc.assert(fc.asyncProperty(validRun, async (sent) => {
      const expected = JSON.parse(JSON.stringify(sent));
      const res = await post([sent]);
      tally.add("hostile but valid runs");
      if (res.status !== 200) {
        mismatches.push(`${res.status} ${JSON.stringify(res.body).slice(0, 200)} <- ${JSON.stringify(sent).slice(0, 200)}`);
        return;
      }
      const [row] = await sql`
        select e.run_key, e.status, e.started_at, e.ended_at, e.environment, e.model, e.tokens_in, e.tokens_out, e.cost_usd::text as cost,
          e.input, e.output, e.error_type, e.error_message, e.user_rating, e.feedback, e.metadata,
          (select jsonb_agg(jsonb_build_object('name', s.name, 'content', s.content)) from public.execution_spans s where s.execution_id = e.id) as spans,
          (select count(*)::int from public.executions x where x.workspace_id = e.workspace_id and x.run_key = e.run_key) as copies
        from public.executions e where e.workspace_id = ${w.a.id} and e.run_key = ${sent.run_key}`;
      const got = {
        run_key: row.run_key, status: row.status, started_at: new Date(row.started_at).toISOString(),
        ...(row.ended_at ? { ended_at: new Date(row.ended_at).toISOString() } : {}),
        environment: row.environment, model: row.model, tokens_in: row.tokens_in, tokens_out: row.tokens_out, cost_usd: Number(row.cost),
        input: row.input, output: row.output, error_type: row.error_type, error_message: row.error_message, user_rating: row.user_rating,
        feedback: row.feedback, metadata: row.metadata, spans: row.spans.map((s: { name: string; content: string }) => ({ span_key: "s", kind: "thought", name: s.name, started_at: expected.spans[0].started_at, content: s.content })),
      };
      if (row.copies !== 1) mismatches.push(`${sent.run_key}: ${row.copies} copies`);
      for (const field of Object.keys(expected)) {
        const a = JSON.stringify(sortKeys(got[field as keyof typeof got]));
        const b = JSON.stringify(sortKeys(expected[field]));
        if (a !== b) mismatches.push(`${field}: stored ${a?.slice(0, 200)} but sent ${b?.slice(0, 200)}`);
      }
    }), { numRuns: 60 });
    expect(mismatches).toEqual([]);
  });

  it("values Postgres cannot hold, and timestamps outside the window, are a 4xx, and nothing is written", async () => {
    const at = new Date().toISOString();
    const base = { status: "succeeded", started_at: at, ended_at: at };
    const cases: unknown[] = [
      { ...base, run_key: `nul-${randomUUID()}`, error_message: "a\u0000b" },
      { ...base, run_key: `nul-${randomUUID()}`, metadata: { "k\u0000": 1 } },
      { ...base, run_key: `nul-${randomUUID()}`, input: ["\u0000"] },
      { ...base, run_key: `sur-${randomUUID()}`, output: { x: "\ud800" } },
      { ...base, run_key: `sur-${randomUUID()}`, feedback: "x\udfffy" },
      // timestamps outside the accepted window are refused, not stored bent (year 1 used to become 2001)
      { ...base, run_key: `old-${randomUUID()}`, started_at: "0001-01-01T00:00:00Z", ended_at: undefined },
      { ...base, run_key: `far-${randomUUID()}`, started_at: "2200-01-01T00:00:00Z", ended_at: undefined },
      // nested deeper than anything a serializer here could even write (sent as text)
      `{"runs":[{"run_key":"deep-${randomUUID()}","status":"succeeded","input":${"[".repeat(5_000)}${"]".repeat(5_000)}}]}`,
    ];
    const [{ n: before }] = await sql`select count(*)::int as n from public.executions where workspace_id = ${w.a.id}`;
    for (const run of cases) {
      const res = await post(typeof run === "string" ? run : [run]);
      tally.add("unstorable values");
      expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    const [{ n: after }] = await sql`select count(*)::int as n from public.executions where workspace_id = ${w.a.id}`;
    expect(after).toBe(before);
    // the largest token counts a run may carry are stored exactly (their sum no longer overflows)
    const big = { ...base, run_key: `big-${randomUUID()}`, tokens_in: 2_000_000_000, tokens_out: 2_000_000_000 };
    expect((await post([big])).status).toBe(200);
    const [row] = await sql`select tokens_in, tokens_out from public.executions where workspace_id = ${w.a.id} and run_key = ${big.run_key}`;
    expect(row).toEqual({ tokens_in: 2_000_000_000, tokens_out: 2_000_000_000 });
  });

  it("n8n deliveries with arbitrary names and errors are stored exactly", async () => {
    await fc.assert(fc.asyncProperty(storable(255).filter((s) => s.length > 0), storable(10_000), async (name, message) => {
      const executionId = randomUUID();
      const body = JSON.stringify({ execution: { id: executionId, error: { message }, mode: "trigger" }, workflow: { id: `wf-${executionId}`, name } });
      const id = `msg_${randomUUID()}`;
      const now = new Date();
      const res = await fetch(`${FUNCTIONS_URL}/n8n-webhook/${w.a.id}`, {
        method: "POST",
        headers: { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(Math.floor(now.getTime() / 1000)), "webhook-signature": new Webhook(w.secretA).sign(id, now, body) },
        body,
      });
      tally.add("hostile but valid n8n deliveries");
      expect(res.status, await res.text()).toBe(200);
      const [row] = await sql`select e.error_message, w.name from public.executions e join public.workflows w on w.id = e.workflow_id
                              where e.workspace_id = ${w.a.id} and e.metadata ->> 'n8n_execution_id' = ${executionId}`;
      expect(row).toEqual({ error_message: message, name });
    }), { numRuns: 25 });
  });
});
