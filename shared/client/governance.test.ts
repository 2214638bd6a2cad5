// The governance client against scripted servers: canonical JSON and call hashes (RFC 8785),
// receipts verified offline (local JWKS and a JWKS URL) and refused when forged, altered or for
// another call, authorize() requests and errors, and waitForApproval()'s long-poll loop.
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson } from "../schemas/governance.ts";
import { authorize, callHash, ReceiptError, verifyReceipt, waitForApproval } from "./governance.ts";
import { AgentOpsClient, AgentOpsError } from "./index.ts";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

describe("canonicalJson and callHash (RFC 8785)", () => {
  it("sorts keys by UTF-16 code units, drops whitespace and prints numbers as ECMAScript does", () => {
    expect(canonicalJson({ b: 1, a: [3, { d: true, c: null }], "": "x" })).toBe(
      '{"":"x","a":[3,{"c":null,"d":true}],"b":1}',
    );
    // RFC 8785 section 3.2.3: the sort order of these keys
    const keys = { "\u20ac": 1, "\r": 2, "\ufb33": 3, "1": 4, "\ud83d\ude00": 5, "\u0080": 6, "\u00f6": 7 };
    expect(canonicalJson(keys)).toBe('{"\\r":2,"1":4,"\u0080":6,"\u00f6":7,"\u20ac":1,"\ud83d\ude00":5,"\ufb33":3}');
    expect(canonicalJson([1e21, 0.1, -0, 1.5e-7, 333333333.3333333])).toBe("[1e+21,0.1,0,1.5e-7,333333333.3333333]");
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
    expect(canonicalJson('line\nbreak \u2028 "q"')).toBe(JSON.stringify('line\nbreak \u2028 "q"'));
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });

  it("hashes {action, arguments, tool}: the same text the database seed hashes", async () => {
    const call = { tool: "cms-api", action: "publish:post", arguments: { title: "Q4 launch", channel: "blog" } };
    expect(await callHash(call)).toBe(
      sha256('{"action":"publish:post","arguments":{"channel":"blog","title":"Q4 launch"},"tool":"cms-api"}'),
    );
    expect(await callHash({ tool: "t", action: "a" })).toBe(await callHash({ tool: "t", action: "a", arguments: {} }));
    expect(await callHash({ ...call, arguments: { channel: "blog", title: "Q4 launch" } })).toBe(await callHash(call));
    expect(await callHash({ ...call, arguments: { title: "Q4 launch!", channel: "blog" } })).not.toBe(
      await callHash(call),
    );
  });
});

describe("verifyReceipt", () => {
  let key: JWK;
  let signer: CryptoKey;
  let server: ReturnType<typeof createServer>;
  let jwksUrl: string;
  let jwksRequests = 0;
  const call = { tool: "cms-api", action: "publish:post", arguments: { title: "x" } };
  const approvalId = crypto.randomUUID();

  beforeAll(async () => {
    const pair = await generateKeyPair("ES256", { extractable: true });
    signer = pair.privateKey as CryptoKey;
    key = { ...(await exportJWK(pair.publicKey)), kid: "k1", alg: "ES256", use: "sig" };
    server = createServer((_req, res) => {
      jwksRequests++;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [key] }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/approvals/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  async function claims(overrides: Record<string, unknown> = {}) {
    const vote = crypto.randomUUID();
    const approver = crypto.randomUUID();
    return {
      iss: "agentops/approvals",
      sub: approvalId,
      jti: vote,
      iat: Math.floor(Date.now() / 1000),
      approval_id: approvalId,
      workspace_id: crypto.randomUUID(),
      agent_id: crypto.randomUUID(),
      execution_id: null,
      run_key: null,
      tool: call.tool,
      action: call.action,
      call_hash: await callHash(call),
      escalation_level: 3,
      decision: "approved",
      status: "approved",
      approver_id: approver,
      approvers: [approver],
      quorum: { required: 1, approvals: 1 },
      decided_at: new Date().toISOString(),
      ...overrides,
    };
  }
  const sign = async (payload: Record<string, unknown>, with_ = signer, kid = "k1") =>
    await new SignJWT(payload).setProtectedHeader({ alg: "ES256", kid, typ: "JWT" }).sign(with_);

  it("accepts a genuine receipt against the JWKS itself or its URL, and checks what was asked", async () => {
    const receipt = await sign(await claims());
    const local = await verifyReceipt(receipt, { keys: [key] }, { approvalId, call, status: "approved" });
    expect(local.approval_id).toBe(approvalId);
    const remote = await verifyReceipt(receipt, jwksUrl, { callHash: await callHash(call) });
    expect(remote.call_hash).toBe(local.call_hash);
    await verifyReceipt(receipt, jwksUrl);
    expect(jwksRequests).toBe(1); // fetched once, then cached
  });

  it("accepts the ids the demo seed uses (not RFC-variant uuids, e.g. 00000000-0000-4000-c000-...)", async () => {
    const receipt = await sign(await claims({ agent_id: "00000000-0000-4000-c000-000000000401" }));
    expect((await verifyReceipt(receipt, { keys: [key] })).agent_id).toBe("00000000-0000-4000-c000-000000000401");
  });

  it("refuses altered, forged, unsigned and foreign receipts", async () => {
    const receipt = await sign(await claims());
    const [h, p, s] = receipt.split(".");
    const body = JSON.parse(Buffer.from(p, "base64url").toString());
    const altered = `${h}.${
      Buffer.from(JSON.stringify({ ...body, status: "approved", call_hash: "0".repeat(64) })).toString("base64url")
    }.${s}`;
    const forger = (await generateKeyPair("ES256")).privateKey as CryptoKey;
    const cases = [
      altered,
      await sign(body, forger),
      `${Buffer.from('{"alg":"none"}').toString("base64url")}.${p}.`,
      await sign({ ...body, iss: "someone-else" }),
    ];
    for (const bad of cases) {
      await expect(verifyReceipt(bad, { keys: [key] })).rejects.toMatchObject({
        name: "ReceiptError",
        code: "invalid_signature",
      });
    }
  });

  it("refuses a genuine receipt for another call, approval or status, and one that is not a receipt", async () => {
    const receipt = await sign(await claims({ status: "pending" }));
    const jwks = { keys: [key] };
    await expect(verifyReceipt(receipt, jwks, { call: { ...call, arguments: { title: "y" } } })).rejects.toMatchObject({
      code: "wrong_call",
    });
    await expect(verifyReceipt(receipt, jwks, { approvalId: crypto.randomUUID() })).rejects.toMatchObject({
      code: "wrong_approval",
    });
    await expect(verifyReceipt(receipt, jwks, { status: "approved" })).rejects.toMatchObject({ code: "wrong_status" });
    const { call_hash: _drop, ...noHash } = await claims();
    await expect(verifyReceipt(await sign(noHash), jwks)).rejects.toBeInstanceOf(ReceiptError);
    await expect(verifyReceipt(await sign(await claims({ sub: crypto.randomUUID() })), jwks)).rejects.toMatchObject({
      code: "malformed",
    });
  });
});

const approval = (status: string) => ({
  id: "11111111-1111-4111-8111-111111111111",
  workspace_id: "22222222-2222-4222-8222-222222222222",
  execution_id: null,
  run_key: null,
  decision_id: null,
  escalation_level: 3,
  requested_by: "33333333-3333-4333-8333-333333333333",
  requester_user_id: null,
  requested_at: new Date().toISOString(),
  tool: "t",
  action: "a",
  arguments: {},
  call_hash: "f".repeat(64),
  estimated_cost_usd: 0,
  estimated_tokens: 0,
  reason: null,
  quorum_required: 1,
  approvals_received: status === "approved" ? 1 : 0,
  rule_id: null,
  approver_id: null,
  status,
  decided_at: null,
  approved_at: null,
  expires_at: new Date().toISOString(),
  approval_notes: null,
  approval_signature: status === "approved" ? "a.b.c" : null,
});

function minimalClient(handler: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const seen: { url: string; init: RequestInit }[] = [];
  return {
    seen,
    client: {
      baseUrl: "http://fn.test/functions/v1/",
      token: async () => "agent-jwt",
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        seen.push({ url: String(input), init: init ?? {} });
        return await handler(String(input), init ?? {});
      }) as typeof fetch,
    },
  };
}

describe("authorize", () => {
  const answer = {
    decision: "pending",
    outcome: "pending_approval",
    decision_id: "44444444-4444-4444-8444-444444444444",
    agent_id: "33333333-3333-4333-8333-333333333333",
    workspace_id: "22222222-2222-4222-8222-222222222222",
    escalation_level: 3,
    tool: "t",
    action: "a",
    call_hash: "f".repeat(64),
    reason: null,
    message: "pending",
    details: {},
    notified: 2,
    execution_id: null,
    run_key: null,
    approval: approval("pending"),
    quota: {},
  };

  it("posts the request with the agent's token and defaults, and returns the typed answer", async () => {
    const { client, seen } = minimalClient(() => Response.json(answer));
    const res = await authorize(client, { tool: "t", action: "a" });
    expect(res.approval?.status).toBe("pending");
    expect(seen[0].url).toBe("http://fn.test/functions/v1/authorize");
    expect((seen[0].init.headers as Record<string, string>).authorization).toBe("Bearer agent-jwt");
    expect(JSON.parse(String(seen[0].init.body))).toEqual({
      tool: "t",
      action: "a",
      arguments: {},
      estimated_cost_usd: 0,
      estimated_tokens: 0,
    });
  });

  it("refuses bad input before sending, and turns error bodies into AgentOpsError", async () => {
    const { client, seen } = minimalClient(() =>
      Response.json({
        error: { code: "validation_failed", message: "bad", fields: [{ field: "tool", message: "no" }] },
        request_id: "r",
      }, { status: 422 })
    );
    await expect(authorize(client, { tool: "", action: "a" })).rejects.toThrow();
    expect(seen).toHaveLength(0);
    const err = await authorize(client, { tool: "t", action: "a" }).catch((e) => e);
    expect(err).toBeInstanceOf(AgentOpsError);
    expect(err).toMatchObject({ status: 422, code: "validation_failed", fields: [{ field: "tool", message: "no" }] });
  });

  it("works with an AgentOpsClient (its token exchange and retries)", async () => {
    let calls = 0;
    const fetchImpl = (async (input: RequestInfo | URL) => {
      const url = String(input);
      if (url.endsWith("/agent-auth/token")) {
        return Response.json({ access_token: "jwt", token_type: "bearer", expires_in: 300 });
      }
      calls++;
      return calls === 1 ? new Response("{}", { status: 503 }) : Response.json(answer);
    }) as typeof fetch;
    const client = new AgentOpsClient({
      url: "http://fn.test",
      apiKey: "ak_abcdefgh_" + "s".repeat(43),
      fetch: fetchImpl,
      flushIntervalMs: 0,
      baseBackoffMs: 1,
      maxBackoffMs: 2,
    });
    expect((await authorize(client, { tool: "t", action: "a" })).decision).toBe("pending");
    expect(calls).toBe(2);
  });
});

describe("waitForApproval", () => {
  it("long-polls until the approval is decided", async () => {
    let n = 0;
    const { client, seen } = minimalClient(() => Response.json(approval(++n < 3 ? "pending" : "approved")));
    const result = await waitForApproval(client, "11111111-1111-4111-8111-111111111111", { pollSeconds: 7 });
    expect(result.status).toBe("approved");
    expect(seen).toHaveLength(3);
    expect(seen[0].url).toBe("http://fn.test/functions/v1/approvals/11111111-1111-4111-8111-111111111111?wait=7");
  });

  it("gives up after timeoutMs and resolves with the approval still pending", async () => {
    const { client, seen } = minimalClient(async (url) => {
      const wait = Number(new URL(url).searchParams.get("wait"));
      await new Promise((r) => setTimeout(r, wait * 1000 || 20));
      return Response.json(approval("pending"));
    });
    const started = Date.now();
    const result = await waitForApproval(client, "11111111-1111-4111-8111-111111111111", {
      timeoutMs: 1500,
      pollSeconds: 1,
    });
    expect(result.status).toBe("pending");
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(seen.length).toBeGreaterThanOrEqual(2);
  });

  it("stops when its signal is aborted", async () => {
    const { client } = minimalClient(() => Response.json(approval("pending")));
    const controller = new AbortController();
    controller.abort();
    await expect(waitForApproval(client, "11111111-1111-4111-8111-111111111111", { signal: controller.signal })).rejects
      .toThrow();
  });
});
