// JWTs for the local stack (its legacy anon and service-role keys, the demo users' tokens) and for
// tests, signed with jose exactly as Supabase signs them: people's access tokens ES256 with the
// project's signing key (its public half is SUPABASE_JWKS) or HS256 with the legacy secret; the
// legacy API keys HS256. jose is loaded when the first token is signed, not when this module is
// imported: `npm start` and `npm test` import it before ensureNodeModules() has installed jose,
// and sign nothing until after.
import { randomUUID } from "node:crypto";

/** The local legacy JWT secret Supabase's CLI uses by default; never a production secret. */
export const LOCAL_JWT_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";
/** The issuer of the local project's people's tokens (what `supabase start` uses), whatever the port. */
export const LOCAL_JWT_ISSUER = "http://127.0.0.1:54321/auth/v1";

/** An HS256 JWT with the legacy secret (Supabase's anon and service_role keys, legacy access tokens). */
export async function signHs256(payload, secret = LOCAL_JWT_SECRET) {
  const { SignJWT } = await import("jose");
  return await new SignJWT(payload).setProtectedHeader({ alg: "HS256", typ: "JWT" }).sign(new TextEncoder().encode(secret));
}

/** An ES256 JWT signed with a private JWK (its kid in the header, as Supabase Auth sets it). */
export async function signEs256(payload, jwk) {
  const { SignJWT, importJWK } = await import("jose");
  return await new SignJWT(payload).setProtectedHeader({ alg: "ES256", typ: "JWT", kid: jwk.kid }).sign(await importJWK(jwk, "ES256"));
}

/**
 * A person's access token as Supabase Auth issues it (role authenticated, aud authenticated):
 * ES256 with `signingKey`, else HS256 with the legacy secret.
 */
export async function userAccessToken({ userId, email, signingKey, issuer = LOCAL_JWT_ISSUER, ttlSeconds = 3600, legacySecret = LOCAL_JWT_SECRET }) {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    iss: issuer,
    sub: userId,
    aud: "authenticated",
    role: "authenticated",
    email,
    iat: now,
    exp: now + ttlSeconds,
    aal: "aal1",
    session_id: randomUUID(),
    is_anonymous: false,
  };
  return signingKey ? await signEs256(payload, signingKey) : await signHs256(payload, legacySecret);
}

/** The demo users' tokens `npm start` prints: ES256 with the local project's signing key, 24 hours. */
export async function demoAdminToken(userId, email, signingKey, ttlSeconds = 24 * 3600) {
  return await userAccessToken({ userId, email, signingKey, ttlSeconds });
}
