// The local Supabase-shaped stack without Docker: a PostgreSQL 15 cluster with the
// extensions Supabase ships, the roles and auth shim of Supabase's image, migrations applied
// by the Supabase CLI, and every Edge Function served by Deno. Used by `npm start`,
// `npm test` and the benchmark; only Node built-ins here, so it runs before `npm install`.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync, chownSync, rmSync, readFileSync } from "node:fs";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const PG_BIN = "/usr/lib/postgresql/15/bin";
const BIN = join(ROOT, "node_modules", ".bin");

import { LOCAL_JWT_ISSUER, LOCAL_JWT_SECRET, signHs256 } from "./jwt.mjs";
export { LOCAL_JWT_ISSUER, LOCAL_JWT_SECRET };
/** The cluster's own superuser (as in Supabase's image): bootstrap only; `postgres` is not a superuser. */
export const ADMIN_USER = "supabase_admin";

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

/** Binds a free port on 127.0.0.1 and answers it with a function that releases it. */
async function probePort() {
  const srv = createServer();
  srv.unref();
  const port = await new Promise((resolvePort, reject) => {
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => resolvePort(srv.address().port));
  });
  return { port, release: () => new Promise((r) => srv.close(() => r(undefined))) };
}

/**
 * A port allocator: each port it answers is free now and was never answered before. The kernel may
 * hand a port just released back at once, and two calls in a row (the database's port, then the
 * gateway's) must never get the same one (seen in CI: two listeners on one port, one failed).
 * A refused port stays bound until the search ends, so it cannot come back in the same search.
 * @param {() => Promise<{ port: number, release: () => Promise<unknown> }>} probe
 */
export function portAllocator(probe = probePort) {
  const handedOut = new Set();
  return async function allocate() {
    const held = [];
    try {
      for (;;) {
        const p = await probe();
        held.push(p);
        if (!handedOut.has(p.port)) {
          handedOut.add(p.port);
          return p.port;
        }
      }
    } finally {
      await Promise.all(held.map((p) => p.release()));
    }
  };
}

/** A port nobody listens on now and that this process has not handed out before. */
export const freePort = portAllocator();

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
    this.adminUrl = dbUrl(port, ADMIN_USER);
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
      // the superuser is supabase_admin, as in Supabase's image; `postgres` comes from the bootstrap
      pgRun("initdb", ["-D", this.dataDir, "-U", ADMIN_USER, "--pwfile", pwfile, "-A", "scram-sha-256", "--locale", "C.UTF-8", "-E", "UTF8"], { capture: true });
    } finally {
      rmSync(pwfile, { force: true });
    }
    const conf = [
      "listen_addresses = '127.0.0.1'",
      `port = ${this.port}`,
      `unix_socket_directories = '${this.dataDir}'`,
      // pg_cron and pgaudit, as Supabase's image preloads them (pgaudit's settings: see ensureAuditAndTls)
      "shared_preload_libraries = 'pg_cron,pgaudit'",
      "pgaudit.log = 'role, ddl'",
      "pgaudit.log_catalog = off",
      "pgaudit.log_relation = on",
      "pgaudit.log_parameter = off",
      "pgaudit.role = 'auditor'",
      "cron.database_name = 'postgres'",
      "cron.timezone = 'UTC'",
      // jobs run in background workers, as in Supabase's image: no connection, no password, so
      // pg_hba's scram-sha-256 for every connection does not stop them
      "cron.use_background_workers = on",
      "cron.max_running_jobs = 16",
      "max_worker_processes = 32",
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
    let conf = readFileSync(auto, "utf8").replace(/^port = \d+$/m, `port = ${this.port}`);
    // clusters made before pg_cron ran its jobs in background workers
    if (!/^cron\.use_background_workers/m.test(conf)) conf += "cron.use_background_workers = on\ncron.max_running_jobs = 16\nmax_worker_processes = 32\n";
    writeFileSync(auto, conf);
    pgRun("pg_ctl", ["-D", this.dataDir, "-l", join(this.dataDir, "server.log"), "-w", "-t", "60", "start"], { capture: true });
  }

  stop(mode = "fast") {
    if (!existsSync(join(this.dataDir, "postmaster.pid"))) return;
    pgRun("pg_ctl", ["-D", this.dataDir, "-m", mode, "-w", "stop"], { capture: true, allowFail: true });
  }

  get running() {
    return pgRun("pg_ctl", ["-D", this.dataDir, "status"], { capture: true, allowFail: true }).status === 0;
  }

  /** Runs SQL as `postgres` (not a superuser), or as the cluster's superuser with `admin: true`. */
  psql(sqlOrFile, { file = false, database = "postgres", capture = true, admin = false } = {}) {
    const args = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", dbUrl(this.port, admin ? ADMIN_USER : "postgres", "postgres", database)];
    args.push(file ? "-f" : "-c", sqlOrFile);
    return run("psql", args, { capture, env: { ...process.env, PGOPTIONS: "--client-min-messages=warning" } });
  }

  query(sql, database = "postgres", { admin = false } = {}) {
    return this.psql(sql, { database, admin }).stdout;
  }

  /**
   * Applies the Supabase image shim (as supabase_admin), then the migrations (Supabase CLI) and
   * optionally the seeds, both as `postgres`, which is not a superuser: what a hosted project's
   * `postgres` may not do fails here too.
   */
  setup({ seed = true } = {}) {
    this.psql(join(ROOT, "scripts", "sql", "supabase-bootstrap.sql"), { file: true, admin: true });
    const superuser = run("psql", ["-X", "-tA", "-d", this.adminUrl, "-c", "select rolsuper from pg_roles where rolname = 'postgres'"], { capture: true }).stdout.trim();
    if (superuser !== "f") {
      throw new Error("this cluster's postgres role is a superuser (made before the local stack mirrored Supabase's roles): run `npm run db:reset`");
    }
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

/**
 * The local project's keys, as a hosted project has them: an ES256 signing key for people's
 * tokens (published as SUPABASE_JWKS), the new API keys (sb_publishable_, sb_secret_), and this
 * project's own AGENT_JWT_SECRET. With a file they are made once and kept there (tokens printed
 * by `npm start` stay valid across restarts); without one (tests), fresh ones per process.
 */
let processKeys;
export function localProjectKeys(file) {
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, "utf8"));
  if (!file && process.env.LOCAL_PROJECT_KEYS) return JSON.parse(process.env.LOCAL_PROJECT_KEYS);
  if (!file && processKeys) return processKeys;
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const kid = `local-${randomBytes(4).toString("hex")}`;
  const signingKey = { ...privateKey.export({ format: "jwk" }), kid, alg: "ES256", use: "sig" };
  const keys = {
    signingKey,
    agentJwtSecret: randomBytes(48).toString("base64url"),
    publishableKey: `sb_publishable_${randomBytes(16).toString("base64url")}`,
    secretKey: `sb_secret_${randomBytes(24).toString("base64url")}`,
  };
  if (file) {
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, JSON.stringify(keys, null, 2) + "\n", { mode: 0o600 });
  } else {
    processKeys = keys;
  }
  return keys;
}

/** The public half of the signing key, as Supabase serves it at /auth/v1/.well-known/jwks.json. */
export function publicJwks(keys) {
  const { d: _d, ...pub } = keys.signingKey;
  return { keys: [pub] };
}

/**
 * The environment every Edge Function sees, and nothing else: what Supabase provides to hosted
 * functions (https://supabase.com/docs/guides/functions/secrets) plus the project's documented
 * secrets (README, "Deploying to a Supabase project").
 */
export async function functionEnv({ dbPort, fnPort, receiptKeyFile, keysFile, extra = {} }) {
  const keys = localProjectKeys(keysFile);
  const now = Math.floor(Date.now() / 1000);
  const tenYears = now + 10 * 365 * 24 * 3600;
  return {
    // provided by Supabase
    SUPABASE_URL: `http://127.0.0.1:${fnPort}`,
    SUPABASE_DB_URL: dbUrl(dbPort),
    SUPABASE_ANON_KEY: await signHs256({ iss: "supabase-demo", role: "anon", iat: now, exp: tenYears }),
    SUPABASE_SERVICE_ROLE_KEY: await signHs256({ iss: "supabase-demo", role: "service_role", iat: now, exp: tenYears }),
    SUPABASE_PUBLISHABLE_KEYS: JSON.stringify({ default: keys.publishableKey }),
    SUPABASE_SECRET_KEYS: JSON.stringify({ default: keys.secretKey }),
    SUPABASE_JWKS: JSON.stringify(publicJwks(keys)),
    // the project's secrets (`supabase secrets set`)
    AGENT_JWT_SECRET: keys.agentJwtSecret,
    JWT_ISSUER: LOCAL_JWT_ISSUER,
    LEGACY_JWT_SECRET: LOCAL_JWT_SECRET,
    RECEIPT_SIGNING_JWKS: process.env.RECEIPT_SIGNING_JWKS ?? receiptSigningJwks(receiptKeyFile),
    ...extra,
  };
}

/** Where each variable of functionEnv comes from, for `npm start`'s banner. */
export const FUNCTION_ENV_SOURCES = {
  SUPABASE_URL: "provided by Supabase; locally the gateway's address",
  SUPABASE_DB_URL: "provided by Supabase; locally the cluster, as postgres (not a superuser)",
  SUPABASE_ANON_KEY: "provided by Supabase (legacy key); locally signed with the CLI's default legacy secret",
  SUPABASE_SERVICE_ROLE_KEY: "provided by Supabase (legacy key); locally signed with the CLI's default legacy secret",
  SUPABASE_PUBLISHABLE_KEYS: "provided by Supabase; locally random, kept in .local/project-keys.json",
  SUPABASE_SECRET_KEYS: "provided by Supabase; locally random, kept in .local/project-keys.json",
  SUPABASE_JWKS: "provided by Supabase; locally the public half of the ES256 key in .local/project-keys.json",
  AGENT_JWT_SECRET: "your secret (supabase secrets set); locally random, kept in .local/project-keys.json",
  JWT_ISSUER: "your secret (supabase secrets set); locally http://127.0.0.1:54321/auth/v1, as supabase start",
  LEGACY_JWT_SECRET: "optional secret (supabase secrets set); locally the Supabase CLI's default legacy secret",
  RECEIPT_SIGNING_JWKS: "your secret (supabase secrets set); locally kept in .local/receipt-signing-jwks.json",
  DATABASE_URL: "your secret (supabase secrets set): the transaction pooler; locally unset, SUPABASE_DB_URL is used",
  N8N_CREDENTIALS_KEY: "your secret (supabase secrets set): encrypts n8n API keys; locally a fixed development key",
  ALERT_DISPATCH_INTERVAL_MS: "local stack only: hosted, pg_cron calls alert-dispatch through pg_net",
  N8N_SYNC_INTERVAL_MS: "local stack only: hosted, pg_cron calls n8n-sync through pg_net",
};

/**
 * What a Deno process needs from this machine to fetch npm packages (the functions resolve
 * npm: specifiers from Deno's cache, as on deploy, not from node_modules): CA bundle, proxy.
 */
export function denoToolEnv() {
  const out = { PATH: process.env.PATH, HOME: process.env.HOME, DENO_NO_UPDATE_CHECK: "1" };
  for (const k of ["DENO_DIR", "DENO_CERT", "DENO_TLS_CA_STORE", "SSL_CERT_FILE", "SSL_CERT_DIR", "HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "https_proxy", "http_proxy", "no_proxy", "NPM_CONFIG_REGISTRY"]) {
    if (process.env[k]) out[k] = process.env[k];
  }
  const ca = process.env.DENO_CERT ?? process.env.NODE_EXTRA_CA_CERTS ?? process.env.SSL_CERT_FILE;
  if (ca && !out.DENO_CERT) out.DENO_CERT = ca;
  return out;
}

/**
 * Serves every function under /functions/v1/<name> through the strict local gateway
 * (scripts/serve-functions.ts): one Deno process per function, config.toml's verify_jwt enforced,
 * the functions seeing functionEnv() only. The gateway and its functions form one process group:
 * kill("SIGKILL") stops them all at once; SIGTERM lets the gateway stop its functions.
 */
export async function serveFunctions({ dbPort, fnPort, extraEnv = {}, receiptKeyFile, keysFile, configToml, stdio = "inherit" }) {
  const fnEnv = await functionEnv({ dbPort, fnPort, receiptKeyFile, keysFile, extra: extraEnv });
  const env = {
    ...denoToolEnv(),
    PORT: String(fnPort),
    FUNCTIONS_ENV: JSON.stringify(fnEnv),
    ...(configToml ? { GATEWAY_CONFIG_TOML: configToml } : {}),
  };
  const child = spawn(join(BIN, "deno"), ["run", "--allow-all", join(ROOT, "scripts", "serve-functions.ts")], { cwd: ROOT, env, stdio, detached: true });
  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
      return true;
    } catch {
      return false;
    }
  };
  const kill = child.kill.bind(child);
  child.kill = (signal = "SIGTERM") => {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    if (signal === "SIGKILL" || signal === 9) return killGroup("SIGKILL") || kill(signal);
    return kill(signal);
  };
  // whatever happens to the gateway, no function process outlives it for long
  child.once("exit", () => setTimeout(() => killGroup("SIGKILL"), 3000).unref());
  // on our way out: the gateway stops its functions and removes its copy (SIGTERM); a gateway
  // killed outright is caught by its own watchdog (it notices it was re-parented)
  process.once("exit", () => {
    if (child.exitCode === null && child.signalCode === null) kill("SIGTERM");
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
