#!/usr/bin/env node
// Prints a new key for RECEIPT_SIGNING_JWKS, the key that signs approval receipts: an ES256
// (EC P-256) private JWK on one line, with kid = its RFC 7638 thumbprint. Node built-ins only.
//
//   node scripts/gen-receipt-key.mjs                                  a new key (a JSON object)
//   node scripts/gen-receipt-key.mjs --rotate "$RECEIPT_SIGNING_JWKS"  [new key, old keys...]
//
// After a rotation the new key signs; the old ones keep only their public parts (their private
// parts are dropped), which stay published at /approvals/.well-known/jwks.json so that receipts
// signed before the rotation stay verifiable.
import { createHash, generateKeyPairSync } from "node:crypto";

function newKey() {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const { crv, x, y, d } = privateKey.export({ format: "jwk" });
  // RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace
  const kid = createHash("sha256").update(JSON.stringify({ crv, kty: "EC", x, y })).digest("base64url");
  return { kty: "EC", crv, x, y, d, kid, alg: "ES256", use: "sig" };
}

function publicOnly(jwk) {
  const { kty, crv, x, y, kid, alg, use } = jwk;
  if (kty !== "EC" || crv !== "P-256" || !x || !y) throw new Error("an old key is not an EC P-256 JWK");
  return { kty, crv, x, y, ...(kid ? { kid } : {}), alg: alg ?? "ES256", use: use ?? "sig" };
}

const args = process.argv.slice(2);
const rotateAt = args.indexOf("--rotate");
if (rotateAt >= 0) {
  const old = JSON.parse(args[rotateAt + 1] ?? "");
  const list = Array.isArray(old) ? old : Array.isArray(old?.keys) ? old.keys : [old];
  console.log(JSON.stringify([newKey(), ...list.map(publicOnly)]));
} else if (args.length > 0) {
  console.error("usage: node scripts/gen-receipt-key.mjs [--rotate <current RECEIPT_SIGNING_JWKS>]");
  process.exit(2);
} else {
  console.log(JSON.stringify(newKey()));
}
