#!/usr/bin/env node
// `node scripts/restore.mjs <file.dump>`: restores a backup made by scripts/backup.mjs into a NEW
// local cluster (never over the database it came from), then checks every table against the
// backup's manifest (row counts and checksums) and prints the timings: seed 004's restore drill by
// hand. The new cluster keeps running with pg_cron paused (cron.max_running_jobs = 0) so that
// nothing changes before you have looked; its URL is printed. --db <url> restores into an existing
// empty database instead (its cluster must have pg_cron for that database, as Supabase's does).
//
//   node scripts/restore.mjs .local/backups/agentops-....dump [--port 54330] [--dir .local/restore-...]
//   node scripts/restore.mjs <file.dump> --db <url-of-an-empty-database>
import { appendFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { restore, verify } from "./lib/backup.mjs";
import { Cluster, ensureSystemPackages, freePort, ROOT } from "./lib/stack.mjs";

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const file = args.find((a, i) => !a.startsWith("--") && !(i > 0 && args[i - 1].startsWith("--")));
if (!file || !existsSync(file)) {
  console.error("usage: node scripts/restore.mjs <file.dump> [--port N] [--dir DIR] [--db URL]");
  process.exit(2);
}

try {
  const t0 = Date.now();
  let url = opt("--db");
  let cluster;
  if (!url) {
    ensureSystemPackages();
    const stamp = new Date().toISOString().replace(/[:.]/g, "-");
    const dir = resolve(opt("--dir", join(ROOT, ".local", `restore-${stamp}`)));
    cluster = new Cluster({ dataDir: join(dir, "data"), port: Number(opt("--port", 0)) || (await freePort()), durable: true });
    cluster.init();
    appendFileSync(join(cluster.dataDir, "postgresql.auto.conf"), "cron.max_running_jobs = 0\n");
    cluster.start();
    url = cluster.url;
  }
  const restored = restore({ file, url, adminUrl: cluster?.adminUrl });
  console.log(`restored ${file} in ${restored.ms} ms`);
  const manifest = `${file}.manifest.json`;
  if (existsSync(manifest)) {
    const check = await verify({ url, manifest });
    if (check.differences.length) {
      console.error(`verification FAILED:\n  ${check.differences.join("\n  ")}`);
      process.exit(1);
    }
    console.log(`verified: ${check.tables} tables, ${check.rows} rows, every checksum equal to the backup's`);
  } else {
    console.log("no manifest beside the dump: not verified");
  }
  console.log(`restore time (RTO of this drill): ${Date.now() - t0} ms`);
  console.log(`database: ${url}`);
  if (cluster) {
    console.log(`pg_cron is paused in this cluster; to run the jobs, delete "cron.max_running_jobs = 0" from ${join(cluster.dataDir, "postgresql.auto.conf")} and restart it.`);
    console.log(`stop it: runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D ${cluster.dataDir} stop (or as its owner without runuser)`);
  }
} catch (err) {
  console.error(`restore failed: ${err?.message ?? err}`);
  process.exit(1);
}
