// Guard: a path the project's files cite (a comment naming the test that proves a rule, a doc
// pointing at a script) names a file that exists, so a rename or a removal cannot leave readers
// looking for something that is gone. Placeholders (<name>, *, {a,b}) are not checked.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const CITED = /(?<![\w/.@-])((?:supabase|tests|scripts|docs|shared|bench|\.ci)\/[\w.\-/<>*{}]+\.(?:ts|mjs|sql|md|json|toml|sh))/g;

// a migration cited by its version, with or without its name (folded migrations leave such citations behind)
const MIGRATION = /(?<![\w/])(20\d{12})(_[a-z0-9_]+)?/g;

export function citedPaths(text: string): string[] {
  return [...text.matchAll(CITED)].map((m) => m[1]).filter((p) => !/[<>*{}]/.test(p));
}

export function citedMigrations(text: string): string[] {
  return [...text.matchAll(MIGRATION)].map((m) => m[1] + (m[2] ?? "").replace(/_sql$/, ""));
}

describe("cited paths exist", () => {
  it("finds a cited path, and ignores placeholders (the pattern itself can fail)", () => {
    expect(citedPaths("see tests/faults/crash.test.ts and supabase/functions/<name>/deno.json")).toEqual(["tests/faults/crash.test.ts"]);
  });

  it("finds a cited migration, by version or by name", () => {
    expect(citedMigrations("see 20261122004300_refuse_inactive_agents.sql and migration `20261122008000`"))
      .toEqual(["20261122004300_refuse_inactive_agents", "20261122008000"]);
  });

  it("every path cited in the tracked sources and docs exists", () => {
    const tracked = execFileSync("git", ["ls-files"], { cwd: root, encoding: "utf8" }).split("\n")
      .filter((f) => /\.(ts|mjs|sql|md|sh|toml)$/.test(f) && !f.endsWith("database.types.ts") && f !== "tests/guards/cited-paths.test.ts" && existsSync(join(root, f)));
    const migrations = readdirSync(join(root, "supabase", "migrations"));
    const missing: string[] = [];
    for (const file of tracked) {
      for (const cited of citedPaths(readFileSync(join(root, file), "utf8"))) {
        if (!existsSync(join(root, cited))) missing.push(`${file} cites ${cited}`);
      }
      for (const cited of citedMigrations(readFileSync(join(root, file), "utf8"))) {
        if (!migrations.some((m) => m === `${cited}.sql` || (!cited.includes("_") && m.startsWith(`${cited}_`)))) {
          missing.push(`${file} cites migration ${cited}`);
        }
      }
    }
    expect(tracked.length).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });
});
