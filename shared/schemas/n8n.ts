// What n8n sends and what its public API returns, and the one normalized execution both become
// (private.store_n8n_execution reads it). Accepted, as n8n builds them:
//   * an execution record: GET /api/v1/executions items and GET /api/v1/executions/{id}
//     (numeric or string ids, every ExecutionStatus, with or without `data`);
//   * a page of them: {data: [...], nextCursor};
//   * the Error Trigger's payload (packages/cli/src/execution-lifecycle/execute-error-workflow.ts):
//     {execution: {id?, url, error, lastNodeExecuted, mode, retryOf, executionContext}, workflow}
//     for a failed execution, or {trigger: {error, mode}, workflow} when a trigger failed.
// Only what cannot be a run is refused: no workflow at all. Long text is kept truncated with a
// marker, never refused.
import { z } from "zod";

/** packages/workflow/src/execution-status.ts (1.123), plus `warning` of older releases. */
export const N8N_STATUSES = ["canceled", "crashed", "error", "new", "running", "success", "unknown", "waiting", "warning"] as const;
export type N8nStatus = (typeof N8N_STATUSES)[number];

/** How each n8n status is stored (private.store_n8n_execution does the same in SQL). */
export const N8N_STATUS_MAP: Record<N8nStatus, string> = {
  new: "queued",
  running: "running",
  waiting: "running",
  success: "succeeded",
  warning: "succeeded",
  error: "failed",
  crashed: "failed",
  canceled: "canceled",
  unknown: "running (succeeded when n8n marks it finished)",
};

export const MAX_TEXT = 10_000;
export const MAX_STACK = 20_000;
export const MAX_JSON = 20_000;

/** Keeps the first `max` characters (code points, as Postgres counts them: a pair is never split) and says how many were cut. */
export function truncate(text: string, max = MAX_TEXT): string {
  if (text.length <= max) return text; // UTF-16 length is never below the number of code points
  const points = Array.from(text);
  if (points.length <= max) return text;
  return `${points.slice(0, max).join("")}… [truncated ${points.length - max} characters]`;
}

const SECRET_KEY = /authorization|cookie|api[-_]?key|token|secret|password|credential/i;

/** A copy without values under keys that carry credentials (an HTTP node's request options can). */
export function withoutSecrets(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => withoutSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = SECRET_KEY.test(k) ? "[redacted]" : withoutSecrets(v, depth + 1);
  return out;
}

/** A JSON value kept as is when small, else as its truncated JSON text. */
function boundedJson(value: unknown, max = MAX_JSON): unknown {
  if (value === undefined || value === null) return undefined;
  let text: string;
  try {
    text = JSON.stringify(withoutSecrets(value));
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (text === undefined) return undefined;
  return text.length <= max ? value : truncate(text, max);
}

const BAD_IDS = new Set(["undefined", "null", "NaN", "[object Object]", ""]);
// ids n8n gives: numbers (the API of some releases), numeric strings, nanoid workflow ids
const Id = z.union([z.string().trim().min(1).max(100), z.number().int().nonnegative()]).transform(String)
  .refine((v) => !BAD_IDS.has(v), { message: "is not an id (the caller passed nothing: see docs/n8n)" });
const OptionalId = z.union([Id, z.null()]).optional().catch(undefined);
/** A time n8n gives: ISO text or epoch milliseconds; anything else is ignored rather than refused. */
const When = z.union([z.string(), z.number(), z.null()]).optional().transform((v) => {
  if (v === null || v === undefined || v === "") return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}).catch(undefined);
const Text = z.unknown().transform((v) => (typeof v === "string" ? v : v === undefined || v === null ? undefined : String(v)));
const Obj = z.record(z.string(), z.unknown());

/** An error as n8n serializes it (NodeApiError, NodeOperationError, WorkflowActivationError, ...). */
const ErrorSchema = z.union([Obj, z.string(), z.null()]).optional().catch(undefined);

const WorkflowRef = z.object({ id: Id, name: Text.optional() }).passthrough();

export const N8nExecutionRecordSchema = z.object({
  id: Id,
  workflowId: Id,
  workflowName: Text.optional(),
  workflowData: z.object({ name: Text.optional() }).passthrough().nullable().optional().catch(undefined),
  mode: Text.optional(),
  status: z.enum(N8N_STATUSES),
  finished: z.boolean().optional().catch(undefined),
  retryOf: OptionalId,
  retrySuccessId: OptionalId,
  startedAt: When,
  stoppedAt: When,
  waitTill: When,
  customData: Obj.nullable().optional().catch(undefined),
  data: z.object({
    resultData: z.object({
      error: ErrorSchema,
      lastNodeExecuted: Text.optional(),
    }).passthrough().nullable().optional().catch(undefined),
  }).passthrough().nullable().optional().catch(undefined),
}).passthrough();

export const N8nErrorTriggerSchema = z.object({
  execution: z.object({
    id: OptionalId,
    url: Text.optional(),
    retryOf: OptionalId,
    error: ErrorSchema,
    lastNodeExecuted: Text.optional(),
    mode: Text.optional(),
    executionContext: Obj.nullable().optional().catch(undefined),
  }).passthrough(),
  workflow: WorkflowRef,
}).passthrough();

export const N8nTriggerFailureSchema = z.object({
  trigger: z.object({ error: ErrorSchema, mode: Text.optional() }).passthrough(),
  workflow: WorkflowRef,
}).passthrough();

export const N8nExecutionPageSchema = z.object({
  data: z.array(N8nExecutionRecordSchema).max(1000),
  nextCursor: z.string().nullable().optional(),
}).passthrough();

export const N8nPayloadSchema = z.union([N8nErrorTriggerSchema, N8nTriggerFailureSchema, N8nExecutionPageSchema, N8nExecutionRecordSchema]);
export type N8nPayload = z.infer<typeof N8nPayloadSchema>;

/** Which shape a body claims to be, so that a refusal names the fields of that shape. */
export function n8nSchemaFor(body: unknown): z.ZodType {
  if (body && typeof body === "object" && !Array.isArray(body)) {
    const b = body as Record<string, unknown>;
    if ("execution" in b) return N8nErrorTriggerSchema;
    if ("trigger" in b) return N8nTriggerFailureSchema;
    if (Array.isArray(b.data)) return N8nExecutionPageSchema;
  }
  return N8nExecutionRecordSchema;
}

/** What private.store_n8n_execution stores. */
export type N8nExecution = {
  kind: "record" | "error_trigger" | "trigger";
  execution_id?: string;
  workflow_id: string;
  workflow_name?: string;
  mode?: string;
  status: N8nStatus;
  finished?: boolean;
  started_at?: string;
  /** n8n: its own startedAt; execution_context: when n8n established the execution (Error Trigger). */
  started_at_source?: "n8n" | "execution_context";
  stopped_at?: string;
  retry_of?: string;
  retry_success_id?: string;
  wait_till?: string;
  url?: string;
  last_node_executed?: string;
  trigger_node?: string;
  /** The error's own time (ms), part of the identity of a failure without an execution id. */
  error_timestamp?: number;
  error_type?: string;
  error_message?: string;
  error_stack?: string;
  error?: N8nErrorDetail;
  custom_data?: unknown;
};

export type N8nErrorDetail = {
  class?: string;
  description?: string;
  http_code?: string;
  node_name?: string;
  node_type?: string;
  cause?: unknown;
  context?: unknown;
  level?: string;
  messages?: unknown;
  line_number?: number;
  timestamp?: number;
  functionality?: string;
};

const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined);

/** Detail of an n8n error object: its class, node, HTTP code, description, cause and context. */
export function errorDetail(raw: unknown, fallbackNode?: string): { type?: string; message?: string; stack?: string; detail: N8nErrorDetail } {
  if (raw === undefined || raw === null) return { detail: {} };
  if (typeof raw === "string") return { message: truncate(raw), detail: {} };
  const e = raw as Record<string, unknown>;
  const node = (e.node && typeof e.node === "object" ? e.node : {}) as Record<string, unknown>;
  const stack = str(e.stack);
  // n8n serializes `name` for its own classes; for an error thrown in a Code node only the stack names it
  const klass = str(e.name) ?? (stack ? /^([A-Za-z_$][\w$]*)(?::|\s*$)/m.exec(stack)?.[1] : undefined);
  const cause = e.cause === undefined || e.cause === null ? undefined
    : typeof e.cause === "string" ? truncate(e.cause)
    : boundedJson(e.cause);
  const context = e.context && typeof e.context === "object" && Object.keys(e.context).length > 0 ? boundedJson(e.context) : undefined;
  const timestamp = typeof e.timestamp === "number" && Number.isFinite(e.timestamp) ? Math.trunc(e.timestamp) : undefined;
  const detail: N8nErrorDetail = {
    class: klass ? truncate(klass, 200) : undefined,
    description: str(e.description) ? truncate(str(e.description)!) : undefined,
    http_code: str(e.httpCode) ? truncate(str(e.httpCode)!, 20) : undefined,
    node_name: str(node.name) ? truncate(str(node.name)!, 255) : fallbackNode ? truncate(fallbackNode, 255) : undefined,
    node_type: str(node.type) ? truncate(str(node.type)!, 255) : undefined,
    cause,
    context,
    level: str(e.level) ? truncate(str(e.level)!, 20) : undefined,
    messages: Array.isArray(e.messages) && e.messages.length > 0 ? boundedJson(e.messages, 4_000) : undefined,
    line_number: typeof e.lineNumber === "number" ? e.lineNumber : undefined,
    timestamp,
    functionality: str(e.functionality) ? truncate(str(e.functionality)!, 50) : undefined,
  };
  for (const k of Object.keys(detail) as (keyof N8nErrorDetail)[]) if (detail[k] === undefined) delete detail[k];
  // an empty message is n8n's message too: kept as it came
  const message = typeof e.message === "string" ? truncate(e.message) : str(e.message);
  return { type: klass, message, stack: stack ? truncate(stack, MAX_STACK) : undefined, detail };
}

const cut = (v: string | undefined, max: number) => (v === undefined ? undefined : truncate(v, max));

function fromRecord(r: z.infer<typeof N8nExecutionRecordSchema>): N8nExecution {
  const last = r.data?.resultData?.lastNodeExecuted;
  const err = errorDetail(r.data?.resultData?.error, r.status === "error" || r.status === "crashed" ? last : undefined);
  return {
    kind: "record",
    execution_id: r.id,
    workflow_id: r.workflowId,
    workflow_name: cut(r.workflowName ?? r.workflowData?.name, 255),
    mode: cut(r.mode, 50),
    status: r.status,
    finished: r.finished,
    started_at: r.startedAt,
    started_at_source: r.startedAt ? "n8n" : undefined,
    stopped_at: r.stoppedAt,
    retry_of: r.retryOf ?? undefined,
    retry_success_id: r.retrySuccessId ?? undefined,
    wait_till: r.waitTill,
    last_node_executed: cut(last, 255),
    error_timestamp: err.detail.timestamp,
    error_type: err.type,
    error_message: err.message,
    error_stack: err.stack,
    error: Object.keys(err.detail).length ? err.detail : undefined,
    custom_data: boundedJson(r.customData && Object.keys(r.customData).length ? r.customData : undefined),
  };
}

/** The executions a payload carries (a page carries many), normalized. */
export function normalizeN8n(payload: N8nPayload): N8nExecution[] {
  const p = payload as Record<string, unknown>;
  if ("execution" in p && "workflow" in p) {
    const t = payload as z.infer<typeof N8nErrorTriggerSchema>;
    const x = t.execution;
    const err = errorDetail(x.error, x.lastNodeExecuted);
    const established = x.executionContext?.establishedAt;
    const startedAt = typeof established === "number" || typeof established === "string" ? When.parse(established) : undefined;
    return [{
      kind: "error_trigger",
      execution_id: x.id ?? undefined,
      workflow_id: t.workflow.id,
      workflow_name: cut(t.workflow.name, 255),
      mode: cut(x.mode, 50),
      status: "error",
      started_at: startedAt,
      started_at_source: startedAt ? "execution_context" : undefined,
      retry_of: x.retryOf ?? undefined,
      url: cut(x.url, 2000),
      last_node_executed: cut(x.lastNodeExecuted, 255),
      error_timestamp: err.detail.timestamp,
      error_type: err.type,
      error_message: err.message,
      error_stack: err.stack,
      error: Object.keys(err.detail).length ? err.detail : undefined,
    }];
  }
  if ("trigger" in p && "workflow" in p) {
    const t = payload as z.infer<typeof N8nTriggerFailureSchema>;
    const err = errorDetail(t.trigger.error);
    // WorkflowActivationError names the trigger node in `node`, the real failure in `cause`
    const cause = t.trigger.error && typeof t.trigger.error === "object" ? (t.trigger.error as Record<string, unknown>).cause : undefined;
    const causeNode = cause && typeof cause === "object" ? errorDetail(cause).detail.node_name : undefined;
    const node = err.detail.node_name ?? causeNode;
    const at = err.detail.timestamp !== undefined ? new Date(err.detail.timestamp).toISOString() : undefined;
    return [{
      kind: "trigger",
      workflow_id: t.workflow.id,
      workflow_name: cut(t.workflow.name, 255),
      mode: cut(t.trigger.mode, 50),
      status: "error",
      // a trigger's failure is an instant n8n dates itself
      started_at: at,
      started_at_source: at ? "n8n" : undefined,
      stopped_at: at,
      trigger_node: node,
      last_node_executed: node,
      error_timestamp: err.detail.timestamp,
      error_type: err.type,
      error_message: err.message,
      error_stack: err.stack,
      error: Object.keys(err.detail).length ? { ...err.detail, node_name: node } : undefined,
    }];
  }
  if (Array.isArray(p.data)) return (payload as z.infer<typeof N8nExecutionPageSchema>).data.map(fromRecord);
  return [fromRecord(payload as z.infer<typeof N8nExecutionRecordSchema>)];
}

// --- connections and the pull sync -------------------------------------------------------

export const N8nConnectionCreateSchema = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  base_url: z.string().trim().max(500).regex(/^https?:\/\/[^\s/?#]+/, "must be an http(s) URL").optional(),
  api_key: z.string().min(10).max(2000).optional(),
  sync_enabled: z.boolean().optional(),
  sync_interval_seconds: z.number().int().min(10).max(86400).optional(),
}).strict();

export const N8nConnectionUpdateSchema = N8nConnectionCreateSchema.extend({
  base_url: N8nConnectionCreateSchema.shape.base_url.unwrap().nullable().optional(),
  api_key: z.string().min(10).max(2000).nullable().optional(),
}).strict();

export const N8nConnectionSchema = z.object({
  id: z.string(),
  workspace_id: z.string(),
  name: z.string(),
  base_url: z.string().nullable(),
  has_api_key: z.boolean(),
  sync_enabled: z.boolean(),
  sync_interval_seconds: z.number(),
  last_sync_status: z.string().nullable(),
  last_sync_error: z.string().nullable(),
}).passthrough();

export const N8nSyncRunRequestSchema = z.object({
  /** Connections to pass over at most (default 5). */
  max_connections: z.number().int().min(1).max(50).optional(),
}).strict();
