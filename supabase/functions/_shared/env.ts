// The environment every function reads, parsed once per isolate with zod so that a missing or
// malformed variable fails at start with a clear message instead of deep inside a request.
//
// Two kinds of name, and only two (scripts/check-deploy.mjs refuses any other SUPABASE_ name):
// * what Supabase gives every Edge Function (https://supabase.com/docs/guides/functions/secrets):
//   SUPABASE_URL, SUPABASE_DB_URL, SUPABASE_JWKS, SUPABASE_SECRET_KEYS, SUPABASE_SERVICE_ROLE_KEY
//   (SUPABASE_ANON_KEY and SUPABASE_PUBLISHABLE_KEYS exist too; nothing here needs them);
// * this project's own secrets, set with `supabase secrets set`, which silently skips every name
//   starting with SUPABASE_: hence AGENT_JWT_SECRET, JWT_ISSUER, DATABASE_URL, DB_POOL_MODE, ...
import { z } from "zod";

/** The names Supabase provides to every hosted Edge Function; no other SUPABASE_ name can exist there. */
export const SUPABASE_PROVIDED = [
  "SUPABASE_URL",
  "SUPABASE_DB_URL",
  "SUPABASE_ANON_KEY",
  "SUPABASE_SERVICE_ROLE_KEY",
  "SUPABASE_PUBLISHABLE_KEYS",
  "SUPABASE_SECRET_KEYS",
  "SUPABASE_JWKS",
] as const;

const postgresUrl = (name: string) =>
  z.string().refine((v) => /^postgres(ql)?:\/\//.test(v), { message: `${name} must be a postgres:// URL` });

const EnvSchema = z.object({
  // provided by Supabase
  SUPABASE_URL: z.string().url().optional(),
  SUPABASE_DB_URL: postgresUrl("SUPABASE_DB_URL"),
  /** The project's public signing keys (JSON: {"keys":[...]} or [...]); people's ES256/RS256 tokens verify against them. */
  SUPABASE_JWKS: z.string().optional(),
  /** The new secret API keys, a JSON dictionary {"default":"sb_secret_..."}: service callers (alert-dispatch). */
  SUPABASE_SECRET_KEYS: z.string().optional(),
  /** The legacy service-role key (a JWT): service callers on projects that still use legacy keys. */
  SUPABASE_SERVICE_ROLE_KEY: z.string().optional(),

  // this project's secrets
  /** Signs and verifies agent JWTs (HS256); its own random secret, never the project's JWT secret. */
  AGENT_JWT_SECRET: z.string().min(32, { message: "AGENT_JWT_SECRET must be at least 32 characters (openssl rand -base64 48)" }),
  /** The issuer people's tokens carry (https://<ref>.supabase.co/auth/v1); when set, tokens of another issuer are refused. */
  JWT_ISSUER: z.string().optional(),
  /** The project's legacy HS256 JWT secret, only while Supabase Auth still signs people's tokens with it. */
  LEGACY_JWT_SECRET: z.string().min(32, { message: "LEGACY_JWT_SECRET must be at least 32 characters" }).optional(),
  /** The connection string to use instead of SUPABASE_DB_URL: Supabase's transaction pooler (port 6543). */
  DATABASE_URL: postgresUrl("DATABASE_URL").optional(),
  /** `transaction` when the URL in use points at a transaction pooler on a port other than 6543. */
  DB_POOL_MODE: z.enum(["session", "transaction"]).optional(),
  /** Connections per isolate: hosted Supabase runs many isolates, each with its own pool. */
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(20).default(2),
  AGENT_JWT_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  /** ES256 private key (JWK JSON, or a JSON array of JWKs, first = current) that signs approval receipts. */
  RECEIPT_SIGNING_JWKS: z.string().optional(),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(Deno.env.toObject());
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`invalid environment: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}

/** The database URL the functions use: the pooler when DATABASE_URL is set, else Supabase's direct URL. */
export function databaseUrl(e: Env = env()): string {
  return e.DATABASE_URL ?? e.SUPABASE_DB_URL;
}

/** For tests that change the environment between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}
