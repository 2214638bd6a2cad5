// JWT verification in code with jose. Two kinds of bearer token:
// * people: Supabase Auth access tokens, verified against the project's published signing keys
//   (SUPABASE_JWKS, which Supabase provides to every function, else fetched from
//   $SUPABASE_URL/auth/v1/.well-known/jwks.json) or, while a project still signs with it, the
//   legacy HS256 secret (LEGACY_JWT_SECRET, optional);
// * agents: JWTs minted by agent-auth (claim actor = agent, issuer agentops/agent-auth), signed
//   with this project's own AGENT_JWT_SECRET, so they outlive a rotation of the project's keys.
// The token's issuer decides which key may verify it, and the other key never does: a person's
// token cannot pass as an agent's, nor the reverse. Only HS256, ES256 and RS256; never `alg: none`.
import type { Context, MiddlewareHandler } from "hono";
import {
  createLocalJWKSet, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, type JWTPayload, jwtVerify, SignJWT,
} from "jose";
import type { Claims } from "./db.ts";
import { env } from "./env.ts";
import { unauthorized, forbidden } from "./errors.ts";
import { claimed, privileged } from "./db.ts";
import { timingSafeEqual } from "hono/utils/buffer";

export type UserCaller = { kind: "user"; userId: string; claims: Claims };
export type AgentCaller = { kind: "agent"; agentId: string; workspaceId: string; keyId: string; claims: Claims };
export type Caller = UserCaller | AgentCaller;

export const AGENT_JWT_ISSUER = "agentops/agent-auth";
const AUDIENCE = "authenticated";

type KeySet = ReturnType<typeof createLocalJWKSet>;
let jwks: KeySet | undefined;
let jwksSource: string | undefined;

/** The project's public keys: SUPABASE_JWKS when given, else the Auth server's published JWKS. */
function projectJwks(): KeySet | undefined {
  const e = env();
  const source = e.SUPABASE_JWKS?.trim() ? `inline:${e.SUPABASE_JWKS}` : e.SUPABASE_URL ? `remote:${e.SUPABASE_URL}` : undefined;
  if (!source) return undefined;
  if (jwks && jwksSource === source) return jwks;
  if (source.startsWith("inline:")) {
    const parsed = JSON.parse(e.SUPABASE_JWKS!);
    jwks = createLocalJWKSet(Array.isArray(parsed) ? { keys: parsed } : parsed);
  } else {
    const url = new URL("auth/v1/.well-known/jwks.json", e.SUPABASE_URL!.endsWith("/") ? e.SUPABASE_URL : `${e.SUPABASE_URL}/`);
    jwks = createRemoteJWKSet(url, { cacheMaxAge: 10 * 60_000, cooldownDuration: 30_000 }) as unknown as KeySet;
  }
  jwksSource = source;
  return jwks;
}

// HS256 keys imported once per isolate and secret (jose imports a raw Uint8Array on every call:
// measurable on the hot paths, issue 14); a changed secret (tests set the environment) imports again
const hmacKeys = new Map<string, Promise<CryptoKey>>();

/** The HMAC-SHA256 key of a secret, imported on first use and kept for the isolate's life. */
export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = hmacKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    if (hmacKeys.size > 8) hmacKeys.clear();
    hmacKeys.set(secret, key);
  }
  return key;
}

function agentKey(): Promise<CryptoKey> {
  return hmacKey(env().AGENT_JWT_SECRET);
}

function legacyKey(): Promise<CryptoKey> | undefined {
  const secret = env().LEGACY_JWT_SECRET;
  return secret ? hmacKey(secret) : undefined;
}

/** Verifies a bearer token and returns its payload, or throws 401 with the reason. */
export async function verifyToken(token: string): Promise<JWTPayload> {
  let alg: string | undefined;
  let issuer: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
    issuer = decodeJwt(token).iss;
  } catch {
    throw unauthorized("invalid_token", "the bearer token is not a JWT");
  }
  const options = { audience: AUDIENCE, requiredClaims: ["exp", "sub"] };
  try {
    if (issuer === AGENT_JWT_ISSUER) {
      // agent tokens: this project's own secret, HS256 only
      const { payload } = await jwtVerify(token, await agentKey(), { ...options, algorithms: ["HS256"], issuer: AGENT_JWT_ISSUER });
      return payload;
    }
    if (alg === "HS256") {
      const key = legacyKey();
      if (!key) throw unauthorized("invalid_token", "HS256 user tokens are not accepted: this project verifies people's tokens with its signing keys (JWKS)");
      const { payload } = await jwtVerify(token, await key, { ...options, algorithms: ["HS256"] });
      return payload;
    }
    if (alg === "ES256" || alg === "RS256") {
      const keys = projectJwks();
      if (!keys) throw unauthorized("invalid_token", `tokens signed with ${alg} are not accepted: neither SUPABASE_JWKS nor SUPABASE_URL is set`);
      const { payload } = await jwtVerify(token, keys, { ...options, algorithms: ["ES256", "RS256"] });
      return payload;
    }
  } catch (err) {
    if (err instanceof Error && "code" in err) {
      const code = (err as { code: string }).code;
      if (code === "ERR_JWT_EXPIRED") throw unauthorized("token_expired", "the bearer token has expired");
      if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED") {
        throw unauthorized("invalid_token", `the bearer token's ${(err as { claim?: string }).claim ?? "claims"} claim is not acceptable`);
      }
      if (code === "ERR_JWKS_NO_MATCHING_KEY") throw unauthorized("invalid_token", "the bearer token was signed with a key this project does not publish");
    }
    if (err instanceof Error && err.name === "HTTPException") throw err;
    throw unauthorized("invalid_token", "the bearer token's signature is not valid");
  }
  throw unauthorized("invalid_token", `tokens signed with ${alg ?? "no algorithm"} are not accepted`);
}

/** The token of an `Authorization: Bearer <token>` header, or undefined: the one place that parses it. */
export function bearerToken(header: string | null | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1];
}

/** The bearer token of the request, or 401 missing_token. */
export function bearer(c: Context): string {
  const token = bearerToken(c.req.header("authorization"));
  if (!token) throw unauthorized("missing_token", "send Authorization: Bearer <jwt>");
  return token;
}

export function callerFromPayload(payload: JWTPayload): Caller {
  const claims = payload as Claims;
  if (payload.role !== "authenticated") throw unauthorized("invalid_token", "the token's role must be authenticated");
  if (payload.actor === "agent") {
    if (payload.iss !== AGENT_JWT_ISSUER || typeof payload.workspace_id !== "string" || typeof payload.key_id !== "string") {
      throw unauthorized("invalid_token", "the agent token is missing its workspace or key");
    }
    return { kind: "agent", agentId: String(payload.sub), workspaceId: payload.workspace_id, keyId: payload.key_id, claims };
  }
  if (payload.iss === AGENT_JWT_ISSUER) throw unauthorized("invalid_token", "the agent token is not marked as an agent's");
  const issuer = env().JWT_ISSUER;
  if (issuer && payload.iss !== issuer) throw unauthorized("invalid_token", "the token's issuer is not this project");
  if (payload.is_anonymous === true) throw forbidden("anonymous_user", "anonymous users cannot use this endpoint");
  return { kind: "user", userId: String(payload.sub), claims };
}

declare module "hono" {
  interface ContextVariableMap {
    caller: Caller;
  }
}

/**
 * Who may call a route, declared once in its createRoute (`...auth("agent")`), so that the
 * OpenAPI document and the code cannot disagree:
 * - `public`: anyone, no credentials;
 * - `user`: people, with a Supabase Auth access token (an agent's token: 403 people_only);
 * - `agent`: agents, with a JWT from agent-auth (a person's token: 403 agents_only);
 * - `caller`: people or agents; RLS and the SQL function decide what each may see and do.
 *   With `{ liveKey: true }` an agent's key and status are checked in the database first, for
 *   routes where a revoked key or a blocked agent must get 401/403 rather than an empty answer;
 * - `service`: the scheduler, with one of the project's service credentials (a person's or an
 *   agent's valid token: 403 service_only), or a shared secret header when the route names one;
 * - `signed`: a signature over the raw body, checked by the route's own verifier (n8n's
 *   Standard Webhooks), since only the function knows whose secrets sign it.
 * Without credentials every non-public route answers 401.
 */
export type AuthKind = "public" | "user" | "agent" | "caller" | "service" | "signed";

type AuthOptions = {
  /** caller: check an agent's key and status in the database before the route runs. */
  liveKey?: boolean;
  /** service: also accept this header when it matches the secret in this environment variable. */
  sharedSecret?: { header: string; env: string };
  /** signed: the middleware that verifies the signature (401 when it does not match). */
  verify?: MiddlewareHandler;
};

/** The security schemes auth() declares; createApp registers them in every function's document. */
export const SECURITY_SCHEMES = {
  user: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "A person's Supabase Auth access token" },
  agent: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "An agent's JWT from agent-auth (POST /agent-auth/token)" },
  service: {
    type: "apiKey",
    in: "header",
    name: "apikey",
    description: "A service credential of the project: a secret API key (sb_secret_...) in apikey or as bearer, or the service-role key",
  },
  dispatchSecret: { type: "apiKey", in: "header", name: "x-dispatch-secret", description: "The shared ALERT_DISPATCH_SECRET" },
  signed: {
    type: "apiKey",
    in: "header",
    name: "webhook-signature",
    description: "Standard Webhooks: webhook-id, webhook-timestamp and webhook-signature (HMAC-SHA256 with a connection's secret)",
  },
} as const;

type SecurityRequirement = Partial<Record<keyof typeof SECURITY_SCHEMES, string[]>>;

export function auth(kind: AuthKind, opts: AuthOptions = {}): { security: SecurityRequirement[]; middleware: MiddlewareHandler[] } {
  switch (kind) {
    case "public":
      return { security: [], middleware: [] };
    case "user":
      return { security: [{ user: [] }], middleware: [bearerCaller(["user"], false)] };
    case "agent":
      return { security: [{ agent: [] }], middleware: [bearerCaller(["agent"], false)] };
    case "caller":
      return { security: [{ user: [] }, { agent: [] }], middleware: [bearerCaller(["user", "agent"], opts.liveKey ?? false)] };
    case "service":
      return {
        security: opts.sharedSecret ? [{ service: [] }, { dispatchSecret: [] }] : [{ service: [] }],
        middleware: [serviceOnly(opts.sharedSecret)],
      };
    case "signed":
      if (!opts.verify) throw new Error('auth("signed") needs the verifier of its signatures');
      return { security: [{ signed: [] }], middleware: [opts.verify] };
  }
}

function bearerCaller(kinds: Caller["kind"][], liveKey: boolean): MiddlewareHandler {
  return async (c, next) => {
    const caller = callerFromPayload(await verifyToken(bearer(c)));
    if (!kinds.includes(caller.kind)) {
      throw caller.kind === "agent"
        ? forbidden("people_only", "this endpoint is for people signed in with Supabase Auth, not agents")
        : forbidden("agents_only", "this endpoint is for agents: exchange an API key at agent-auth first");
    }
    if (liveKey && caller.kind === "agent") {
      // the agent of the token's claims, checked live (key, status, workspace), as the agent functions do
      await privileged((sql) => sql`select private.claimed_agent() is not null from ${claimed(sql, caller.claims)}`);
    }
    c.set("caller", caller);
    await next();
  };
}

function serviceOnly(sharedSecret?: { header: string; env: string }): MiddlewareHandler {
  return async (c, next) => {
    if (sharedSecret) {
      const given = c.req.header(sharedSecret.header);
      if (given !== undefined) {
        const expected = Deno.env.get(sharedSecret.env);
        if (expected && await timingSafeEqual(given, expected)) return await next();
        throw unauthorized(`invalid_${sharedSecret.header.replace(/^x-/, "").replaceAll("-", "_")}`, `the ${sharedSecret.header} header does not match ${sharedSecret.env}`);
      }
    }
    const token = bearerToken(c.req.header("authorization"));
    if (!token && !c.req.header("apikey")) {
      throw unauthorized("missing_token", "send apikey: <secret key> or Authorization: Bearer <service-role key>");
    }
    if (await hasServiceCredential(c.req.raw.headers)) return await next();
    // a valid token of a person or an agent is the wrong kind of caller, not a failed authentication
    const caller = token ? await verifyToken(token).then(callerFromPayload).catch(() => undefined) : undefined;
    if (caller) throw forbidden("service_only", "only the scheduler (a service credential of the project) may call this endpoint");
    throw unauthorized("service_credential_required", "only the scheduler (a service credential of the project) may call this endpoint");
  };
}

/** The person the route's auth("user") middleware let in. */
export function userCaller(c: Context): UserCaller {
  const caller = c.get("caller");
  if (caller?.kind !== "user") throw forbidden("people_only", "this endpoint is for people");
  return caller;
}

/** The agent the route's auth("agent") middleware let in. */
export function agentCaller(c: Context): AgentCaller {
  const caller = c.get("caller");
  if (caller?.kind !== "agent") throw forbidden("agents_only", "this endpoint is for agents");
  return caller;
}

/** Mints an agent JWT (role authenticated, sub = agent id, actor = agent) with AGENT_JWT_SECRET. */
export async function signAgentToken(agent: { agentId: string; workspaceId: string; keyId: string; slug: string }) {
  const ttl = env().AGENT_JWT_TTL_SECONDS;
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({
    role: "authenticated",
    actor: "agent",
    workspace_id: agent.workspaceId,
    key_id: agent.keyId,
    agent_slug: agent.slug,
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(agent.agentId)
    .setAudience(AUDIENCE)
    .setIssuer(AGENT_JWT_ISSUER)
    .setIssuedAt(now)
    .setNotBefore(now - 5)
    .setExpirationTime(now + ttl)
    .sign(await agentKey());
  return { token, expiresIn: ttl };
}

/**
 * Whether the request carries one of the project's service credentials, as a scheduler sends
 * them: a secret API key (sb_secret_..., from SUPABASE_SECRET_KEYS) in `apikey` or as bearer, the
 * legacy service-role key (SUPABASE_SERVICE_ROLE_KEY), or a service_role JWT signed with the
 * legacy secret. New API keys are not JWTs: they are compared, never decoded.
 */
export async function hasServiceCredential(headers: Headers): Promise<boolean> {
  const e = env();
  const token = bearerToken(headers.get("authorization"));
  const given = [headers.get("apikey") ?? undefined, token].filter((v): v is string => !!v);
  if (given.length === 0) return false;
  const known: string[] = [];
  if (e.SUPABASE_SECRET_KEYS) {
    try {
      const parsed = JSON.parse(e.SUPABASE_SECRET_KEYS) as unknown;
      const values = typeof parsed === "string" ? [parsed] : Object.values(parsed as Record<string, unknown>);
      for (const v of values) if (typeof v === "string" && v.length >= 16) known.push(v);
    } catch {
      // not JSON: a single key
      if (e.SUPABASE_SECRET_KEYS.length >= 16) known.push(e.SUPABASE_SECRET_KEYS);
    }
  }
  if (e.SUPABASE_SERVICE_ROLE_KEY && e.SUPABASE_SERVICE_ROLE_KEY.length >= 16) known.push(e.SUPABASE_SERVICE_ROLE_KEY);
  for (const g of given) {
    for (const k of known) if (await timingSafeEqual(g, k)) return true;
  }
  const key = legacyKey();
  if (token && key) {
    try {
      const { payload } = await jwtVerify(token, await key, { algorithms: ["HS256"] });
      if (payload.role === "service_role") return true;
    } catch {
      // not a service-role JWT of this project
    }
  }
  return false;
}
