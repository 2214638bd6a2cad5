// Helpers for end-to-end tests: the functions URL, a database connection for set-up and
// checks, and the shared test-data builders (shared/testing/builders.ts) with this run's settings.
import postgres from "postgres";
import { createAgent, createUser, createWorkspace, userToken } from "../../shared/testing/builders.ts";

export { addMember, createAgent, createUser, createWorkspace } from "../../shared/testing/builders.ts";

export const FUNCTIONS_URL = process.env.FUNCTIONS_URL ?? "http://127.0.0.1:54321/functions/v1";
export const fnUrl = (path: string) => `${FUNCTIONS_URL}/${path}`;

export function connect() {
  const url = process.env.SUPABASE_DB_URL;
  if (!url) throw new Error("SUPABASE_DB_URL is not set: run the end-to-end tests through `npm test`");
  return postgres(url, { max: 4, onnotice: () => {} });
}

/** A person's access token as Supabase Auth issues it with the project's legacy HS256 secret. */
export async function userJwt(userId: string, ttlSeconds = 3600): Promise<string> {
  return await userToken(userId, {
    secret: process.env.LEGACY_JWT_SECRET ?? "super-secret-jwt-token-with-at-least-32-characters-long",
    issuer: process.env.JWT_ISSUER ?? "http://127.0.0.1:54321/auth/v1",
    ttlSeconds,
  });
}

/** A fresh user who owns a fresh workspace with one agent (the table's default quotas) and its API key. */
export async function adminFixture(opts: { escalationLevel?: number } = {}) {
  const sql = connect();
  const userId = crypto.randomUUID();
  const slug = `e2e-${userId.slice(0, 8)}`;
  await createUser(sql, { id: userId, email: `${slug}@test.local` });
  const workspaceId = await createWorkspace(sql, userId, slug);
  const { agentId, apiKey } = await createAgent(sql, workspaceId, { slug: "e2e-agent", name: "E2E agent", escalationLevel: opts.escalationLevel ?? 1 });
  return { sql, userId, workspaceId, agentId, apiKey, adminJwt: await userJwt(userId) };
}
