// Every route's auth rule is declared once, in its createRoute (`...auth("agent")`: the OpenAPI
// document's `security` and the route's middleware come from the same call). This test reads
// every served function's document through the gateway and holds each route to what it declares:
// a public route answers without credentials; every other route answers 401 without them, 403
// (people_only, agents_only, service_only) to a valid token of the wrong kind, and lets the right
// kind past authentication. A route that lost its middleware, or whose document says something
// its code does not do, fails here by name.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  agentJwt, call, connect, discoverRoutes, type Route, routeKey, routeUrl, sampleBody, serviceRoleJwt, undocumented, userJwt, WRONG_KIND,
  type World, world,
} from "./helpers.ts";

const sql = connect();
let w: World;
let routes: Route[];

beforeAll(async () => {
  w = await world(sql);
  routes = await discoverRoutes();
});

afterAll(async () => {
  await sql.end();
});

/** Unknown ids in the path (nothing real is touched), a valid body where the tests know one. */
const probe = (r: Route, token?: string, headers?: Record<string, string>) =>
  call(r, routeUrl(r, w, Object.fromEntries(r.params.map((p) => [p, p === "workspace_id" ? w.a.id : randomUUID()]))), {
    token,
    headers,
    body: JSON.stringify(sampleBody(r) ?? {}),
  });

/** Past authentication: neither 401 nor a wrong-kind 403 (what follows, 404 or 422, is the route's business). */
const past = (res: { status: number; code?: string }) => res.status !== 401 && !WRONG_KIND.includes(res.code ?? "");
const show = (r: Route, what: string, res: { status: number; code?: string }) => `${routeKey(r)} (${r.auth}) ${what}: ${res.status} ${res.code ?? ""}`;

describe("every documented route does what its declared security says", () => {
  it("every route of every function declares its auth kind", () => {
    expect(undocumented).toEqual([]);
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((r) => r.auth === "undeclared").map(routeKey)).toEqual([]);
    // every kind is in use, so each branch below is exercised
    for (const kind of ["public", "user", "agent", "caller", "service", "signed"]) {
      expect(routes.some((r) => r.auth === kind), kind).toBe(true);
    }
  });

  it("without credentials: public routes answer, every other route is 401", async () => {
    const wrong: string[] = [];
    for (const r of routes) {
      const res = await probe(r);
      if (r.auth === "public" ? res.status === 401 || res.status === 403 : res.status !== 401) wrong.push(show(r, "no credentials", res));
    }
    expect(wrong).toEqual([]);
  });

  it("the right kind of caller gets past authentication, the wrong kind is 403", async () => {
    const wrong: string[] = [];
    const person = userJwt(w.a.admin);
    const agent = agentJwt(w.a.agent);
    for (const r of routes) {
      const asPerson = () => probe(r, person);
      const asAgent = () => probe(r, agent);
      switch (r.auth) {
        case "user": {
          const [p, a] = [await asPerson(), await asAgent()];
          if (!past(p)) wrong.push(show(r, "a person", p));
          if (a.status !== 403 || a.code !== "people_only") wrong.push(show(r, "an agent", a));
          break;
        }
        case "agent": {
          const [p, a] = [await asPerson(), await asAgent()];
          if (p.status !== 403 || p.code !== "agents_only") wrong.push(show(r, "a person", p));
          if (!past(a)) wrong.push(show(r, "an agent", a));
          break;
        }
        case "caller": {
          const [p, a] = [await asPerson(), await asAgent()];
          if (!past(p)) wrong.push(show(r, "a person", p));
          if (!past(a)) wrong.push(show(r, "an agent", a));
          break;
        }
        case "service": {
          const [p, a] = [await asPerson(), await asAgent()];
          if (p.status !== 403 || p.code !== "service_only") wrong.push(show(r, "a person", p));
          if (a.status !== 403 || a.code !== "service_only") wrong.push(show(r, "an agent", a));
          const s = await probe(r, serviceRoleJwt()); // the scheduler's own key: one pass of the job
          if (!past(s)) wrong.push(show(r, "the service role", s));
          break;
        }
        case "signed": {
          // a valid token is no signature
          const p = await asPerson();
          if (p.status !== 401) wrong.push(show(r, "a person's token instead of a signature", p));
          break;
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
