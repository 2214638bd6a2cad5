// Seed 002's "audit logging for sensitive queries", through pgaudit as the local stack runs it
// (preloaded; pgaudit.log = 'role, ddl'; object audit through the role auditor): role and grant
// changes, reads of secrets and deletes from the key tables reach the server log with their text,
// whoever runs them; an ordinary read does not.
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { connect } from "../e2e/helpers.ts";

const sql = connect();
afterAll(() => sql.end());

async function serverLog(): Promise<string> {
  const [{ dir }] = await sql`select current_setting('data_directory') as dir`;
  const file = process.env.SERVER_LOG ?? join(String(dir), "server.log");
  if (!existsSync(file)) throw new Error(`no server log at ${file}: set SERVER_LOG`);
  return readFileSync(file, "utf8");
}

/** The audit lines mentioning a marker, once the server has written them. */
async function auditLines(marker: string, want: number): Promise<string[]> {
  let lines: string[] = [];
  for (let i = 0; i < 50; i++) {
    lines = (await serverLog()).split("\n").filter((l) => l.includes("AUDIT:") && l.includes(marker));
    if (lines.length >= want) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return lines;
}

describe("pgaudit", () => {
  it("is loaded and configured for role changes, schema changes and the auditor's objects", async () => {
    const [row] = await sql`select current_setting('shared_preload_libraries') as libs, current_setting('pgaudit.log') as log,
      current_setting('pgaudit.role') as role, exists (select 1 from pg_extension where extname = 'pgaudit') as installed`;
    expect(row.libs).toContain("pgaudit");
    expect(row.log.replace(/\s/g, "")).toBe("role,ddl");
    expect(row.role).toBe("auditor");
    expect(row.installed).toBe(true);
  });

  it("logs role and grant changes, reads of secrets and deletes from key tables, with their text", async () => {
    const marker = `audit_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
    await sql.unsafe(`create role ${marker} nologin`);
    await sql.unsafe(`grant analytics_reader to ${marker}`);
    await sql.unsafe(`drop role ${marker}`);
    await sql.unsafe(`select count(*) from public.agent_api_keys where prefix = '${marker}'`);
    await sql.unsafe(`select count(*) from private.webhook_secrets where secret = '${marker}'`);
    await sql.unsafe(`delete from public.executions where run_key = '${marker}'`);
    // the same delete as a person through the API role: audited too
    await sql.begin(async (tx) => {
      await tx`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', ${JSON.stringify({ sub: randomUUID(), role: "authenticated" })}, true)`;
      await tx.unsafe(`delete from public.workspace_members where role = '${marker}'`);
    });
    const lines = await auditLines(marker, 7);
    const has = (pattern: RegExp) => lines.some((l) => pattern.test(l));
    expect(has(/AUDIT: SESSION,\d+,\d+,ROLE,CREATE ROLE,/)).toBe(true);
    expect(has(/AUDIT: SESSION,\d+,\d+,ROLE,GRANT ROLE,/)).toBe(true);
    expect(has(/AUDIT: SESSION,\d+,\d+,ROLE,DROP ROLE,/)).toBe(true);
    expect(has(/AUDIT: OBJECT,\d+,\d+,READ,SELECT,TABLE,public\.agent_api_keys,/)).toBe(true);
    expect(has(/AUDIT: OBJECT,\d+,\d+,READ,SELECT,TABLE,private\.webhook_secrets,/)).toBe(true);
    expect(has(/AUDIT: OBJECT,\d+,\d+,WRITE,DELETE,TABLE,public\.executions,/)).toBe(true);
    expect(has(/AUDIT: OBJECT,\d+,\d+,WRITE,DELETE,TABLE,public\.workspace_members,/)).toBe(true);
  });

  it("does not log ordinary reads", async () => {
    const marker = `plain_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
    await sql.unsafe(`select count(*) from public.projects where slug = '${marker}'`);
    const control = `ctl_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
    await sql.unsafe(`select count(*) from public.agent_api_keys where prefix = '${control}'`);
    expect((await auditLines(control, 1)).length).toBe(1); // the log is being written: the audited control read is there
    expect(await auditLines(marker, 0)).toEqual([]);
  });
});
