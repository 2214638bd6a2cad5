// JWT verification in code with jose: the project's JWKS (asymmetric keys, SUPABASE_JWKS) and the
// legacy HS256 secret. Only HS256, ES256 and RS256 are accepted; `alg: none` never is.
// Two kinds of caller: people (Supabase Auth user JWTs) and agents (JWTs minted by agent-auth,
// claim actor = agent). A route says which it accepts.
import type { Context, MiddlewareHandler } from "hono";
import { createLocalJWKSet, decodeProtectedHeader, type JWTPayload, jwtVerify, SignJWT } from "jose";
import type { Claims } from "./db.ts";
import { env } from "./env.ts";
import { unauthorized, forbidden } from "./errors.ts";

export type UserCaller = { kind: "user"; userId: string; claims: Claims };
export type AgentCaller = { kind: "agent"; agentId: string; workspaceId: string; keyId: string; claims: Claims };
export type Caller = UserCaller | AgentCaller;

export const AGENT_JWT_ISSUER = "agentops/agent-auth";
const AUDIENCE = "authenticated";

let jwks: ReturnType<typeof createLocalJWKSet> | undefined;
let jwksSource: string | undefined;

function localJwks() {
  const source = env().SUPABASE_JWKS;
  if (!source) return undefined;
  if (jwks && jwksSource === source) return jwks;
  const parsed = JSON.parse(source);
  jwks = createLocalJWKSet(Array.isArray(parsed) ? { keys: parsed } : parsed);
  jwksSource = source;
  return jwks;
}

function secretKey(): Uint8Array {
  return new TextEncoder().encode(env().SUPABASE_JWT_SECRET);
}

/** Verifies a bearer token and returns its payload, or throws 401 with the reason. */
export async function verifyToken(token: string): Promise<JWTPayload> {
  let alg: string | undefined;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    throw unauthorized("invalid_token", "the bearer token is not a JWT");
  }
  try {
    if (alg === "HS256") {
      const { payload } = await jwtVerify(token, secretKey(), { algorithms: ["HS256"], audience: AUDIENCE, requiredClaims: ["exp", "sub"] });
      return payload;
    }
    if (alg === "ES256" || alg === "RS256") {
      const keys = localJwks();
      if (!keys) throw unauthorized("invalid_token", `tokens signed with ${alg} are not accepted: no JWKS is configured`);
      const { payload } = await jwtVerify(token, keys, { algorithms: ["ES256", "RS256"], audience: AUDIENCE, requiredClaims: ["exp", "sub"] });
      return payload;
    }
  } catch (err) {
    if (err instanceof Error && "code" in err) {
      const code = (err as { code: string }).code;
      if (code === "ERR_JWT_EXPIRED") throw unauthorized("token_expired", "the bearer token has expired");
      if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED") {
        throw unauthorized("invalid_token", `the bearer token's ${(err as { claim?: string }).claim ?? "claims"} claim is not acceptable`);
      }
    }
    if (err instanceof Error && err.name === "HTTPException") throw err;
    throw unauthorized("invalid_token", "the bearer token's signature is not valid");
  }
  throw unauthorized("invalid_token", `tokens signed with ${alg ?? "no algorithm"} are not accepted`);
}

function bearer(c: Context): string {
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw unauthorized("missing_token", "send Authorization: Bearer <jwt>");
  return match[1];
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
  const issuer = env().SUPABASE_JWT_ISSUER;
  if (issuer && payload.iss !== issuer) throw unauthorized("invalid_token", "the token's issuer is not this project");
  if (payload.is_anonymous === true) throw forbidden("anonymous_user", "anonymous users cannot use this endpoint");
  return { kind: "user", userId: String(payload.sub), claims };
}

declare module "hono" {
  interface ContextVariableMap {
    caller: Caller;
  }
}

/** Accepts people only (Supabase Auth JWTs). */
export const requireUser: MiddlewareHandler = async (c, next) => {
  const caller = callerFromPayload(await verifyToken(bearer(c)));
  if (caller.kind !== "user") throw forbidden("people_only", "this endpoint is for people signed in with Supabase Auth, not agents");
  c.set("caller", caller);
  await next();
};

/** Accepts agents only (JWTs from agent-auth). */
export const requireAgent: MiddlewareHandler = async (c, next) => {
  const caller = callerFromPayload(await verifyToken(bearer(c)));
  if (caller.kind !== "agent") throw forbidden("agents_only", "this endpoint is for agents: exchange an API key at agent-auth first");
  c.set("caller", caller);
  await next();
};

export function userCaller(c: Context): UserCaller {
  const caller = c.get("caller");
  if (caller?.kind !== "user") throw forbidden("people_only", "this endpoint is for people");
  return caller;
}

export function agentCaller(c: Context): AgentCaller {
  const caller = c.get("caller");
  if (caller?.kind !== "agent") throw forbidden("agents_only", "this endpoint is for agents");
  return caller;
}

/** Mints an agent JWT (role authenticated, sub = agent id, actor = agent) with the project's secret. */
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
    .sign(secretKey());
  return { token, expiresIn: ttl };
}
