#!/usr/bin/env node
// `npm run drill`: seed 004's restore drill, end to end and on the record. Backs up a database
// (scripts/lib/backup.mjs: pg_dump inside an exported snapshot, with a manifest of every table's
// row count and checksum from the same snapshot), restores the dump into a scratch cluster (a new
// data directory and port, its own password, pg_cron paused), compares every table with the
// manifest, records the verdict in the source database (private.record_restore_drill) and removes
// the scratch cluster. Exits 0 only when the copy matched. The last result, for operators:
//   select * from private.last_restore_drill;   -- ok, differences, timings, age, overdue (> 8 days)
//
//   npm run drill                                  the `npm start` database (127.0.0.1:54322)
//   npm run drill -- --db <url> --runner cron      an operator's weekly schedule (crontab, systemd timer)
//   npm run drill -- --fresh --runner ci           CI (.ci/run): a throw-away stack with the demo data
//   --keep                                         leave the scratch cluster running (its URL is printed)
//   --tamper <schema.table>                        delete one row of the copy before comparing (tests: a drill must be able to fail)
import { mkdtempSync, rmSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { backup, restore, verify } from "./lib/backup.mjs";
import * as stack from "./lib/stack.mjs";

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const runner = opt("--runner", "manual");
const keep = args.includes("--keep");
const tamper = opt("--tamper");
/** The scratch cluster's bootstrap superuser: supabase_admin where the stack mirrors Supabase's roles. */
const superuser = stack.ADMIN_USER ?? "postgres";

async function main() {
  stack.ensureSystemPackages();
  const dir = mkdtempSync(join(tmpdir(), "agentops-drill-"));
  let source = opt("--db", process.env.SUPABASE_DB_URL ?? stack.dbUrl(Number(process.env.DB_PORT ?? 54322)));
  let fresh;
  let scratch;
  const startedAt = new Date();
  const result = { started_at: startedAt.toISOString(), ok: false, source: redact(source), runner, differences: [] };
  try {
    if (args.includes("--fresh")) {
      // a throw-away source with the demo data and every job run once (CI has no long-lived database)
      fresh = new stack.Cluster({ dataDir: join(dir, "source"), port: await stack.freePort(), durable: false });
      fresh.init();
      fresh.start();
      fresh.setup({ seed: true });
      source = fresh.url;
      result.source = redact(source);
      const sql = postgres(source, { max: 1, onnotice: () => {} });
      try {
        for (const job of await sql`select jobname, command from cron.job order by jobid`) {
          await sql.unsafe(job.command).catch((err) => console.warn(`drill: job ${job.jobname}: ${err.message}`));
        }
      } finally {
        await sql.end({ timeout: 5 });
      }
    }

    const file = join(dir, "drill.dump");
    const taken = await backup({ url: source, file });
    Object.assign(result, { backup_file: file, backup_bytes: taken.bytes, backup_ms: taken.ms });
    console.log(`drill: backup ${(taken.bytes / 1024 / 1024).toFixed(1)} MiB, ${taken.tables} tables, ${taken.ms} ms`);

    scratch = new stack.Cluster({ dataDir: join(dir, "scratch"), port: await stack.freePort(), durable: false, tls: false });
    scratch.init();
    appendFileSync(join(scratch.dataDir, "postgresql.auto.conf"), "cron.max_running_jobs = 0\n");
    scratch.start();
    const password = `drill-${Date.now()}`;
    scratch.psql(`alter role ${superuser} password '${password}'`, { ...(superuser !== "postgres" ? { admin: true } : {}) });
    const scratchUrl = `postgresql://${superuser}:${password}@127.0.0.1:${scratch.port}/postgres`;
    const restored = restore({ file, url: scratchUrl });
    result.restore_ms = restored.ms;
    console.log(`drill: restored into a scratch cluster on port ${scratch.port} in ${restored.ms} ms`);

    if (tamper) {
      const copy = postgres(scratchUrl, { max: 1, onnotice: () => {} });
      try {
        await copy.unsafe(`set session_replication_role = replica; delete from ${tamper} where ctid = (select ctid from ${tamper} limit 1)`);
      } finally {
        await copy.end({ timeout: 5 });
      }
      console.log(`drill: --tamper deleted one row of ${tamper} in the copy`);
    }

    const t0 = Date.now();
    const check = await verify({ url: scratchUrl, manifest: taken.manifest });
    Object.assign(result, { verify_ms: Date.now() - t0, tables: check.tables, rows_checked: check.rows, differences: check.differences });
    result.ok = check.differences.length === 0;
    console.log(`drill: ${check.tables} tables, ${check.rows} rows compared: ${result.ok ? "identical" : `${check.differences.length} differ`}`);
    for (const d of check.differences) console.log(`  ${d}`);
    if (keep) console.log(`drill: scratch cluster kept at ${scratchUrl}`);
  } catch (err) {
    result.ok = false;
    result.error = String(err?.message ?? err).slice(0, 2000);
    console.error(`drill failed: ${result.error}`);
  } finally {
    if (!keep) scratch?.destroy();
  }

  // the verdict goes on the record in the source database, even when the drill failed
  result.finished_at = new Date().toISOString();
  const sql = postgres(source, { max: 1, onnotice: () => {} });
  try {
    const [{ id }] = await sql`select private.record_restore_drill(${sql.json(result)}) as id`;
    const [last] = await sql`select ok, tables, rows_checked, age from private.last_restore_drill`;
    console.log(`drill: recorded ${id}; private.last_restore_drill: ok=${last.ok}, ${last.tables} tables, ${last.rows_checked} rows`);
  } catch (err) {
    console.error(`drill: could not record the result: ${err?.message ?? err}`);
    result.ok = false;
  } finally {
    await sql.end({ timeout: 5 });
    if (!keep) {
      fresh?.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  process.exit(result.ok ? 0 : 1);
}

function redact(url) {
  const u = new URL(url);
  u.password = "";
  return u.toString();
}

main();
