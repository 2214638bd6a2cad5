#!/usr/bin/env node
// `node scripts/backup.mjs`: a logical backup of the local stack's database (pg_dump, custom
// format) with a manifest of every table's row count and checksum taken from the same snapshot,
// written to .local/backups/agentops-<time>.dump(.manifest.json). Restore it with
// scripts/restore.mjs. On a Supabase project use its daily backups and PITR instead (see
// docs/reliability.md); `supabase db dump` gives the same kind of logical copy.
//
//   node scripts/backup.mjs                       the `npm start` database (127.0.0.1:54322)
//   node scripts/backup.mjs --db <url> --out <file>
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { backup } from "./lib/backup.mjs";
import { dbUrl, ROOT } from "./lib/stack.mjs";

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const url = opt("--db", process.env.SUPABASE_DB_URL ?? dbUrl(Number(process.env.DB_PORT ?? 54322)));
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const file = opt("--out", join(ROOT, ".local", "backups", `agentops-${stamp}.dump`));
mkdirSync(dirname(file), { recursive: true });

try {
  const res = await backup({ url, file });
  console.log(`backup: ${res.file} (${(res.bytes / 1024 / 1024).toFixed(1)} MiB, ${res.tables} tables, ${res.ms} ms)`);
  console.log(`manifest: ${res.manifest}`);
} catch (err) {
  console.error(`backup failed: ${err?.message ?? err}`);
  process.exit(1);
}
