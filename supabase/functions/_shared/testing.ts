// Fixtures for function tests: real rows in the real test database (no mocks of Postgres),
// user JWTs signed as Supabase Auth signs them, and agent keys issued as agent-auth expects.
import { SignJWT } from "jose";
import { db } from "./db.ts";
import { env } from "./env.ts";
import { newAgentKey, sha256Hex } from "./crypto.ts";

/** Deno.test without the resource sanitizers: the database pool outlives single tests. */
export function test(name: string, fn: () => Promise<void>) {
  Deno.test({ name, fn, sanitizeOps: false, sanitizeResources: false });
}

export function unique(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

export async function createUser(email = `${unique("u")}@test.local`): Promise<string> {
  const [row] = await db()`insert into auth.users (id, aud, role, email) values (gen_random_uuid(), 'authenticated', 'authenticated', ${email}) returning id`;
  return String(row.id);
}

export async function createWorkspace(ownerId: string, slug = unique("ws")): Promise<string> {
  const [row] = await db()`insert into public.workspaces (slug, name, created_by) values (${slug}, ${slug}, ${ownerId}) returning id`;
  return String(row.id);
}

export async function addMember(workspaceId: string, userId: string, role: string) {
  await db()`insert into public.workspace_members (workspace_id, user_id, role) values (${workspaceId}, ${userId}, ${role})`;
}

export type TestAgent = { agentId: string; workspaceId: string; keyId: string; apiKey: string };

export async function createAgent(
  workspaceId: string,
  opts: { slug?: string; escalationLevel?: number; status?: string; capabilities?: string[]; tools?: string[]; limits?: Record<string, number> } = {},
): Promise<TestAgent> {
  const slug = opts.slug ?? unique("agent");
  const [agent] = await db()`
    insert into public.agents (workspace_id, slug, name, escalation_level, status, capabilities, tools_granted,
      requests_per_minute, tokens_per_day, cost_per_month)
    values (${workspaceId}, ${slug}, ${slug}, ${opts.escalationLevel ?? 1}, ${opts.status ?? "active"},
      ${opts.capabilities ?? ["generate:text"]}, ${opts.tools ?? ["openai-api"]},
      ${opts.limits?.requests_per_minute ?? 10000}, ${opts.limits?.tokens_per_day ?? 100000000}, ${opts.limits?.cost_per_month ?? 100000})
    returning id`;
  const { key, prefix } = newAgentKey();
  const [k] = await db()`
    insert into public.agent_api_keys (workspace_id, agent_id, prefix, key_hash)
    values (${workspaceId}, ${agent.id}, ${prefix}, ${await sha256Hex(key)}) returning id`;
  return { agentId: String(agent.id), workspaceId, keyId: String(k.id), apiKey: key };
}

/** A user access token as Supabase Auth issues it with the project's legacy HS256 secret. */
export async function userToken(userId: string, overrides: Record<string, unknown> = {}, secret = env().LEGACY_JWT_SECRET ?? ""): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return await new SignJWT({ role: "authenticated", aud: "authenticated", sub: userId, iss: env().JWT_ISSUER ?? "supabase-local", iat: now, exp: now + 3600, ...overrides })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(new TextEncoder().encode(secret));
}

export function bearer(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { authorization: `Bearer ${token}`, "content-type": "application/json", ...extra };
}

// deno-lint-ignore no-explicit-any -- tests read answers of every shape; each assertion states the shape it expects
export async function json(res: Response): Promise<any> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`not JSON (status ${res.status}): ${text.slice(0, 500)}`);
  }
}

/** The JWT agent-auth would mint for this agent's key. */
export async function agentToken(agent: TestAgent): Promise<string> {
  const { signAgentToken } = await import("./auth.ts");
  const { token } = await signAgentToken({ agentId: agent.agentId, workspaceId: agent.workspaceId, keyId: agent.keyId, slug: "test" });
  return token;
}
