// Guard: every function, trigger, policy and view is defined in exactly one migration, so the
// text a reader finds is the text that runs. Nothing is released yet (0.1.0): a change to an
// object edits the migration that creates it. At the first release migrations become
// append-only and this guard is relaxed deliberately (README, "Contributing").
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const dir = process.env.GUARD_MIGRATIONS_DIR ?? join(import.meta.dirname, "..", "..", "supabase", "migrations");

/** Strips comments and the bodies of dollar-quoted strings (function bodies may mention other objects). */
function statementsText(sql: string): string {
  return sql
    .replace(/\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g, "$$$$")
    .replace(/--[^\n]*/g, "")
    .replace(/'(?:[^']|'')*'/g, "''");
}

type Definition = { kind: string; name: string; file: string };

export function definitions(file: string, sql: string): Definition[] {
  const text = statementsText(sql);
  const out: Definition[] = [];
  const add = (kind: string, name: string) => out.push({ kind, name: name.toLowerCase().replace(/\s+/g, ""), file });
  for (const m of text.matchAll(/create\s+(?:or\s+replace\s+)?function\s+([\w."]+)\s*\(([^)]*)\)/gi)) {
    // overloads are distinct objects: name plus the argument types (names and defaults dropped)
    const types = m[2].split(",").map((a) => a.replace(/\bdefault\b.*$/i, "").trim().split(/\s+/).slice(-1)[0] ?? "").join(",");
    add("function", `${m[1]}(${types})`);
  }
  for (const m of text.matchAll(/create\s+(?:or\s+replace\s+)?(?:constraint\s+)?trigger\s+([\w"]+)[\s\S]*?\bon\s+([\w."]+)/gi)) add("trigger", `${m[1]} on ${m[2]}`);
  for (const m of text.matchAll(/create\s+policy\s+("[^"]+"|\w+)\s+on\s+([\w."]+)/gi)) add("policy", `${m[1]} on ${m[2]}`);
  for (const m of text.matchAll(/create\s+(?:or\s+replace\s+)?(?:materialized\s+)?view\s+(?:if\s+not\s+exists\s+)?([\w."]+)/gi)) add("view", m[1]);
  return out;
}

describe("one definition per object across supabase/migrations", () => {
  const files = readdirSync(dir).filter((f) => f.endsWith(".sql")).sort();
  const all = files.flatMap((f) => definitions(f, readFileSync(join(dir, f), "utf8")));

  it("finds the objects it guards (the parser is not blind)", () => {
    const kinds = new Set(all.map((d) => d.kind));
    expect([...kinds].sort()).toEqual(["function", "policy", "trigger", "view"]);
    expect(all.filter((d) => d.kind === "function").length).toBeGreaterThan(100);
  });

  it("defines each function, trigger, policy and view once", () => {
    const seen = new Map<string, string[]>();
    for (const d of all) {
      const key = `${d.kind} ${d.name}`;
      seen.set(key, [...(seen.get(key) ?? []), d.file]);
    }
    const repeated = [...seen].filter(([, where]) => where.length > 1).map(([key, where]) => `${key}: ${where.join(", ")}`);
    expect(repeated).toEqual([]);
  });

  it("flags a redefinition in a later migration (self-test)", () => {
    const a = definitions("a.sql", "create function private.f(x int) returns int language sql as $$ select 1 $$;");
    const b = definitions("b.sql", "create or replace function private.f(x int) returns int language sql as $$ select 2 $$;");
    expect(a[0].name).toBe(b[0].name);
    const overload = definitions("c.sql", "create function private.f(x text) returns int language sql as $$ select 3 $$;");
    expect(overload[0].name).not.toBe(a[0].name);
  });

  it("attaches every trigger on public.executions in one migration, the one that lists them in firing order", () => {
    const onRuns = all.filter((d) => d.kind === "trigger" && d.name.endsWith("onpublic.executions"));
    expect(onRuns.length).toBeGreaterThan(10);
    expect([...new Set(onRuns.map((d) => d.file))]).toEqual(["20261122006900_attach_executions_triggers.sql"]);
  });
});
