// The pgTAP suite at the year's edge: a second throw-away cluster whose server clock starts at
// 23:58:00 UTC on 31 December of the current year (libfaketime preloaded into the postgres server
// process, so now(), pg_cron and every default see that time and keep ticking), set up as
// `npm test` sets up its cluster, then restarted on a clock at 23:59:55 and pg_prove run over the
// same files. Day, month and year edges are crossed while the suite runs (a run that ends before
// midnight fails), so a test that depends on the time of day fails here.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { Cluster, PG_BIN, ROOT, freePort, log, run } from "./stack.mjs";

const LIBFAKETIME = ["/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1", "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1"]
  .find((p) => existsSync(p));

/** Where the fake clock starts for the set-up: 23:58:00 UTC on 31 December of this year. */
export function yearEnd(now = new Date()) {
  return `${now.getUTCFullYear()}-12-31 23:58:00`;
}

/** A cluster whose server process runs under libfaketime, starting at `start` (UTC) and ticking. */
class FakeClockCluster extends Cluster {
  constructor(opts) {
    super(opts);
    this.clockStart = opts.clockStart;
  }

  start() {
    // pgaudit preloaded and configured as every local cluster is (the bootstrap creates the extension)
    this.ensureAuditAndTls();
    const auto = join(this.dataDir, "postgresql.auto.conf");
    writeFileSync(auto, readFileSync(auto, "utf8").replace(/^port = \d+$/m, `port = ${this.port}`));
    const env = {
      ...process.env,
      TZ: "UTC",
      LD_PRELOAD: LIBFAKETIME,
      FAKETIME: `@${this.clockStart}`,
      FAKETIME_DONT_RESET: "1", // forked backends keep the postmaster's clock instead of starting over
      FAKETIME_NO_CACHE: "1",
      DONT_FAKE_MONOTONIC: "1", // timeouts and latches keep real monotonic time
    };
    const args = ["-D", this.dataDir, "-l", join(this.dataDir, "server.log"), "-w", "-t", "60", "start"];
    if (process.getuid?.() === 0) run("runuser", ["-u", "postgres", "--", join(PG_BIN, "pg_ctl"), ...args], { capture: true, env });
    else run(join(PG_BIN, "pg_ctl"), args, { capture: true, env });
  }
}

function prove(url, files) {
  return new Promise((resolve) => {
    const child = spawn("pg_prove", ["--ext", ".sql", "-d", url, "--failures", ...files], {
      cwd: ROOT,
      env: { ...process.env, PGOPTIONS: "--client-min-messages=warning" },
      stdio: "inherit",
    });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

/**
 * Runs the pgTAP files (000_setup first) on a fresh cluster set up on a clock at 23:58:00 UTC on
 * 31 December and restarted at 23:59:55 for the suite. Returns { ok, detail }. Refuses to pass when
 * the server's clock is not the fake one, or when midnight did not fall inside the suite.
 */
export async function pgtapAtYearEnd(files, { keep = false } = {}) {
  if (!LIBFAKETIME) run("bash", [join(ROOT, "scripts", "install-system.sh")]);
  const lib = LIBFAKETIME ?? ["/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"].find((p) => existsSync(p));
  if (!lib) return { ok: false, detail: "libfaketime is not installed (scripts/install-system.sh installs it)" };
  const dir = mkdtempSync(join(tmpdir(), "agentops-clock-"));
  const clockStart = yearEnd();
  const cluster = new FakeClockCluster({ dataDir: join(dir, "data"), port: await freePort(), durable: false, clockStart });
  try {
    log(`year-end cluster on 127.0.0.1:${cluster.port}: server clock starts at ${clockStart} UTC`);
    cluster.init();
    cluster.start();
    const now = () => run("psql", ["-X", "-tA", "-d", cluster.adminUrl, "-c", "select to_char(now() at time zone 'utc', 'YYYY-MM-DD HH24:MI:SS')"], { capture: true }).stdout.trim();
    const seen = now();
    if (!seen.startsWith(clockStart.slice(0, 10))) {
      return { ok: false, detail: `the server's clock reads ${seen}, not ${clockStart}: libfaketime did not take` };
    }
    cluster.setup({ seed: true });
    // the set-up's own length varies with the machine: once it is done, restart the server on a
    // clock five seconds before midnight (never earlier than the clock already reads), so that the
    // edge always falls inside the suite itself
    const proveStart = clockStart.replace(/\d\d:\d\d:\d\d$/, "23:59:55");
    if (now() < proveStart) {
      cluster.stop();
      cluster.clockStart = proveStart;
      cluster.start();
    }
    const code = await prove(cluster.url, files);
    const after = now();
    const crossed = after.slice(0, 4) > clockStart.slice(0, 4);
    const detail = `clock from ${proveStart} to ${after} UTC${crossed ? "" : ": midnight did not fall inside the suite, so the edge was not tested"}`;
    return { ok: code === 0 && crossed, detail };
  } finally {
    if (!keep) {
      cluster.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
