// @ts-check
// The benchmark's own throw-away stack: a PostgreSQL cluster in a temporary directory on a free
// port (never `npm start`'s 54322), set up exactly as `npm start` sets it up (Supabase image
// shim, every migration through the Supabase CLI), and Deno servers for the Edge Functions and
// for the floor route. Durable like production (fsync and synchronous_commit on), unlike the test
// clusters.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import {
  Cluster, ROOT, ensureNodeModules, ensureSystemPackages, freePort, functionEnv, log, waitForHttp,
} from "../../scripts/lib/stack.mjs";

/** @typedef {import("postgres").Sql<{}>} Sql */

/** The Edge Functions the benchmark calls: served behind the gateway with the floor. */
const BENCH_FUNCTIONS = ["agent-auth", "authorize", "ingest", "n8n-webhook"];

export class BenchStack {
  /** @param {{ keep: boolean }} opts */
  constructor(opts) {
    this.keep = opts.keep;
    this.dir = mkdtempSync(join(tmpdir(), "agentops-bench-"));
    /** @type {Cluster | undefined} */
    this.cluster = undefined;
    /** @type {Sql | undefined} */
    this.sqlClient = undefined;
    /** @type {DenoServer[]} */
    this.servers = [];
  }

  get dbPort() {
    if (!this.cluster) throw new Error("the cluster is not started");
    return this.cluster.port;
  }

  get dbUrl() {
    if (!this.cluster) throw new Error("the cluster is not started");
    return this.cluster.url;
  }

  /** The bench's own connection pool (superuser, like a migration or a cron job). */
  get sql() {
    if (!this.sqlClient) throw new Error("the cluster is not started");
    return this.sqlClient;
  }

  /** Creates, starts and migrates the cluster. */
  async start() {
    ensureSystemPackages();
    ensureNodeModules();
    const port = await freePort();
    this.cluster = new Cluster({ dataDir: join(this.dir, "data"), port, durable: true });
    log(`bench cluster on 127.0.0.1:${port} in ${this.dir}`);
    this.cluster.init();
    this.cluster.start();
    this.cluster.setup({ seed: false });
    this.sqlClient = postgres(this.cluster.url, {
      max: 8,
      onnotice: () => {},
      idle_timeout: 60,
      connection: { application_name: "agentops-bench" },
      types: { bigint: postgres.BigInt },
    });
  }

  /**
   * A separate connection (for work that must not share the pool, e.g. session settings), as
   * `postgres`, or with `admin` as the cluster's superuser (what `postgres` may not do on Supabase,
   * e.g. LOAD 'auto_explain' for the nested plans).
   * @param {number} [max]
   * @param {(notice: import("postgres").Notice) => void} [onnotice]
   * @param {boolean} [admin]
   */
  connect(max = 1, onnotice = () => {}, admin = false) {
    if (!this.cluster) throw new Error("the cluster is not started");
    const url = admin ? (/** @type {any} */ (this.cluster).adminUrl ?? this.dbUrl) : this.dbUrl;
    return postgres(url, { max, onnotice, connection: { application_name: "agentops-bench" } });
  }

  /**
   * Serves every Edge Function through the local gateway (scripts/serve-functions.ts), as
   * `npm start` does, with the floor (bench/floor/: a bare `select 1`, and a one-row insert) as one more function behind
   * the same gateway: `/functions/v1/bench-floor/select1` and `insert1`. The gateway serves the functions of
   * the project it sits in, so it runs from a copy made now of what it reads (scripts/,
   * supabase/functions/, shared/, supabase/config.toml, byte for byte) with bench/floor/ added as
   * supabase/functions/bench-floor/ (verify_jwt off, like the measured functions): the floor is
   * started, routed and reached exactly as they are.
   * @param {Record<string, string>} [extraEnv]
   */
  async serveFunctions(extraEnv = {}) {
    // the write floor's table (bench/floor/app.ts): the cheapest durable write, one row and its key
    await this.sql.unsafe(`
      create schema if not exists bench;
      create table if not exists bench.floor_writes (id bigint generated always as identity primary key, body jsonb not null);
      grant usage on schema bench to postgres;
      grant insert on bench.floor_writes to postgres;`);
    const port = await freePort();
    const dir = join(this.dir, `gateway-${port}`);
    const skip = (/** @type {string} */ src) => !/[\\/](node_modules|\.git)([\\/]|$)/.test(src);
    cpSync(join(ROOT, "scripts"), join(dir, "scripts"), { recursive: true, filter: skip });
    // the functions the benchmark calls (and their shared code): the others would only add processes or imports
    const fnRoot = join(ROOT, "supabase", "functions");
    for (const name of readdirSync(fnRoot)) {
      if (!name.startsWith("_") && !BENCH_FUNCTIONS.includes(name)) continue;
      cpSync(join(fnRoot, name), join(dir, "supabase", "functions", name), { recursive: true, filter: skip });
    }
    if (existsSync(join(ROOT, "shared"))) cpSync(join(ROOT, "shared"), join(dir, "shared"), { recursive: true, filter: skip });
    const floorDir = join(dir, "supabase", "functions", "bench-floor");
    cpSync(join(ROOT, "bench", "floor"), floorDir, { recursive: true });
    // the floor imports what the functions import (postgres through _shared/db.ts): the same deno.json as one of them
    const sibling = join(ROOT, "supabase", "functions", "authorize", "deno.json");
    if (existsSync(sibling)) cpSync(sibling, join(floorDir, "deno.json"));
    const config = existsSync(join(ROOT, "supabase", "config.toml")) ? readFileSync(join(ROOT, "supabase", "config.toml"), "utf8") : "";
    writeFileSync(join(dir, "supabase", "config.toml"), `${config}\n[functions.bench-floor]\nverify_jwt = false\n`);
    /** @type {Record<string, unknown>} */
    const envArgs = { dbPort: this.dbPort, fnPort: port, receiptKeyFile: undefined, keysFile: undefined, extra: extraEnv };
    const fnEnv = await functionEnv(/** @type {any} */ (envArgs));
    // as scripts/lib/stack.mjs's serveFunctions starts it; the functions' variables both ways (FUNCTIONS_ENV for a gateway that passes only those)
    const env = { ...process.env, ...fnEnv, FUNCTIONS_ENV: JSON.stringify(fnEnv), PORT: String(port) };
    const child = spawn(join(ROOT, "node_modules", ".bin", "deno"), [
      "run", "--config", join(ROOT, "deno.json"), "--allow-all", join(dir, "scripts", "serve-functions.ts"),
    ], { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] });
    const server = new DenoServer(child, port, "functions");
    this.servers.push(server);
    await waitForHttp(`http://127.0.0.1:${port}/health`, 180_000);
    return server;
  }

  async stop() {
    for (const s of this.servers) await s.stop();
    await this.sqlClient?.end({ timeout: 5 });
    if (this.cluster && !this.keep) {
      this.cluster.destroy();
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

export class DenoServer {
  /**
   * @param {import("node:child_process").ChildProcess} child
   * @param {number} port
   * @param {string} name
   */
  constructor(child, port, name) {
    this.child = child;
    this.port = port;
    this.name = name;
    this.url = `http://127.0.0.1:${port}`;
  }

  /**
   * Peak and current resident memory (kB, from /proc/<pid>/status) of the process serving function
   * `fn` (the gateway starts one Deno process per function, as the edge runtime gives each function
   * its own isolate), or of the gateway itself when `fn` is omitted.
   * @param {string} [fn]
   */
  memory(fn) {
    const pid = fn ? this.functionPid(fn) : this.child.pid;
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (/** @type {string} */ field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    return { pid, vm_hwm_kb: kb("VmHWM"), vm_rss_kb: kb("VmRSS") };
  }

  /** The pid of the gateway's child process serving `fn` (its command line names functions/<fn>/index.ts). */
  functionPid(/** @type {string} */ fn) {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        if (ppid !== this.child.pid) continue;
        const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
        if (cmdline.some((a) => a.endsWith(`/functions/${fn}/index.ts`))) return Number(entry);
      } catch { /* the process ended meanwhile */ }
    }
    throw new Error(`no process of the gateway (pid ${this.child.pid}) serves function ${fn}`);
  }

  async stop() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  }
}
