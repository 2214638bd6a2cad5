// API-key attacks on agent-auth: unknown, revoked, expired, malformed keys and keys of blocked
// agents are refused; failed attempts are rate limited per key prefix (even from many addresses; never the right key)
// and per client address (even across prefixes), without locking out other addresses; only the
// SHA-256 of a key is stored and looked up, and the one secret comparison in code runs in constant
// time. Every refusal writes nothing but the failure record.
import { createHash, randomBytes } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { timingSafeEqual } from "hono/utils/buffer";
import { address, codePoint, fetchFrom, connect, fingerprint, FUNCTIONS_URL, newKey, Tally, unicodeString, type World, world } from "./helpers.ts";

const sql = connect();
const tally = new Tally("api-keys.test.ts");
let w: World;

beforeAll(async () => {
  w = await world(sql);
});
afterAll(async () => {
  tally.print();
  await sql.end();
});

async function exchange(apiKey: unknown, opts: { via?: "body" | "header"; from?: string } = {}) {
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (opts.via === "header") headers["x-api-key"] = String(apiKey);
  else {
    headers["content-type"] = "application/json";
    body = JSON.stringify({ api_key: apiKey });
  }
  const res = await fetchFrom(opts.from ?? address(), `${FUNCTIONS_URL}/agent-auth/token`, { method: "POST", headers, body });
  const json = await res.json().catch(() => ({}));
  return { status: res.status, code: json?.error?.code as string | undefined, retryAfter: res.headers.get("retry-after"), json };
}

describe("agent-auth refuses every bad key", () => {
  it("a valid key gets a token (positive control)", async () => {
    const res = await exchange(w.a.agent.apiKey);
    expect(res.status).toBe(200);
    expect(res.json.agent_id).toBe(w.a.agent.agentId);
  });

  it("unknown, revoked, expired keys and keys of blocked agents: 401/403, nothing but the failure is written", async () => {
    const [expired] = await sql`select id from public.agent_api_keys where agent_id = ${w.a.other.agentId}`;
    const { key: expiredKey, prefix, hash } = newKey();
    await sql`insert into public.agent_api_keys (workspace_id, agent_id, prefix, key_hash, expires_at)
              values (${w.a.id}, ${w.a.other.agentId}, ${prefix}, ${hash}, now() - interval '1 minute')`;
    expect(expired).toBeDefined();
    const before = await fingerprint(sql, [w.a.id]);
    const cases: Array<[string, string, number, string]> = [
      ["unknown key", newKey().key, 401, "invalid_api_key"],
      ["a real prefix with a wrong secret", `${w.a.agent.apiKey.slice(0, 12)}${randomBytes(32).toString("base64url")}`, 401, "invalid_api_key"],
      ["a real key with one character changed", w.a.agent.apiKey.slice(0, -1) + (w.a.agent.apiKey.endsWith("A") ? "B" : "A"), 401, "invalid_api_key"],
      ["revoked key", w.a.revoked.apiKey, 401, "revoked_api_key"],
      ["expired key", expiredKey, 401, "expired_api_key"],
      ["key of a blocked agent", w.a.blocked.apiKey, 403, "agent_not_active"],
    ];
    const wrong: string[] = [];
    for (const [name, key, status, code] of cases) {
      for (const via of ["body", "header"] as const) {
        const res = await exchange(key, { via });
        tally.add("bad keys");
        if (res.status !== status || res.code !== code || res.json.access_token) wrong.push(`${name} (${via}): ${res.status} ${res.code}`);
      }
    }
    expect(wrong).toEqual([]);
    // the exchange wrote nothing of the workspace's (keys' failed_attempts counters move, rows do not)
    const after = await fingerprint(sql, [w.a.id]);
    expect(after).toEqual(before);
  });

  it("malformed keys are 422 naming the field, and are never looked up", async () => {
    const malformed = [
      "", "ak_", "ak_short_x", "AK_ABCDEFGH_" + "x".repeat(43), "sk_live_" + "x".repeat(40), "ak_abcdefgh_" + "x".repeat(10),
      "ak_abcdefgh_" + "x".repeat(200), "ak_abcd'fgh_" + "x".repeat(43), "ak_abcdefgh_' or '1'='1' --" + "x".repeat(30),
      "ak_abcdefgh_" + "x".repeat(40) + "\u0000", "ak_abcdéfgh_" + "x".repeat(43), "ak_abcdefgh_" + "🔑".repeat(20), " ak_abcdefgh_" + "x".repeat(43),
      "ak_abcdefgh_" + "x".repeat(43) + "\n", "ak_abcdefgh_" + "x".repeat(42) + "%",
    ];
    const [{ n: failuresBefore }] = await sql`select count(*)::int as n from private.agent_auth_failures`;
    const wrong: string[] = [];
    for (const key of malformed) {
      const res = await exchange(key);
      tally.add("malformed keys");
      if (res.status !== 422 || res.json?.error?.fields?.[0]?.field !== "api_key") wrong.push(`${JSON.stringify(key).slice(0, 40)}: ${res.status}`);
    }
    for (const key of malformed.filter((k) => /^[\x20-\x7e]*$/.test(k) && k.length > 0 && k === k.trim())) {
      const res = await exchange(key, { via: "header" });
      tally.add("malformed keys");
      if (res.status !== 422) wrong.push(`header ${key.slice(0, 40)}: ${res.status}`);
    }
    for (const body of [{}, { api_key: 42 }, { api_key: null }, { api_key: ["ak_x"] }, { api_key: { $ne: "" } }, { api_key: "ak_abcdefgh_" + "x".repeat(43), extra: 1 }]) {
      const res = await fetchFrom(address(), `${FUNCTIONS_URL}/agent-auth/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      tally.add("malformed keys");
      if (res.status !== 422) wrong.push(`${JSON.stringify(body)}: ${res.status}`);
    }
    expect(wrong).toEqual([]);
    const [{ n: failuresAfter }] = await sql`select count(*)::int as n from private.agent_auth_failures`;
    expect(failuresAfter, "a malformed key is refused before the database is asked").toBe(failuresBefore);
  });

  it("failures are rate limited per key prefix, even when every attempt comes from another address", async () => {
    const target = w.a.other;
    const prefix = target.apiKey.slice(0, 12);
    let first429 = -1;
    for (let i = 0; i < 14; i++) {
      const res = await exchange(prefix + randomBytes(32).toString("base64url"), { from: address() });
      tally.add("prefix brute force");
      if (res.status === 429 && first429 < 0) first429 = i;
      if (res.status !== 401 && res.status !== 429) throw new Error(`attempt ${i}: ${res.status}`);
    }
    expect(first429, "the 11th failed attempt on one prefix is refused").toBe(10);
    // the lock refuses wrong keys only: the holder of the right key is never locked out by others (issue 13)
    const locked = await exchange(prefix + randomBytes(32).toString("base64url"), { from: address() });
    expect(locked.status).toBe(429);
    expect(Number(locked.retryAfter)).toBeGreaterThan(0);
    expect((await exchange(target.apiKey, { from: address() })).status).toBe(200);
    // other keys are not affected
    expect((await exchange(w.a.agent.apiKey)).status).toBe(200);
  });

  it("failures are rate limited per client address across prefixes, without locking out other addresses", async () => {
    const attacker = address();
    let first429 = -1;
    for (let i = 0; i < 34; i++) {
      const res = await exchange(newKey().key, { from: attacker });
      tally.add("address brute force");
      if (res.status === 429 && first429 < 0) first429 = i;
    }
    expect(first429, "the 31st failed attempt from one address is refused").toBe(30);
    expect((await exchange(w.a.agent.apiKey, { from: attacker })).status).toBe(429);
    expect((await exchange(w.a.agent.apiKey, { from: address() })).status).toBe(200);
  });

  it("stores only the SHA-256 of a key and looks keys up by it", async () => {
    const columns = await sql<{ column_name: string }[]>`
      select column_name from information_schema.columns where table_schema = 'public' and table_name = 'agent_api_keys'`;
    const names = columns.map((c) => c.column_name);
    expect(names).toContain("key_hash");
    expect(names.filter((n) => /secret|plain|api_key|raw/.test(n))).toEqual([]);
    const [row] = await sql`select key_hash, prefix from public.agent_api_keys where id = ${w.a.agent.keyId}`;
    expect(row.key_hash).toBe(createHash("sha256").update(w.a.agent.apiKey).digest("hex"));
    expect(w.a.agent.apiKey.startsWith(row.prefix)).toBe(true);
    // no stored column holds the key itself
    const [{ n }] = await sql`select count(*)::int as n from public.agent_api_keys k where strpos(to_jsonb(k)::text, ${w.a.agent.apiKey.slice(12)}) > 0`;
    expect(n).toBe(0);
  });

  it("the service secrets' comparison (Hono's timingSafeEqual) answers exactly string equality", async () => {
    // Hono compares SHA-256 digests of both strings (and then the strings, over the longer length),
    // so the bytes compared do not depend on where the inputs differ; what is checked here is that
    // it is equality, for every string, since the functions rely on it for the dispatcher secret
    // and the project's secret keys (_shared/auth.ts, auth("service"))
    await fc.assert(fc.asyncProperty(unicodeString(), unicodeString(), async (a, b) => (await timingSafeEqual(a, b)) === (a === b)));
    await fc.assert(fc.asyncProperty(unicodeString({ minLength: 1 }), codePoint, fc.nat(), async (a, cp, at) => {
      const i = at % a.length;
      const b = a.slice(0, i) + String.fromCodePoint(cp) + a.slice(i + 1);
      return (await timingSafeEqual(a, b)) === (a === b);
    }));
    await fc.assert(fc.asyncProperty(unicodeString({ minLength: 1 }), async (a) => (await timingSafeEqual(a, a)) && !(await timingSafeEqual(a, a + "x"))));
  });
});
