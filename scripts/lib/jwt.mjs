// HS256 JWTs for the local stack's demo users and for tests, signed with the local secret
// exactly as Supabase Auth signs legacy user tokens. Node built-ins only.
import { createHmac } from "node:crypto";
import { LOCAL_JWT_SECRET } from "./stack.mjs";

const b64url = (buf) => Buffer.from(buf).toString("base64url");

export function signHs256(payload, secret = LOCAL_JWT_SECRET) {
  const header = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const body = b64url(JSON.stringify(payload));
  const sig = createHmac("sha256", secret).update(`${header}.${body}`).digest("base64url");
  return `${header}.${body}.${sig}`;
}

/** A user access token as Supabase Auth issues it (role authenticated, aud authenticated). */
export async function demoAdminToken(userId, email, ttlSeconds = 24 * 3600) {
  const now = Math.floor(Date.now() / 1000);
  return signHs256({
    iss: "supabase-local",
    sub: userId,
    aud: "authenticated",
    role: "authenticated",
    email,
    iat: now,
    exp: now + ttlSeconds,
    aal: "aal1",
    session_id: crypto.randomUUID(),
    is_anonymous: false,
  });
}
