// The n8n public-API key of a connection, encrypted here (AES-256-GCM, WebCrypto) with
// N8N_CREDENTIALS_KEY (32 random bytes, base64; a secret of this project, so not SUPABASE_*)
// before it reaches the database, and bound to its connection (the connection id is the
// additional authenticated data: a ciphertext copied to another connection does not decrypt).
// The database stores ciphertext, iv and the key's fingerprint; nothing ever returns the key.
import { ApiError } from "../_shared/errors.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export type Sealed = { ciphertext: string; iv: string; key_fingerprint: string };

type Key = { key: CryptoKey; fingerprint: string };
let cached: { source: string; key: Key } | undefined;

/** The encryption key from N8N_CREDENTIALS_KEY, or a 503 saying how to set it. */
export async function credentialsKey(source = Deno.env.get("N8N_CREDENTIALS_KEY")): Promise<Key> {
  if (cached && cached.source === source) return cached.key;
  let raw: Uint8Array<ArrayBuffer> | undefined;
  try {
    raw = source ? unb64(source.trim()) : undefined;
  } catch {
    raw = undefined;
  }
  if (!raw || raw.length !== 32) {
    throw new ApiError(503, "credentials_key_missing",
      "N8N_CREDENTIALS_KEY is not set to 32 random bytes in base64 (openssl rand -base64 32; supabase secrets set N8N_CREDENTIALS_KEY=...)");
  }
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", raw));
  const fingerprint = Array.from(digest.slice(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
  const key = { key: await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]), fingerprint };
  cached = { source: source!, key };
  return key;
}

export async function seal(apiKey: string, connectionId: string): Promise<Sealed> {
  const { key, fingerprint } = await credentialsKey();
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = new Uint8Array(
    await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: enc.encode(connectionId) }, key, enc.encode(apiKey)),
  );
  return { ciphertext: b64(ciphertext), iv: b64(iv), key_fingerprint: fingerprint };
}

export async function unseal(sealed: Sealed, connectionId: string): Promise<string> {
  const { key, fingerprint } = await credentialsKey();
  if (sealed.key_fingerprint !== fingerprint) {
    throw new Error("the stored n8n API key was encrypted with another N8N_CREDENTIALS_KEY: enter the key again (PATCH the connection)");
  }
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: unb64(sealed.iv), additionalData: enc.encode(connectionId) },
    key,
    unb64(sealed.ciphertext),
  );
  return dec.decode(plain);
}
