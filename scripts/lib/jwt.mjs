// JWTs for the local stack's demo users and for tests, signed exactly as Supabase Auth signs
// access tokens: ES256 with the project's signing key (its public half is SUPABASE_JWKS), or
// HS256 with the legacy secret. Node built-ins only.
import { createPrivateKey, randomUUID, sign } from "node:crypto";
import { LOCAL_JWT_ISSUER, LOCAL_JWT_SECRET, signHs256 } from "./stack.mjs";

export { signHs256 };

/** An ES256 JWT signed with a private JWK (its kid in the header, as Supabase Auth sets it). */
export function signEs256(payload, jwk) {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const head = `${b64({ alg: "ES256", typ: "JWT", kid: jwk.kid })}.${b64(payload)}`;
  const key = createPrivateKey({ key: jwk, format: "jwk" });
  const sig = sign("sha256", Buffer.from(head), { key, dsaEncoding: "ieee-p1363" }).toString("base64url");
  return `${head}.${sig}`;
}

/**
 * A person's access token as Supabase Auth issues it (role authenticated, aud authenticated):
 * ES256 with `signingKey`, else HS256 with the legacy secret.
 */
export function userAccessToken({ userId, email, signingKey, issuer = LOCAL_JWT_ISSUER, ttlSeconds = 3600, legacySecret = LOCAL_JWT_SECRET }) {
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
  return signingKey ? signEs256(payload, signingKey) : signHs256(payload, legacySecret);
}

/** The demo users' tokens `npm start` prints: ES256 with the local project's signing key, 24 hours. */
export function demoAdminToken(userId, email, signingKey, ttlSeconds = 24 * 3600) {
  return userAccessToken({ userId, email, signingKey, ttlSeconds });
}
