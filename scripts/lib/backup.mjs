// Logical backups of the local stack and their restore, with a manifest that proves the restore:
// pg_dump (custom format) runs inside an exported snapshot, and the row count and checksum of every
// table are taken from that same snapshot, so the manifest describes exactly what the dump holds.
// A restore target gets what Supabase's image provides first (roles, the auth shim: the bootstrap
// SQL), then pg_restore; verify() compares the restored tables with the manifest. Used by
// scripts/backup.mjs, scripts/restore.mjs and the weekly restore drill (tests/faults/backup.test.ts).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { PG_BIN, ROOT } from "./stack.mjs";

/** Schemas a backup covers: all but Postgres's own (auth.users, cron.job and the migration history included). */
const SKIP_SCHEMAS = ["pg_catalog", "information_schema", "pg_toast"];

function tool(name, args, opts = {}) {
  const res = spawnSync(join(PG_BIN, name), args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, ...opts });
  if (res.status !== 0) throw new Error(`${name} exited with ${res.status}: ${res.stderr || res.stdout}`);
  return res;
}

/**
 * Row count and an order-independent checksum (md5 over the sorted md5s of the rows) of every table.
 * Materialized views are left out: derived data, refreshed from the restored tables by the restore.
 */
export async function checksums(sql) {
  const tables = await sql`
    select format('%I.%I', n.nspname, c.relname) as rel
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and not c.relispartition and n.nspname <> all (${SKIP_SCHEMAS})
      and n.nspname not like 'pg_temp%' and n.nspname not like 'pg_toast_temp%'
    order by 1`;
  const out = {};
  for (const { rel } of tables) {
    const [row] = await sql.unsafe(
      `select count(*)::bigint::text as rows, md5(coalesce(string_agg(h, '' order by h), '')) as md5 from (select md5(t::text) as h from ${rel} t) x`,
    );
    out[rel] = { rows: Number(row.rows), md5: row.md5 };
  }
  return out;
}

function redact(url) {
  const u = new URL(url);
  u.password = "";
  return u.toString();
}

/**
 * Dumps the database at `url` to `file` (custom format) and writes `file`.manifest.json with the
 * checksum of every table, both from one snapshot. Returns timings and sizes.
 */
export async function backup({ url, file }) {
  const t0 = Date.now();
  const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { statement_timeout: 0, idle_in_transaction_session_timeout: 0 } });
  let tables;
  let roles;
  try {
    await sql.begin("isolation level repeatable read read only", async (tx) => {
      const [{ snapshot }] = await tx`select pg_export_snapshot() as snapshot`;
      tool("pg_dump", ["--format=custom", "--compress=6", `--snapshot=${snapshot}`, "--file", file, url]);
      tables = await checksums(tx);
      // roles are the cluster's, not in a dump: those the migrations create (e.g. analytics_reader,
      // auditor) must exist before the dump's grants and policies naming them are restored
      roles = (await tx`select rolname, rolinherit from pg_roles where rolname !~ '^pg_' order by 1`)
        .map((r) => ({ name: r.rolname, inherit: r.rolinherit }));
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
  const manifest = {
    created_at: new Date().toISOString(),
    source: redact(url),
    pg_dump: tool("pg_dump", ["--version"]).stdout.trim(),
    dump: file,
    bytes: statSync(file).size,
    roles,
    tables,
  };
  writeFileSync(`${file}.manifest.json`, JSON.stringify(manifest, null, 2));
  return { file, manifest: `${file}.manifest.json`, bytes: manifest.bytes, tables: Object.keys(tables).length, ms: Date.now() - t0 };
}

/**
 * Restores `file` into the (empty) database at `url`: Supabase's roles and auth shim first (the
 * bootstrap SQL, idempotent), then every object and row of the dump in one transaction. Objects
 * the bootstrap created are dropped and recreated from the dump (--clean), so they are the source's.
 * Both run as `adminUrl` (the local cluster's superuser, supabase_admin) when given: `postgres`
 * is not a superuser and cannot create the extensions or drop what supabase_admin owns.
 */
export function restore({ file, url, adminUrl = url }) {
  const t0 = Date.now();
  const env = { ...process.env, PGOPTIONS: "--client-min-messages=warning" };
  const bootstrap = spawnSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", adminUrl, "-f", join(ROOT, "scripts", "sql", "supabase-bootstrap.sql")], { encoding: "utf8", env });
  if (bootstrap.status !== 0) throw new Error(`bootstrap failed: ${bootstrap.stderr}`);
  // the source's roles the target lacks, without login or password (set those for login roles after)
  const manifest = `${file}.manifest.json`;
  const roles = existsSync(manifest) ? JSON.parse(readFileSync(manifest, "utf8")).roles ?? [] : [];
  if (roles.length > 0) {
    const create = roles.map((r) =>
      `do $r$ begin if not exists (select 1 from pg_roles where rolname = '${r.name.replace(/'/g, "''")}') then ` +
      `create role "${r.name.replace(/"/g, '""')}" nologin ${r.inherit ? "inherit" : "noinherit"}; end if; end $r$;`).join("\n");
    const res = spawnSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", adminUrl, "-c", create], { encoding: "utf8", env });
    if (res.status !== 0) throw new Error(`creating the source's roles failed: ${res.stderr}`);
  }
  tool("pg_restore", ["--clean", "--if-exists", "--single-transaction", "--exit-on-error", "--dbname", adminUrl, file], { env });
  return { ms: Date.now() - t0 };
}

/** Compares the database at `url` with a manifest: the tables that differ (missing, extra, other rows). */
export async function verify({ url, manifest }) {
  const expected = typeof manifest === "string" ? JSON.parse(readFileSync(manifest, "utf8")).tables : manifest;
  const sql = postgres(url, { max: 1, onnotice: () => {}, connection: { statement_timeout: 0 } });
  try {
    const actual = await checksums(sql);
    const differences = [];
    for (const [rel, want] of Object.entries(expected)) {
      const got = actual[rel];
      if (!got) differences.push(`${rel}: missing`);
      else if (got.rows !== want.rows || got.md5 !== want.md5) differences.push(`${rel}: ${got.rows} rows (${got.md5}), want ${want.rows} rows (${want.md5})`);
    }
    for (const rel of Object.keys(actual)) if (!(rel in expected)) differences.push(`${rel}: not in the backup`);
    return { tables: Object.keys(expected).length, rows: Object.values(expected).reduce((n, t) => n + t.rows, 0), differences };
  } finally {
    await sql.end({ timeout: 5 });
  }
}
