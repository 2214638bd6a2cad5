// Helpers for end-to-end tests: the functions URL, a database connection for set-up and
// checks, and user JWTs signed as Supabase Auth signs them.
import { createHmac, randomUUID } from "node:crypto";
import postgres from "postgres";

export const FUNCTIONS_URL = process.env.FUNCTIONS_URL ?? "http://127.0.0.1:54321/functions/v1";
export const fnUrl = (path: string) => `${FUNCTIONS_URL}/${path}`;

export function connect() {
  const url = process.env.SUPABASE_DB_URL;
  if (!url) throw new Error("SUPABASE_DB_URL is not set: run the end-to-end tests through `npm test`");
  return postgres(url, { max: 4, onnotice: () => {} });
}

export function userJwt(userId: string, ttlSeconds = 3600): string {
  const secret = process.env.LEGACY_JWT_SECRET ?? "super-secret-jwt-token-with-at-least-32-characters-long";
  const now = Math.floor(Date.now() / 1000);
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const head = enc({ alg: "HS256", typ: "JWT" });
  const body = enc({ sub: userId, role: "authenticated", aud: "authenticated", iss: process.env.JWT_ISSUER ?? "http://127.0.0.1:54321/auth/v1", iat: now, exp: now + ttlSeconds });
  return `${head}.${body}.${createHmac("sha256", secret).update(`${head}.${body}`).digest("base64url")}`;
}

/** A fresh user who owns a fresh workspace with one agent. */
export async function adminFixture(opts: { escalationLevel?: number } = {}) {
  const sql = connect();
  const userId = randomUUID();
  const slug = `e2e-${userId.slice(0, 8)}`;
  await sql`insert into auth.users (id, aud, role, email) values (${userId}, 'authenticated', 'authenticated', ${`${slug}@test.local`})`;
  const [ws] = await sql`insert into public.workspaces (slug, name, created_by) values (${slug}, ${slug}, ${userId}) returning id`;
  const [agent] = await sql`
    insert into public.agents (workspace_id, slug, name, escalation_level, capabilities, tools_granted)
    values (${ws.id}, 'e2e-agent', 'E2E agent', ${opts.escalationLevel ?? 1}, array['generate:text'], array['openai-api'])
    returning id`;
  return { sql, userId, workspaceId: String(ws.id), agentId: String(agent.id), adminJwt: userJwt(userId) };
}
