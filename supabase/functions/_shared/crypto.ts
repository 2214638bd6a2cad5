// Small crypto helpers on Web Crypto (works in Deno, Supabase Edge Runtime and Node).
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Uniformly random alphanumerics (rejection sampling: no modulo bias). */
export function randomAlnum(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const b of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (b < 248 && out.length < length) out += ALNUM[b % 62];
    }
  }
  return out;
}

export function base64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** A new agent API key: ak_<prefix>_<43 base64url characters = 256 bits>. */
export function newAgentKey(): { key: string; prefix: string } {
  const prefix = `ak_${randomAlnum(8)}`;
  const secret = base64url(crypto.getRandomValues(new Uint8Array(32)));
  return { key: `${prefix}_${secret}`, prefix };
}

/**
 * The client address as the platform guarantees it, never as the client claims it.
 * Hosted Supabase serves functions behind Cloudflare, which sets CF-Connecting-IP to the address
 * that connected to it and replaces any value a client sent. X-Forwarded-For's first hop is
 * whatever the client wrote; each proxy appends the address it saw, so only the last hop was
 * written by the proxy in front of us (the local gateway, scripts/serve-functions.ts, overwrites
 * the header with the socket's address). X-Real-IP is not used: not every hop overwrites it.
 */
export function clientAddress(headers: Headers): string {
  const cf = headers.get("cf-connecting-ip")?.trim();
  if (cf) return cf;
  const hops = headers.get("x-forwarded-for")?.split(",").map((h) => h.trim()).filter(Boolean) ?? [];
  return hops.at(-1) || "unknown";
}
