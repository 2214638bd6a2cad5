// api_usage rows, written off the request path: each call's row is queued in the isolate and
// written with the others of the same second in one multi-row insert (one prepared statement
// over arrays, whatever the batch size). A row is at most about a second late (FLUSH_MS), the
// queue is flushed when the process is asked to stop (SIGTERM, SIGINT, beforeunload), and a
// failed write is retried and logged, never dropped silently:
//   - the database unreachable: the batch goes back to the front of the queue and is retried with
//     backoff (1 s doubling to 30 s); the queue keeps at most MAX_QUEUE rows, and a row dropped
//     beyond that is logged (level error, with the row);
//   - one row the database refuses (a referent gone, a value out of range): the batch is written
//     row by row so the others land; a row whose user or agent no longer exists is written
//     without that link; any other refused row is logged with its values.
// What a killed process (SIGKILL, out of memory) can lose: the rows of its last second, or the
// queue of a database outage. docs/reliability.md says so.
import { db } from "./db.ts";

export type UsageRow = {
  workspace_id: string | null;
  user_id: string | null;
  agent_id: string | null;
  function_name: string;
  endpoint: string;
  method: string;
  status_code: number;
  response_time_ms: number;
  request_id: string | null;
  created_at: Date;
};

export const FLUSH_MS = 1000;
const MAX_BATCH = 1000;
const MAX_QUEUE = 20_000;
const MAX_BACKOFF_MS = 30_000;

const queue: UsageRow[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;
let flushing: Promise<boolean> | undefined;
let backoffMs = FLUSH_MS;
let shutdownHooked = false;

/** Counters for tests and the logs. */
export const usageStats = { queued: 0, written: 0, retried: 0, dropped: 0, unlinked: 0 };

/** Queues one row; written within about FLUSH_MS. Never throws, never waits. */
export function queueUsage(row: UsageRow): void {
  hookShutdown();
  queue.push(row);
  usageStats.queued++;
  if (queue.length > MAX_QUEUE) {
    const lost = queue.splice(0, queue.length - MAX_QUEUE);
    usageStats.dropped += lost.length;
    console.error(JSON.stringify({ level: "error", message: "api_usage queue full: oldest rows dropped", dropped: lost.length, rows: lost }));
  }
  if (queue.length >= MAX_BATCH) void flushUsage();
  else schedule(FLUSH_MS);
}

/** Rows waiting to be written. */
export function pendingUsage(): number {
  return queue.length;
}

function schedule(ms: number) {
  if (timer !== undefined) return;
  timer = setTimeout(() => {
    timer = undefined;
    void flushUsage();
  }, ms);
}

/**
 * Writes every queued row now (tests, shutdown). Resolves true when the queue is empty, false when
 * the database could not be reached (the rows stay queued and are retried).
 */
export async function flushUsage(): Promise<boolean> {
  while (flushing) await flushing;
  if (timer !== undefined) {
    clearTimeout(timer);
    timer = undefined;
  }
  while (queue.length > 0) {
    flushing = writeBatch(queue.splice(0, MAX_BATCH));
    let ok: boolean;
    try {
      ok = await flushing;
    } finally {
      flushing = undefined;
    }
    if (!ok) {
      schedule(backoffMs);
      backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
      return false;
    }
    backoffMs = FLUSH_MS;
  }
  return true;
}

async function insertRows(rows: UsageRow[]): Promise<void> {
  const col = <K extends keyof UsageRow>(k: K) => rows.map((r) => r[k]);
  await db()`
    insert into public.api_usage (workspace_id, user_id, agent_id, function_name, endpoint, method, status_code, response_time_ms,
      request_id, created_at)
    select * from unnest(
      ${col("workspace_id")}::uuid[], ${col("user_id")}::uuid[], ${col("agent_id")}::uuid[], ${col("function_name")}::text[],
      ${col("endpoint")}::text[], ${col("method")}::text[], ${col("status_code")}::int[], ${col("response_time_ms")}::int[],
      ${col("request_id")}::text[], ${rows.map((r) => r.created_at.toISOString())}::timestamptz[])`;
}

/** A refusal of the rows themselves (SQLSTATE class 22 or 23), as opposed to the database being unreachable. */
function refusedRow(err: unknown): boolean {
  const code = String((err as { code?: string })?.code ?? "");
  return /^2[23]/.test(code);
}

/** false when the database could not be reached: the batch is back at the front of the queue. */
async function writeBatch(batch: UsageRow[]): Promise<boolean> {
  try {
    await insertRows(batch);
    usageStats.written += batch.length;
    return true;
  } catch (err) {
    if (!refusedRow(err)) {
      queue.unshift(...batch);
      usageStats.retried += batch.length;
      console.error(JSON.stringify({ level: "warn", message: "api_usage rows not written yet; retrying", rows: batch.length, error: String(err) }));
      return false;
    }
  }
  // some row is refused: row by row, so that the others land
  for (let i = 0; i < batch.length; i++) {
    const row = batch[i];
    try {
      await insertRows([row]);
      usageStats.written++;
    } catch (err) {
      if (!refusedRow(err)) {
        queue.unshift(...batch.slice(i));
        usageStats.retried += batch.length - i;
        console.error(JSON.stringify({ level: "warn", message: "api_usage rows not written yet; retrying", rows: batch.length - i, error: String(err) }));
        return false;
      }
      if ((err as { code?: string }).code === "23503" && (row.user_id || row.agent_id)) {
        // the person or agent was deleted meanwhile: the call still happened
        try {
          await insertRows([{ ...row, user_id: null, agent_id: null }]);
          usageStats.written++;
          usageStats.unlinked++;
          console.error(JSON.stringify({ level: "warn", message: "api_usage row written without its user or agent (gone)", row, error: String(err) }));
          continue;
        } catch (again) {
          usageStats.dropped++;
          console.error(JSON.stringify({ level: "error", message: "api_usage row refused by the database", row, error: String(again) }));
          continue;
        }
      }
      usageStats.dropped++;
      console.error(JSON.stringify({ level: "error", message: "api_usage row refused by the database", row, error: String(err) }));
    }
  }
  return true;
}

/** Flushes the queue before the process stops (within 5 s), then lets it stop. */
function hookShutdown() {
  if (shutdownHooked) return;
  shutdownHooked = true;
  const drain = async () => {
    if (queue.length === 0 && !flushing) return;
    let t: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([flushUsage(), new Promise((r) => t = setTimeout(r, 5000))]);
    clearTimeout(t);
  };
  try {
    globalThis.addEventListener("beforeunload", () => void drain());
  } catch { /* not a runtime with lifecycle events */ }
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    try {
      Deno.addSignalListener(signal, () => {
        void drain().finally(() => Deno.exit(signal === "SIGTERM" ? 143 : 130));
      });
    } catch { /* signals not available (Windows, edge runtime): beforeunload covers it */ }
  }
}
