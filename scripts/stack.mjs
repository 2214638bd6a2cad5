#!/usr/bin/env node
// `npm start`: the whole local stack with demo data. Installs what is missing, starts
// PostgreSQL 15 on 127.0.0.1:54322 (data kept in .local/db), applies the Supabase image shim,
// the migrations (Supabase CLI) and the seed (first start only), and serves every Edge
// Function under http://127.0.0.1:54321/functions/v1/<name>. Ctrl-C stops everything.
// `npm run db:reset`: throws the local data away and starts again from empty.
// `npm run types`: regenerates shared/database.types.ts from the migrations.
import { createHash } from "node:crypto";
import { existsSync, rmSync, writeFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import {
  Cluster, ROOT, FUNCTION_ENV_SOURCES, ensureNodeModules, ensureSystemPackages, functionEnv, functionNames, localProjectKeys, log,
  serveFunctions, waitForHttp, freePort,
} from "./lib/stack.mjs";
import { generateTypes } from "./lib/types.mjs";
import { demoAdminToken } from "./lib/jwt.mjs";

const DB_PORT = Number(process.env.DB_PORT ?? 54322);
const FN_PORT = Number(process.env.FUNCTIONS_PORT ?? 54321);
const DATA_DIR = join(ROOT, ".local", "db");
const DEMO_AGENT_KEY = "ak_demo0001_DemoSecretForLocalUseOnly0000000000000000";
const DEMO_ADMIN_ID = "00000000-0000-4000-a000-000000000001";
const DEMO_APPROVER_ID = "00000000-0000-4000-a000-000000000002";
const KEYS_FILE = join(ROOT, ".local", "project-keys.json");
const RECEIPT_KEY_FILE = join(ROOT, ".local", "receipt-signing-jwks.json");

async function start({ reset = false } = {}) {
  ensureSystemPackages();
  ensureNodeModules();
  const cluster = new Cluster({ dataDir: DATA_DIR, port: DB_PORT, durable: true });
  if (reset && existsSync(DATA_DIR)) {
    log("db:reset: removing local data");
    cluster.stop("immediate");
    rmSync(DATA_DIR, { recursive: true, force: true });
  }
  const fresh = !cluster.initialized;
  if (fresh) {
    log(`initializing a new cluster in ${DATA_DIR}`);
    cluster.init();
  }
  if (!cluster.running) cluster.start();
  log("applying migrations");
  cluster.setup({ seed: fresh });

  // hosted Supabase calls alert-dispatch from pg_cron (docs/metrics.md); locally it runs a pass every 30 s itself
  // n8n-sync likewise pulls the n8n connections that are due every 30 s (docs/n8n/README.md); the local
  // N8N_CREDENTIALS_KEY is derived from the kept local keys, so stored API keys decrypt after a restart
  const n8nCredentialsKey = createHash("sha256").update(`n8n-credentials:${localProjectKeys(KEYS_FILE).agentJwtSecret}`).digest("base64");
  const extraEnv = { ALERT_DISPATCH_INTERVAL_MS: "30000", N8N_SYNC_INTERVAL_MS: "30000", N8N_CREDENTIALS_KEY: n8nCredentialsKey };
  const functions = await serveFunctions({ dbPort: DB_PORT, fnPort: FN_PORT, receiptKeyFile: RECEIPT_KEY_FILE, keysFile: KEYS_FILE, extraEnv });
  let stopping = false;
  const stop = (code = 0) => {
    if (stopping) return;
    stopping = true;
    log("stopping");
    functions.kill("SIGTERM");
    cluster.stop("fast");
    process.exit(code);
  };
  process.on("SIGINT", () => stop(0));
  process.on("SIGTERM", () => stop(0));
  functions.on("exit", (code) => {
    if (!stopping) {
      log(`the functions server exited (${code})`);
      stop(1);
    }
  });
  await waitForHttp(`http://127.0.0.1:${FN_PORT}/health`, 180_000);

  const { signingKey } = localProjectKeys(KEYS_FILE);
  const adminJwt = await demoAdminToken(DEMO_ADMIN_ID, "admin@demo.local", signingKey);
  const approverJwt = await demoAdminToken(DEMO_APPROVER_ID, "approver@demo.local", signingKey);
  const fnBase = `http://127.0.0.1:${FN_PORT}/functions/v1`;
  const env = await functionEnv({ dbPort: DB_PORT, fnPort: FN_PORT, receiptKeyFile: RECEIPT_KEY_FILE, keysFile: KEYS_FILE, extra: extraEnv });
  const width = Math.max(...Object.keys(env).map((k) => k.length));
  const sources = Object.keys(env).map((k) => `    ${k.padEnd(width)}  ${FUNCTION_ENV_SOURCES[k] ?? "local stack only (not a secret to set on Supabase)"}`);
  console.log(`
Local stack is up (Ctrl-C stops it).

  Database:        postgresql://postgres:postgres@127.0.0.1:${DB_PORT}/postgres   (postgres is not a superuser, as on Supabase)
  Edge Functions:  ${fnBase}/<name>   (${functionNames().join(", ")})
                   one process per function, each from its own deno.json; config.toml's verify_jwt enforced
  pg_cron:         jobs run in background workers (select * from cron.job_run_details order by start_time desc)

  What the functions see, and where each value comes from:
${sources.join("\n")}

  Demo admin JWT (admin@demo.local, 24 h):
    ${adminJwt}
  Demo approver JWT (approver@demo.local, 24 h):
    ${approverJwt}
  Demo agent API key (content-gen-v1):
    ${DEMO_AGENT_KEY}

  Try:
    curl -s -X POST ${fnBase}/agent-auth/token -H 'x-api-key: ${DEMO_AGENT_KEY}'
`);
  await new Promise(() => {});
}

async function types() {
  ensureSystemPackages();
  ensureNodeModules();
  const dir = mkdtempSync(join(tmpdir(), "agentops-types-"));
  const cluster = new Cluster({ dataDir: join(dir, "data"), port: await freePort(), durable: false });
  try {
    cluster.init();
    cluster.start();
    cluster.setup({ seed: false });
    writeFileSync(join(ROOT, "shared", "database.types.ts"), generateTypes(cluster.url));
    log("wrote shared/database.types.ts");
  } finally {
    cluster.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

const command = process.argv[2] ?? "start";
const main = { start: () => start(), reset: () => start({ reset: true }), types }[command];
if (!main) {
  console.error(`usage: node scripts/stack.mjs start|reset|types`);
  process.exit(2);
}
main().catch((err) => {
  console.error(err?.stack ?? err);
  process.exit(1);
});
