// Guard: a path the project's files cite (a comment naming the test that proves a rule, a doc
// pointing at a script) names a file that exists, so a rename or a removal cannot leave readers
// looking for something that is gone. Placeholders (<name>, *, {a,b}) are not checked.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const CITED = /(?<![\w/.@-])((?:supabase|tests|scripts|docs|shared|bench|\.ci)\/[\w.\-/<>*{}]+\.(?:ts|mjs|sql|md|json|toml|sh))/g;

export function citedPaths(text: string): string[] {
  return [...text.matchAll(CITED)].map((m) => m[1]).filter((p) => !/[<>*{}]/.test(p));
}

describe("cited paths exist", () => {
  it("finds a cited path, and ignores placeholders (the pattern itself can fail)", () => {
    expect(citedPaths("see tests/faults/crash.test.ts and supabase/functions/<name>/deno.json")).toEqual(["tests/faults/crash.test.ts"]);
  });

  it("every path cited in the tracked sources and docs exists", () => {
    const tracked = execFileSync("git", ["ls-files"], { cwd: root, encoding: "utf8" }).split("\n")
      .filter((f) => /\.(ts|mjs|sql|md|sh|toml)$/.test(f) && !f.endsWith("database.types.ts") && existsSync(join(root, f)));
    const missing: string[] = [];
    for (const file of tracked) {
      for (const cited of citedPaths(readFileSync(join(root, file), "utf8"))) {
        if (!existsSync(join(root, cited))) missing.push(`${file} cites ${cited}`);
      }
    }
    expect(tracked.length).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });
});
