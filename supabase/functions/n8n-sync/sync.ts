// The pull sync: for each n8n connection that is due, page through n8n's public API
// (GET /api/v1/executions, newest first, n8n's own cursor) and store every execution, so that
// successes are recorded without touching any workflow. One pass per connection at a time (a
// lease in the database); each page is stored together with the cursor after it, so a pass
// killed half way resumes where it stopped and nothing is stored twice.
//
// State per connection (public.n8n_connections):
//   sync_high_water   every execution up to this id has been seen;
//   sync_walk_cursor  where an unfinished walk from the newest execution down to it resumes;
//   sync_walk_top     the newest id of that walk (the next high water);
//   sync_open_ids     executions seen unfinished, fetched again until final. n8n leaves running
//                     executions out of its list unless asked for status=running, so every pass
//                     asks for those too.
import { N8nExecutionRecordSchema, normalizeN8n, type N8nExecution } from "@shared/schemas/n8n.ts";
import { privileged } from "../_shared/db.ts";
import { unseal } from "./credentials.ts";

export const PAGE_SIZE = 100;
export const MAX_PAGES_PER_PASS = 10;
export const MAX_OPEN_CHECKS_PER_PASS = 25;
/** Requests to n8n per connection and pass: a pass stays well inside an Edge Function's wall clock; the cursor carries the rest. */
export const MAX_REQUESTS_PER_PASS = 300;
const FINAL = new Set(["success", "error", "crashed", "canceled", "warning"]);

type Claimed = {
  connection_id: string;
  workspace_id: string;
  base_url: string;
  ciphertext: string;
  iv: string;
  key_fingerprint: string;
  sync_high_water: bigint | null;
  sync_walk_cursor: string | null;
  sync_walk_top: bigint | null;
  sync_open_ids: string[];
  lease_token: string;
};

export type ConnectionResult = { connection_id: string; stored: number; created: number; pages: number; error?: string };

export class N8nApi {
  requests = 0;
  constructor(readonly baseUrl: string, private readonly apiKey: string, private readonly fetchImpl: typeof fetch = fetch) {}

  async get<T>(path: string, allow404 = false): Promise<T | undefined> {
    this.requests++;
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.baseUrl}/api/v1${path}`, {
        headers: { "x-n8n-api-key": this.apiKey, accept: "application/json" },
        signal: AbortSignal.timeout(20_000),
      });
    } catch (err) {
      throw new Error(`n8n at ${this.baseUrl} is not reachable: ${(err as Error).message}`);
    }
    const text = await res.text();
    if (allow404 && res.status === 404) return undefined;
    if (res.status === 401 || res.status === 403) throw new Error(`n8n refused the API key (${res.status}): check it, and that it may list executions and read workflows`);
    if (!res.ok) throw new Error(`n8n answered GET /api/v1${path.split("?")[0]} with ${res.status}: ${text.slice(0, 300)}`);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new Error(`n8n answered GET /api/v1${path.split("?")[0]} with something that is not JSON`);
    }
  }

  executions(query: Record<string, string | number | boolean | undefined>) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) qs.set(k, String(v));
    return this.get<{ data: unknown[]; nextCursor?: string | null }>(`/executions?${qs}`) as Promise<{ data: unknown[]; nextCursor?: string | null }>;
  }

  execution(id: string, includeData: boolean) {
    return this.get<Record<string, unknown>>(`/executions/${encodeURIComponent(id)}?includeData=${includeData}`, true);
  }

  workflow(id: string) {
    return this.get<{ id: string; name?: string }>(`/workflows/${encodeURIComponent(id)}`, true);
  }
}

const num = (id: unknown) => {
  const n = Number(id);
  return Number.isSafeInteger(n) ? n : undefined;
};

/** One pass over every due connection. */
export async function runSync(opts: { maxConnections?: number; fetchImpl?: typeof fetch } = {}) {
  const claimed = await privileged((sql) =>
    sql<Claimed[]>`select * from private.n8n_sync_claim(${opts.maxConnections ?? 5})`
  );
  const results: ConnectionResult[] = [];
  for (const c of claimed) results.push(await syncConnection(c, opts.fetchImpl));
  return { connections: results.length, stored: results.reduce((s, r) => s + r.stored, 0), results };
}

async function syncConnection(c: Claimed, fetchImpl?: typeof fetch): Promise<ConnectionResult> {
  const result: ConnectionResult = { connection_id: c.connection_id, stored: 0, created: 0, pages: 0 };
  try {
    const apiKey = await unseal({ ciphertext: c.ciphertext, iv: c.iv, key_fingerprint: c.key_fingerprint }, c.connection_id);
    const api = new N8nApi(c.base_url, apiKey, fetchImpl);
    const names = new Map<string, string>();
    const open = new Set(c.sync_open_ids);

    // 1. executions n8n keeps out of its list while they run, and those seen unfinished before
    const running = await api.executions({ status: "running", limit: PAGE_SIZE });
    for (const r of running.data) {
      const id = (r as { id?: unknown }).id;
      if (id !== undefined) open.add(String(id));
    }
    const recheck = [...open].slice(0, MAX_OPEN_CHECKS_PER_PASS);
    const rechecked: unknown[] = [];
    for (const id of recheck) {
      const brief = await api.execution(id, false);
      if (!brief) {
        open.delete(id); // deleted in n8n (pruned): nothing more to learn
        continue;
      }
      const status = String(brief.status);
      const full = status === "error" || status === "crashed" ? (await api.execution(id, true)) ?? brief : brief;
      rechecked.push(full);
      if (FINAL.has(status)) open.delete(id);
    }
    if (rechecked.length > 0 || open.size !== c.sync_open_ids.length) {
      await storePage(c, api, names, rechecked, { sync_open_ids: [...open] }, result);
    }

    // 2. the walk from the newest execution down to the high water mark
    let highWater = c.sync_high_water === null ? undefined : Number(c.sync_high_water);
    let cursor = c.sync_walk_cursor ?? undefined;
    let top = c.sync_walk_top === null ? undefined : Number(c.sync_walk_top);
    // a page costs one request plus one per failed execution in it: stop while a whole page still fits
    for (let pages = 0; pages < MAX_PAGES_PER_PASS && api.requests + 1 + PAGE_SIZE <= MAX_REQUESTS_PER_PASS; pages++) {
      const page = await api.executions({ limit: PAGE_SIZE, cursor });
      const items = Array.isArray(page.data) ? page.data : [];
      const ids = items.map((x) => num((x as { id?: unknown }).id)).filter((n): n is number => n !== undefined);
      if (cursor === undefined) top = ids.length ? Math.max(...ids) : highWater;
      const fresh = items.filter((x) => {
        const n = num((x as { id?: unknown }).id);
        return highWater === undefined || n === undefined || n > highWater;
      });
      const failed = new Set(["error", "crashed"]);
      const detailed: unknown[] = [];
      for (const x of fresh) {
        const rec = x as Record<string, unknown>;
        const status = String(rec.status);
        if (!FINAL.has(status)) open.add(String(rec.id));
        detailed.push(failed.has(status) ? (await api.execution(String(rec.id), true)) ?? rec : rec);
      }
      const reachedKnown = !page.nextCursor || (highWater !== undefined && ids.some((n) => n <= highWater!));
      const state = reachedKnown
        ? { sync_high_water: Math.max(top ?? 0, highWater ?? 0) || null, sync_walk_cursor: null, sync_walk_top: null, sync_open_ids: [...open] }
        : { sync_walk_cursor: page.nextCursor, sync_walk_top: top ?? null, sync_open_ids: [...open] };
      await storePage(c, api, names, detailed, state, result);
      result.pages++;
      if (reachedKnown) {
        highWater = state.sync_high_water ?? undefined;
        break;
      }
      cursor = page.nextCursor ?? undefined;
    }
    await finish(c, result.stored);
  } catch (err) {
    result.error = err instanceof Error ? err.message : String(err);
    await finish(c, result.stored, result.error).catch(() => {});
  }
  return result;
}

async function storePage(
  c: Claimed,
  api: N8nApi,
  names: Map<string, string>,
  records: unknown[],
  state: Record<string, unknown>,
  result: ConnectionResult,
) {
  const executions: N8nExecution[] = [];
  for (const raw of records) {
    const parsed = N8nExecutionRecordSchema.safeParse(raw);
    if (!parsed.success) continue; // not a run n8n could have (no workflow): nothing to store
    const rec = parsed.data;
    if (!rec.workflowName && !rec.workflowData?.name) {
      if (!names.has(rec.workflowId)) names.set(rec.workflowId, (await api.workflow(rec.workflowId))?.name ?? "");
      const name = names.get(rec.workflowId);
      if (name) rec.workflowName = name;
    }
    executions.push(...normalizeN8n(rec));
  }
  const [row] = await privileged((sql) =>
    sql<{ result: { stored: number; created: number } }[]>`
      select private.n8n_sync_store_page(${c.connection_id}, ${c.lease_token}, ${sql.json({ executions, state } as never)}) as result`
  );
  result.stored += row.result.stored;
  result.created += row.result.created;
}

async function finish(c: Claimed, stored: number, error?: string) {
  await privileged((sql) => sql`select private.n8n_sync_finish(${c.connection_id}, ${c.lease_token}, ${stored}, ${error ?? null})`);
}
