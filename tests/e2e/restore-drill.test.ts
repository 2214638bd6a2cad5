// Seed 004's restore drill as operators and CI run it (npm run drill): it backs up the database,
// restores it into a scratch cluster, compares every table with the backup's manifest and records
// the verdict, which one query shows (private.last_restore_drill). A drill whose copy differs fails
// and says which table.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { connect } from "./helpers.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const sql = connect();
afterAll(() => sql.end());

function drill(...extra: string[]) {
  return spawnSync("node", [join(ROOT, "scripts", "restore-drill.mjs"), "--db", String(process.env.SUPABASE_DB_URL), "--runner", "test", ...extra], {
    cwd: ROOT, encoding: "utf8", timeout: 600_000,
  });
}

describe("restore drill", () => {
  it("backs up, restores into a scratch cluster, finds every table identical and records it", async () => {
    const res = drill();
    expect(res.status, `${res.stdout}\n${res.stderr}`).toBe(0);
    const [last] = await sql`select ok, runner, tables, rows_checked, differences, error, overdue, backup_bytes, restore_ms from private.last_restore_drill`;
    expect(last.ok).toBe(true);
    expect(last.runner).toBe("test");
    expect(last.tables).toBeGreaterThan(50);
    expect(Number(last.rows_checked)).toBeGreaterThan(0);
    expect(last.differences).toEqual([]);
    expect(last.error).toBeNull();
    expect(last.overdue).toBe(false);
    expect(Number(last.backup_bytes)).toBeGreaterThan(0);
  }, 600_000);

  it("fails, and records which table differed, when the copy is not the backup", async () => {
    const res = drill("--tamper", "public.workspaces");
    expect(res.status).toBe(1);
    const [last] = await sql`select ok, differences from private.last_restore_drill`;
    expect(last.ok).toBe(false);
    expect(last.differences.some((d: string) => d.startsWith("public.workspaces:"))).toBe(true);
  }, 600_000);
});
