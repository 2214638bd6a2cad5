// Approval receipts: ES256 JWTs signed with the platform's key from RECEIPT_SIGNING_JWKS (a
// private EC P-256 JWK as JSON, or a JSON array of them: the first signs, the others are kept
// only so that their public parts stay published and old receipts stay verifiable after a
// rotation). `node scripts/gen-receipt-key.mjs` prints a new key; `--rotate "$OLD"` prepends it.
import { calculateJwkThumbprint, importJWK, type JWK, SignJWT } from "jose";
import { env } from "./env.ts";
import { ApiError } from "./errors.ts";

export const RECEIPT_ISSUER = "agentops/approvals";

export type PublicReceiptJwk = { kty: "EC"; crv: "P-256"; x: string; y: string; kid: string; alg: "ES256"; use: "sig" };
export type ReceiptKeyring = { kid: string; sign: CryptoKey; jwks: { keys: PublicReceiptJwk[] } };

let cached: { source: string; ring: Promise<ReceiptKeyring> } | undefined;

function unavailable(message: string): ApiError {
  return new ApiError(503, "receipt_signing_unavailable", message, { headers: { "Retry-After": "60" } });
}

/** Parses RECEIPT_SIGNING_JWKS into the signing key and the published JWKS (cached per value). */
export async function receiptKeyring(): Promise<ReceiptKeyring> {
  const source = env().RECEIPT_SIGNING_JWKS;
  if (!source) {
    throw unavailable("approval receipts cannot be signed: RECEIPT_SIGNING_JWKS is not set on this deployment");
  }
  if (cached?.source !== source) {
    const ring = parseKeyring(source);
    cached = { source, ring };
    ring.catch(() => {
      if (cached?.source === source) cached = undefined;
    });
  }
  return await cached.ring;
}

export async function parseKeyring(source: string): Promise<ReceiptKeyring> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(source);
  } catch {
    throw unavailable("RECEIPT_SIGNING_JWKS is not JSON: it must be a private ES256 JWK or an array of them");
  }
  // a bare JWK, an array of JWKs, or a JWKS object {keys: [...]}
  const list: unknown[] = Array.isArray(parsed)
    ? parsed
    : Array.isArray((parsed as { keys?: unknown })?.keys)
    ? (parsed as { keys: unknown[] }).keys
    : [parsed];
  if (list.length === 0) throw unavailable("RECEIPT_SIGNING_JWKS holds no key");
  const keys: PublicReceiptJwk[] = [];
  for (const [i, raw] of list.entries()) {
    const jwk = raw as JWK;
    if (!jwk || jwk.kty !== "EC" || jwk.crv !== "P-256" || typeof jwk.x !== "string" || typeof jwk.y !== "string") {
      throw unavailable(`RECEIPT_SIGNING_JWKS key ${i} is not an EC P-256 (ES256) JWK`);
    }
    if (i === 0 && typeof jwk.d !== "string") {
      throw unavailable("the first key of RECEIPT_SIGNING_JWKS signs, so it must be private (have d)");
    }
    const publicPart = { kty: "EC" as const, crv: "P-256" as const, x: jwk.x, y: jwk.y };
    const kid = typeof jwk.kid === "string" && jwk.kid ? jwk.kid : await calculateJwkThumbprint(publicPart, "sha256");
    if (keys.some((k) => k.kid === kid)) throw unavailable(`RECEIPT_SIGNING_JWKS has two keys with kid ${kid}`);
    keys.push({ ...publicPart, kid, alg: "ES256", use: "sig" });
  }
  const first = list[0] as JWK;
  let sign: CryptoKey;
  try {
    sign = await importJWK({ kty: "EC", crv: "P-256", x: first.x, y: first.y, d: first.d }, "ES256") as CryptoKey;
  } catch {
    throw unavailable("the first key of RECEIPT_SIGNING_JWKS cannot be imported as an ES256 private key");
  }
  return { kid: keys[0].kid, sign, jwks: { keys } };
}

/** Signs a receipt's claims (they carry iss, sub, jti and iat already) with the current key. */
export async function signReceipt(claims: Record<string, unknown>): Promise<string> {
  const ring = await receiptKeyring();
  return await new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid: ring.kid, typ: "JWT" }).sign(ring.sign);
}
