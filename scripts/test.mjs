#!/usr/bin/env node
// `npm test`: every suite against a throw-away PostgreSQL cluster (a temporary directory and a
// free port: never the database `npm start` uses). Sets the cluster up as `npm start` does
// (Supabase image shim, then migrations and seed through the Supabase CLI as `postgres`, which is
// not a superuser), serves the functions through the strict gateway, then runs: the deploy check
// (scripts/check-deploy.mjs), the liveness test (pg_cron runs the jobs by itself: tests/liveness),
// pgTAP (pg_prove, as postgres), deno test, vitest, `supabase db lint`, `supabase db advisors` and
// the check that shared/database.types.ts matches the schema. Exits non-zero if anything fails.
//
//   npm test                      everything
//   npm test -- --only pgtap,deno only some suites (deploy, liveness, pgtap, clock, deno, vitest, denolint, tsc, lint, advisors, types; clock = pgTAP again across midnight of 31 December)
//   npm test -- --keep            leave the cluster running afterwards (prints its URL)
//   npm test -- path/to/file ...  only these pgTAP / deno / vitest files
import { mkdtempSync, readFileSync, rmSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { spawn } from "node:child_process";
import {
  Cluster, ROOT, ensureNodeModules, ensureSystemPackages, freePort, functionEnv, localProjectKeys, log, run, serveFunctions, waitForHttp,
} from "./lib/stack.mjs";
import { checkDeploy } from "./check-deploy.mjs";
import { generateTypes } from "./lib/types.mjs";
import { pgtapAtYearEnd } from "./lib/clock.mjs";

const args = process.argv.slice(2);
const onlyArg = args.find((a) => a.startsWith("--only"));
const only = onlyArg ? (onlyArg.includes("=") ? onlyArg.split("=")[1] : args[args.indexOf(onlyArg) + 1]).split(",") : null;
const keep = args.includes("--keep");
const files = args.filter((a, i) => !a.startsWith("--") && !(onlyArg && !onlyArg.includes("=") && args[i - 1] === onlyArg));
const wants = (suite) => (!only || only.includes(suite)) && (files.length === 0 || files.some((f) => fileSuite(f) === suite));

function fileSuite(f) {
  if (f.endsWith(".sql")) return "pgtap";
  if (f.includes("tests/liveness/")) return "liveness";
  if (f.includes("supabase/functions") || f.includes("scripts/") && f.endsWith(".test.ts")) return "deno";
  return "vitest";
}

function walk(dir, pred) {
  const out = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...walk(p, pred));
    else if (pred(p)) out.push(p);
  }
  return out.sort();
}

const results = [];
function record(name, ok, detail = "") {
  results.push({ name, ok, detail });
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? `: ${detail}` : ""}`);
}

function runAsync(cmd, cmdArgs, env) {
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { cwd: ROOT, env: { ...process.env, ...env }, stdio: "inherit" });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

async function main() {
  ensureSystemPackages();
  ensureNodeModules();
  const dir = mkdtempSync(join(tmpdir(), "agentops-test-"));
  const dbPort = await freePort();
  const fnPort = await freePort();
  const cluster = new Cluster({ dataDir: join(dir, "data"), port: dbPort, durable: false });
  let functions;
  const cleanup = () => {
    functions?.kill("SIGTERM");
    if (!keep) {
      cluster.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  };
  process.on("SIGINT", () => {
    cleanup();
    process.exit(130);
  });
  try {
    log(`throw-away cluster on 127.0.0.1:${dbPort} in ${dir}`);
    cluster.init();
    cluster.start();
    cluster.setup({ seed: true });
    record("migrations and seed apply through the Supabase CLI (as postgres, not a superuser)", true);

    // one set of project keys (signing key, agent secret, API keys) for every process of this run
    process.env.LOCAL_PROJECT_KEYS ??= JSON.stringify(localProjectKeys());
    const fnEnv = await functionEnv({ dbPort, fnPort });
    process.env.RECEIPT_SIGNING_JWKS ??= fnEnv.RECEIPT_SIGNING_JWKS; // one key for deno, vitest and the served functions
    const testEnv = { ...fnEnv, FUNCTIONS_URL: `http://127.0.0.1:${fnPort}/functions/v1` };
    if (wants("vitest") || wants("liveness")) {
      // the strict gateway starts now: pg_cron's first minute passes while the rest gets ready
      functions = await serveFunctions({ dbPort, fnPort, stdio: ["ignore", "ignore", "inherit"] });
    }

    if (wants("deploy")) {
      console.log("deploy check: every function as `supabase functions deploy` would upload it");
      const problems = checkDeploy();
      record(`deploy check (${problems.length ? `${problems.length} problems` : "every function"})`, problems.length === 0);
    }

    if (wants("liveness")) {
      // first, while nothing else writes: pg_cron on the started stack runs every job by itself
      await waitForHttp(`http://127.0.0.1:${fnPort}/health`, 180_000);
      const code = await runAsync(join(ROOT, "node_modules", ".bin", "vitest"), ["run", "--config", "tests/liveness/vitest.config.ts"], testEnv);
      record("liveness: pg_cron runs every minute job, rolls up and expires by itself", code === 0);
    }

    if (wants("pgtap")) {
      const all = walk(join(ROOT, "supabase", "tests", "database"), (p) => p.endsWith(".sql"));
      const setup = all.filter((p) => p.endsWith("000_setup.sql"));
      const chosen = files.length ? files.filter((f) => f.endsWith(".sql")).map((f) => join(ROOT, f)) : all.filter((p) => !setup.includes(p));
      const code = await runAsync("pg_prove", ["--ext", ".sql", "-d", cluster.url, "--failures", ...setup, ...chosen.filter((p) => !setup.includes(p))], {
        PGOPTIONS: "--client-min-messages=warning",
      });
      record(`pgTAP (${chosen.length} files)`, code === 0);
    }

    if (wants("clock") && !files.length) {
      // the same suite again on a cluster whose clock crosses midnight of 31 December during the suite (scripts/lib/clock.mjs)
      const all = walk(join(ROOT, "supabase", "tests", "database"), (p) => p.endsWith(".sql"));
      const clock = await pgtapAtYearEnd([...all.filter((p) => p.endsWith("000_setup.sql")), ...all.filter((p) => !p.endsWith("000_setup.sql"))]);
      record(`pgTAP at the year's edge (${clock.detail})`, clock.ok);
    }

    if (wants("deno")) {
      const denoFiles = files.length ? files.filter((f) => fileSuite(f) === "deno") : ["supabase/functions/"];
      // one process runs every function's app and its fixtures (some reserve connections): a pool of
      // 8 here, where a deployed isolate keeps the default of 2
      const code = await runAsync(join(ROOT, "node_modules", ".bin", "deno"), ["test", "--allow-all", "--no-check=remote", ...denoFiles], { ...testEnv, DB_POOL_SIZE: "8" });
      record("deno test (Edge Functions)", code === 0);
    }

    if (wants("vitest")) {
      await waitForHttp(`http://127.0.0.1:${fnPort}/health`, 180_000);
      const vitestFiles = files.filter((f) => fileSuite(f) === "vitest");
      const code = await runAsync(join(ROOT, "node_modules", ".bin", "vitest"), ["run", ...vitestFiles], testEnv);
      record("vitest (shared/ and end-to-end)", code === 0);
    }

    if (wants("denolint")) {
      // the functions and scripts against deno lint's recommended rules (deno.json "lint")
      const res = run(join(ROOT, "node_modules", ".bin", "deno"), ["lint"], { capture: true, allowFail: true });
      if (res.status !== 0) console.log(`${res.stdout}${res.stderr}`);
      record("deno lint: supabase/functions and scripts", res.status === 0);
    }

    if (wants("tsc")) {
      // shared/ (agent client, schemas, the people's module on supabase-js) against the generated Database type
      const res = run(join(ROOT, "node_modules", ".bin", "tsc"), ["-p", join(ROOT, "shared")], { capture: true, allowFail: true });
      if (res.status !== 0) console.log(`${res.stdout}${res.stderr}`);
      record("tsc: shared/ type-checks against the generated database types", res.status === 0);
    }

    const cli = join(ROOT, "node_modules", ".bin", "supabase");
    const cliEnv = { ...process.env, SUPABASE_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };
    if (wants("lint")) {
      const res = run(cli, ["db", "lint", `--remote=${cluster.url}`, "--schema", "public,private,analytics", "--level", "error", "--fail-on", "error", "--workdir", ROOT], {
        capture: true, allowFail: true, env: cliEnv,
      });
      const out = `${res.stdout}${res.stderr}`;
      if (res.status !== 0) console.log(out);
      record("supabase db lint: no errors in project schemas", res.status === 0);
    }

    if (wants("advisors")) {
      const res = run(cli, ["db", "advisors", `--remote=${cluster.url}`, "--type", "security", "--level", "info", "-o", "json", "--workdir", ROOT], {
        capture: true, allowFail: true, env: cliEnv,
      });
      const text = res.stdout.slice(Math.max(0, res.stdout.indexOf("[")));
      let findings = [];
      try {
        findings = /No issues found/.test(res.stdout + res.stderr) ? [] : JSON.parse(text || "[]");
      } catch {
        findings = [{ name: "unparsable", detail: res.stdout + res.stderr }];
      }
      for (const f of findings) console.log(`  ${f.level} ${f.name}: ${f.detail}`);
      record("supabase db advisors: no security finding", res.status === 0 && findings.length === 0, findings.length ? `${findings.length} findings` : "");
    }

    if (wants("types")) {
      const current = readFileSync(join(ROOT, "shared", "database.types.ts"), "utf8");
      const fresh = generateTypes(cluster.url);
      record("shared/database.types.ts matches the schema", current === fresh, current === fresh ? "" : "run `npm run types` and commit the result");
    }
  } catch (err) {
    record("test run", false, err?.message ?? String(err));
  } finally {
    cleanup();
    if (keep) console.log(`cluster kept: ${cluster.url} (data in ${relative(process.cwd(), dir) || dir})`);
  }

  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  console.log(`\nsuites: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main();
