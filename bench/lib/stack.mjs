// @ts-check
// The benchmark's own throw-away stack: a PostgreSQL cluster in a temporary directory on a free
// port (never `npm start`'s 54322), set up exactly as `npm start` sets it up (Supabase image
// shim, every migration through the Supabase CLI), and Deno servers for the Edge Functions and
// for the floor route. Durable like production (fsync and synchronous_commit on), unlike the test
// clusters.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import {
  Cluster, ROOT, ensureNodeModules, ensureSystemPackages, freePort, functionEnv, log, serveFunctions, waitForHttp,
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
   * Serves every Edge Function with one Deno process, as `npm start` does.
   * @param {Record<string, string>} [extraEnv]
   */
  async serveFunctions(extraEnv = {}) {
    const port = await freePort();
    const child = serveFunctions({ dbPort: this.dbPort, fnPort: port, extraEnv, receiptKeyFile: undefined, stdio: /** @type {any} */ (["ignore", "ignore", "inherit"]) });
    const server = new DenoServer(child, port, "functions");
    this.servers.push(server);
    await waitForHttp(`http://127.0.0.1:${port}/health`);
    return server;
  }

  /** The floor: a bare Deno server answering `select 1` with the functions' own database client. */
  async serveFloor() {
    const port = await freePort();
    const env = { ...process.env, ...functionEnv({ dbPort: this.dbPort, fnPort: port, receiptKeyFile: undefined }), PORT: String(port) };
    const child = spawn(join(ROOT, "node_modules", ".bin", "deno"), [
      "run", "--allow-net", "--allow-env", "--allow-read", "--allow-sys", join(ROOT, "bench", "floor-server.ts"),
    ], { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] });
    const server = new DenoServer(child, port, "floor");
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
