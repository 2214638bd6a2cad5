// The local Supabase-shaped stack without Docker: a PostgreSQL 15 cluster with the
// extensions Supabase ships, the roles and auth shim of Supabase's image, migrations applied
// by the Supabase CLI, and every Edge Function served by Deno. Used by `npm start`,
// `npm test` and the benchmark; only Node built-ins here, so it runs before `npm install`.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync, chownSync, rmSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const PG_BIN = "/usr/lib/postgresql/15/bin";
const BIN = join(ROOT, "node_modules", ".bin");

/** The local JWT secret Supabase's CLI uses by default; never a production secret. */
export const LOCAL_JWT_SECRET = "super-secret-jwt-token-with-at-least-32-characters-long";

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

export function log(...args) {
  console.error("[stack]", ...args);
}

export function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: opts.capture ? "pipe" : "inherit", encoding: "utf8", cwd: ROOT, ...opts });
  if (res.status !== 0 && !opts.allowFail) {
    const out = opts.capture ? `\n${res.stdout ?? ""}${res.stderr ?? ""}` : "";
    throw new Error(`${cmd} ${args.join(" ")} exited with ${res.status}${out}`);
  }
  return res;
}

/** Runs a PostgreSQL server binary as the `postgres` OS user when we are root (it refuses root). */
function pgRun(bin, args, opts = {}) {
  if (isRoot) return run("runuser", ["-u", "postgres", "--", join(PG_BIN, bin), ...args], opts);
  return run(join(PG_BIN, bin), args, opts);
}

export function ensureSystemPackages() {
  const needed = [
    join(PG_BIN, "postgres"),
    "/usr/share/postgresql/15/extension/pg_cron.control",
    "/usr/share/postgresql/15/extension/pgaudit.control",
    "/usr/share/postgresql/15/extension/vector.control",
    "/usr/share/postgresql/15/extension/pgtap.control",
    "/usr/share/postgresql/15/extension/plpgsql_check.control",
  ];
  const hasProve = spawnSync("sh", ["-c", "command -v pg_prove"]).status === 0;
  if (needed.every((p) => existsSync(p)) && hasProve) return;
  log("installing system packages (PostgreSQL 15 and extensions)");
  run("bash", [join(ROOT, "scripts", "install-system.sh")]);
}

export function ensureNodeModules() {
  if (existsSync(join(BIN, "supabase")) && existsSync(join(BIN, "deno")) && existsSync(join(ROOT, "node_modules", "zod"))) return;
  log("installing npm packages");
  run("npm", ["install", "--no-audit", "--no-fund"]);
}

export async function freePort() {
  return await new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

/** `sslmode=require` on a URL when the cluster refuses unencrypted connections (DB_REQUIRE_TLS=1, or tls: true). */
export function requireTls(url, tls = process.env.DB_REQUIRE_TLS === "1") {
  return tls && !/[?&]sslmode=/.test(url) ? `${url}${url.includes("?") ? "&" : "?"}sslmode=require` : url;
}

export function dbUrl(port, user = "postgres", password = "postgres", database = "postgres") {
  return requireTls(`postgresql://${user}:${password}@127.0.0.1:${port}/${database}`);
}

/**
 * A PostgreSQL cluster in `dataDir`, listening on 127.0.0.1:`port`.
 * `durable: false` turns fsync off (throw-away test clusters only).
 */
export class Cluster {
  constructor({ dataDir, port, durable = true, tls = process.env.DB_REQUIRE_TLS === "1" }) {
    this.dataDir = dataDir;
    this.port = port;
    this.durable = durable;
    this.tls = tls;
    this.url = requireTls(dbUrl(port), tls);
  }

  get initialized() {
    return existsSync(join(this.dataDir, "PG_VERSION"));
  }

  init() {
    mkdirSync(this.dataDir, { recursive: true });
    // the postgres OS user must reach the data directory and the password file beside it
    if (isRoot) {
      chmodSync(join(this.dataDir, ".."), 0o755);
      chownTree(this.dataDir);
    }
    const pwfile = join(this.dataDir, "..", `.pwfile-${process.pid}`);
    writeFileSync(pwfile, "postgres\n", { mode: 0o644 });
    try {
      pgRun("initdb", ["-D", this.dataDir, "-U", "postgres", "--pwfile", pwfile, "-A", "scram-sha-256", "--locale", "C.UTF-8", "-E", "UTF8"], { capture: true });
    } finally {
      rmSync(pwfile, { force: true });
    }
    const conf = [
      "listen_addresses = '127.0.0.1'",
      `port = ${this.port}`,
      `unix_socket_directories = '${this.dataDir}'`,
      "shared_preload_libraries = 'pg_cron'",
      "cron.database_name = 'postgres'",
      "cron.timezone = 'UTC'",
      "timezone = 'UTC'",
      "max_connections = 200",
      "shared_buffers = '512MB'",
      "work_mem = '32MB'",
      "maintenance_work_mem = '512MB'",
      "max_wal_size = '4GB'",
      "wal_level = 'logical'",
      "log_min_messages = warning",
      "logging_collector = off",
      ...(this.durable ? [] : ["fsync = off", "synchronous_commit = off", "full_page_writes = off"]),
    ];
    writeFileSync(join(this.dataDir, "postgresql.auto.conf"), conf.join("\n") + "\n");
    if (isRoot) chownTree(this.dataDir);
  }

  /**
   * pgaudit preloaded and configured (seed 002: audit logging of sensitive queries; the objects it
   * audits are granted to the role auditor by the analytics security migration), and with `tls`
   * TCP connections only over TLS (a self-signed certificate made once; pg_hba refuses the rest).
   * Applied at every start, so clusters made before get them too.
   */
  ensureAuditAndTls() {
    const auto = join(this.dataDir, "postgresql.auto.conf");
    let conf = readFileSync(auto, "utf8");
    if (!/^shared_preload_libraries = '[^']*pgaudit/m.test(conf)) {
      conf = conf.replace(/^shared_preload_libraries = '([^']*)'$/m, (_, libs) => `shared_preload_libraries = '${libs ? `${libs},` : ""}pgaudit'`);
      conf += "pgaudit.log = 'role, ddl'\npgaudit.log_catalog = off\npgaudit.log_relation = on\npgaudit.log_parameter = off\npgaudit.role = 'auditor'\n";
    }
    if (this.tls && !/^ssl = on$/m.test(conf)) {
      const crt = join(this.dataDir, "server.crt");
      const key = join(this.dataDir, "server.key");
      run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650", "-subj", "/CN=127.0.0.1", "-keyout", key, "-out", crt], { capture: true });
      chmodSync(key, 0o600);
      conf += "ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\nssl_min_protocol_version = 'TLSv1.2'\n";
      // TCP only over TLS; the Unix socket (the scripts' own, never the network) stays as it was
      const hba = join(this.dataDir, "pg_hba.conf");
      const local = readFileSync(hba, "utf8").split("\n").filter((l) => /^local\s/.test(l));
      writeFileSync(hba, [...local, "hostssl all all 127.0.0.1/32 scram-sha-256", "hostssl all all ::1/128 scram-sha-256", "hostnossl all all all reject", ""].join("\n"));
      if (isRoot) chownTree(this.dataDir);
    }
    writeFileSync(auto, conf);
  }

  start() {
    this.ensureAuditAndTls();
    // the port may have changed since init (test clusters pick a free one each time)
    const auto = join(this.dataDir, "postgresql.auto.conf");
    writeFileSync(auto, readFileSync(auto, "utf8").replace(/^port = \d+$/m, `port = ${this.port}`));
    pgRun("pg_ctl", ["-D", this.dataDir, "-l", join(this.dataDir, "server.log"), "-w", "-t", "60", "start"], { capture: true });
  }

  stop(mode = "fast") {
    if (!existsSync(join(this.dataDir, "postmaster.pid"))) return;
    pgRun("pg_ctl", ["-D", this.dataDir, "-m", mode, "-w", "stop"], { capture: true, allowFail: true });
  }

  get running() {
    return pgRun("pg_ctl", ["-D", this.dataDir, "status"], { capture: true, allowFail: true }).status === 0;
  }

  psql(sqlOrFile, { file = false, database = "postgres", capture = true } = {}) {
    const args = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dbUrl(this.port, "postgres", "postgres", database)];
    args.push(file ? "-f" : "-c", sqlOrFile);
    return run("psql", args, { capture, env: { ...process.env, PGOPTIONS: "--client-min-messages=warning" } });
  }

  query(sql, database = "postgres") {
    return this.psql(sql, { database }).stdout;
  }

  /** Applies the Supabase image shim, the migrations (Supabase CLI) and optionally seed.sql. */
  setup({ seed = true } = {}) {
    this.psql(join(ROOT, "scripts", "sql", "supabase-bootstrap.sql"), { file: true });
    this.migrate();
    if (seed) {
      // as config.toml's [db.seed] sql_paths: seed.sql, then seeds/*.sql in name order
      this.psql(join(ROOT, "supabase", "seed.sql"), { file: true });
      const dir = join(ROOT, "supabase", "seeds");
      if (existsSync(dir)) for (const f of readdirSync(dir).filter((f) => f.endsWith(".sql")).sort()) this.psql(join(dir, f), { file: true });
    }
  }

  migrate() {
    run(join(BIN, "supabase"), ["migration", "up", "--include-all", `--remote=${this.url}`, "--workdir", ROOT, "--yes"], {
      capture: true,
      env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" },
    });
  }

  destroy() {
    this.stop("immediate");
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

function chownTree(dir) {
  const res = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
  const uid = Number(res.stdout.trim());
  const g = Number(gid.stdout.trim());
  chownSync(dir, uid, g);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) chownTree(p);
    else chownSync(p, uid, g);
  }
}

/** Every Edge Function folder (not `_shared`, not hidden). */
export function functionNames() {
  const dir = join(ROOT, "supabase", "functions");
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith("_") && !e.name.startsWith("."))
    .filter((e) => existsSync(join(dir, e.name, "index.ts")))
    .map((e) => e.name)
    .sort();
}

/**
 * The ES256 key that signs approval receipts (scripts/gen-receipt-key.mjs). With a file, the key
 * is made once and kept there, so receipts stay verifiable across restarts of `npm start`;
 * without one (tests), a fresh key per run.
 */
export function receiptSigningJwks(file) {
  if (file && existsSync(file)) return readFileSync(file, "utf8").trim();
  const key = run("node", [join(ROOT, "scripts", "gen-receipt-key.mjs")], { capture: true }).stdout.trim();
  if (file) {
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, key + "\n", { mode: 0o600 });
  }
  return key;
}

/** The environment every Edge Function reads (as on hosted Supabase, plus local secrets). */
export function functionEnv({ dbPort, fnPort, receiptKeyFile, extra = {} }) {
  return {
    SUPABASE_URL: `http://127.0.0.1:${fnPort}`,
    SUPABASE_DB_URL: dbUrl(dbPort),
    SUPABASE_JWT_SECRET: LOCAL_JWT_SECRET,
    SUPABASE_JWT_ISSUER: "supabase-local",
    RECEIPT_SIGNING_JWKS: process.env.RECEIPT_SIGNING_JWKS ?? receiptSigningJwks(receiptKeyFile),
    ...extra,
  };
}

/** Serves every function under /functions/v1/<name> with one Deno process. */
export function serveFunctions({ dbPort, fnPort, extraEnv = {}, receiptKeyFile, stdio = "inherit" }) {
  const env = { ...process.env, ...functionEnv({ dbPort, fnPort, receiptKeyFile, extra: extraEnv }), PORT: String(fnPort) };
  const child = spawn(join(BIN, "deno"), ["run", "--allow-net", "--allow-env", "--allow-read", "--allow-sys", join(ROOT, "scripts", "serve-functions.ts")], {
    cwd: ROOT,
    env,
    stdio,
  });
  return child;
}

export async function waitForHttp(url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let lastErr;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch (err) {
      lastErr = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms: ${lastErr?.message ?? "5xx"}`);
}
