// Test-data builders for TypeScript tests, one set for Deno (supabase/functions/*/app.test.ts, through
// _shared/testing.ts) and vitest (tests/e2e, tests/security): real rows in the real test database,
// written through the caller's postgres.js connection, and people's tokens signed with jose as
// Supabase Auth signs them. Web APIs and jose only, so both runtimes load it as it is. The SQL
// twin is the pgTAP `tests.*` schema (supabase/tests/database/000_setup.sql).
import { SignJWT } from "jose";

/** What the builders need of a postgres.js connection: its tagged template. */
// deno-lint-ignore no-explicit-any -- postgres.js types its rows per query; the builders read ids only
export type Sql = (strings: TemplateStringsArray, ...values: any[]) => PromiseLike<readonly any[]>;

export function unique(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A new agent API key as the agents function issues it (ak_<8>_<43 base64url>), with its stored hash. */
export async function newAgentKey(): Promise<{ key: string; prefix: string; hash: string }> {
  const hex = Array.from(crypto.getRandomValues(new Uint8Array(4)), (b) => b.toString(16).padStart(2, "0")).join("");
  const secret = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32)))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const prefix = `ak_${hex}`;
  const key = `${prefix}_${secret}`;
  return { key, prefix, hash: await sha256Hex(key) };
}

/** A Supabase Auth user; returns its id. */
export async function createUser(sql: Sql, opts: { email?: string; id?: string } = {}): Promise<string> {
  const id = opts.id ?? crypto.randomUUID();
  const email = opts.email ?? `${unique("u")}@test.local`;
  await sql`insert into auth.users (id, aud, role, email) values (${id}, 'authenticated', 'authenticated', ${email})`;
  return id;
}

/** A workspace owned by ownerId (who becomes its admin); returns its id. */
export async function createWorkspace(sql: Sql, ownerId: string, slug = unique("ws")): Promise<string> {
  const [row] = await sql`insert into public.workspaces (slug, name, created_by) values (${slug}, ${slug}, ${ownerId}) returning id`;
  return String(row.id);
}

export async function addMember(sql: Sql, workspaceId: string, userId: string, role: string): Promise<void> {
  await sql`insert into public.workspace_members (workspace_id, user_id, role) values (${workspaceId}, ${userId}, ${role})`;
}

export type TestAgent = { agentId: string; workspaceId: string; keyId: string; apiKey: string; slug: string };
export type AgentOptions = {
  slug?: string;
  name?: string;
  escalationLevel?: number;
  status?: string;
  capabilities?: string[];
  tools?: string[];
  /** quotas; the table's defaults where left out */
  limits?: { requests_per_minute?: number; tokens_per_day?: number; cost_per_month?: number };
  /** the key is issued, then revoked */
  revoked?: boolean;
};

/** An agent with one API key (live unless revoked); returns its ids and the key in clear. */
export async function createAgent(sql: Sql, workspaceId: string, opts: AgentOptions = {}): Promise<TestAgent> {
  const slug = opts.slug ?? unique("agent");
  const [agent] = await sql`
    insert into public.agents (workspace_id, slug, name, escalation_level, capabilities, tools_granted)
    values (${workspaceId}, ${slug}, ${opts.name ?? slug}, ${opts.escalationLevel ?? 1},
      ${opts.capabilities ?? ["generate:text"]}, ${opts.tools ?? ["openai-api"]})
    returning id`;
  const l = opts.limits;
  if (l) {
    await sql`update public.agents set requests_per_minute = coalesce(${l.requests_per_minute ?? null}::int, requests_per_minute),
      tokens_per_day = coalesce(${l.tokens_per_day ?? null}::bigint, tokens_per_day), cost_per_month = coalesce(${l.cost_per_month ?? null}::numeric, cost_per_month)
      where id = ${agent.id}`;
  }
  const { keyId, apiKey } = await createAgentKey(sql, workspaceId, String(agent.id));
  if (opts.status && opts.status !== "active") await sql`update public.agents set status = ${opts.status} where id = ${agent.id}`;
  if (opts.revoked) await sql`update public.agent_api_keys set revoked_at = now() where id = ${keyId}`;
  return { agentId: String(agent.id), workspaceId, keyId, apiKey, slug };
}

/** One more live API key for an agent; returns its id and the key in clear. */
export async function createAgentKey(sql: Sql, workspaceId: string, agentId: string): Promise<{ keyId: string; apiKey: string }> {
  const { key, prefix, hash } = await newAgentKey();
  const [k] = await sql`
    insert into public.agent_api_keys (workspace_id, agent_id, prefix, key_hash)
    values (${workspaceId}, ${agentId}, ${prefix}, ${hash}) returning id`;
  return { keyId: String(k.id), apiKey: key };
}

/** A person's access token as Supabase Auth issues it with the project's legacy HS256 secret. */
export async function userToken(
  userId: string,
  opts: { secret: string; issuer: string; ttlSeconds?: number; claims?: Record<string, unknown> },
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return await new SignJWT({
    role: "authenticated", aud: "authenticated", sub: userId, iss: opts.issuer, iat: now, exp: now + (opts.ttlSeconds ?? 3600), ...opts.claims,
  }).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode(opts.secret));
}
