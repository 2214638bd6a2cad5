// The strict local gateway (scripts/serve-functions.ts), as the hosted one behaves:
//   * through the project's config.toml (verify_jwt = false for every function, each of which
//     authenticates itself): an agent's API key and JWT, a signed n8n delivery, the public JWKS
//     of approvals and every /openapi.json reach their functions; a person's token signed with
//     the project's asymmetric key (ES256, published as SUPABASE_JWKS) works, and one signed with
//     a key the project does not publish does not;
//   * with verify_jwt = true (a second gateway on a config that says so for patterns, and says
//     nothing for the others: Supabase's default is true), requests without a JWT of the
//     project's keys get the gateway's 401 before the function runs, agent JWTs included: the
//     reason each function turns the check off;
//   * the client's X-Forwarded-For is replaced by the socket's address;
//   * every function's heap is capped at a hosted worker's memory (256 MB).
import { createHash, generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signEs256, userAccessToken } from "../../scripts/lib/jwt.mjs";
import { adminFixture, FUNCTIONS_URL, fnUrl } from "./helpers.ts";

const keys = JSON.parse(process.env.LOCAL_PROJECT_KEYS ?? "null");
const FUNCTIONS = ["activity", "agent-auth", "agents", "alert-dispatch", "approvals", "authorize", "evaluations", "ingest", "n8n-webhook", "patterns"];

async function personToken(userId: string, signingKey = keys.signingKey): Promise<string> {
  return await userAccessToken({ userId, email: `${userId}@test.local`, signingKey, issuer: process.env.JWT_ISSUER });
}

async function issueKey(agentId: string, jwt: string): Promise<string> {
  const res = await fetch(fnUrl(`agents/${agentId}/keys`), {
    method: "POST",
    headers: { authorization: `Bearer ${jwt}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "gateway" }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()).api_key;
}

describe("the strict gateway with the project's config.toml", () => {
  let fx: Awaited<ReturnType<typeof adminFixture>>;
  beforeAll(async () => {
    expect(keys, "npm test provides LOCAL_PROJECT_KEYS").toBeTruthy();
    fx = await adminFixture();
  });
  afterAll(async () => await fx?.sql.end({ timeout: 5 }));

  it("a person's ES256 token (the project's signing key, SUPABASE_JWKS) works; another key's does not", async () => {
    const es256 = await personToken(fx.userId);
    expect(JSON.parse(Buffer.from(es256.split(".")[0], "base64url").toString()).alg).toBe("ES256");
    const ok = await fetch(fnUrl(`agents/${fx.agentId}/keys`), { headers: { authorization: `Bearer ${es256}` } });
    expect(ok.status, await ok.clone().text()).toBe(200);
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const foreign = { ...privateKey.export({ format: "jwk" }), kid: keys.signingKey.kid };
    const forged = await signEs256(JSON.parse(Buffer.from(es256.split(".")[1], "base64url").toString()), foreign);
    const refused = await fetch(fnUrl(`agents/${fx.agentId}/keys`), { headers: { authorization: `Bearer ${forged}` } });
    expect(refused.status).toBe(401);
    expect((await refused.json()).error.code).toBe("invalid_token");
  });

  it("every function runs with the heap a hosted worker gets (256 MB), not the machine's", () => {
    const read = (pid: string, file: string) => {
      try {
        return readFileSync(`/proc/${pid}/${file}`, "utf8");
      } catch {
        return ""; // gone, or not ours
      }
    };
    const parentOf = (pid: string) => {
      const stat = read(pid, "stat");
      return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1];
    };
    const pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
    const port = new URL(FUNCTIONS_URL).port;
    const gateway = pids.find((pid) =>
      read(pid, "cmdline").includes("serve-functions.ts") && read(pid, "environ").split("\0").includes(`PORT=${port}`)
    );
    expect(gateway, `the gateway serving ${FUNCTIONS_URL}`).toBeTruthy();
    const functions = pids.filter((pid) => parentOf(pid) === gateway).map((pid) => read(pid, "cmdline").split("\0"))
      .filter((args) => args.some((a) => a.endsWith("index.ts")));
    expect(functions.length).toBeGreaterThanOrEqual(FUNCTIONS.length);
    for (const args of functions) expect(args, args.join(" ")).toContain("--v8-flags=--max-old-space-size=256");
  });

  it("an agent exchanges its API key (no JWT) and reports a run with its agent JWT", async () => {
    const apiKey = await issueKey(fx.agentId, await personToken(fx.userId));
    const exchanged = await fetch(fnUrl("agent-auth/token"), { method: "POST", headers: { "x-api-key": apiKey } });
    expect(exchanged.status).toBe(200);
    const { access_token } = await exchanged.json();
    const run = await fetch(fnUrl("ingest/run"), {
      method: "POST",
      headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
      body: JSON.stringify({ run_key: `gw-${randomUUID()}`, status: "succeeded" }),
    });
    expect(run.status, await run.clone().text()).toBeLessThan(300);
  });

  it("a signed n8n delivery reaches n8n-webhook", async () => {
    const secret = `whsec_${Buffer.from(randomUUID()).toString("base64")}`;
    await fx.sql`insert into private.webhook_secrets (workspace_id, secret) values (${fx.workspaceId}, ${secret})`;
    const id = randomUUID();
    const body = JSON.stringify({ id, workflowId: "wf-gw", workflowName: "Gateway", status: "success", mode: "webhook", startedAt: new Date(Date.now() - 1000).toISOString(), stoppedAt: new Date().toISOString() });
    const msgId = `msg_${randomUUID()}`;
    const at = new Date();
    const res = await fetch(fnUrl(`n8n-webhook/${fx.workspaceId}`), {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": msgId,
        "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
        "webhook-signature": new Webhook(secret).sign(msgId, at, body),
      },
      body,
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    // the run key names n8n's execution id (its exact shape is n8n-webhook's business)
    const [row] = await fx.sql`select count(*)::int as n from public.executions where workspace_id = ${fx.workspaceId} and run_key like 'n8n:%' and run_key like ${`%${id}`}`;
    expect(row.n).toBe(1);
  });

  it("the approvals JWKS and every OpenAPI document are public", async () => {
    const jwks = await fetch(fnUrl("approvals/.well-known/jwks.json"));
    expect(jwks.status).toBe(200);
    expect((await jwks.json()).keys.length).toBeGreaterThan(0);
    for (const name of FUNCTIONS) {
      const res = await fetch(fnUrl(`${name}/openapi.json`));
      expect(res.status, name).toBe(200);
      expect((await res.json()).info.title).toBe(name);
    }
  });

  it("the client's X-Forwarded-For is replaced by the socket's address", async () => {
    const prefix = `ak_${createHash("sha256").update(randomUUID()).digest("hex").slice(0, 8)}`;
    const res = await fetch(fnUrl("agent-auth/token"), {
      method: "POST",
      headers: { "x-api-key": `${prefix}_${"x".repeat(43)}`, "x-forwarded-for": "203.0.113.77", "cf-connecting-ip": "203.0.113.78" },
    });
    expect(res.status).toBe(401);
    const rows = await fx.sql`select client_addr from private.agent_auth_failures where prefix = ${prefix}`;
    expect(rows.map((r) => r.client_addr)).toEqual(["127.0.0.1"]);
  });
});

describe("verify_jwt = true, enforced before the function runs", () => {
  let server: { kill: (s?: string) => boolean; pid?: number } | undefined;
  let base = "";
  let dir = "";
  let fx: Awaited<ReturnType<typeof adminFixture>>;

  beforeAll(async () => {
    fx = await adminFixture();
    const stack = await import("../../scripts/lib/stack.mjs");
    dir = mkdtempSync(join(tmpdir(), "agentops-gateway-"));
    const toml = join(dir, "config.toml");
    // patterns says true; the others say nothing, which means true on Supabase too
    writeFileSync(toml, "[functions.patterns]\nverify_jwt = true\n");
    const dbPort = Number(new URL(process.env.SUPABASE_DB_URL!).port);
    const fnPort = await stack.freePort();
    server = await stack.serveFunctions({ dbPort, fnPort, configToml: toml, stdio: ["ignore", "ignore", "ignore"] });
    await stack.waitForHttp(`http://127.0.0.1:${fnPort}/health`, 180_000);
    base = `http://127.0.0.1:${fnPort}/functions/v1`;
  }, 240_000);

  afterAll(async () => {
    server?.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
    await fx?.sql.end({ timeout: 5 });
  });

  it("refuses a missing or foreign JWT with the gateway's 401, and lets the project's tokens through", async () => {
    const none = await fetch(`${base}/patterns/openapi.json`);
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ code: 401, message: "Missing authorization header" });

    // an agent's JWT is signed with AGENT_JWT_SECRET, which the platform's gateway does not know
    const apiKey = await issueKey(fx.agentId, await personToken(fx.userId));
    const { access_token } = await (await fetch(fnUrl("agent-auth/token"), { method: "POST", headers: { "x-api-key": apiKey } })).json();
    const agent = await fetch(`${base}/patterns/openapi.json`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(agent.status).toBe(401);
    expect(await agent.json()).toEqual({ code: 401, message: "Invalid JWT" });

    // an API key in place of a JWT: agent-auth could never be called without verify_jwt = false
    const exchange = await fetch(`${base}/agent-auth/token`, { method: "POST", headers: { "x-api-key": apiKey } });
    expect(exchange.status).toBe(401);
    expect((await exchange.json()).message).toBe("Missing authorization header");

    // the project's own tokens pass: ES256 (signing keys) and HS256 (legacy secret, e.g. the anon key)
    for (const token of [await personToken(fx.userId), await userAccessToken({ userId: fx.userId, email: "x@test.local", issuer: process.env.JWT_ISSUER })]) {
      const res = await fetch(`${base}/patterns/openapi.json`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      expect((await res.json()).info.title).toBe("patterns");
    }
  });

  it("restarts a function whose process died, as the edge runtime boots a new worker", async () => {
    const patternsPid = () => {
      for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
        try {
          const ppid = Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[1]);
          if (ppid === server?.pid && readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("/functions/patterns/index.ts")) return Number(pid);
        } catch { /* gone meanwhile */ }
      }
      return undefined;
    };
    const before = patternsPid();
    expect(before).toBeGreaterThan(0);
    process.kill(before!, "SIGKILL");
    const token = await personToken(fx.userId);
    let status = 0;
    for (let i = 0; i < 300 && status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await fetch(`${base}/patterns/openapi.json`, { headers: { authorization: `Bearer ${token}` } })).status;
    }
    expect(status).toBe(200);
    expect(patternsPid()).not.toBe(before);
  }, 60_000);
});
