// @ts-check
// The benchmark's own throw-away stack: a PostgreSQL cluster in a temporary directory on a free
// port (never `npm start`'s 54322), set up exactly as `npm start` sets it up (Supabase image
// shim, every migration through the Supabase CLI), and Deno servers for the Edge Functions and
// for the floor route. Durable like production (fsync and synchronous_commit on), unlike the test
// clusters.
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import postgres from "postgres";
import {
  Cluster, ROOT, ensureNodeModules, ensureSystemPackages, freePort, functionEnv, log, waitForHttp,
} from "../../scripts/lib/stack.mjs";

/** @typedef {import("postgres").Sql<{}>} Sql */

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
   * A separate connection (for work that must not share the pool, e.g. session settings).
   * @param {number} [max]
   * @param {(notice: import("postgres").Notice) => void} [onnotice]
   */
  connect(max = 1, onnotice = () => {}) {
    return postgres(this.dbUrl, { max, onnotice, connection: { application_name: "agentops-bench" } });
  }

  /**
   * Serves every Edge Function with one Deno process through the local gateway, as `npm start`
   * does, and the floor (bench/floor-app.ts, a bare `select 1`) as one more function behind the
   * same gateway: `/functions/v1/bench-floor/select1`. The gateway mounts the functions it finds
   * beside it, so it runs from a copy of scripts/ made now (the gateway's code as it is, byte for
   * byte) next to a functions folder holding a one-line re-export of each real function's app.ts
   * and the floor: the measured functions and the floor share one process, one gateway, one
   * database client per isolate, and pay the same routing, header copy and request rebuild.
   * @param {Record<string, string>} [extraEnv]
   */
  async serveFunctions(extraEnv = {}) {
    const port = await freePort();
    const dir = join(this.dir, `gateway-${port}`);
    cpSync(join(ROOT, "scripts"), join(dir, "scripts"), { recursive: true });
    const fnRoot = join(dir, "supabase", "functions");
    const realRoot = join(ROOT, "supabase", "functions");
    mkdirSync(fnRoot, { recursive: true });
    for (const entry of readdirSync(realRoot, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      if (entry.name.startsWith("_") || entry.name.startsWith(".")) {
        symlinkSync(join(realRoot, entry.name), join(fnRoot, entry.name));
        continue;
      }
      if (!existsSync(join(realRoot, entry.name, "app.ts"))) continue;
      mkdirSync(join(fnRoot, entry.name));
      writeFileSync(join(fnRoot, entry.name, "app.ts"), `export * from ${JSON.stringify(pathToFileURL(join(realRoot, entry.name, "app.ts")).href)};\n`);
    }
    mkdirSync(join(fnRoot, "bench-floor"));
    writeFileSync(join(fnRoot, "bench-floor", "app.ts"), `export * from ${JSON.stringify(pathToFileURL(join(ROOT, "bench", "floor-app.ts")).href)};\n`);
    for (const f of ["config.toml"]) if (existsSync(join(ROOT, "supabase", f))) cpSync(join(ROOT, "supabase", f), join(dir, "supabase", f));
    const env = { ...process.env, ...functionEnv({ dbPort: this.dbPort, fnPort: port, receiptKeyFile: undefined, extra: extraEnv }), PORT: String(port) };
    // the arguments scripts/lib/stack.mjs's serveFunctions gives it, plus the project's deno.json (the copy is outside the tree)
    const child = spawn(join(ROOT, "node_modules", ".bin", "deno"), [
      "run", "--config", join(ROOT, "deno.json"), "--allow-net", "--allow-env", "--allow-read", "--allow-sys", join(dir, "scripts", "serve-functions.ts"),
    ], { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] });
    const server = new DenoServer(child, port, "functions");
    this.servers.push(server);
    await waitForHttp(`http://127.0.0.1:${port}/health`);
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

  /** Peak and current resident memory of the Deno process (kB), from /proc/<pid>/status. */
  memory() {
    const status = readFileSync(`/proc/${this.child.pid}/status`, "utf8");
    const kb = (/** @type {string} */ field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    return { vm_hwm_kb: kb("VmHWM"), vm_rss_kb: kb("VmRSS") };
  }

  async stop() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  }
}
