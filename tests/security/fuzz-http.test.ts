// Property-based fuzzing of every route every function documents, with the right caller's token:
// hostile JSON bodies, mutations of a valid body (so that the input reaches the database), raw
// bodies no serializer would produce, hostile path parameters and query strings, and signed
// hostile n8n deliveries. The answer is always a 2xx or a 4xx, never a 5xx.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostileJson, hostileString, mutationsOf, rawBodies } from "./arbitraries.ts";
import {
  type Acceptance, agentJwt, call, connect, inParallel, discoverRoutes, FUNCTIONS_URL, learnAcceptance, type Route, routeKey, routeUrl, sampleBody, serviceRoleJwt,
  Tally, userJwt, type World, world,
} from "./helpers.ts";

const sql = connect();
const tally = new Tally("fuzz-http.test.ts");
let w: World;
let routes: Route[];
let accepts: Map<string, Acceptance>;
const failures: string[] = [];

beforeAll(async () => {
  w = await world(sql);
  routes = await discoverRoutes();
  accepts = await learnAcceptance(routes, w);
  await sql`insert into public.executions (workspace_id, agent_id, run_key, status) values (${w.a.id}, ${w.a.agent.agentId}, 'sec-run-0', 'running')`;
  await sql`insert into public.executions (workspace_id, agent_id, run_key, status, started_at, ended_at)
            values (${w.a.id}, ${w.a.other.agentId}, 'sec-run-done', 'succeeded', now() - interval '1 minute', now())`; // another agent's: none evaluates its own
});
afterAll(async () => {
  tally.print();
  await sql.end();
});

function tokenFor(r: Route): string | undefined {
  if (!r.bearer) return undefined;
  const a = accepts.get(routeKey(r))!;
  if (a.agent) return agentJwt(w.a.agent);
  if (a.user) return userJwt(w.a.admin);
  return serviceRoleJwt();
}

/** Path values: A's ids where harmless, unknown ids for anything that deletes or decides. */
function urlFor(r: Route, override: Record<string, string> = {}): string {
  const destructive = r.method === "delete" || /decision|cancel|revoke/.test(r.path);
  const safe = destructive ? Object.fromEntries(r.params.map((p) => [p, randomUUID()])) : {};
  return routeUrl(r, w, { ...safe, ...override });
}

async function expectNo5xx(r: Route, url: string, opts: { token?: string; body?: string; headers?: Record<string, string> }, what: string) {
  const res = await call(r, url, opts);
  tally.add(what);
  if (res.status >= 500) failures.push(`${routeKey(r)} ${what}: ${res.status} ${res.text.slice(0, 200)} <- ${String(opts.body ?? url).slice(0, 300)}`);
  return res;
}

describe("no route answers hostile input with a 5xx", () => {
  it("hostile JSON bodies on every route that takes one", async () => {
    const bodied = routes.filter((r) => r.jsonBody && r.fn !== "n8n-webhook");
    expect(bodied.length).toBeGreaterThan(3);
    for (const r of bodied) {
      await fc.assert(fc.asyncProperty(hostileJson, async (body) => {
        await expectNo5xx(r, urlFor(r), { token: tokenFor(r), body: JSON.stringify(body) ?? "null" }, "hostile JSON");
      }), { numRuns: 10 });
    }
    expect(failures).toEqual([]);
  });

  it("mutations of a valid body, which reach the database", async () => {
    const known = routes.filter((r) => r.jsonBody && sampleBody(r) !== undefined);
    expect(known.length).toBeGreaterThan(3);
    for (const r of known) {
      // the unmutated body is accepted (positive control: the mutations start from something that works)
      const ok = await call(r, urlFor(r), { token: tokenFor(r), body: JSON.stringify(sampleBody(r)) });
      expect(ok.status, `${routeKey(r)} ${ok.text.slice(0, 200)}`).toBeLessThan(300);
      await fc.assert(fc.asyncProperty(mutationsOf(sampleBody(r)), async (body) => {
        await expectNo5xx(r, urlFor(r), { token: tokenFor(r), body: JSON.stringify(body) ?? "null" }, "mutated body");
      }), { numRuns: 25 });
    }
    expect(failures).toEqual([]);
  });

  it("every field of a valid body poisoned in turn: deep nesting, NUL, a lone surrogate, an enormous number", async () => {
    const poisons: unknown[] = [
      JSON.parse(`${"[".repeat(3_000)}${"]".repeat(3_000)}`), "a\u0000b", "\ud800", 1e308,
    ];
    // (the first two elements of an array stand for the rest: an embedding has 1,536)
    const paths = (v: unknown, p: (string | number)[] = []): (string | number)[][] =>
      Array.isArray(v) ? [p, ...v.slice(0, 2).flatMap((x, i) => paths(x, [...p, i]))]
      : v && typeof v === "object" ? [p, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...p, k]))] : [p];
    const cases: Array<[Route, string]> = [];
    for (const r of routes.filter((r) => r.jsonBody && sampleBody(r) !== undefined)) {
      const valid = sampleBody(r) as Record<string, unknown>;
      for (const path of paths(valid).filter((p) => p.length > 0)) {
        for (const poison of poisons) {
          const body = structuredClone(valid) as Record<string | number, unknown>;
          let node = body;
          for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
          node[path[path.length - 1]] = poison;
          cases.push([r, JSON.stringify(body)]);
        }
      }
    }
    await inParallel(cases, 6, async ([r, body]) => {
      await expectNo5xx(r, urlFor(r), { token: tokenFor(r), body }, "poisoned field");
    });
    expect(failures).toEqual([]);
  });

  it("raw bodies no JSON serializer would produce", async () => {
    // every raw body on one route of each function (they share the parsing), a sample on the others
    const bodied = routes.filter((r) => r.jsonBody && r.fn !== "n8n-webhook");
    const full = new Set(bodied.filter((r, i) => bodied.findIndex((x) => x.fn === r.fn) === i));
    await inParallel(bodied.flatMap((r) => (full.has(r) ? rawBodies : rawBodies.filter((_, i) => i % 6 === 0)).map((b) => [r, b] as const)), 6,
      async ([r, body]) => {
        await expectNo5xx(r, urlFor(r), { token: tokenFor(r), body }, "raw body");
      });
    for (const r of bodied) {
      // bytes that are not UTF-8 at all
      await expectNo5xx(r, urlFor(r), { token: tokenFor(r), body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) as unknown as string }, "raw body");
      for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16"]) {
        await expectNo5xx(r, urlFor(r), { token: tokenFor(r), body: JSON.stringify(sampleBody(r) ?? {}), headers: { "content-type": type } }, "content type");
      }
    }
    expect(failures).toEqual([]);
  });

  it("hostile path parameters and query strings", async () => {
    for (const r of routes) {
      if (r.params.length > 0) {
        await fc.assert(fc.asyncProperty(hostileString, async (value) => {
          const url = urlFor(r, Object.fromEntries(r.params.map((p) => [p, value.slice(0, 2000)])));
          await expectNo5xx(r, url, { token: tokenFor(r), body: JSON.stringify(sampleBody(r) ?? {}) }, "path parameter");
        }), { numRuns: 8 });
      }
      if (r.query.length > 0) {
        await fc.assert(fc.asyncProperty(fc.array(hostileString, { minLength: r.query.length, maxLength: r.query.length }), async (values) => {
          // (a numeric ?wait= would hold a long-poll open for up to a minute: fuzz it with non-numbers only)
          const qs = new URLSearchParams(r.query.map((q, i) => [q, q === "wait" && Number.isFinite(Number(values[i])) ? "0" : values[i].slice(0, 2000)]));
          await expectNo5xx(r, `${urlFor(r)}?${qs}`, { token: tokenFor(r) }, "query string");
        }), { numRuns: 8 });
      }
    }
    expect(failures).toEqual([]);
  });

  it("signed hostile n8n deliveries", async () => {
    const post = async (body: string) => {
      const id = `msg_${randomUUID()}`;
      const at = new Date();
      const res = await fetch(`${FUNCTIONS_URL}/n8n-webhook/${w.a.id}`, {
        method: "POST",
        headers: {
          "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
          "webhook-signature": new Webhook(w.secretA).sign(id, at, body),
        },
        body,
      });
      tally.add("signed n8n fuzz");
      if (res.status >= 500) failures.push(`n8n-webhook ${res.status} ${(await res.text()).slice(0, 200)} <- ${body.slice(0, 300)}`);
      else await res.body?.cancel();
    };
    const record = { id: "9001", workflowId: "wf-fuzz", workflowName: "Fuzz", status: "error", mode: "trigger", startedAt: new Date().toISOString(), retryOf: "9000", data: { resultData: { error: { message: "boom" }, lastNodeExecuted: "HTTP" } } };
    const trigger = { execution: { id: "9100", url: "https://n8n.example/x", error: { message: "boom", stack: "at x" }, lastNodeExecuted: "HTTP", mode: "trigger" }, workflow: { id: "wf-fuzz-2", name: "Fuzz 2" } };
    await fc.assert(fc.asyncProperty(fc.oneof(mutationsOf(record), mutationsOf(trigger), hostileJson), async (body) => {
      await post(JSON.stringify(body) ?? "null");
    }), { numRuns: 60 });
    for (const body of rawBodies) await post(body);
    expect(failures).toEqual([]);
  });
});
