// governance: authorize (may this agent use tool T for action A?), approvals with signed receipts,
// the receipt's claims, and how a call is hashed (RFC 8785 canonical JSON, SHA-256) so that an
// agent, an approver or a third party computes the same call_hash the platform signed.
// Pure and isomorphic: Web Crypto only (Node 20+, Deno, browsers).
import { z } from "zod";
import { TimestampSchema } from "./common.ts";

/**
 * An id: any 8-4-4-4-12 hex uuid. Deliberately not zod's RFC-strict uuid(), which refuses ids
 * whose variant nibble is not 8-b, such as the demo seed's agents (00000000-0000-4000-c000-...).
 */
export const IdSchema = z.guid();

/** Any JSON value (the arguments of a tool call). A request body is JSON already, so it is not re-checked. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export const JsonSchema = z.unknown().describe("any JSON value");

export const ESCALATION_LEVELS = { 1: "auto", 2: "notify", 3: "approve", 4: "human" } as const;

const Name = (what: string) =>
  z.string().min(1, { message: `${what} is required` }).max(200, { message: `${what} is at most 200 characters` });

export const AuthorizeRequestSchema = z.object({
  tool: Name("tool").describe(
    "The tool the agent wants to call, e.g. openai-api; must be in the agent's tools_granted.",
  ),
  action: Name("action").describe("The action, e.g. generate:text; must be one of the agent's capabilities."),
  arguments: JsonSchema.default({}).describe(
    "The exact arguments of the call: hashed into call_hash and shown to approvers.",
  ),
  estimated_cost_usd: z.number().min(0).max(10_000_000).default(0).describe(
    "Estimated cost in USD; must fit in this month's budget.",
  ),
  estimated_tokens: z.number().int().min(0).max(1_000_000_000_000).default(0).describe(
    "Estimated tokens; must fit in today's tokens.",
  ),
  run_key: z.string().min(1).max(200).optional().describe(
    "The agent's run: created if new; moved to waiting_approval when pending.",
  ),
  reason: z.string().max(2000).optional().describe("Why the agent asks, shown to approvers."),
  on_behalf_of: IdSchema.optional().describe(
    "The person the agent acts for (a workspace member): may not approve it.",
  ),
}).strict();
export type AuthorizeRequest = z.input<typeof AuthorizeRequestSchema>;

export const ApprovalStatusSchema = z.enum(["pending", "approved", "rejected", "expired", "canceled"]);
export type ApprovalStatus = z.infer<typeof ApprovalStatusSchema>;

export const ApprovalSchema = z.object({
  id: IdSchema,
  workspace_id: IdSchema,
  execution_id: IdSchema.nullable(),
  run_key: z.string().nullable(),
  decision_id: IdSchema.nullable(),
  escalation_level: z.number().int(),
  requested_by: IdSchema.describe("The agent that asked."),
  requester_user_id: IdSchema.nullable().describe("The person the request is for: may not approve it."),
  requested_at: z.string(),
  tool: z.string(),
  action: z.string(),
  arguments: JsonSchema,
  call_hash: z.string(),
  estimated_cost_usd: z.number(),
  estimated_tokens: z.number(),
  reason: z.string().nullable(),
  quorum_required: z.number().int(),
  approvals_received: z.number().int(),
  rule_id: IdSchema.nullable(),
  approver_id: IdSchema.nullable(),
  status: ApprovalStatusSchema,
  decided_at: z.string().nullable(),
  approved_at: z.string().nullable(),
  expires_at: z.string(),
  approval_notes: z.string().nullable(),
  approval_signature: z.string().nullable().describe("The receipt (ES256 JWT) of the decision."),
});
export type Approval = z.infer<typeof ApprovalSchema>;

export const AuthorizeOutcomeSchema = z.enum([
  "allowed",
  "allowed_notified",
  "pending_approval",
  "pending_human",
  "denied",
]);
export const DenyReasonSchema = z.enum([
  "agent_not_active",
  "quota_exceeded",
  "budget_exceeded",
  "capability_missing",
  "tool_not_granted",
]);

export const AuthorizeResponseSchema = z.object({
  decision: z.enum(["allow", "pending", "deny"]),
  outcome: AuthorizeOutcomeSchema,
  decision_id: IdSchema,
  agent_id: IdSchema,
  workspace_id: IdSchema,
  escalation_level: z.number().int(),
  tool: z.string(),
  action: z.string(),
  call_hash: z.string(),
  reason: DenyReasonSchema.nullable(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
  notified: z.number().int().describe("How many people were notified."),
  execution_id: IdSchema.nullable(),
  run_key: z.string().nullable(),
  approval: ApprovalSchema.nullable(),
  quota: z.record(z.string(), z.unknown()),
});
export type AuthorizeResponse = z.infer<typeof AuthorizeResponseSchema>;

export const DecisionRequestSchema = z.object({
  decision: z.enum(["approve", "reject"]),
  notes: z.string().max(4000).optional(),
}).strict();
export type DecisionRequest = z.infer<typeof DecisionRequestSchema>;

export const CancelRequestSchema = z.object({ notes: z.string().max(4000).optional() }).strict();

export const ReceiptClaimsSchema = z.object({
  iss: z.literal("agentops/approvals"),
  sub: IdSchema.describe("The approval id."),
  jti: IdSchema.describe("The vote this receipt was signed for."),
  iat: z.number().int(),
  approval_id: IdSchema,
  workspace_id: IdSchema,
  agent_id: IdSchema,
  execution_id: IdSchema.nullable(),
  run_key: z.string().nullable(),
  tool: z.string(),
  action: z.string(),
  call_hash: z.string().regex(/^[0-9a-f]{64}$/),
  escalation_level: z.number().int(),
  decision: z.enum(["approved", "rejected"]).describe("What this approver decided."),
  status: z.enum(["pending", "approved", "rejected"]).describe(
    "The approval after this decision: pending while a quorum is not met.",
  ),
  approver_id: IdSchema,
  approvers: z.array(IdSchema).describe("Everyone who approved so far."),
  quorum: z.object({ required: z.number().int(), approvals: z.number().int() }),
  decided_at: TimestampSchema,
});
export type ReceiptClaims = z.infer<typeof ReceiptClaimsSchema>;

export const DecisionResponseSchema = z.object({
  final: z.boolean().describe("true when this decision ended the approval; false while a quorum is still open."),
  approval: ApprovalSchema,
  receipt: z.string().describe(
    "ES256 JWT signed with the platform's key; verify with GET /approvals/.well-known/jwks.json.",
  ),
  receipt_claims: ReceiptClaimsSchema,
});
export type DecisionResponse = z.infer<typeof DecisionResponseSchema>;

export const PublicJwkSchema = z.object({
  kty: z.literal("EC"),
  crv: z.literal("P-256"),
  x: z.string(),
  y: z.string(),
  kid: z.string(),
  alg: z.literal("ES256"),
  use: z.literal("sig"),
});
export const JwksSchema = z.object({ keys: z.array(PublicJwkSchema) });
export type Jwks = z.infer<typeof JwksSchema>;

export const AuthorizationDecisionSchema = z.object({
  id: IdSchema,
  workspace_id: IdSchema,
  agent_id: IdSchema,
  execution_id: IdSchema.nullable(),
  tool: z.string(),
  action: z.string(),
  call_hash: z.string(),
  estimated_cost_usd: z.number(),
  estimated_tokens: z.number(),
  escalation_level: z.number().int(),
  outcome: AuthorizeOutcomeSchema,
  reason: DenyReasonSchema.nullable(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
  created_at: z.string(),
});
export type AuthorizationDecision = z.infer<typeof AuthorizationDecisionSchema>;

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  workspace_id: IdSchema,
  seq: z.number().int(),
  event_type: z.string(),
  actor_type: z.enum(["agent", "user", "system"]),
  actor_id: IdSchema.nullable(),
  subject_type: z.string(),
  subject_id: IdSchema.nullable(),
  payload: z.record(z.string(), z.unknown()),
  created_at: z.string(),
  prev_hash: z.string().nullable(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditVerificationSchema = z.object({
  ok: z.boolean(),
  rows_checked: z.number().int(),
  first_broken_seq: z.number().int().nullable(),
  first_broken_id: z.number().int().nullable(),
  reason: z.string().nullable(),
});

// ---------------------------------------------------------------------------------------------
// call_hash: SHA-256 (hex) of the RFC 8785 (JCS) canonical JSON of {"action", "arguments", "tool"}

/**
 * RFC 8785 canonical JSON: object keys sorted by UTF-16 code units, no whitespace, numbers as
 * ECMAScript prints them, strings as JSON.stringify escapes them. Throws on values JSON has no
 * form for (undefined, functions, non-finite numbers).
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("canonical JSON has no form for non-finite numbers");
      return JSON.stringify(value);
    case "string":
      return JSON.stringify(value);
    case "object": {
      if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(",")}]`;
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort(compareUtf16);
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
    }
    default:
      throw new TypeError(`canonical JSON has no form for a ${typeof value}`);
  }
}

function compareUtf16(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** The call_hash of a tool call, as authorize records it and the receipt names it. */
export async function callHash(call: { tool: string; action: string; arguments?: unknown }): Promise<string> {
  const text = canonicalJson({ action: call.action, arguments: call.arguments ?? {}, tool: call.tool });
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
