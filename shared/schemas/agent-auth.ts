// agent-auth: exchanging an agent API key for a short-lived JWT, and the admin endpoints
// that issue and revoke keys.
import { z } from "zod";
import { TimestampSchema, UuidSchema } from "./common.ts";

/** ak_<8 alphanumerics>_<secret>; the first 11 characters are the public prefix. */
export const AGENT_KEY_PATTERN = /^ak_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{32,128}$/;

export const AgentKeySchema = z.string().regex(AGENT_KEY_PATTERN, {
  message: "must be an agent API key: ak_ followed by an 8-character prefix, an underscore and the secret",
});

export const TokenRequestSchema = z.object({ api_key: AgentKeySchema }).strict();
export type TokenRequest = z.infer<typeof TokenRequestSchema>;

export const TokenResponseSchema = z.object({
  access_token: z.string(),
  token_type: z.literal("bearer"),
  expires_in: z.number().int(),
  agent_id: UuidSchema,
  workspace_id: UuidSchema,
});
export type TokenResponse = z.infer<typeof TokenResponseSchema>;

export const CreateAgentKeyRequestSchema = z.object({
  name: z.string().min(1).max(100).default("default"),
  expires_at: TimestampSchema.optional(),
}).strict();
export type CreateAgentKeyRequest = z.infer<typeof CreateAgentKeyRequestSchema>;

export const AgentKeySummarySchema = z.object({
  id: UuidSchema,
  agent_id: UuidSchema,
  workspace_id: UuidSchema,
  name: z.string(),
  prefix: z.string(),
  expires_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  created_at: z.string(),
});
export type AgentKeySummary = z.infer<typeof AgentKeySummarySchema>;

export const CreatedAgentKeySchema = AgentKeySummarySchema.extend({
  api_key: z.string().describe("The whole key. Shown once: only its hash is stored."),
});
export type CreatedAgentKey = z.infer<typeof CreatedAgentKeySchema>;
