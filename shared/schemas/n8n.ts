// What n8n posts to n8n-webhook: an execution record (as n8n's API and "Get execution" return
// it) or the Error Trigger's payload. Both normalize to one N8nExecution.
import { z } from "zod";

export const N8N_STATUSES = ["canceled", "crashed", "error", "new", "running", "success", "unknown", "waiting", "warning"] as const;

const Id = z.union([z.string().min(1).max(100), z.number().int().nonnegative()]).transform(String);
const When = z.string().datetime({ offset: true });

export const N8nExecutionRecordSchema = z.object({
  id: Id,
  workflowId: Id,
  workflowName: z.string().max(255).optional(),
  workflowData: z.object({ name: z.string().max(255).optional() }).passthrough().optional(),
  mode: z.string().max(50).optional(),
  status: z.enum(N8N_STATUSES),
  finished: z.boolean().optional(),
  retryOf: Id.nullable().optional(),
  startedAt: When.nullable().optional(),
  stoppedAt: When.nullable().optional(),
  data: z.object({
    resultData: z.object({
      error: z.object({ message: z.string().max(10_000).optional(), stack: z.string().max(100_000).optional() }).passthrough().nullable().optional(),
      lastNodeExecuted: z.string().max(255).optional(),
    }).passthrough().optional(),
  }).passthrough().optional(),
}).passthrough();

export const N8nErrorTriggerSchema = z.object({
  execution: z.object({
    id: Id,
    url: z.string().max(2000).optional(),
    retryOf: Id.nullable().optional(),
    error: z.object({ message: z.string().max(10_000), stack: z.string().max(100_000).optional() }).passthrough(),
    lastNodeExecuted: z.string().max(255).optional(),
    mode: z.string().max(50).optional(),
  }).passthrough(),
  workflow: z.object({ id: Id, name: z.string().max(255).optional() }).passthrough(),
}).passthrough();

export const N8nPayloadSchema = z.union([N8nErrorTriggerSchema, N8nExecutionRecordSchema]);

export type N8nExecution = {
  execution_id: string;
  workflow_id: string;
  workflow_name?: string;
  mode?: string;
  status: (typeof N8N_STATUSES)[number];
  started_at?: string;
  stopped_at?: string;
  retry_of?: string;
  error_message?: string;
  error_stack?: string;
  last_node_executed?: string;
  url?: string;
};

export function normalizeN8n(payload: z.infer<typeof N8nPayloadSchema>): N8nExecution {
  if ("execution" in payload && "workflow" in payload) {
    const p = payload as z.infer<typeof N8nErrorTriggerSchema>;
    return {
      execution_id: p.execution.id,
      workflow_id: p.workflow.id,
      workflow_name: p.workflow.name,
      mode: p.execution.mode,
      status: "error",
      retry_of: p.execution.retryOf ?? undefined,
      error_message: p.execution.error.message,
      error_stack: p.execution.error.stack,
      last_node_executed: p.execution.lastNodeExecuted,
      url: p.execution.url,
    };
  }
  const r = payload as z.infer<typeof N8nExecutionRecordSchema>;
  return {
    execution_id: r.id,
    workflow_id: r.workflowId,
    workflow_name: r.workflowName ?? r.workflowData?.name,
    mode: r.mode,
    status: r.status,
    started_at: r.startedAt ?? undefined,
    stopped_at: r.stoppedAt ?? undefined,
    retry_of: r.retryOf ?? undefined,
    error_message: r.data?.resultData?.error?.message,
    error_stack: r.data?.resultData?.error?.stack,
    last_node_executed: r.data?.resultData?.lastNodeExecuted,
  };
}
