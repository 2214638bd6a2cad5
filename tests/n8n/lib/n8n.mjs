// A real n8n (the npm package, installed in tests/n8n/node_modules) on free local ports with its
// default SQLite store in a temporary folder, set up over REST as a person would through the UI:
// owner account, API key, workflows. Nothing leaves 127.0.0.1 (see /docs/n8n/testing.md).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
// one port allocator per process (the stack's): ports it handed out are never handed out again
import { freePort } from "../../../scripts/lib/stack.mjs";

export { freePort };

export const SUITE_DIR = fileURLToPath(new URL("..", import.meta.url));
export const N8N_BIN = join(SUITE_DIR, "node_modules", "n8n", "bin", "n8n");

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class N8n {
  constructor({ port, brokerPort, dir, env = {} }) {
    this.port = port;
    this.brokerPort = brokerPort;
    this.dir = dir;
    this.extraEnv = env;
    this.url = `http://127.0.0.1:${port}`;
    this.cookie = undefined;
    this.apiKey = undefined;
    this.log = "";
  }

  static async start({ env = {} } = {}) {
    if (!existsSync(N8N_BIN)) throw new Error(`n8n is not installed: run npm install in ${SUITE_DIR}`);
    const n8n = new N8n({ port: await freePort(), brokerPort: await freePort(), dir: mkdtempSync(join(tmpdir(), "agentops-n8n-")), env });
    n8n.spawn();
    await n8n.ready();
    return n8n;
  }

  spawn() {
    const env = {
      PATH: process.env.PATH,
      HOME: this.dir,
      N8N_PORT: String(this.port),
      N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
      N8N_LISTEN_ADDRESS: "127.0.0.1",
      N8N_HOST: "127.0.0.1",
      WEBHOOK_URL: `${this.url}/`,
      N8N_USER_FOLDER: this.dir,
      N8N_DIAGNOSTICS_ENABLED: "false",
      N8N_DIAGNOSTICS_CONFIG_FRONTEND: "",
      N8N_DIAGNOSTICS_CONFIG_BACKEND: "",
      N8N_PERSONALIZATION_ENABLED: "false",
      N8N_VERSION_NOTIFICATIONS_ENABLED: "false",
      N8N_TEMPLATES_ENABLED: "false",
      N8N_HIRING_BANNER_ENABLED: "false",
      N8N_SECURE_COOKIE: "false",
      N8N_COMMUNITY_PACKAGES_ENABLED: "false",
      N8N_LICENSE_AUTO_RENEW_ENABLED: "false",
      EXTERNAL_FRONTEND_HOOKS_URLS: "",
      N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: "true",
      DB_SQLITE_POOL_SIZE: "1",
      N8N_RUNNERS_ENABLED: "true",
      N8N_LOG_LEVEL: "warn",
      ...this.extraEnv,
    };
    this.child = spawn(process.execPath, [N8N_BIN, "start"], { cwd: this.dir, env, stdio: ["ignore", "pipe", "pipe"] });
    const keep = (chunk) => {
      this.log = (this.log + chunk.toString()).slice(-20_000);
    };
    this.child.stdout.on("data", keep);
    this.child.stderr.on("data", keep);
    this.exited = new Promise((resolve) => this.child.on("exit", (code) => resolve(code)));
  }

  async ready(timeoutMs = 120_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`n8n exited (${this.child.exitCode}):\n${this.log}`);
      try {
        // while starting, n8n answers 200 with a plain-text "starting up" page: wait for its JSON
        const res = await fetch(`${this.url}/rest/settings`);
        const text = await res.text();
        if (res.status === 200 && text.startsWith("{")) return;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    throw new Error(`n8n did not answer /rest/settings within ${timeoutMs} ms:\n${this.log}`);
  }

  async rest(method, path, body) {
    const res = await fetch(`${this.url}/rest${path}`, {
      method,
      headers: { "content-type": "application/json", ...(this.cookie ? { cookie: this.cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.get("set-cookie");
    if (setCookie) this.cookie = setCookie.split(";")[0];
    const text = await res.text();
    if (!res.ok) throw new Error(`n8n ${method} /rest${path}: ${res.status} ${text.slice(0, 500)}`);
    return text ? JSON.parse(text) : undefined;
  }

  async api(method, path, body) {
    const res = await fetch(`${this.url}/api/v1${path}`, {
      method,
      headers: { "content-type": "application/json", "x-n8n-api-key": this.apiKey },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`n8n ${method} /api/v1${path}: ${res.status} ${text.slice(0, 500)}`);
    return text ? JSON.parse(text) : undefined;
  }

  /** The owner account and a public-API key with every scope, as a person would create them in the UI. */
  async setUp() {
    await this.rest("POST", "/owner/setup", { email: "owner@agentops.test", firstName: "Test", lastName: "Owner", password: "Passw0rd-agentops" });
    const scopes = (await this.rest("GET", "/api-keys/scopes")).data;
    this.apiKey = (await this.rest("POST", "/api-keys", { label: "agentops-test", scopes, expiresAt: null })).data.rawApiKey;
    return this;
  }

  async createWorkflow(workflow, { activate = false } = {}) {
    const { name, nodes, connections, settings } = workflow;
    const created = await this.api("POST", "/workflows", { name, nodes, connections, settings: settings ?? { executionOrder: "v1" } });
    if (activate) await this.api("POST", `/workflows/${created.id}/activate`);
    return created;
  }

  async executions(query = {}) {
    const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
    return await this.api("GET", `/executions?${qs}`);
  }

  async stop() {
    if (this.child && this.child.exitCode === null) {
      this.child.kill("SIGTERM");
      const timer = setTimeout(() => this.child.kill("SIGKILL"), 10_000);
      await this.exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
