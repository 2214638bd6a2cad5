// Property-based tests over every zod schema in shared/schemas (found by reading the folder, so a
// schema added later is fuzzed too): hostile JSON and mutations of valid payloads get an answer,
// never an exception, at every depth the functions accept (MAX_JSON_DEPTH); and the depth guard
// measures nesting exactly as a parser would.
import { readdirSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonDepth, MAX_JSON_DEPTH } from "../../supabase/functions/_shared/json-limits.ts";
import { hostileJson, mutationsOf } from "./arbitraries.ts";

type Schema = { safeParse: (v: unknown) => { success: boolean; data?: unknown } };
const isSchema = (v: unknown): v is Schema =>
  typeof v === "object" && v !== null && typeof (v as Schema).safeParse === "function" && "_zod" in (v as object);

const dir = new URL("../../shared/schemas/", import.meta.url);
const modules = readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
const schemas: Array<[string, Schema]> = [];
for (const file of modules) {
  const mod = await import(new URL(file, dir).href);
  for (const [name, value] of Object.entries(mod)) if (isSchema(value)) schemas.push([`${file}:${name}`, value]);
}

function nest(depth: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? { k: v } : [v];
  return v;
}

function depthOf(v: unknown): number {
  if (Array.isArray(v)) return 1 + Math.max(0, ...v.map(depthOf));
  if (v && typeof v === "object") return 1 + Math.max(0, ...Object.values(v).map(depthOf));
  return 0;
}

describe("every zod schema answers any JSON without throwing", () => {
  it("finds the schemas of every shared module", () => {
    expect(modules.length).toBeGreaterThanOrEqual(4);
    expect(schemas.length).toBeGreaterThan(15);
  });

  it.each(schemas.map(([name, schema]) => [name, schema] as const))("%s", (_name, schema) => {
    fc.assert(fc.property(hostileJson, (value) => {
      const res = schema.safeParse(value);
      // what a schema accepts must survive JSON (it is sent on, or stored)
      if (res.success) JSON.stringify(res.data);
    }), { numRuns: 60 });
    // every object-shaped schema also meets its own fields' hostile values
    const probe = { run_key: "r", status: "running", runs: [{ run_key: "r", status: "running" }], spans: [], samples: [], api_key: "x" };
    fc.assert(fc.property(mutationsOf(probe), (value) => {
      schema.safeParse(value);
    }), { numRuns: 30 });
    // nesting up to the limit the functions let through never overflows a recursive schema
    for (const leaf of [null, "x", 1, {}, []]) {
      expect(() => schema.safeParse(nest(MAX_JSON_DEPTH, leaf))).not.toThrow();
      expect(() => schema.safeParse({ runs: [nest(MAX_JSON_DEPTH - 2, leaf)], arguments: nest(MAX_JSON_DEPTH - 1, leaf) })).not.toThrow();
    }
  });
});

describe("the JSON depth guard", () => {
  it("measures nesting exactly as parsing would, strings and escapes included", () => {
    fc.assert(fc.property(hostileJson, (value) => jsonDepth(JSON.stringify(value) ?? "null") === depthOf(JSON.parse(JSON.stringify(value) ?? "null"))), {
      numRuns: 300,
    });
    expect(jsonDepth('{"a":"[[[[{{{{\\"]]]]"}')).toBe(1);
    expect(jsonDepth(`${"[".repeat(10_000)}${"]".repeat(10_000)}`)).toBe(10_000);
    expect(jsonDepth(`${"[".repeat(10_000)}`, MAX_JSON_DEPTH)).toBe(MAX_JSON_DEPTH + 1);
  });
});
