// The client against a scripted fetch: retries, back-off, token refresh, and batches that lose
// only the run the server refuses.
import { describe, expect, it } from "vitest";
import { AgentOpsClient, AgentOpsError } from "./index.ts";

const KEY = "ak_abcdefgh_" + "s".repeat(43);
type Call = { url: string; body?: any; auth?: string };

function scripted(handler: (call: Call, n: number) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const call: Call = { url: String(input), body: init?.body ? JSON.parse(String(init.body)) : undefined, auth: (init?.headers as Record<string, string>)?.authorization };
    calls.push(call);
    if (call.url.endsWith("/agent-auth/token")) return Response.json({ access_token: `jwt-${calls.length}`, token_type: "bearer", expires_in: 300 });
    return await handler(call, calls.filter((c) => !c.url.endsWith("/token")).length);
  }) as typeof fetch;
  return { calls, fetchImpl };
}

const ok = (runs: { run_key: string }[]) =>
  Response.json({ accepted: runs.length, created: runs.length, updated: 0, runs: runs.map((r) => ({ run_key: r.run_key, id: crypto.randomUUID(), status: "succeeded", cost_usd: 0, cost_source: "none" })), quota: {} });

const fast = { flushIntervalMs: 0, baseBackoffMs: 1, maxBackoffMs: 5, maxRetryMs: 2_000 };

describe("AgentOpsClient", () => {
  it("retries 5xx, 429 and network errors with the same run keys until stored", async () => {
    let n = 0;
    const { calls, fetchImpl } = scripted((call) => {
      n++;
      if (n === 1) throw new TypeError("connection reset");
      if (n === 2) return new Response("{}", { status: 503 });
      if (n === 3) return Response.json({ error: { code: "quota_exceeded", message: "slow down", details: {} } }, { status: 429, headers: { "retry-after": "0" } });
      return ok(call.body.runs);
    });
    const client = new AgentOpsClient({ url: "http://x/functions/v1", apiKey: KEY, fetch: fetchImpl, ...fast });
    client.record({ run_key: "a", status: "succeeded" });
    client.record({ run_key: "b", status: "failed" });
    await client.flush();
    const posts = calls.filter((c) => c.url.endsWith("/ingest/runs"));
    expect(posts).toHaveLength(4);
    for (const p of posts) expect(p.body.runs.map((r: { run_key: string }) => r.run_key)).toEqual(["a", "b"]);
    expect(client.pending).toBe(0);
  });

  it("merges updates of a run that was not sent yet, and batches by batchSize", async () => {
    const { calls, fetchImpl } = scripted((call) => ok(call.body.runs));
    const client = new AgentOpsClient({ url: "http://x", apiKey: KEY, fetch: fetchImpl, batchSize: 2, ...fast });
    const key = client.startRun({ model: "gpt-4o" });
    client.addSpans(key, [{ span_key: "s", kind: "llm", name: "chat", started_at: new Date().toISOString() }]);
    client.finishRun(key, { status: "succeeded", tokens_in: 10 });
    client.record({ run_key: "other", status: "running" });
    client.record({ run_key: "third", status: "running" });
    await client.shutdown();
    const posts = calls.filter((c) => c.url.endsWith("/ingest/runs"));
    expect(posts.map((p) => p.body.runs.length)).toEqual([2, 1]);
    const merged = posts[0].body.runs[0];
    expect(merged).toMatchObject({ run_key: key, status: "succeeded", model: "gpt-4o", tokens_in: 10 });
    expect(merged.spans).toHaveLength(1);
  });

  it("drops only the run the server refuses and sends the rest", async () => {
    const errors: [AgentOpsError, unknown[]][] = [];
    const { calls, fetchImpl } = scripted((call) => {
      const i = call.body.runs.findIndex((r: { run_key: string }) => r.run_key === "bad");
      if (i >= 0) return Response.json({ error: { code: "validation_failed", message: "no", fields: [{ field: `runs.${i}.task_key`, message: "no such task" }] } }, { status: 422 });
      return ok(call.body.runs);
    });
    const client = new AgentOpsClient({ url: "http://x", apiKey: KEY, fetch: fetchImpl, ...fast, onError: (e, runs) => errors.push([e, runs]) });
    const result = await client.sendRuns([{ run_key: "good", status: "succeeded" }, { run_key: "bad", status: "succeeded" }, { run_key: "also", status: "succeeded" }]);
    expect(result?.accepted).toBe(2);
    expect(errors).toHaveLength(1);
    expect(errors[0][0].fields[0].field).toBe("runs.1.task_key");
    expect(calls.filter((c) => c.url.endsWith("/ingest/runs")).at(-1)!.body.runs.map((r: { run_key: string }) => r.run_key)).toEqual(["good", "also"]);
  });

  it("exchanges the key again when the JWT is refused", async () => {
    let first = true;
    const { calls, fetchImpl } = scripted((call) => {
      if (first) {
        first = false;
        return Response.json({ error: { code: "token_expired", message: "expired" } }, { status: 401 });
      }
      return ok(call.body.runs);
    });
    const client = new AgentOpsClient({ url: "http://x", apiKey: KEY, fetch: fetchImpl, ...fast });
    await client.sendRuns([{ run_key: "r", status: "running" }]);
    expect(calls.filter((c) => c.url.endsWith("/token"))).toHaveLength(2);
    const posts = calls.filter((c) => c.url.endsWith("/ingest/runs"));
    expect(posts[1].auth).not.toBe(posts[0].auth);
  });

  it("gives up after maxRetryMs and reports the runs", async () => {
    const errors: unknown[][] = [];
    const { fetchImpl } = scripted(() => new Response("down", { status: 502 }));
    const client = new AgentOpsClient({ url: "http://x", apiKey: KEY, fetch: fetchImpl, flushIntervalMs: 0, baseBackoffMs: 5, maxBackoffMs: 10, maxRetryMs: 50, onError: (_e, runs) => errors.push(runs) });
    await client.sendRuns([{ run_key: "lost", status: "running" }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toHaveLength(1);
  });

  it("validates runs before buffering them", () => {
    const client = new AgentOpsClient({ url: "http://x", apiKey: KEY, fetch: (() => {}) as never, ...fast });
    expect(() => client.record({ run_key: "", status: "running" })).toThrow();
    expect(() => client.record({ run_key: "x", status: "succeeded", tokens_in: -1 })).toThrow();
    expect(() => new AgentOpsClient({ url: "http://x", apiKey: "nope" })).toThrow(TypeError);
  });
});
