// Guard: every pg_cron job a migration schedules is in the README's "Scheduled jobs" table, and
// the table names no job that does not exist, so operators read the schedule that runs.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const migrations = join(root, "supabase", "migrations");

describe("scheduled jobs are documented", () => {
  it("the README's table lists exactly the jobs the migrations schedule", () => {
    const scheduled = readdirSync(migrations).filter((f) => f.endsWith(".sql"))
      .flatMap((f) => [...readFileSync(join(migrations, f), "utf8").matchAll(/cron\.schedule\(\s*'([^']+)'/g)].map((m) => m[1]));
    const readme = readFileSync(join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Scheduled jobs"), readme.indexOf("\n## ", readme.indexOf("## Scheduled jobs") + 1));
    const documented = [...section.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect(scheduled.length).toBeGreaterThan(10);
    expect([...new Set(documented)].sort()).toEqual([...new Set(scheduled)].sort());
  });
});
