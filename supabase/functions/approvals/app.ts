// approvals: people with the approver role decide what agents asked for at escalation levels 3
// and 4, and each decision returns a receipt: an ES256 JWT signed with the platform's key, naming
// the approval, the run, the hash of the exact call, the decision, the approver and the time.
// GET /approvals/.well-known/jwks.json publishes the public keys, so anyone can verify a receipt
// offline. Agents read their approvals (optionally long-polling with ?wait=seconds) and may
// withdraw them; the governance audit chain is listed and verified at /approvals/audit.
import { createRoute, z } from "@hono/zod-openapi";
import { ErrorResponseSchema } from "@shared/schemas/common.ts";
import {
  type Approval,
  ApprovalSchema,
  ApprovalStatusSchema,
  AuditEntrySchema,
  AuditVerificationSchema,
  CancelRequestSchema,
  DecisionRequestSchema,
  type DecisionResponse,
  DecisionResponseSchema,
  IdSchema,
  JwksSchema,
  type ReceiptClaims,
  ReceiptClaimsSchema,
} from "@shared/schemas/governance.ts";
import { createApp, errorResponses, jsonBody, jsonResponse } from "../_shared/app.ts";
import { auth, type Caller, userCaller } from "../_shared/auth.ts";
import { asCaller, claimed, privileged } from "../_shared/db.ts";
import { rpc } from "../_shared/rpc.ts";
import { ApiError, notFound } from "../_shared/errors.ts";
import { receiptKeyring, signReceipt } from "../_shared/receipts.ts";

export const app = createApp("approvals", {
  maxBodyBytes: 16 * 1024,
  description: "Decide approvals with signed receipts, publish the receipt keys, and read the governance audit trail.",
});

/** How long one long-poll may hold a request open, and how often it looks. */
export const MAX_WAIT_SECONDS = 60;
const POLL_INTERVAL_MS = 500;


const AuditEntriesSchema = z.object({ entries: z.array(AuditEntrySchema) });
const ApprovalListSchema = z.object({ approvals: z.array(ApprovalSchema) });

const errors = errorResponses({
  401: "No valid JWT",
  403: "Not allowed (role, assignment, self-approval)",
  404: "No such approval visible to you",
});

const IdParams = z.object({ id: IdSchema });

async function readApproval(caller: Caller, id: string): Promise<Approval | undefined> {
  const rows = await asCaller(
    caller.claims,
    (tx) => tx`select private.approval_json(a) as approval from public.approvals a where a.id = ${id}`,
  );
  // through the schema: checked against the contract, and keys in its order (jsonb sorts them by length)
  return rows[0] ? ApprovalSchema.parse(rows[0].approval) : undefined;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

app.openapi(
  createRoute({
    method: "get",
    path: "/.well-known/jwks.json",
    summary: "The public keys that verify approval receipts (current and previous ones)",
    ...auth("public"),
    responses: {
      200: jsonResponse(JwksSchema, "A JWKS: verify a receipt's ES256 signature with the key named by its kid"),
      503: jsonResponse(ErrorResponseSchema, "No signing key is configured"),
    },
  }),
  async (c) => {
    const ring = await receiptKeyring();
    return c.json(ring.jwks, 200, { "cache-control": "public, max-age=300" });
  },
);

const AuditQuery = z.object({
  workspace_id: IdSchema,
  after_seq: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

app.openapi(
  createRoute({
    method: "get",
    path: "/audit",
    summary: "The workspace's governance audit chain in order (people: viewers and above)",
    ...auth("user"),
    request: { query: AuditQuery },
    responses: {
      200: jsonResponse(AuditEntriesSchema, "Entries after after_seq, oldest first"),
      ...errors,
    },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const result = await rpc(userCaller(c), AuditEntriesSchema, (tx) =>
      tx`
        select jsonb_build_object('entries', coalesce(jsonb_agg(to_jsonb(l) order by l.seq), '[]'::jsonb)) as result
        from (
          select l.id, l.workspace_id, l.seq, l.event_type, l.actor_type, l.actor_id, l.subject_type, l.subject_id, l.payload,
            l.created_at, l.prev_hash, l.hash
          from public.governance_audit_log l
          where l.workspace_id = ${q.workspace_id} and l.seq > ${q.after_seq}
          order by l.seq
          limit ${q.limit}
        ) l`);
    return c.json(result, 200);
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/audit/verify",
    summary: "Verify the workspace's governance audit chain: ok, or the first broken link",
    ...auth("user"),
    request: { query: z.object({ workspace_id: IdSchema }) },
    responses: { 200: jsonResponse(AuditVerificationSchema, "The verification"), ...errors },
  }),
  async (c) => {
    const { workspace_id } = c.req.valid("query");
    const verification = await rpc(userCaller(c), AuditVerificationSchema, (tx) =>
      tx`
        select v.ok, v.rows_checked::float8 as rows_checked, v.first_broken_seq::float8 as first_broken_seq,
          v.first_broken_id::float8 as first_broken_id, v.reason
        from private.verify_governance_audit_chain(${workspace_id}) v`, { shape: (rows) => rows[0] });
    return c.json(verification, 200);
  },
);

const ListQuery = z.object({
  status: ApprovalStatusSchema.optional(),
  workspace_id: IdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

app.openapi(
  createRoute({
    method: "get",
    path: "/",
    summary: "Approvals visible to you, newest first: approvers see theirs and unassigned ones; agents see their own",
    ...auth("caller", { liveKey: true }),
    request: { query: ListQuery },
    responses: { 200: jsonResponse(ApprovalListSchema, "The approvals"), ...errors },
  }),
  async (c) => {
    const q = c.req.valid("query");
    const result = await rpc(c.get("caller"), ApprovalListSchema, (tx) =>
      tx`
        select jsonb_build_object('approvals', coalesce(jsonb_agg(private.approval_json(a) order by a.requested_at desc), '[]'::jsonb)) as result
        from (
          select a.* from public.approvals a
          where (${q.status ?? null}::text is null or a.approval_status = ${q.status ?? null}::text)
            and (${q.workspace_id ?? null}::uuid is null or a.workspace_id = ${q.workspace_id ?? null}::uuid)
          order by a.requested_at desc
          limit ${q.limit}
        ) a`);
    return c.json(result, 200);
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/{id}",
    summary: "One approval; with ?wait=N (up to 60 s) the answer waits until it is no longer pending or N seconds pass",
    ...auth("caller", { liveKey: true }),
    request: { params: IdParams, query: z.object({ wait: z.coerce.number().min(0).max(MAX_WAIT_SECONDS).default(0) }) },
    responses: { 200: jsonResponse(ApprovalSchema, "The approval (still pending if the wait ran out)"), ...errors },
  }),
  async (c) => {
    const caller = c.get("caller");
    const { id } = c.req.valid("param");
    const { wait } = c.req.valid("query");
    let approval = await readApproval(caller, id);
    if (!approval) throw notFound("approval_not_found", "no approval with this id is visible to you");
    const deadline = Date.now() + wait * 1000;
    const signal = c.req.raw.signal;
    while (approval.status === "pending" && Date.now() < deadline && !signal?.aborted) {
      await sleep(Math.min(POLL_INTERVAL_MS, deadline - Date.now()), signal);
      approval = (await readApproval(caller, id)) ?? approval;
    }
    return c.json(approval, 200);
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/{id}/decision",
    summary: "Approve or reject (people with the approver role); returns the signed receipt",
    description:
      "One vote per approver. One rejection rejects; the approval is approved when quorum_required approvers approved " +
      "(until then final is false and the receipt's status is pending). The run moves from waiting_approval to running " +
      "(approved) or canceled. Nobody approves their own request; a decided or expired approval cannot be decided.",
    ...auth("user"),
    request: { params: IdParams, ...jsonBody(DecisionRequestSchema) },
    responses: {
      200: jsonResponse(DecisionResponseSchema, "The decision, with its receipt"),
      ...errors,
      409: jsonResponse(
        ErrorResponseSchema,
        "Already decided (already_decided), already voted, or expired (approval_expired)",
      ),
      503: jsonResponse(ErrorResponseSchema, "No receipt signing key is configured"),
    },
  }),
  async (c) => {
    const caller = userCaller(c);
    const { id } = c.req.valid("param");
    const body = c.req.valid("json");
    await receiptKeyring(); // no key, no decision: fail before anything is written

    type Decided = { ok: true; final: boolean; vote_id: string; approval: Approval; claims: ReceiptClaims };
    type Refused = { ok: false; code: string; message: string; approval: Approval };
    const result = await privileged((sql) =>
      sql.begin(async (tx) => {
        // the approver is the person of the claims set for this transaction, never an argument
        const [row] = await tx`select private.decide_approval(${id}, ${body.decision}, ${body.notes ?? null}) as r
          from ${claimed(tx, caller.claims)}`;
        const r = row.r as Decided | Refused;
        if (!r.ok) return r;
        const claims = ReceiptClaimsSchema.parse(r.claims); // never sign what is not a receipt
        const receipt = await signReceipt(claims);
        await tx`select private.attach_approval_receipt(${r.vote_id}, ${receipt})`;
        const [after] =
          await tx`select private.approval_json(a) as approval from public.approvals a where a.id = ${id}`;
        return { ...r, claims, receipt, approval: ApprovalSchema.parse(after.approval) };
      })
    ) as (Decided & { receipt: string }) | Refused;
    if (!result.ok) throw new ApiError(409, result.code, result.message, { details: { approval: result.approval } });
    const answer: DecisionResponse = {
      final: result.final,
      approval: result.approval,
      receipt: result.receipt,
      receipt_claims: result.claims,
    };
    return c.json(answer, 200);
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/{id}/cancel",
    summary: "Withdraw a pending approval: the agent that asked, or a workspace admin; its waiting run is canceled",
    ...auth("caller", { liveKey: true }),
    request: { params: IdParams, ...jsonBody(CancelRequestSchema) },
    responses: {
      200: jsonResponse(ApprovalSchema, "The canceled approval"),
      ...errors,
      409: jsonResponse(ErrorResponseSchema, "Already decided"),
    },
  }),
  async (c) => {
    const caller = c.get("caller");
    const { id } = c.req.valid("param");
    const { notes } = c.req.valid("json");
    const [row] = await privileged((sql) =>
      sql`select private.cancel_approval(${id}, ${notes ?? null}) as approval
        from ${claimed(sql, caller.claims)}`
    );
    return c.json(ApprovalSchema.parse(row.approval), 200);
  },
);
