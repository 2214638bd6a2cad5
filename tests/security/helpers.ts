// Shared by the attack and fuzz tests: the served functions (FUNCTIONS_URL), the test database
// (SUPABASE_DB_URL), two workspaces with every kind of caller, JWTs forged every way an attacker
// would, the routes every function documents in its OpenAPI document, and a fingerprint of what a
// workspace holds (to prove that a refused request wrote nothing).
import { createHash, createHmac, randomBytes, randomUUID, sign as cryptoSign, type KeyObject } from "node:crypto";
import fc from "fast-check";
import postgres from "postgres";
import { addMember, createAgent, createUser, createWorkspace, type TestAgent } from "../../shared/testing/builders.ts";

export const FUNCTIONS_URL = process.env.FUNCTIONS_URL ?? "http://127.0.0.1:54321/functions/v1";
/** The project's legacy HS256 secret (people's legacy tokens, the legacy anon and service-role keys). */
export const JWT_SECRET = process.env.LEGACY_JWT_SECRET ?? "super-secret-jwt-token-with-at-least-32-characters-long";
/** The project's own secret for agent JWTs (never the legacy secret). */
export const AGENT_SECRET = process.env.AGENT_JWT_SECRET ?? "";
export const USER_ISSUER = process.env.JWT_ISSUER ?? "http://127.0.0.1:54321/auth/v1";
export const AGENT_ISSUER = "agentops/agent-auth";

export type Sql = postgres.Sql<Record<string, unknown>>;

export function connect(): Sql {
  const url = process.env.SUPABASE_DB_URL;
  if (!url) throw new Error("SUPABASE_DB_URL is not set: run the security tests through `npm test`");
  return postgres(url, { max: 4, onnotice: () => {} }) as unknown as Sql;
}

const b64url = (v: string | Buffer) => Buffer.from(v).toString("base64url");

/** A JWT with any header and payload; signed with HS256 by secret, by an asymmetric key, or not at all. */
export function forgeJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key?: { hmac?: string | Buffer; privateKey?: KeyObject },
): string {
  const head = b64url(JSON.stringify(header));
  const body = b64url(JSON.stringify(payload));
  const input = `${head}.${body}`;
  if (key?.hmac !== undefined) return `${input}.${createHmac("sha256", key.hmac).update(input).digest("base64url")}`;
  if (key?.privateKey) {
    const alg = String(header.alg);
    const sig = alg.startsWith("ES")
      ? cryptoSign("sha256", Buffer.from(input), { key: key.privateKey, dsaEncoding: "ieee-p1363" })
      : cryptoSign("sha256", Buffer.from(input), key.privateKey);
    return `${input}.${sig.toString("base64url")}`;
  }
  return `${input}.`;
}

const now = () => Math.floor(Date.now() / 1000);

export function userClaims(userId: string, overrides: Record<string, unknown> = {}) {
  return { sub: userId, role: "authenticated", aud: "authenticated", iss: USER_ISSUER, iat: now(), exp: now() + 3600, ...overrides };
}

export function agentClaims(agent: { agentId: string; workspaceId: string; keyId: string }, overrides: Record<string, unknown> = {}) {
  return {
    sub: agent.agentId, role: "authenticated", aud: "authenticated", iss: AGENT_ISSUER, actor: "agent",
    workspace_id: agent.workspaceId, key_id: agent.keyId, agent_slug: "probe", iat: now(), nbf: now() - 5, exp: now() + 300, ...overrides,
  };
}

export const HS256 = { alg: "HS256", typ: "JWT" };
export const userJwt = (userId: string, overrides: Record<string, unknown> = {}) => forgeJwt(HS256, userClaims(userId, overrides), { hmac: JWT_SECRET });
export const agentJwt = (agent: { agentId: string; workspaceId: string; keyId: string }, overrides: Record<string, unknown> = {}) =>
  forgeJwt(HS256, agentClaims(agent, overrides), { hmac: AGENT_SECRET });

/**
 * A loopback address, different per call, so that failed attempts never share a rate-limit bucket
 * by accident. The gateway takes the client's address from the socket, as Supabase's edge does (a
 * client's X-Forwarded-For is not believed), so a test connects from its own address: fetchFrom.
 */
export function address(): string {
  const b = randomBytes(3);
  return `127.${b[0] % 254 + 1}.${b[1]}.${b[2] % 254 + 1}`;
}

/** fetch() from a given local address (any 127.x.y.z reaches the gateway on 127.0.0.1). */
export async function fetchFrom(
  from: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Response> {
  const { request } = await import("node:http");
  return await new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? "GET", headers: init.headers, localAddress: from }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
        const status = res.statusCode ?? 0;
        resolve(new Response(status === 204 || status === 304 ? null : Buffer.concat(chunks), { status, headers }));
      });
    });
    req.on("error", reject);
    if (init.body !== undefined) req.write(init.body);
    req.end();
  });
}

/** A new agent API key with its stored hash (synchronous, for tests that build keys inline). */
export function newKey(): { key: string; prefix: string; hash: string } {
  const prefix = `ak_${randomBytes(8).toString("hex").slice(0, 8)}`;
  const key = `${prefix}_${randomBytes(32).toString("base64url")}`;
  return { key, prefix, hash: createHash("sha256").update(key).digest("hex") };
}

export type Agent = TestAgent;
export type World = {
  a: { id: string; admin: string; viewer: string; member: string; approver: string; agent: Agent; other: Agent; blocked: Agent; revoked: Agent };
  b: { id: string; admin: string; agent: Agent };
  secretA: string;
};

/** Quotas no attack reaches by accident: a refusal is the defence's, never a quota's. */
const UNLIMITED = { requests_per_minute: 1000000, tokens_per_day: 1000000000000, cost_per_month: 9000000000 };
const makeAgent = (sql: Sql, workspaceId: string, slug: string, opts: { status?: string; revoked?: boolean } = {}) =>
  createAgent(sql, workspaceId, { slug, limits: UNLIMITED, ...opts });
const makeUser = (sql: Sql, tag: string) => {
  const id = randomUUID();
  return createUser(sql, { id, email: `${tag}-${id.slice(0, 8)}@security.test` });
};

/** Workspace A (admin, approver, member, viewer; an agent, a second agent, a blocked one and one with a revoked key, a webhook secret) and workspace B (admin, agent). */
export async function world(sql: Sql): Promise<World> {
  const tag = randomUUID().slice(0, 8);
  const adminA = await makeUser(sql, "admin-a");
  const adminB = await makeUser(sql, "admin-b");
  const a = await createWorkspace(sql, adminA, `sec-a-${tag}`);
  const b = await createWorkspace(sql, adminB, `sec-b-${tag}`);
  const viewer = await makeUser(sql, "viewer-a");
  const member = await makeUser(sql, "member-a");
  const approver = await makeUser(sql, "approver-a");
  await addMember(sql, a, viewer, "viewer");
  await addMember(sql, a, member, "member");
  await addMember(sql, a, approver, "approver");
  const secretA = `whsec_${randomBytes(32).toString("base64")}`;
  await sql`insert into private.webhook_secrets (workspace_id, secret, created_by) values (${a}, ${secretA}, ${adminA})`;
  return {
    a: {
      id: a, admin: adminA, viewer, member, approver,
      agent: await makeAgent(sql, a, "sec-agent"),
      other: await makeAgent(sql, a, "sec-other-agent"),
      blocked: await makeAgent(sql, a, "sec-blocked-agent", { status: "blocked" }),
      revoked: await makeAgent(sql, a, "sec-revoked-agent", { revoked: true }),
    },
    b: { id: b, admin: adminB, agent: await makeAgent(sql, b, "sec-b-agent") },
    secretA,
  };
}

/** How many rows a workspace holds across every table of the exposed schemas (api_usage aside: every call logs one). */
export async function fingerprint(sql: Sql, workspaceIds: string[], exclude: string[] = []): Promise<Record<string, number>> {
  const tables = await sql<{ rel: string }[]>`
    select format('%I.%I', n.nspname, c.relname) as rel
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ('public', 'analytics', 'private') and c.relkind in ('r', 'p') and not c.relispartition
      and c.relname <> 'api_usage'
      and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'workspace_id' and not a.attisdropped)
    order by 1`;
  if (tables.length === 0) return {};
  const query = tables.map((t) => `select '${t.rel}' as rel, count(*)::int as n from ${t.rel} where workspace_id = any($1::uuid[])`).join(" union all ");
  const rows = await sql.unsafe<{ rel: string; n: number }[]>(query, [workspaceIds]);
  return Object.fromEntries(rows.filter((r) => r.n > 0 && !exclude.includes(r.rel)).map((r) => [r.rel, r.n]));
}

/**
 * Who a route declares it takes (supabase/functions/_shared/auth.ts, auth(kind)), read from its
 * operation's `security` in the OpenAPI document; "undeclared" when the operation has none.
 */
export type AuthKind = "public" | "user" | "agent" | "caller" | "service" | "signed" | "undeclared";

export type Route = {
  fn: string; method: string; path: string; auth: AuthKind; bearer: boolean; jsonBody: boolean; params: string[]; query: string[];
};

/** The auth kind an operation's security requirements declare (the inverse of auth() in _shared/auth.ts). */
export function authKind(security: unknown): AuthKind {
  if (!Array.isArray(security)) return "undeclared";
  const schemes = security.map((s: Record<string, unknown>) => Object.keys(s).sort().join("+")).sort().join(",");
  switch (schemes) {
    case "":
      return "public";
    case "user":
      return "user";
    case "agent":
      return "agent";
    case "agent,user":
      return "caller";
    case "service":
    case "dispatchSecret,service":
      return "service";
    case "signed":
      return "signed";
    default:
      return "undeclared";
  }
}

const EXTRA_ROUTES: Route[] = [
  // people and agents read approvals under RLS: a revoked agent key once got 200 with an empty list here
  { fn: "approvals", method: "get", path: "/approvals", auth: "caller", bearer: true, jsonBody: false, params: [], query: [] },
];

/** Functions whose OpenAPI document could not be read (their routes are then not attacked: a test fails on this list). */
export const undocumented: string[] = [];

/** Every route every served function documents at /<name>/openapi.json, plus the few registered outside it. */
export async function discoverRoutes(): Promise<Route[]> {
  const { functionNames } = await import("../../scripts/lib/stack.mjs");
  const routes: Route[] = [];
  undocumented.length = 0;
  for (const fn of functionNames() as string[]) {
    const res = await fetch(`${FUNCTIONS_URL}/${fn}/openapi.json`);
    if (res.status === 404 && (await res.clone().json().catch(() => ({})))?.error?.code === "function_not_found") continue; // not served (yet)
    if (res.status !== 200) {
      undocumented.push(`${fn}: ${res.status}`);
      continue;
    }
    const doc = (await res.json()) as { paths: Record<string, Record<string, any>> };
    for (const [path, methods] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        routes.push({
          fn,
          method,
          path,
          auth: authKind(op.security),
          bearer: ["user", "agent", "caller", "service"].includes(authKind(op.security)),
          jsonBody: Boolean(op.requestBody?.content?.["application/json"]),
          params: (op.parameters ?? []).filter((p: any) => p.in === "path").map((p: any) => p.name),
          query: (op.parameters ?? []).filter((p: any) => p.in === "query").map((p: any) => p.name),
        });
      }
    }
  }
  for (const extra of EXTRA_ROUTES) if (!routes.some((r) => r.method === extra.method && r.path === extra.path)) routes.push(extra);
  return routes;
}

/** The route's path with its parameters filled from the world (workspace A's ids), unknown ones with a fresh UUID. */
export function routeUrl(route: Route, w: World, values: Record<string, string> = {}): string {
  const fill: Record<string, string> = {
    workspace_id: w.a.id, agent_id: w.a.agent.agentId, key_id: w.a.agent.keyId, run_key: "sec-run-0", ...values,
  };
  const path = route.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent((fill[name] ?? randomUUID()).toWellFormed()));
  return `${FUNCTIONS_URL}${path}`;
}

/** A valid body for the routes whose payload the tests know, so that a request gets past validation. */
export function sampleBody(route: Route, runKey = `sec-${randomUUID().slice(0, 8)}`): unknown | undefined {
  const at = new Date().toISOString();
  const span = { span_key: "s1", kind: "llm", name: "chat", started_at: at, gen_ai_usage_input_tokens: 3 };
  switch (`${route.method.toUpperCase()} ${route.path}`) {
    case "POST /ingest/runs":
      return { runs: [{ run_key: runKey, status: "succeeded", started_at: at, ended_at: at, tokens_in: 3, tokens_out: 1, spans: [span] }] };
    case "POST /ingest/run":
      return { run_key: runKey, status: "running", started_at: at };
    case "POST /ingest/runs/{run_key}/spans":
      return { spans: [span] };
    case "POST /ingest/metrics":
      return { samples: [{ metric_type: "latency.ms", value: 12, unit: "ms" }] };
    case "POST /ingest/feedback":
      return { run_key: "sec-run-0", rating: 4 };
    case "POST /ingest/v1/traces":
      return {
        resourceSpans: [{
          resource: { attributes: [{ key: "service.name", value: { stringValue: "probe" } }] },
          scopeSpans: [{ spans: [{ traceId: "5b8efff798038103d269b633813fc60c", spanId: "eee19b7ec3c1b174", name: "chat", startTimeUnixNano: String(Date.now() * 1e6), endTimeUnixNano: String(Date.now() * 1e6 + 1e6), attributes: [{ key: "gen_ai.system", value: { stringValue: "openai" } }] }] }],
        }],
      };
    case "POST /authorize":
    case "POST /authorize/":
      return { tool: "openai-api", action: "generate:text", arguments: { prompt: "hi" }, estimated_cost_usd: 0.01, estimated_tokens: 10 };
    case "POST /evaluations":
      return { run_key: "sec-run-done", evaluator_vendor: "probe", model_version: "v1", quality_score: 80, reliability_score: 70, value_score: 60, verdict: "pass", details: { rubric: "r1" } };
    case "POST /evaluations/efficiency":
      return { run_key: "sec-run-done", throughput_per_hour: 12, success_rate: 0.9, latency_p50_ms: 100, latency_p95_ms: 250, cpu_seconds: 1.5, memory_mb_avg: 64 };
    case "POST /patterns/search":
      return { embedding: Array.from({ length: 1536 }, (_, i) => ((i % 7) - 3) / 10), topic: "copy", match_count: 3, min_success_rate: 0 };
    case "POST /activity/events":
      return { events: [{ event_type: "page_view", event_name: "open", page_path: "/runs", metadata: { tab: "all" } }] };
    case "POST /agents/{agent_id}/keys":
      return { name: "probe" };
    default:
      return undefined;
  }
}

export async function call(
  route: Route,
  url: string,
  opts: { token?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; code?: string; text: string }> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
  const hasBody = route.method !== "get" && route.method !== "delete";
  if (hasBody) headers["content-type"] ??= "application/json";
  const res = await fetchFrom(address(), url, { method: route.method.toUpperCase(), headers, body: hasBody ? (opts.body ?? "{}") : undefined });
  const text = await res.text();
  let code: string | undefined;
  try {
    code = JSON.parse(text)?.error?.code;
  } catch {
    code = undefined;
  }
  return { status: res.status, code, text };
}

/** The codes of a 403 for the wrong kind of caller (a valid token of a kind the route does not take). */
export const WRONG_KIND = ["people_only", "agents_only", "service_only"];

export type Acceptance = { user: boolean; agent: boolean; service: boolean };

/** Supabase's service_role key as the platform signs it (for the scheduler-only routes). */
export function serviceRoleJwt(overrides: Record<string, unknown> = {}) {
  const t = Math.floor(Date.now() / 1000);
  return forgeJwt(HS256, { iss: "supabase", ref: "local", role: "service_role", iat: t, exp: t + 3600, ...overrides }, { hmac: JWT_SECRET });
}
export const routeKey = (r: Route) => `${r.method.toUpperCase()} ${r.path}`;

/**
 * Per bearer route: does it take people, agents, or both? Learned from its answers to valid tokens
 * on unknown ids (nothing real changes): past authentication means neither 401 nor a wrong-kind 403.
 */
export async function learnAcceptance(routes: Route[], w: World): Promise<Map<string, Acceptance>> {
  const accepts = new Map<string, Acceptance>();
  for (const r of routes.filter((r) => r.bearer)) {
    const url = routeUrl(r, w, Object.fromEntries(r.params.map((p) => [p, p === "workspace_id" ? w.a.id : randomUUID()])));
    const asUser = await call(r, url, { token: userJwt(w.a.admin) });
    const asAgent = await call(r, url, { token: agentJwt(w.a.agent) });
    const past = (res: { status: number; code?: string }) => res.status !== 401 && !WRONG_KIND.includes(res.code ?? "");
    const user = past(asUser);
    const agent = past(asAgent);
    // only the scheduler's routes take the service role; probe them alone (a pass may do work)
    const service = !user && !agent && past(await call(r, url, { token: serviceRoleJwt() }));
    accepts.set(routeKey(r), { user, agent, service });
  }
  return accepts;
}

/** Counts what a test file tried, printed once at the end (the figures docs/reliability.md reports). */
export class Tally {
  private counts = new Map<string, number>();
  constructor(readonly file: string) {}
  add(kind: string, n = 1) {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + n);
  }
  print() {
    const total = [...this.counts.values()].reduce((a, b) => a + b, 0);
    const parts = [...this.counts.entries()].map(([k, v]) => `${k} ${v}`).join(", ");
    console.log(`[security] ${this.file}: ${total} attempts refused (${parts})`);
  }
}

/** A Unicode code point that is not a lone surrogate (fast-check's "binary" unit costs seconds to set up). */
export const codePoint = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.integer({ min: 0, max: 0xd7ff }),
  fc.integer({ min: 0xe000, max: 0x10ffff }),
);
export const unicodeString = (opts: { minLength?: number; maxLength?: number } = {}) =>
  fc.array(codePoint, { minLength: opts.minLength ?? 0, maxLength: opts.maxLength ?? 20 }).map((cps) => String.fromCodePoint(...cps));

/** Runs fn over items with at most `width` in flight (the functions server answers requests concurrently). */
export async function inParallel<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  });
  await Promise.all(workers);
}
