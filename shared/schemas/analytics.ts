// Payloads of the metrics area: dashboard activity (activity function), the outbox dispatcher's
// run (alert-dispatch function) and the message every event subscription receives.
import { z } from "zod";
import { UuidSchema } from "./common.ts";

export const ActivityEventTypeSchema = z.enum([
  "page_view",
  "agent_run",
  "login",
  "logout",
  "workspace_switch",
  "feature_use",
  "error",
  "api_call",
  "export",
  "report_view",
]);

export const ActivityEventSchema = z.object({
  event_type: ActivityEventTypeSchema,
  event_name: z.string().min(1).max(100).optional(),
  page_path: z.string().min(1).max(255).optional(),
  workspace_id: UuidSchema.optional(),
  session_id: UuidSchema.optional(),
  referrer: z.string().max(2000).optional(),
  /** When it happened, if not now: within the last 7 days. */
  occurred_at: z.string().datetime({ offset: true }).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
}).strict();
export type ActivityEvent = z.infer<typeof ActivityEventSchema>;

export const RecordActivityRequestSchema = z.object({
  events: z.array(ActivityEventSchema).min(1).max(100),
}).strict();
export type RecordActivityRequest = z.infer<typeof RecordActivityRequestSchema>;

export const RecordActivityResponseSchema = z.object({ recorded: z.number().int() });

export const DispatchRunRequestSchema = z.object({
  /** Deliveries claimed in this run (default 50). */
  batch_size: z.number().int().min(1).max(500).optional(),
  /** Only this workspace's deliveries (tests, or draining one tenant). */
  workspace_id: UuidSchema.optional(),
}).strict();
export type DispatchRunRequest = z.infer<typeof DispatchRunRequestSchema>;

export const DispatchRunResponseSchema = z.object({
  claimed: z.number().int(),
  delivered: z.number().int(),
  failed: z.number().int(),
  dead: z.number().int(),
  stale: z.number().int(),
});
export type DispatchRunResponse = z.infer<typeof DispatchRunResponseSchema>;

export const EventTypeSchema = z.enum([
  "run.failed",
  "approval.requested",
  "approval.decided",
  "approval.expired",
  "quota.breached",
  "budget.breached",
  "alert.fired",
  "alert.resolved",
]);

/** The body of every generic webhook delivery (signed with webhook-id, webhook-timestamp, webhook-signature). */
export const EventEnvelopeSchema = z.object({
  type: z.string(),
  timestamp: z.string(),
  event_id: UuidSchema,
  workspace_id: UuidSchema,
  data: z.record(z.string(), z.unknown()),
});
export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;
