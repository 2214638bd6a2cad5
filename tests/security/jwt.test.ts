// JWT attacks on every route every function documents (its OpenAPI document, so a route added
// later is attacked without anyone remembering): no token, garbage, alg none, a wrong or stolen
// signature, a tampered payload, expired, not yet valid, wrong audience or issuer, missing claims,
// Supabase's anon and service_role keys, an agent token on a people-only route and the reverse, a
// token for a revoked key or a blocked agent. Each is refused (401, or 403 for the wrong kind of
// caller) and writes nothing. A second functions server configured with a JWKS (RS256 and ES256
// public keys) proves the algorithm-confusion attacks fail: HS256 signed with the public key,
// a token signed by the attacker's key under the project's kid, a key embedded in the header.
import { generateKeyPairSync } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Acceptance, agentClaims, agentJwt, call, connect, discoverRoutes, fingerprint, forgeJwt, FUNCTIONS_URL, HS256, inParallel, JWT_SECRET, AGENT_SECRET,
  learnAcceptance, type Route, routeKey, routeUrl, sampleBody, serviceRoleJwt, Tally, undocumented, userClaims, userJwt, type World, world,
} from "./helpers.ts";

const sql = connect();
const tally = new Tally("jwt.test.ts");
let w: World;
let routes: Route[];
/** Per bearer route: does it take people, agents, or both? */
let accepts: Map<string, Acceptance>;
const key = routeKey;

beforeAll(async () => {
  w = await world(sql);
  routes = await discoverRoutes();
  accepts = await learnAcceptance(routes, w);
});

afterAll(async () => {
  tally.print();
  await sql.end();
});

describe("JWT attacks on every documented route", () => {
  it("finds the routes of every function, and each bearer route accepts some valid caller", () => {
    expect(undocumented, "every served function serves its OpenAPI document").toEqual([]);
    expect(routes.length).toBeGreaterThan(5);
    const bearer = routes.filter((r) => r.bearer);
    expect(bearer.length).toBeGreaterThan(3);
    const nobody = bearer.filter((r) => !accepts.get(key(r))!.user && !accepts.get(key(r))!.agent && !accepts.get(key(r))!.service).map(key);
    expect(nobody).toEqual([]);
  });

  it("refuses every forged, expired or misaddressed token with 401 and writes nothing", async () => {
    const now = Math.floor(Date.now() / 1000);
    const viewerToken = userJwt(w.a.viewer);
    const [vh, , vs] = viewerToken.split(".");
    const tamperedPayload = Buffer.from(JSON.stringify(userClaims(w.a.admin))).toString("base64url");
    const { privateKey: attackerRsa } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const attacks: Array<[string, string | undefined, string[]?]> = [
      ["no Authorization header", undefined],
      ["not a JWT", "not-a-jwt"],
      ["three garbage segments", "a.b.c"],
      ["alg none (person)", forgeJwt({ alg: "none", typ: "JWT" }, userClaims(w.a.admin))],
      ["alg None (person)", forgeJwt({ alg: "None", typ: "JWT" }, userClaims(w.a.admin))],
      ["alg NONE with a signature", forgeJwt({ alg: "NONE" }, userClaims(w.a.admin)) + "c2ln"],
      ["alg none (agent)", forgeJwt({ alg: "none" }, agentClaims(w.a.agent))],
      ["HS256 with a wrong secret (person)", forgeJwt(HS256, userClaims(w.a.admin), { hmac: "x".repeat(40) })],
      ["HS256 with a wrong secret (agent)", forgeJwt(HS256, agentClaims(w.a.agent), { hmac: JWT_SECRET + "!" })],
      // the two secrets never stand in for each other
      ["an agent token signed with the project's legacy secret", forgeJwt(HS256, agentClaims(w.a.agent), { hmac: JWT_SECRET })],
      ["a person's token signed with AGENT_JWT_SECRET", forgeJwt(HS256, userClaims(w.a.admin), { hmac: AGENT_SECRET })],
      ["a viewer's signature on an admin's payload", `${vh}.${tamperedPayload}.${vs}`],
      ["signature removed", `${vh}.${tamperedPayload}.`],
      ["RS256 without a configured JWKS", forgeJwt({ alg: "RS256", typ: "JWT" }, userClaims(w.a.admin), { privateKey: attackerRsa })],
      ["expired (person)", userJwt(w.a.admin, { exp: now - 30 })],
      ["expired (agent)", agentJwt(w.a.agent, { exp: now - 30 })],
      ["not yet valid (person)", userJwt(w.a.admin, { nbf: now + 600 })],
      ["not yet valid (agent)", agentJwt(w.a.agent, { nbf: now + 600 })],
      ["audience anon", userJwt(w.a.admin, { aud: "anon" })],
      ["no audience", userJwt(w.a.admin, { aud: undefined })],
      ["issuer of another project", userJwt(w.a.admin, { iss: "https://evil.example/auth/v1" })],
      ["an agent token from another issuer", agentJwt(w.a.agent, { iss: "supabase-local" })],
      ["an agent token without its key", agentJwt(w.a.agent, { key_id: undefined })],
      ["an agent token without its workspace", agentJwt(w.a.agent, { workspace_id: undefined })],
      ["no expiry", userJwt(w.a.admin, { exp: undefined })],
      ["no subject", userJwt(w.a.admin, { sub: undefined })],
      ["role anon", userJwt(w.a.admin, { role: "anon" })],
      ["Supabase's anon key", forgeJwt(HS256, { iss: "supabase", ref: "local", role: "anon", iat: now, exp: now + 3600 }, { hmac: JWT_SECRET })],
      ["Supabase's service_role key", serviceRoleJwt(), ["service"]],
      ["role service_role with a subject", userJwt(w.a.admin, { role: "service_role" }), ["service"]],
      ["an expired service_role key", serviceRoleJwt({ exp: now - 30 })],
      ["a service_role key signed with another secret", forgeJwt(HS256, { iss: "supabase", role: "service_role", iat: now, exp: now + 3600 }, { hmac: "y".repeat(40) })],
      ["a service_role key with alg none", forgeJwt({ alg: "none" }, { iss: "supabase", role: "service_role", iat: now, exp: now + 3600 })],
    ];
    const before = await fingerprint(sql, [w.a.id, w.b.id]);
    const accepted: string[] = [];
    const pairs = routes.filter((r) => r.bearer).flatMap((r) => attacks.map((a) => [r, a] as const))
      .filter(([r, [, , kind]]) => !(kind?.includes("service") && accepts.get(key(r))!.service)); // the scheduler's own key is no attack there
    await inParallel(pairs, 6, async ([r, [name, token]]) => {
      const res = await call(r, routeUrl(r, w), { token, body: JSON.stringify({ runs: [{ run_key: "sec-forged", status: "running" }] }) });
      tally.add("forged tokens");
      if (res.status !== 401) accepted.push(`${key(r)} ${name}: ${res.status} ${res.code}`);
    });
    expect(accepted).toEqual([]);
    expect(await fingerprint(sql, [w.a.id, w.b.id])).toEqual(before);
  });

  it("refuses an agent on a people-only route and a person on an agent-only route (403)", async () => {
    const wrong: string[] = [];
    let tried = 0;
    for (const r of routes.filter((r) => r.bearer)) {
      const a = accepts.get(key(r))!;
      if (a.user && !a.agent) {
        const res = await call(r, routeUrl(r, w), { token: agentJwt(w.a.agent) });
        tried++;
        if (res.status !== 403) wrong.push(`${key(r)} agent token: ${res.status} ${res.code}`);
      }
      if (a.agent && !a.user) {
        const res = await call(r, routeUrl(r, w), { token: userJwt(w.a.admin) });
        tried++;
        if (res.status !== 403) wrong.push(`${key(r)} person's token: ${res.status} ${res.code}`);
      }
    }
    tally.add("wrong kind of caller", tried);
    expect(tried).toBeGreaterThan(0);
    expect(wrong).toEqual([]);
  });

  it("refuses a still-valid JWT whose key was revoked, or whose agent was blocked, on every agent route", async () => {
    // authorize answers a blocked agent with a recorded deny (governance keeps the attempt): the record is the only write allowed
    const audit = ["public.authorization_decisions", "public.governance_audit_log", "private.governance_audit_heads"];
    const before = await fingerprint(sql, [w.a.id], audit);
    const open: string[] = [];
    const agentRoutes = routes.filter((r) => r.bearer && accepts.get(key(r))!.agent);
    expect(agentRoutes.length).toBeGreaterThan(0);
    let reachedTheDatabase = 0;
    for (const r of agentRoutes) {
      for (const [name, agent] of [["revoked key", w.a.revoked], ["blocked agent", w.a.blocked]] as const) {
        // a valid body where the route's payload is known, so that the refusal cannot be mere validation
        const body = sampleBody(r);
        const res = await call(r, routeUrl(r, w, { agent_id: agent.agentId, key_id: agent.keyId }), {
          token: agentJwt(agent),
          body: JSON.stringify(body ?? {}),
        });
        tally.add("revoked or blocked");
        if (body !== undefined) reachedTheDatabase++;
        const denied = res.status === 200 && (() => {
          try {
            return JSON.parse(res.text).decision === "deny";
          } catch {
            return false;
          }
        })();
        const refused = body !== undefined ? res.status === 401 || res.status === 403 || denied : (res.status >= 400 && res.status < 500) || denied;
        if (!refused) open.push(`${key(r)} ${name}: ${res.status} ${res.code}`);
      }
    }
    expect(reachedTheDatabase).toBeGreaterThan(0);
    expect(open).toEqual([]);
    expect(await fingerprint(sql, [w.a.id], audit)).toEqual(before);
  });
});

describe("algorithm confusion against a project with asymmetric signing keys (JWKS)", () => {
  let server: { kill: (s?: string) => void } | undefined;
  let base = "";
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const attacker = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const rsaJwk = { ...rsa.publicKey.export({ format: "jwk" }), kid: "project-rsa", alg: "RS256", use: "sig" };
  const ecJwk = { ...ec.publicKey.export({ format: "jwk" }), kid: "project-ec", alg: "ES256", use: "sig" };

  beforeAll(async () => {
    const stack = await import("../../scripts/lib/stack.mjs");
    const dbPort = Number(new URL(process.env.SUPABASE_DB_URL!).port);
    const fnPort = await stack.freePort();
    server = await stack.serveFunctions({ dbPort, fnPort, extraEnv: { SUPABASE_JWKS: JSON.stringify({ keys: [rsaJwk, ecJwk] }) }, stdio: ["ignore", "ignore", "ignore"] });
    await stack.waitForHttp(`http://127.0.0.1:${fnPort}/health`);
    base = `http://127.0.0.1:${fnPort}/functions/v1`;
  }, 90_000);

  afterAll(() => server?.kill("SIGTERM"));

  it("accepts the project's own RS256 and ES256 tokens, and refuses every confusion", async () => {
    const claims = userClaims(w.a.admin);
    const route = routes.find((r) => r.bearer && accepts.get(key(r))!.user && r.method === "get")!;
    expect(route).toBeDefined();
    const url = routeUrl(route, w).replace(FUNCTIONS_URL, base);
    // positive controls: the real keys work on this server
    for (const token of [
      forgeJwt({ alg: "RS256", kid: "project-rsa", typ: "JWT" }, claims, { privateKey: rsa.privateKey }),
      forgeJwt({ alg: "ES256", kid: "project-ec", typ: "JWT" }, claims, { privateKey: ec.privateKey }),
    ]) {
      const res = await call(route, url, { token });
      expect(res.status, res.text).not.toBe(401);
    }
    const pem = rsa.publicKey.export({ format: "pem", type: "spki" }) as string;
    const ecPem = ec.publicKey.export({ format: "pem", type: "spki" }) as string;
    const confusions: Array<[string, string]> = [
      ["HS256 signed with the RSA public key (PEM)", forgeJwt({ alg: "HS256", kid: "project-rsa" }, claims, { hmac: pem })],
      ["HS256 signed with the EC public key (PEM)", forgeJwt({ alg: "HS256", kid: "project-ec" }, claims, { hmac: ecPem })],
      ["HS256 signed with the public JWK as JSON", forgeJwt({ alg: "HS256", kid: "project-rsa" }, claims, { hmac: JSON.stringify(rsaJwk) })],
      ["HS256 signed with the JWKS document", forgeJwt({ alg: "HS256" }, claims, { hmac: JSON.stringify({ keys: [rsaJwk, ecJwk] }) })],
      ["ES256 by the attacker under the project's kid", forgeJwt({ alg: "ES256", kid: "project-ec" }, claims, { privateKey: attacker.privateKey })],
      ["ES256 by the attacker with its key embedded (jwk header)", forgeJwt({ alg: "ES256", jwk: attacker.publicKey.export({ format: "jwk" }) }, claims, { privateKey: attacker.privateKey })],
      ["ES256 by the attacker with a jku header", forgeJwt({ alg: "ES256", kid: "attacker", jku: "https://evil.example/jwks.json" }, claims, { privateKey: attacker.privateKey })],
      ["RS256 header over an ES256 signature", forgeJwt({ alg: "RS256", kid: "project-ec" }, claims, { privateKey: ec.privateKey })],
      ["alg none on a JWKS project", forgeJwt({ alg: "none", kid: "project-rsa" }, claims)],
      ["expired RS256", forgeJwt({ alg: "RS256", kid: "project-rsa" }, { ...claims, exp: Math.floor(Date.now() / 1000) - 60 }, { privateKey: rsa.privateKey })],
      ["RS256 for another audience", forgeJwt({ alg: "RS256", kid: "project-rsa" }, { ...claims, aud: "other" }, { privateKey: rsa.privateKey })],
    ];
    const accepted: string[] = [];
    const pairs = routes.filter((r) => r.bearer).flatMap((r) => confusions.map((c) => [r, c] as const));
    await inParallel(pairs, 6, async ([r, [name, token]]) => {
      const res = await call(r, routeUrl(r, w).replace(FUNCTIONS_URL, base), { token });
      tally.add("algorithm confusion");
      if (res.status !== 401) accepted.push(`${key(r)} ${name}: ${res.status} ${res.code}`);
    });
    expect(accepted).toEqual([]);
  });
});
