// Fixtures for function tests: the shared test-data builders (@shared/testing/builders.ts, also
// used by vitest) bound to the functions' database pool and environment, and the Deno test and
// response helpers.
import * as build from "@shared/testing/builders.ts";
import { type AgentOptions, type TestAgent, unique } from "@shared/testing/builders.ts";
import { db } from "./db.ts";
import { env } from "./env.ts";

/** Deno.test without the resource sanitizers: the database pool outlives single tests. */
export function test(name: string, fn: () => Promise<void>) {
  Deno.test({ name, fn, sanitizeOps: false, sanitizeResources: false });
}

export { unique };
export type { TestAgent };

export async function createUser(email = `${unique("u")}@test.local`): Promise<string> {
  return await build.createUser(db(), { email });
}

export async function createWorkspace(ownerId: string, slug = unique("ws")): Promise<string> {
  return await build.createWorkspace(db(), ownerId, slug);
}

export async function addMember(workspaceId: string, userId: string, role: string) {
  await build.addMember(db(), workspaceId, userId, role);
}

/** An active agent with generous quotas (a test meets a quota only on purpose) and a live key. */
export async function createAgent(workspaceId: string, opts: AgentOptions = {}): Promise<TestAgent> {
  return await build.createAgent(db(), workspaceId, {
    ...opts,
    limits: { requests_per_minute: 10000, tokens_per_day: 100000000, cost_per_month: 100000, ...opts.limits },
  });
}

/** A user access token as Supabase Auth issues it with the project's legacy HS256 secret. */
export async function userToken(userId: string, overrides: Record<string, unknown> = {}, secret = env().LEGACY_JWT_SECRET ?? ""): Promise<string> {
  return await build.userToken(userId, { secret, issuer: env().JWT_ISSUER ?? "supabase-local", claims: overrides });
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
