// Seed 004's weekly restore drill, automated: a populated database (the demo seed, runs ingested
// through the client, every scheduled job run once) is backed up with scripts/lib/backup.mjs while
// ingestion goes on, restored into a new cluster with its own credentials, and every table's row
// count and checksum compared with the backup's manifest. The restored copy then serves: the
// functions started against it accept the demo agent's key and store a run. Backup and restore
// times are reported against the RTO of 60 minutes.
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backup, restore, verify } from "../../scripts/lib/backup.mjs";
import { Cluster, freePort, serveFunctions, waitForHttp } from "../../scripts/lib/stack.mjs";
import { FaultStack, type Sql } from "./stack.ts";
import { fixture, report, sleep, Workload } from "./workload.ts";

const DEMO_KEY = "ak_demo0001_DemoSecretForLocalUseOnly0000000000000000";
let stack: FaultStack;
let sql: Sql;
let target: InstanceType<typeof Cluster> | undefined;
let dir: string;

beforeAll(async () => {
  stack = await FaultStack.create({ seed: true });
  sql = stack.connect(4, { connection: { statement_timeout: 0 } });
  dir = mkdtempSync(join(tmpdir(), "agentops-drill-"));
}, 300_000);

afterAll(async () => {
  await sql?.end({ timeout: 1 }).catch(() => {});
  target?.destroy();
  await stack?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe("backup and restore drill", () => {
  it("a backup taken during ingestion restores into a new cluster with every table's rows and checksum, and serves", async () => {
    // populate: runs with spans through the client, then every scheduled job once (rollups, patterns, alerts, ...)
    const { agents } = await fixture(sql, 2);
    const load = new Workload(stack.functionsUrl, agents);
    load.start();
    await sleep(4_000);
    for (const job of await sql`select jobname, command from cron.job order by jobid`) {
      await sql.unsafe(job.command as string).catch((err) => console.warn(`job ${job.jobname}: ${err.message}`));
    }
    // back up while the clients keep writing: the manifest comes from the dump's own snapshot
    const file = join(dir, "drill.dump");
    const taken = await backup({ url: stack.url, file });
    await load.stop();

    // a new cluster, its own credentials and port; pg_cron paused until the copy is verified
    target = new Cluster({ dataDir: join(dir, "restore"), port: await freePort(), durable: true });
    target.init();
    appendFileSync(join(target.dataDir, "postgresql.auto.conf"), "cron.max_running_jobs = 0\n");
    target.start();
    const targetUrl = `postgresql://postgres:restore-drill-only@127.0.0.1:${target.port}/postgres`;
    // as the cluster's superuser (postgres is not one, and the bootstrap makes it)
    const restored = restore({ file, url: targetUrl, adminUrl: target.adminUrl });
    target.psql("alter role postgres password 'restore-drill-only'", { admin: true });
    const check = await verify({ url: targetUrl, manifest: taken.manifest });

    // the copy serves: functions against it take the demo key and store a run
    const fnPort = await freePort();
    const functions = await serveFunctions({ dbPort: target.port, fnPort, extraEnv: { SUPABASE_DB_URL: targetUrl }, stdio: ["ignore", "ignore", "ignore"] });
    let served: number;
    try {
      await waitForHttp(`http://127.0.0.1:${fnPort}/health`, 90_000);
      const token = await (await fetch(`http://127.0.0.1:${fnPort}/functions/v1/agent-auth/token`, { method: "POST", headers: { "x-api-key": DEMO_KEY } })).json();
      const res = await fetch(`http://127.0.0.1:${fnPort}/functions/v1/ingest/run`, {
        method: "POST",
        headers: { authorization: `Bearer ${token.access_token}`, "content-type": "application/json" },
        body: JSON.stringify({ run_key: "after-restore", status: "succeeded", tokens_in: 1, tokens_out: 1 }),
      });
      served = res.status;
    } finally {
      functions.kill("SIGTERM");
    }
    const copy = postgres(targetUrl, { max: 1, onnotice: () => {} });
    const [{ runs }] = await copy`select count(*)::int as runs from public.executions where run_key = 'after-restore'`;
    const [{ jobs }] = await copy`select count(*)::int as jobs from cron.job`;
    const [{ migrations }] = await copy`select count(*)::int as migrations from supabase_migrations.schema_migrations`;
    await copy.end();

    report("backup", {
      tables: check.tables, rows: check.rows, differences: check.differences.length, dump_bytes: taken.bytes,
      backup_ms: taken.ms, restore_ms: restored.ms, rto_target_minutes: 60, cron_jobs_restored: jobs, migrations_restored: migrations,
      ingest_after_restore: served,
    });
    expect(check.differences).toEqual([]);
    expect(check.tables).toBeGreaterThan(40);
    expect(check.rows).toBeGreaterThan(1_000);
    expect(served).toBe(200);
    expect(runs).toBe(1);
    expect(jobs).toBeGreaterThan(5);
    expect(migrations).toBeGreaterThan(10);
    expect(taken.ms + restored.ms).toBeLessThan(60 * 60_000);
  });

  it("a damaged copy fails the check (the drill can fail)", async () => {
    // (the copy also took a run since: those tables differ too; the two damaged ones must be named)
    const url = `postgresql://postgres:restore-drill-only@127.0.0.1:${target!.port}/postgres`;
    const copy = postgres(url, { max: 1, onnotice: () => {} });
    await copy`delete from public.execution_spans where ctid in (select ctid from public.execution_spans limit 1)`;
    await copy`update auth.users set email = 'changed@test.local' where ctid in (select ctid from auth.users limit 1)`;
    await copy.end();
    const check = await verify({ url, manifest: join(dir, "drill.dump.manifest.json") });
    expect(check.differences.some((d: string) => d.startsWith("public.execution_spans"))).toBe(true);
    expect(check.differences.some((d: string) => d.startsWith("auth.users"))).toBe(true);
  });
});
