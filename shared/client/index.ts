// The typed client agents use (Node, Deno, browsers; nothing beyond fetch and zod).
// Created from the functions URL and an agent API key, it exchanges the key for a short-lived
// JWT and refreshes it, buffers runs and spans and sends them in batches, retries on 429, 5xx
// and network errors with exponential back-off and full jitter reusing the same run keys (the
// server upserts by run_key, so a retry never duplicates), and flushes on shutdown.
import { z } from "zod";
import { type Run, RunSchema, type Span, SpanSchema, MAX_RUNS_PER_BATCH, type IngestResult } from "../schemas/ingest.ts";
import type { ErrorResponse } from "../schemas/common.ts";

export type { IngestResult, Run, Span };

export type ClientOptions = {
  /** Base URL of the Edge Functions, e.g. http://127.0.0.1:54321/functions/v1 */
  url: string;
  /** The agent's API key, ak_... */
  apiKey: string;
  fetch?: typeof fetch;
  /** Runs per request (at most 1,000). */
  batchSize?: number;
  /** Send buffered runs at least this often (ms); 0 turns the timer off (flush by hand). */
  flushIntervalMs?: number;
  /** Give up on a request after this long of retrying (ms). */
  maxRetryMs?: number;
  /** First back-off (ms); doubles per attempt up to maxBackoffMs, with full jitter. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Runs the server refused for good (4xx other than 429), or that could not be sent in time. */
  onError?: (error: AgentOpsError, runs: Run[]) => void;
};

export class AgentOpsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: { field: string; message: string }[] = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "AgentOpsError";
  }
  get retryable(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Pending = { run: Run };

export class AgentOpsClient {
  readonly url: string;
  private readonly apiKey: string;
  private readonly fetchImpl: typeof fetch;
  private readonly opts: Required<Omit<ClientOptions, "url" | "apiKey" | "fetch" | "onError">>;
  private readonly onError?: ClientOptions["onError"];
  private jwt?: { token: string; expiresAt: number };
  private tokenPromise?: Promise<string>;
  private buffer = new Map<string, Pending>();
  private timer?: ReturnType<typeof setInterval>;
  private flushing: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(options: ClientOptions) {
    if (!/^ak_[A-Za-z0-9]{8}_/.test(options.apiKey)) throw new TypeError("apiKey must be an agent API key (ak_...)");
    this.url = options.url.replace(/\/+$/, "");
    this.apiKey = options.apiKey;
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
    this.onError = options.onError;
    this.opts = {
      batchSize: Math.min(Math.max(options.batchSize ?? 500, 1), MAX_RUNS_PER_BATCH),
      flushIntervalMs: options.flushIntervalMs ?? 1000,
      maxRetryMs: options.maxRetryMs ?? 5 * 60_000,
      baseBackoffMs: options.baseBackoffMs ?? 200,
      maxBackoffMs: options.maxBackoffMs ?? 30_000,
    };
    if (this.opts.flushIntervalMs > 0) {
      this.timer = setInterval(() => void this.flush().catch(() => {}), this.opts.flushIntervalMs);
      (this.timer as { unref?: () => void }).unref?.();
    }
  }

  /** A valid agent JWT, exchanged or refreshed when it has less than 30 s left. */
  async token(): Promise<string> {
    if (this.jwt && this.jwt.expiresAt - Date.now() > 30_000) return this.jwt.token;
    this.tokenPromise ??= (async () => {
      try {
        const res = await this.retrying(() => this.fetchImpl(`${this.url}/agent-auth/token`, { method: "POST", headers: { "x-api-key": this.apiKey } }));
        const body = (await res.json()) as { access_token: string; expires_in: number };
        this.jwt = { token: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
        return body.access_token;
      } finally {
        this.tokenPromise = undefined;
      }
    })();
    return await this.tokenPromise;
  }

  /** A JSON request to a function with the agent's JWT, retried on 429, 5xx and network errors. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    let refreshed = false;
    const res = await this.retrying(async () => {
      const r = await this.fetchImpl(`${this.url}/${path.replace(/^\/+/, "")}`, {
        method,
        headers: { authorization: `Bearer ${await this.token()}`, ...(payload ? { "content-type": "application/json" } : {}) },
        body: payload,
      });
      if (r.status === 401 && !refreshed) {
        // the token expired in flight, or the clock moved: exchange once more
        refreshed = true;
        this.jwt = undefined;
        await r.body?.cancel();
        return await this.fetchImpl(`${this.url}/${path.replace(/^\/+/, "")}`, {
          method,
          headers: { authorization: `Bearer ${await this.token()}`, ...(payload ? { "content-type": "application/json" } : {}) },
          body: payload,
        });
      }
      return r;
    });
    return (await res.json()) as T;
  }

  /** Buffers a run (new, or an update of one not yet sent); it goes out with the next flush. */
  record(run: Run): void {
    if (this.closed) throw new Error("the client is shut down");
    const parsed = RunSchema.parse(run);
    const pending = this.buffer.get(parsed.run_key);
    if (pending) {
      const spans = [...(pending.run.spans ?? []), ...(parsed.spans ?? [])];
      pending.run = { ...pending.run, ...parsed, ...(spans.length ? { spans } : {}) };
    } else {
      this.buffer.set(parsed.run_key, { run: parsed });
    }
    if (this.buffer.size >= this.opts.batchSize) void this.flush().catch(() => {});
  }

  /** Starts a run now (status running) and returns its run_key. */
  startRun(fields: Omit<Partial<Run>, "status"> = {}): string {
    const run_key = fields.run_key ?? crypto.randomUUID();
    this.record({ ...fields, run_key, status: "running", started_at: fields.started_at ?? new Date().toISOString() } as Run);
    return run_key;
  }

  /** Finishes a run started earlier (or reports it whole) with its final status and figures. */
  finishRun(run_key: string, fields: Omit<Partial<Run>, "run_key"> & { status: Run["status"] }): void {
    this.record({ ...fields, run_key, ended_at: fields.ended_at ?? new Date().toISOString() } as Run);
  }

  /** Adds spans to a buffered run, or to a run sent earlier. */
  addSpans(run_key: string, spans: Span[]): void {
    const parsed = z.array(SpanSchema).parse(spans);
    const pending = this.buffer.get(run_key);
    if (pending) pending.run = { ...pending.run, spans: [...(pending.run.spans ?? []), ...parsed] };
    else void this.request("POST", `ingest/runs/${encodeURIComponent(run_key)}/spans`, { spans: parsed }).catch((err) => this.onError?.(err, []));
  }

  /** Number of runs waiting to be sent. */
  get pending(): number {
    return this.buffer.size;
  }

  /** Sends every buffered run, in batches; resolves when all were stored or given up on. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      while (this.buffer.size > 0) {
        const batch: Run[] = [];
        for (const [key, { run }] of this.buffer) {
          batch.push(run);
          this.buffer.delete(key);
          if (batch.length >= this.opts.batchSize) break;
        }
        await this.sendBatch(batch);
      }
    });
    return this.flushing;
  }

  /** Sends runs now (bypassing the buffer); runs the server refuses are dropped and reported. */
  async sendRuns(runs: Run[]): Promise<IngestResult | undefined> {
    return await this.sendBatch(runs.map((r) => RunSchema.parse(r)));
  }

  /** Flushes and stops the timer: call before the process exits. */
  async shutdown(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }

  private async sendBatch(runs: Run[]): Promise<IngestResult | undefined> {
    let remaining = runs;
    while (remaining.length > 0) {
      try {
        return await this.request<IngestResult>("POST", "ingest/runs", { runs: remaining });
      } catch (err) {
        const e = err instanceof AgentOpsError ? err : new AgentOpsError(0, "network_error", String(err));
        // one bad run must not sink the batch: drop the run the server names, send the rest
        const bad = e.status === 422 || e.status === 409 ? e.fields.map((f) => /^runs\.(\d+)(\.|$)/.exec(f.field)?.[1]).find((i) => i !== undefined) : undefined;
        if (bad !== undefined) {
          const index = Number(bad);
          this.onError?.(e, [remaining[index]]);
          remaining = remaining.filter((_, i) => i !== index);
          continue;
        }
        this.onError?.(e, remaining);
        return undefined;
      }
    }
    return undefined;
  }

  /** Calls `send` until it answers below 500 and not 429, with back-off and full jitter. */
  private async retrying(send: () => Promise<Response>): Promise<Response> {
    const deadline = Date.now() + this.opts.maxRetryMs;
    for (let attempt = 0;; attempt++) {
      let res: Response | undefined;
      let error: AgentOpsError;
      try {
        res = await send();
        if (res.ok) return res;
        error = await asError(res);
      } catch (err) {
        error = new AgentOpsError(0, "network_error", err instanceof Error ? err.message : String(err));
      }
      if (!error.retryable) throw error;
      const retryAfter = Number(res?.headers.get("retry-after")) * 1000;
      const backoff = Math.min(this.opts.maxBackoffMs, this.opts.baseBackoffMs * 2 ** attempt);
      const wait = Math.max(Number.isFinite(retryAfter) ? retryAfter : 0, Math.random() * backoff);
      if (Date.now() + wait > deadline) throw error;
      await sleep(wait);
    }
  }
}

async function asError(res: Response): Promise<AgentOpsError> {
  const text = await res.text();
  try {
    const body = JSON.parse(text) as ErrorResponse;
    return new AgentOpsError(res.status, body.error.code, body.error.message, body.error.fields ?? [], body.error.details ?? {});
  } catch {
    return new AgentOpsError(res.status, "http_error", text.slice(0, 500) || res.statusText);
  }
}
