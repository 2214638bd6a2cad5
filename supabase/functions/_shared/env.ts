// The environment every function reads, parsed once per isolate with zod so that a missing or
// malformed variable fails at start with a clear message instead of deep inside a request.
import { z } from "zod";

const EnvSchema = z.object({
  SUPABASE_DB_URL: z.string().url({ message: "SUPABASE_DB_URL must be a postgres:// URL" }),
  SUPABASE_URL: z.string().url().optional(),
  /** The legacy HS256 secret: verifies legacy user JWTs and signs agent JWTs. */
  SUPABASE_JWT_SECRET: z.string().min(32, { message: "SUPABASE_JWT_SECRET must be at least 32 characters" }),
  /** The project's JWKS as JSON (asymmetric signing keys); optional while a project still uses the legacy secret. */
  SUPABASE_JWKS: z.string().optional(),
  /** The issuer user JWTs carry; when set, tokens from another issuer are refused. */
  SUPABASE_JWT_ISSUER: z.string().optional(),
  /** `transaction` when SUPABASE_DB_URL points at Supabase's transaction pooler (no prepared statements). */
  SUPABASE_DB_POOL_MODE: z.enum(["session", "transaction"]).optional(),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(50).default(4),
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

/** For tests that change the environment between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}
