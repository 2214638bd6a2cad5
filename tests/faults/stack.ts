// A whole local stack per fault test, built to be broken: a durable PostgreSQL cluster (fsync on,
// synchronous commit: what the server acknowledges is on disk) in a temporary directory, the Edge
// Functions served by Deno, optionally through a TCP proxy that can cut every connection. It can
// kill Postgres with SIGKILL (the postmaster and every backend at once, as an OOM killer or a
// power cut leaves it) and start it again, kill and restart the functions server, and cut the
// database connections the functions hold.
import { type ChildProcess } from "node:child_process";
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { Cluster, dbUrl, freePort, serveFunctions, waitForHttp } from "../../scripts/lib/stack.mjs";
import { TcpProxy } from "./proxy.ts";

export type Sql = postgres.Sql<Record<string, unknown>>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Processes whose parent is pid (from /proc). */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

/** Still running: neither gone nor a zombie (this machine's init reaps orphans only now and then). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

export class FaultStack {
  readonly dir: string;
  cluster!: InstanceType<typeof Cluster>;
  dbPort = 0;
  fnPort = 0;
  functions?: ChildProcess;
  dbProxy?: TcpProxy;
  private fnEnv: Record<string, string> = {};

  private constructor() {
    this.dir = mkdtempSync(join(tmpdir(), "agentops-faults-"));
  }

  /** A fresh durable cluster with the migrations (and the seed), and the functions served. */
  static async create(opts: { seed?: boolean; proxyDb?: boolean; functions?: boolean; fnEnv?: Record<string, string>; conf?: string[] } = {}): Promise<FaultStack> {
    const s = new FaultStack();
    s.dbPort = await freePort();
    s.cluster = new Cluster({ dataDir: join(s.dir, "data"), port: s.dbPort, durable: true });
    s.cluster.init();
    // crash recovery starts by syncing the data directory: one syncfs() instead of an fsync per file
    // (seconds here, with hundreds of relations) keeps the crash cycles short; durability is unchanged
    appendFileSync(join(s.cluster.dataDir, "postgresql.auto.conf"), ["recovery_init_sync_method = syncfs", ...(opts.conf ?? [])].join("\n") + "\n");
    s.cluster.start();
    s.cluster.setup({ seed: opts.seed ?? false });
    s.fnEnv = opts.fnEnv ?? {};
    if (opts.proxyDb) {
      s.dbProxy = new TcpProxy(s.dbPort);
      await s.dbProxy.listen();
    }
    if (opts.functions ?? true) await s.startFunctions();
    return s;
  }

  get url(): string {
    return this.cluster.url;
  }

  get functionsUrl(): string {
    return `http://127.0.0.1:${this.fnPort}/functions/v1`;
  }

  /** A connection for set-up and checks (not through the proxy), waiting out a restart. */
  connect(max = 4, options: Record<string, unknown> = {}): Sql {
    return postgres(this.url, { max, onnotice: () => {}, connect_timeout: 30, ...options }) as unknown as Sql;
  }

  async startFunctions(): Promise<void> {
    this.fnPort ||= await freePort();
    // the functions reach Postgres through the proxy when there is one (its port stands in for the database's)
    const dbPort = this.dbProxy ? this.dbProxy.port : this.dbPort;
    this.functions = await serveFunctions({ dbPort, fnPort: this.fnPort, extraEnv: { DB_POOL_SIZE: "8", ...this.fnEnv }, stdio: ["ignore", "ignore", process.env.FAULT_FUNCTIONS_STDERR ? "inherit" : "ignore"] });
    await waitForHttp(`http://127.0.0.1:${this.fnPort}/health`, 90_000);
  }

  /** SIGKILL the functions server (every request in flight is lost mid-way). */
  async killFunctions(): Promise<void> {
    const child = this.functions;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
    this.functions = undefined;
  }

  postmasterPid(): number {
    return Number(readFileSync(join(this.cluster.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  }

  /** SIGKILL the postmaster and every backend at once. Returns how many processes died. */
  async killPostgres(): Promise<number> {
    const pid = this.postmasterPid();
    const victims = [pid, ...childrenOf(pid)];
    for (const p of victims) {
      try {
        process.kill(p, "SIGKILL");
      } catch {
        // already gone
      }
    }
    for (let i = 0; i < 400 && victims.some(running); i++) await sleep(25);
    // a killed postmaster may linger as a zombie until init reaps it, and a new postmaster refuses to
    // start while the pid in its lock file answers: after a power cut no process is left, so neither is the lock
    rmSync(join(this.cluster.dataDir, "postmaster.pid"), { force: true });
    for (const f of readdirSync(this.cluster.dataDir)) if (/^\.s\.PGSQL\.\d+\.lock$/.test(f)) rmSync(join(this.cluster.dataDir, f), { force: true });
    return victims.length;
  }

  /** Starts Postgres again (crash recovery replays the WAL) and waits until it accepts connections. */
  async restartPostgres(): Promise<number> {
    const t0 = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        this.cluster.start();
        return Date.now() - t0;
      } catch (err) {
        if (attempt > 20) throw err;
        await sleep(250);
      }
    }
  }

  async destroy(): Promise<void> {
    await this.killFunctions();
    await this.dbProxy?.close();
    this.cluster.destroy();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Connection string of a database of this cluster (for pg_dump and checks). */
  dbUrl(database = "postgres"): string {
    return dbUrl(this.dbPort, "postgres", "postgres", database);
  }
}
