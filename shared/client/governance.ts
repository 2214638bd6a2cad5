// Governance for agents: ask before acting (authorize), wait for a person's decision
// (waitForApproval: long-polls GET /approvals/{id}?wait=N), and check a decision's receipt offline
// (verifyReceipt: the ES256 signature against the platform's JWKS, the issuer, and optionally the
// approval, the status and the exact call). Node 20+, Deno and browsers: fetch, Web Crypto, jose.
//
//   const answer = await authorize(client, { tool: "cms-api", action: "publish:post", arguments: post, run_key });
//   if (answer.decision === "pending") {
//     const approval = await waitForApproval(client, answer.approval!.id, { timeoutMs: 15 * 60_000 });
//     if (approval.status !== "approved") return;
//     await verifyReceipt(approval.approval_signature!, `${url}/approvals/.well-known/jwks.json`,
//       { approvalId: approval.id, call: { tool: "cms-api", action: "publish:post", arguments: post } });
//   }
import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, jwtVerify, type JWTVerifyGetKey } from "jose";
import {
  type Approval,
  ApprovalSchema,
  type AuthorizeRequest,
  AuthorizeRequestSchema,
  type AuthorizeResponse,
  AuthorizeResponseSchema,
  callHash,
  type ReceiptClaims,
  ReceiptClaimsSchema,
} from "../schemas/governance.ts";
import type { ErrorResponse } from "../schemas/common.ts";
import { AgentOpsError } from "./index.ts";

export type { Approval, AuthorizeRequest, AuthorizeResponse, ReceiptClaims };
export { callHash };

/** The issuer every receipt carries. */
export const RECEIPT_ISSUER = "agentops/approvals";

/** An AgentOpsClient (its request() brings token refresh and retries), or the minimal shape below. */
export type GovernanceClient =
  | { request<T>(method: string, path: string, body?: unknown): Promise<T> }
  | { baseUrl: string; token(): Promise<string>; fetch: typeof fetch };

async function call<T>(client: GovernanceClient, method: string, path: string, body?: unknown): Promise<T> {
  if ("request" in client) return await client.request<T>(method, path, body);
  const res = await client.fetch(`${client.baseUrl.replace(/\/+$/, "")}/${path}`, {
    method,
    headers: {
      authorization: `Bearer ${await client.token()}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) {
    try {
      const err = (JSON.parse(text) as ErrorResponse).error;
      throw new AgentOpsError(res.status, err.code, err.message, err.fields ?? [], err.details ?? {});
    } catch (e) {
      if (e instanceof AgentOpsError) throw e;
      throw new AgentOpsError(res.status, "http_error", text.slice(0, 500) || res.statusText);
    }
  }
  return JSON.parse(text) as T;
}

/**
 * Asks whether the agent may use `tool` for `action` now. Resolves with the decision: allow
 * (act), pending (an approval was opened: wait for it), or deny (reason and message say why).
 * Bad input is refused here, before anything is sent.
 */
export async function authorize(client: GovernanceClient, req: AuthorizeRequest): Promise<AuthorizeResponse> {
  const body = AuthorizeRequestSchema.parse(req);
  return AuthorizeResponseSchema.parse(await call<unknown>(client, "POST", "authorize", body));
}

export type WaitOptions = {
  /** Give up after this long (ms) and resolve with the approval as it is (default 10 minutes). */
  timeoutMs?: number;
  /** How long one request may wait on the server (seconds, at most 60; default 25). */
  pollSeconds?: number;
  signal?: AbortSignal;
};

/**
 * Waits until an approval is no longer pending (approved, rejected, expired or canceled), with
 * long-polls of up to pollSeconds each, and resolves with it; after timeoutMs it resolves with
 * the approval still pending. The run moves on (running) or is canceled by the server itself.
 */
export async function waitForApproval(
  client: GovernanceClient,
  approvalId: string,
  opts: WaitOptions = {},
): Promise<Approval> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10 * 60_000);
  const pollSeconds = Math.min(Math.max(opts.pollSeconds ?? 25, 0), 60);
  const id = encodeURIComponent(approvalId);
  for (;;) {
    opts.signal?.throwIfAborted();
    const left = Math.max(0, Math.floor((deadline - Date.now()) / 1000));
    const wait = Math.min(pollSeconds, left);
    const approval = ApprovalSchema.parse(await call<unknown>(client, "GET", `approvals/${id}?wait=${wait}`));
    if (approval.status !== "pending" || Date.now() >= deadline) return approval;
    // a server that answered early (wait 0, or a proxy cut the request): do not spin
    if (wait === 0) await new Promise((r) => setTimeout(r, Math.min(1000, Math.max(0, deadline - Date.now()))));
  }
}

export class ReceiptError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = "ReceiptError";
  }
}

export type VerifyOptions = {
  /** The receipt must be for this approval. */
  approvalId?: string;
  /** The receipt must name this call_hash ... */
  callHash?: string;
  /** ... or the hash of this call (computed here). */
  call?: { tool: string; action: string; arguments?: unknown };
  /** The approval's status the receipt must state (e.g. approved); any when omitted. */
  status?: ReceiptClaims["status"];
};

const remoteSets = new Map<string, JWTVerifyGetKey>();

function keySet(jwks: string | URL | JSONWebKeySet): JWTVerifyGetKey {
  if (typeof jwks === "string" || jwks instanceof URL) {
    const url = String(jwks);
    let set = remoteSets.get(url);
    if (!set) {
      set = createRemoteJWKSet(new URL(url));
      remoteSets.set(url, set);
    }
    return set;
  }
  return createLocalJWKSet(jwks);
}

/**
 * Verifies a receipt offline: the ES256 signature against the JWKS (a URL, fetched and cached,
 * or the JWKS itself), the issuer, the claims' shape, and what opts asks for. Resolves with the
 * claims; rejects with a ReceiptError (code invalid_signature, malformed, wrong_approval,
 * wrong_call or wrong_status) otherwise.
 */
export async function verifyReceipt(
  receiptJwt: string,
  jwksUrlOrJwks: string | URL | JSONWebKeySet,
  opts: VerifyOptions = {},
): Promise<ReceiptClaims> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(receiptJwt, keySet(jwksUrlOrJwks), {
      algorithms: ["ES256"],
      issuer: RECEIPT_ISSUER,
    }));
  } catch (err) {
    throw new ReceiptError(
      "invalid_signature",
      `the receipt does not verify: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const parsed = ReceiptClaimsSchema.safeParse(payload);
  if (!parsed.success) {
    throw new ReceiptError("malformed", `the receipt's claims are not a receipt's: ${parsed.error.issues[0]?.message}`);
  }
  const claims = parsed.data;
  if (claims.sub !== claims.approval_id) {
    throw new ReceiptError("malformed", "the receipt's sub and approval_id differ");
  }
  if (opts.approvalId && claims.approval_id !== opts.approvalId) {
    throw new ReceiptError(
      "wrong_approval",
      `the receipt is for approval ${claims.approval_id}, not ${opts.approvalId}`,
    );
  }
  const expected = opts.callHash ?? (opts.call ? await callHash(opts.call) : undefined);
  if (expected && claims.call_hash !== expected) {
    throw new ReceiptError("wrong_call", "the receipt approves a different call (call_hash differs)");
  }
  if (opts.status && claims.status !== opts.status) {
    throw new ReceiptError("wrong_status", `the receipt states ${claims.status}, not ${opts.status}`);
  }
  return claims;
}
