// The local Edge Functions gateway, as strict as Supabase's: serves every function under
// /functions/v1/<name>, each in its own Deno process started from its own index.ts with its own
// deno.json, from a copy of only what `supabase functions deploy` uploads (supabase/functions and
// the project's shared/: no package.json, no node_modules, no repository deno.json), so an import
// that would not deploy fails here too. Before a function runs, the gateway applies config.toml's
// [functions.<name>] verify_jwt as the hosted gateway does: when true (Supabase's default, also
// when the section is missing) a request without a JWT signed by the project's keys (the legacy
// secret or the signing keys in SUPABASE_JWKS) gets 401 and never reaches the function.
// The functions see only FUNCTIONS_ENV (JSON: what Supabase provides plus the project's secrets).
// x-forwarded-for is set from the socket, overwriting any value the client sent. Each function's heap
// is capped at what a hosted worker gets (256 MB).
// GET /health: 200 once every function answers, 500 naming any that failed to start.
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";

// whoever started us went away without stopping us (we were re-parented): stop the functions too
const parentNow = () => {
  try {
    return Number(Deno.readTextFileSync("/proc/self/stat").replace(/^.*\) /s, "").split(" ")[1]);
  } catch {
    return Deno.ppid;
  }
};
const parent = parentNow();
setInterval(() => {
  if (parentNow() === parent) return;
  // we lead our process group (scripts/lib/stack.mjs starts us detached): it holds every function
  try {
    Deno.kill(-Deno.pid, "SIGKILL");
  } catch {
    Deno.exit(1);
  }
}, 1000);

const port = Number(Deno.env.get("PORT") ?? 54321);
const root = new URL("../", import.meta.url);
const functionsRoot = new URL("supabase/functions/", root);
const functionEnv: Record<string, string> = JSON.parse(Deno.env.get("FUNCTIONS_ENV") ?? "{}");
const deno = Deno.execPath();
const TOOL_ENV = ["PATH", "HOME", "DENO_DIR", "DENO_CERT", "DENO_TLS_CA_STORE", "SSL_CERT_FILE", "SSL_CERT_DIR", "HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY", "https_proxy", "http_proxy", "no_proxy", "NPM_CONFIG_REGISTRY"];
const toolEnv: Record<string, string> = Object.fromEntries(TOOL_ENV.filter((k) => Deno.env.get(k)).map((k) => [k, Deno.env.get(k)!]));

/** verify_jwt per function from config.toml ([functions.<name>]); a missing decision means true. */
function verifyJwtDecisions(toml: string): Map<string, boolean> {
  const out = new Map<string, boolean>();
  let current: string | undefined;
  for (const raw of toml.split("\n")) {
    const line = raw.replace(/#.*$/, "").trim();
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      const m = /^functions\.("?)([A-Za-z0-9_-]+)\1$/.exec(section[1].trim());
      current = m ? m[2] : undefined;
      continue;
    }
    const kv = /^verify_jwt\s*=\s*(true|false)$/.exec(line);
    if (current && kv) out.set(current, kv[1] === "true");
  }
  return out;
}

let shuttingDown = false;

type Served = { name: string; port: number; verifyJwt: boolean; child?: Deno.ChildProcess; ready: boolean; exited?: boolean; restarts?: number; failed?: string; fetch?: (r: Request) => Response | Promise<Response> };
const served = new Map<string, Served>();

async function exists(url: URL): Promise<boolean> {
  try {
    await Deno.stat(url);
    return true;
  } catch {
    return false;
  }
}

async function copyTree(from: URL, to: URL) {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.name === "node_modules" || e.name === "deno.lock" || e.name.startsWith(".")) continue;
    const src = new URL(e.isDirectory ? `${e.name}/` : e.name, from);
    const dst = new URL(e.isDirectory ? `${e.name}/` : e.name, to);
    if (e.isDirectory) await copyTree(src, dst);
    else if (e.isFile) await Deno.copyFile(src, dst);
  }
}

// ports handed out here, and the gateway's own: the kernel may hand a port just released back at
// once (seen in CI: a function was given the gateway's port, which the test harness had probed and
// released, and the gateway then failed with AddrInUse), so a port is never handed out twice
const handedOut = new Set<number>([port]);

function freePort(): number {
  const held: Deno.Listener[] = []; // a port refused stays bound until the search ends, so it cannot come back
  try {
    for (;;) {
      const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
      held.push(l);
      const p = (l.addr as Deno.NetAddr).port;
      if (!handedOut.has(p)) {
        handedOut.add(p);
        return p;
      }
    }
  } finally {
    for (const l of held) l.close();
  }
}

// GATEWAY_CONFIG_TOML: another config.toml (tests of the gateway's own rule); else the project's
const configPath = Deno.env.get("GATEWAY_CONFIG_TOML") ?? new URL("supabase/config.toml", root).pathname;
const decisions = verifyJwtDecisions(await Deno.readTextFile(configPath).catch(() => ""));

// what the CLI uploads: the functions folder and the project's shared/ (reached through "@shared/")
// stages of gateways that were killed outright (SIGKILL) are swept first: their pid is gone
const tmp = Deno.env.get("TMPDIR") ?? "/tmp";
for await (const e of Deno.readDir(tmp)) {
  const m = /^agentops-functions-(\d+)-/.exec(e.name);
  if (!m || !e.isDirectory) continue;
  try {
    Deno.statSync(`/proc/${m[1]}`);
  } catch {
    await Deno.remove(`${tmp}/${e.name}`, { recursive: true }).catch(() => {});
  }
}
const stage = new URL(`file://${await Deno.makeTempDir({ prefix: `agentops-functions-${Deno.pid}-` })}/`);
await copyTree(functionsRoot, new URL("supabase/functions/", stage));
if (await exists(new URL("shared/", root))) await copyTree(new URL("shared/", root), new URL("shared/", stage));

// A hosted worker gets at most 256 MB (Supabase's Edge Functions limits, "Maximum Memory"): each
// function's heap is capped the same here, so a function that would be killed there for memory runs
// out of it here too (and is restarted, as a new worker would be booted) instead of growing freely.
const WORKER_MEMORY_MB = 256;

const names: string[] = [];
for await (const entry of Deno.readDir(functionsRoot)) {
  if (!entry.isDirectory || entry.name.startsWith("_") || entry.name.startsWith(".")) continue;
  names.push(entry.name);
}
names.sort();

/**
 * Starts (or, after it exited, starts again) one function's own Deno process on a fresh port, from
 * the staged copy with its own deno.json. A process that dies is restarted on the next tick after
 * a short backoff, as the hosted edge runtime boots a new worker for the next request; requests in
 * between get 503.
 */
function spawnFunction(s: Served, dir: URL, configArgs: string[]) {
  s.exited = false;
  s.child = new Deno.Command(deno, {
    args: ["run", "--no-lock", "--node-modules-dir=none", "--allow-net", "--allow-env", "--allow-read", "--allow-sys",
      `--v8-flags=--max-old-space-size=${WORKER_MEMORY_MB}`, ...configArgs,
      new URL("index.ts", dir).pathname],
    cwd: dir.pathname,
    clearEnv: true,
    env: {
      ...functionEnv,
      // the machine's tool settings (PATH, HOME, DENO_DIR, CA bundle, proxy): not the function's business
      ...toolEnv,
      DENO_NO_PACKAGE_JSON: "1",
      DENO_NO_UPDATE_CHECK: "1",
      DENO_SERVE_ADDRESS: `tcp:127.0.0.1:${s.port}`,
    },
    stdin: "null",
    stdout: "inherit",
    stderr: "piped",
  }).spawn();
  pipeStderr(s);
  const startedAt = Date.now();
  s.child.status.then(async (st) => {
    s.exited = true;
    if (shuttingDown) return;
    s.ready = false;
    s.failed = `exited with ${st.code}: ${s.failed ?? ""}`;
    console.error(`[functions] ${s.name} exited (${st.code}); restarting it`);
    s.restarts = (s.restarts ?? 0) + 1;
    // a process that dies at once (a syntax error, a bad environment) is retried slowly, not in a tight loop
    await new Promise((r) => setTimeout(r, Date.now() - startedAt < 2_000 ? 2_000 : 100));
    if (shuttingDown) return;
    s.port = freePort();
    spawnFunction(s, dir, configArgs);
    await waitReady(s);
  });
}

for (const name of names) {
  const dir = new URL(`supabase/functions/${name}/`, stage);
  const s: Served = { name, port: 0, verifyJwt: decisions.get(name) ?? true, ready: false };
  if (await exists(new URL("index.ts", dir))) {
    s.port = freePort();
    const config = new URL("deno.json", dir);
    spawnFunction(s, dir, await exists(config) ? ["--config", config.pathname] : ["--no-config"]);
  } else if (await exists(new URL(`${name}/app.ts`, functionsRoot))) {
    // a folder with only an app.ts (the benchmark's re-exports of real functions): in this process
    const mod = await import(new URL(`${name}/app.ts`, functionsRoot).href);
    s.fetch = mod.app.fetch.bind(mod.app);
    s.ready = true;
  } else {
    continue;
  }
  served.set(name, s);
}

async function pipeStderr(s: Served) {
  const decoder = new TextDecoder();
  let tail = "";
  for await (const chunk of s.child!.stderr) {
    const text = decoder.decode(chunk);
    tail = (tail + text).slice(-2000);
    if (!s.ready) s.failed = tail;
    await Deno.stderr.write(new TextEncoder().encode(text.replace(/^(?=.)/gm, `[${s.name}] `)));
  }
}

async function waitReady(s: Served) {
  for (let i = 0; i < 1200 && !s.ready; i++) {
    if (s.exited) return;
    try {
      const res = await fetch(`http://127.0.0.1:${s.port}/${s.name}/__gateway_probe__`);
      await res.body?.cancel();
      s.ready = true;
      s.failed = undefined;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
await Promise.all([...served.values()].filter((s) => s.child).map(waitReady));

// the project's keys, as the hosted gateway knows them
const legacySecret = functionEnv.LEGACY_JWT_SECRET ? new TextEncoder().encode(functionEnv.LEGACY_JWT_SECRET) : undefined;
const jwks = functionEnv.SUPABASE_JWKS
  ? (() => {
    const parsed = JSON.parse(functionEnv.SUPABASE_JWKS);
    return createLocalJWKSet(Array.isArray(parsed) ? { keys: parsed } : parsed);
  })()
  : undefined;

async function validProjectJwt(header: string | null): Promise<boolean> {
  const token = /^Bearer\s+(\S+)$/i.exec(header ?? "")?.[1];
  if (!token) return false;
  try {
    const alg = decodeProtectedHeader(token).alg;
    if (alg === "HS256" && legacySecret) return !!(await jwtVerify(token, legacySecret, { algorithms: ["HS256"] }));
    if ((alg === "ES256" || alg === "RS256") && jwks) return !!(await jwtVerify(token, jwks, { algorithms: ["ES256", "RS256"] }));
  } catch {
    return false;
  }
  return false;
}

const gatewayError = (status: number, message: string) => Response.json({ code: status, message }, { status });
const HOP_BY_HOP = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer", "host", "content-length"];

function shutdown() {
  if (shuttingDown) return;
  shuttingDown = true;
  for (const s of served.values()) {
    try {
      s.child?.kill("SIGTERM");
    } catch { /* gone */ }
  }
  Deno.remove(stage, { recursive: true }).catch(() => {}).finally(() => Deno.exit(0));
}
Deno.addSignalListener("SIGTERM", shutdown);
Deno.addSignalListener("SIGINT", shutdown);


Deno.serve({
  port,
  hostname: "127.0.0.1",
  onListen: () => console.error(`[functions] ${[...served.keys()].join(", ")} on :${port} (gateway: verify_jwt from config.toml)`),
}, async (req, info) => {
  const url = new URL(req.url);
  if (url.pathname === "/health") {
    const failed = [...served.values()].filter((s) => !s.ready);
    if (failed.length === 0) return new Response("ok");
    return new Response(`not serving: ${failed.map((s) => `${s.name}: ${s.failed ?? "starting"}`).join("\n")}`, { status: 500 });
  }
  const match = /^\/functions\/v1\/([A-Za-z0-9_-]+)(\/.*)?$/.exec(url.pathname);
  const s = match ? served.get(match[1]) : undefined;
  if (!s) {
    return Response.json({ error: { code: "function_not_found", message: `no function serves ${url.pathname}` }, request_id: crypto.randomUUID() }, { status: 404 });
  }
  // the hosted gateway's verify_jwt check: before the function runs, as Supabase answers it
  if (s.verifyJwt && req.method !== "OPTIONS") {
    if (!req.headers.get("authorization")) return gatewayError(401, "Missing authorization header");
    if (!(await validProjectJwt(req.headers.get("authorization")))) return gatewayError(401, "Invalid JWT");
  }
  const headers = new Headers(req.headers);
  for (const h of HOP_BY_HOP) headers.delete(h);
  // the client's address from the socket; whatever the client sent is replaced. Hosted Supabase
  // serves functions behind Cloudflare, which sets CF-Connecting-IP to the connecting address
  // (replacing a client's value) and appends that address to X-Forwarded-For; a client's own
  // X-Forwarded-For hops stay in front. Here there is no hop before us: both are the socket's.
  const address = (info.remoteAddr as Deno.NetAddr).hostname;
  headers.set("x-forwarded-for", address);
  headers.set("cf-connecting-ip", address);
  headers.delete("x-real-ip");
  const path = `/${s.name}${match![2] ?? ""}${url.search}`;
  const body = req.method === "GET" || req.method === "HEAD" ? undefined : req.body;
  if (s.fetch) {
    return await s.fetch(new Request(new URL(path, url), { method: req.method, headers, body, ...(body ? { duplex: "half" } : {}) } as RequestInit));
  }
  if (!s.ready) return gatewayError(503, `function ${s.name} is not running: ${s.failed ?? "starting"}`);
  try {
    const res = await fetch(`http://127.0.0.1:${s.port}${path}`, {
      method: req.method,
      headers,
      body,
      redirect: "manual",
      signal: req.signal,
      ...(body ? { duplex: "half" } : {}),
    } as RequestInit);
    const out = new Headers(res.headers);
    out.delete("content-encoding"); // fetch has already decoded the body
    out.delete("content-length");
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers: out });
  } catch (err) {
    if (req.signal.aborted) return new Response(null, { status: 499 });
    return gatewayError(502, `function ${s.name} did not answer: ${(err as Error).message}`);
  }
});
