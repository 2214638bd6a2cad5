// fast-check arbitraries for hostile input: strings an attacker or a broken client sends (SQL
// fragments, NUL, lone surrogates, right-to-left marks, huge, every plane of Unicode), numbers
// (negative, enormous, tiny, -0, beyond 2^53, non-finite, which JSON turns into null), keys that
// poison objects, deep nesting, and mutations of a valid payload (the inputs that get past the
// first check and reach the database).
import fc from "fast-check";
import { unicodeString } from "./helpers.ts";

export const SQL_FRAGMENTS = [
  "'; drop table public.executions; --", "' or '1'='1", "1; select pg_sleep(10)", "$$; select 1; $$", "\\'", "\\", "%s%s%n",
  "') union select key_hash from public.agent_api_keys --", "::jsonb", "E'\\\\x00'", "null", "NULL", "true", "{}", "[]",
];

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: unicodeString({ maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...SQL_FRAGMENTS) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "\u0000", "a\u0000b", "\ud800", "x\udfffy", "\udbff\udfff", "\u202e\u0000rtl", "\ufeff", "\u2028\u2029", "🧨💥", "Z\u0351\u0352\u0357\u0358",
      "NaN", "Infinity", "-0", "1e309", "0x10", "2026-13-45T25:61:61Z", "0000-00-00T00:00:00Z", "${jndi:ldap://x/a}", "<script>alert(1)</script>",
      "../../etc/passwd", "\r\n\r\nHTTP/1.1 200 OK", "ak_demo0001_DemoSecretForLocalUseOnly0000000000000000",
    ),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom("x", "é", "🔥", "'", "\\"), fc.integer({ min: 1_000, max: 120_000 })).map(([c, n]) => c.repeat(n)) },
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double(), // NaN and ±Infinity included: JSON.stringify sends them as null
  fc.constantFrom(-1, -0, 0, 0.5, 2 ** 31, 2 ** 31 - 1, -(2 ** 31) - 1, 2 ** 53 + 2, -(2 ** 63), 1e308, -1e308, 5e-324, 1e21, 1e-7, 9_999_999_999.999_999),
);

export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  unicodeString({ maxLength: 12 }),
  fc.constantFrom("__proto__", "constructor", "prototype", "", " ", "run_key", "workspace_id", "agent_id", "id", "$where", "a.b", "0", "\u0000"),
);

/** Any JSON value, nested a few levels, built from the hostile leaves. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** Raw bodies that are not what JSON.stringify produces: broken syntax, non-finite literals, nesting, encodings. */
export const rawBodies: string[] = [
  "", "{", "}", "[", "{\"a\":}", "{'a': 1}", "{\"a\": NaN}", "{\"a\": Infinity}", "{\"a\": -Infinity}", "{\"a\": 1e400}", "{\"a\": -1e400}",
  "{\"a\": 1.0e-400}", "{\"a\": 0x10}", "{\"a\": 01}", "{\"a\": .5}", "{\"a\": undefined}", "{\"a\": 1,}", "[1,]", "null", "true", "42", "\"text\"", "[]",
  "{\"a\":1,\"a\":2}", "\ufeff{}", "{\"__proto__\": {\"polluted\": true}}", "{\"constructor\": {\"prototype\": {\"polluted\": true}}}",
  `{"a": "${"\\ud800"}"}`, "{\"a\": \"\\u0000\"}", "{\"a\": \"\\x00\"}", "{\"a\": \"\u0000\"}", "{\"a\"\u0000: 1}",
  `{"a": ${"[".repeat(300)}${"]".repeat(300)}}`, `${"[".repeat(100_000)}${"]".repeat(100_000)}`, `${"{\"a\":".repeat(5_000)}1${"}".repeat(5_000)}`,
  `{"a": "${"x".repeat(200_000)}"}`,
];

/** Every path (object keys and array indexes) of a JSON value. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown, mode: "replace" | "delete" | "add", extraKey: string): unknown {
  if (path.length === 0) return mode === "replace" ? value : root;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy as Record<string | number, unknown>;
  for (const p of path.slice(0, -1)) node = node[p] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (mode === "delete") {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else if (mode === "add" && node[last] && typeof node[last] === "object" && !Array.isArray(node[last])) {
    (node[last] as Record<string, unknown>)[extraKey] = value;
  } else {
    node[last] = value;
  }
  return copy;
}

/** A valid payload with one to three of its values replaced, removed, or joined by an unknown key. */
export function mutationsOf(valid: unknown): fc.Arbitrary<unknown> {
  const all = paths(valid);
  const one = fc.record({
    at: fc.nat({ max: all.length - 1 }),
    mode: fc.constantFrom("replace" as const, "replace" as const, "replace" as const, "delete" as const, "add" as const),
    value: hostileJson,
    key: hostileKey,
  });
  return fc.array(one, { minLength: 1, maxLength: 3 }).map((edits) => {
    let out = structuredClone(valid);
    for (const e of edits) {
      const candidates = paths(out);
      out = setAt(out, candidates[e.at % candidates.length], e.value, e.mode, e.key);
    }
    return out;
  });
}
