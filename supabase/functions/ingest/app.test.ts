import assert from "node:assert/strict";
import { app } from "./app.ts";
import { db, privileged } from "../_shared/db.ts";
import { ApiError } from "../_shared/errors.ts";
import { agentToken, bearer, createAgent, createUser, createWorkspace, json, test, userToken } from "../_shared/testing.ts";

const owner = await createUser();
const workspaceId = await createWorkspace(owner);

async function agentWithToken(limits?: Record<string, number>) {
  const agent = await createAgent(workspaceId, { limits });
  return { agent, token: await agentToken(agent) };
}

const post = (path: string, token: string, body: unknown) =>
  app.request(`/ingest${path}`, { method: "POST", headers: bearer(token), body: typeof body === "string" ? body : JSON.stringify(body) });

const runCount = async (agentId: string) => Number((await db()`select count(*)::int as n from public.executions where agent_id = ${agentId}`)[0].n);
const spanCount = async (agentId: string) =>
  Number((await db()`select count(*)::int as n from public.execution_spans s join public.executions e on e.id = s.execution_id where e.agent_id = ${agentId}`)[0].n);

function run(key: string, extra: Record<string, unknown> = {}) {
  return { run_key: key, status: "succeeded", started_at: "2026-11-20T10:00:00Z", ended_at: "2026-11-20T10:00:02Z", model: "gpt-4o-mini", tokens_in: 1000, tokens_out: 200, ...extra };
}

test("a batch of runs with spans is stored, priced, and counted against quotas", async () => {
  const { agent, token } = await agentWithToken();
  const res = await post("/runs", token, {
    runs: [
      run("b-1", {
        spans: [
          { span_key: "s1", kind: "llm", name: "chat", started_at: "2026-11-20T10:00:00Z", ended_at: "2026-11-20T10:00:01Z", gen_ai_usage_input_tokens: 1000 },
          { span_key: "s2", parent_span_key: "s1", kind: "tool", name: "search", started_at: "2026-11-20T10:00:01Z", tool_name: "web" },
        ],
      }),
      run("b-2", { cost_usd: 0.25, parent_run_key: "b-1" }),
    ],
  });
  assert.equal(res.status, 200, await res.clone().text());
  const body = await json(res);
  assert.equal(body.accepted, 2);
  assert.equal(body.created, 2);
  const priced = body.runs.find((r: { run_key: string }) => r.run_key === "b-1");
  // gpt-4o-mini: 1000 in x 0.15/M + 200 out x 0.60/M = 0.00015 + 0.00012
  assert.equal(priced.cost_usd, 0.00027);
  assert.equal(priced.cost_source, "computed");
  assert.equal(body.runs[1].cost_source, "reported");
  assert.equal(await spanCount(agent.agentId), 2);
  // the runs are booked on the day they started; the request on the day it was made
  const [usage] = await db()`select sum(tokens_used)::int as tokens_used, sum(requests_count)::int as requests_count, sum(cost_usd) as cost_usd,
    sum(runs_count) filter (where date = '2026-11-20')::int as runs from public.agent_usage where agent_id = ${agent.agentId}`;
  assert.equal(Number(usage.tokens_used), 2400); // both runs carry 1000 + 200 tokens
  assert.equal(usage.requests_count, 1);
  assert.equal(Number(usage.cost_usd), 0.25027);
  assert.equal(usage.runs, 2);
  const [child] = await db()`select p.run_key from public.executions c join public.executions p on p.id = c.parent_execution_id where c.agent_id = ${agent.agentId} and c.run_key = 'b-2'`;
  assert.equal(child.run_key, "b-1");
});

test("a retried batch is one set of runs and consumes no more tokens or cost", async () => {
  const { agent, token } = await agentWithToken();
  const batch = { runs: [run("r-1"), run("r-2", { spans: [{ span_key: "x", kind: "llm", name: "n", started_at: "2026-11-20T10:00:00Z" }] })] };
  assert.equal((await post("/runs", token, batch)).status, 200);
  const again = await json(await post("/runs", token, batch));
  assert.equal(again.created, 0);
  assert.equal(again.updated, 2);
  assert.equal(await runCount(agent.agentId), 2);
  assert.equal(await spanCount(agent.agentId), 1);
  const [usage] = await db()`select sum(tokens_used)::int as tokens_used, sum(requests_count)::int as requests_count from public.agent_usage where agent_id = ${agent.agentId}`;
  assert.equal(Number(usage.tokens_used), 2400);
  assert.equal(usage.requests_count, 2);
});

test("start a run, finish it later; a late older status never overwrites the newer one", async () => {
  const { agent, token } = await agentWithToken();
  assert.equal((await post("/run", token, { run_key: "life", status: "running", started_at: "2026-11-20T10:00:00Z", input: { q: "hi" } })).status, 200);
  assert.equal((await post("/run", token, { run_key: "life", status: "succeeded", ended_at: "2026-11-20T10:00:05Z", output: { a: "yo" }, tokens_out: 10 })).status, 200);
  const late = await json(await post("/run", token, { run_key: "life", status: "running", tokens_out: 3 }));
  assert.equal(late.runs[0].status, "succeeded");
  const [row] = await db()`select status, duration_ms, input, output, tokens_out from public.executions where agent_id = ${agent.agentId} and run_key = 'life'`;
  assert.equal(row.status, "succeeded");
  assert.equal(row.duration_ms, 5000);
  assert.deepEqual(row.input, { q: "hi" });
  assert.deepEqual(row.output, { a: "yo" });
  assert.equal(row.tokens_out, 10);
});

test("ingest_runs takes the agent from the statement's claims: without them, or with another agent's key, 401 and nothing stored", async () => {
  const { agent } = await agentWithToken();
  const { agent: other } = await agentWithToken();
  const runs = [{ run_key: "claims-1", status: "running" }];
  for (const claims of ["", JSON.stringify({ sub: agent.agentId, role: "authenticated", actor: "agent", workspace_id: agent.workspaceId, key_id: other.keyId })]) {
    await assert.rejects(
      privileged((sql) => sql`select private.ingest_runs(${sql.json(runs as never)}) from (select set_config('request.jwt.claims', ${claims}, true)) c`),
      (err) => err instanceof ApiError && err.status === 401,
    );
  }
  assert.equal((await db()`select 1 from public.executions where run_key = 'claims-1'`).length, 0);
});

test("spans can be added to an existing run; an unknown run is 404", async () => {
  const { agent, token } = await agentWithToken();
  await post("/run", token, { run_key: "with-spans", status: "running" });
  const ok = await post("/runs/with-spans/spans", token, { spans: [{ span_key: "t1", kind: "thought", name: "plan", started_at: "2026-11-20T10:00:00Z", confidence: 0.8, node_type: "processing" }] });
  assert.equal(ok.status, 200);
  assert.equal(await spanCount(agent.agentId), 1);
  const missing = await post("/runs/nope/spans", token, { spans: [{ span_key: "t1", kind: "thought", name: "plan", started_at: "2026-11-20T10:00:00Z" }] });
  assert.equal(missing.status, 404);
  const missingErr = await json(missing);
  assert.equal(missingErr.error.code, "run_not_found", "raised by SQL as the API answers it");
  assert.equal(missingErr.error.fields[0].field, "run_key");
  // a rule only SQL checks (parents forming a cycle) is named as this route's body names the span
  const cycle = await post("/runs/with-spans/spans", token, {
    spans: [
      { span_key: "a", parent_span_key: "b", kind: "thought", name: "a", started_at: "2026-11-20T10:00:00Z" },
      { span_key: "b", parent_span_key: "a", kind: "thought", name: "b", started_at: "2026-11-20T10:00:00Z" },
    ],
  });
  assert.equal(cycle.status, 422);
  const cycleErr = await json(cycle);
  assert.match(cycleErr.error.fields[0].field, /^spans\.[01]\.parent_span_key$/);
  assert.match(cycleErr.error.message, /^spans\.[01]\.parent_span_key: /);
});

test("metric samples and feedback are stored", async () => {
  const { agent, token } = await agentWithToken();
  await post("/run", token, run("fb"));
  assert.equal((await post("/metrics", token, { samples: [{ metric_type: "accuracy", value: 0.93, unit: "ratio", run_key: "fb" }] })).status, 200);
  assert.equal((await post("/feedback", token, { run_key: "fb", rating: 4, feedback: "good" })).status, 200);
  const [row] = await db()`select user_rating, feedback from public.executions where agent_id = ${agent.agentId} and run_key = 'fb'`;
  assert.equal(row.user_rating, 4);
  const samples = await db()`select metric_type, execution_id from public.metric_samples where agent_id = ${agent.agentId}`;
  assert.equal(samples.length, 1);
  assert.ok(samples[0].execution_id);
  assert.equal((await post("/feedback", token, { run_key: "nope", rating: 4 })).status, 404);
});

// Bad input: a 4xx naming the field, and nothing written.
const badBatches: Array<[string, unknown, number, string]> = [
  ["malformed JSON", "{\"runs\": [", 400, ""],
  ["wrong type", { runs: [run("t", { tokens_in: "many" })] }, 422, "runs.0.tokens_in"],
  ["negative tokens", { runs: [run("ok"), run("t", { tokens_out: -1 })] }, 422, "runs.1.tokens_out"],
  ["negative cost", { runs: [run("t", { cost_usd: -0.01 })] }, 422, "runs.0.cost_usd"],
  ["end before start", { runs: [run("t", { ended_at: "2026-11-20T09:00:00Z" })] }, 422, "runs.0.ended_at"],
  ["unknown status", { runs: [run("t", { status: "done" })] }, 422, "runs.0.status"],
  ["unknown field", { runs: [run("t", { tokens: 5 })] }, 422, "runs.0"],
  ["duplicate run_key", { runs: [run("d"), run("d")] }, 422, "runs.1.run_key"],
  ["too many runs", { runs: Array.from({ length: 1001 }, (_, i) => ({ run_key: `k${i}`, status: "running" })) }, 422, "runs"],
  ["empty batch", { runs: [] }, 422, "runs"],
  ["span parent missing", { runs: [run("ok"), run("t", { spans: [{ span_key: "a", parent_span_key: "ghost", kind: "llm", name: "x", started_at: "2026-11-20T10:00:00Z" }] })] }, 422, "runs.1.spans.0.parent_span_key"],
  ["span ends before it starts", { runs: [run("ok"), run("t", { spans: [{ span_key: "a", kind: "llm", name: "x", started_at: "2026-11-20T10:00:01Z", ended_at: "2026-11-20T10:00:00Z" }] })] }, 422, "runs.1.spans.0.ended_at"],
  ["span its own parent", { runs: [run("t", { spans: [{ span_key: "a", kind: "llm", name: "x", started_at: "2026-11-20T10:00:00Z" }, { span_key: "b", parent_span_key: "b", kind: "llm", name: "x", started_at: "2026-11-20T10:00:00Z" }] })] }, 422, "runs.0.spans.1.parent_span_key"],
  ["unknown parent run", { runs: [run("ok"), run("t", { parent_run_key: "ghost" })] }, 422, "runs.1.parent_run_key"],
  ["unknown task", { runs: [run("t", { task_key: "ghost" })] }, 422, "runs.0.task_key"],
  ["foreign workflow", { runs: [run("t", { workflow_id: crypto.randomUUID() })] }, 422, "runs.0.workflow_id"],
];

for (const [name, body, status, field] of badBatches) {
  test(`bad input: ${name} is ${status} naming ${field || "the body"}, and nothing is written`, async () => {
    const { agent, token } = await agentWithToken();
    const res = await post("/runs", token, body);
    assert.equal(res.status, status, await res.clone().text());
    const err = await json(res);
    if (field) assert.ok(err.error.fields.some((f: { field: string }) => f.field === field), JSON.stringify(err.error.fields));
    assert.equal(await runCount(agent.agentId), 0);
    assert.equal((await db()`select count(*)::int as n from public.agent_usage where agent_id = ${agent.agentId}`)[0].n, 0);
  });
}

test("oversize body is 413 naming the limit", async () => {
  const { token } = await agentWithToken();
  const huge = JSON.stringify({ runs: [run("big", { input: "x".repeat(17 * 1024 * 1024) })] });
  const res = await post("/runs", token, huge);
  assert.equal(res.status, 413);
  assert.equal((await json(res)).error.details.limit_bytes, 16 * 1024 * 1024);
});

test("a run_key of another agent is 409 and nothing is written", async () => {
  const a = await agentWithToken();
  const b = await agentWithToken();
  await post("/run", a.token, run("shared-key"));
  const res = await post("/runs", b.token, { runs: [run("mine"), run("shared-key")] });
  assert.equal(res.status, 409);
  assert.equal((await json(res)).error.fields[0].field, "runs.1.run_key");
  assert.equal(await runCount(b.agent.agentId), 0);
});

test("people's tokens, missing tokens, revoked keys and inactive agents are refused", async () => {
  const { agent, token } = await agentWithToken();
  assert.equal((await app.request("/ingest/runs", { method: "POST", body: "{}" })).status, 401);
  const user = await userToken(owner);
  assert.equal((await post("/runs", user, { runs: [run("u")] })).status, 403);
  await db()`update public.agent_api_keys set revoked_at = now() where id = ${agent.keyId}`;
  assert.equal((await post("/runs", token, { runs: [run("rev")] })).status, 401);
  const other = await agentWithToken();
  await db()`update public.agents set status = 'paused' where id = ${other.agent.agentId}`;
  assert.equal((await post("/runs", other.token, { runs: [run("p")] })).status, 403);
  assert.equal(await runCount(agent.agentId) + await runCount(other.agent.agentId), 0);
});

test("over the requests-per-minute quota: 429 with Retry-After and what remains, nothing written", async () => {
  const { agent, token } = await agentWithToken({ requests_per_minute: 2 });
  assert.equal((await post("/run", token, run("q1"))).status, 200);
  assert.equal((await post("/run", token, run("q2"))).status, 200);
  const res = await post("/run", token, run("q3"));
  assert.equal(res.status, 429);
  assert.ok(Number(res.headers.get("retry-after")) >= 1);
  const err = await json(res);
  assert.equal(err.error.details.limit, "requests_per_minute");
  assert.equal(err.error.details.remaining, 0);
  assert.equal(await runCount(agent.agentId), 2);
});

test("over the tokens-per-day quota the runs that happened are stored, marked and counted (issue 13)", async () => {
  const { agent, token } = await agentWithToken({ tokens_per_day: 1500 });
  assert.equal((await post("/run", token, run("t1", { started_at: new Date().toISOString(), ended_at: undefined }))).status, 200);
  const res = await post("/run", token, run("t2", { started_at: new Date().toISOString(), ended_at: undefined }));
  assert.equal(res.status, 200, await res.clone().text());
  const body = await json(res);
  assert.equal(body.runs[0].over_limit, "tokens_per_day");
  assert.equal(body.quota.tokens_per_day.remaining, -900);
  assert.equal(await runCount(agent.agentId), 2);
  const [usage] = await db()`select sum(tokens_used)::int as t from public.agent_usage where agent_id = ${agent.agentId}`;
  assert.equal(usage.t, 2400);
});

test("a report contradicting a finished run is 409 naming the field, changes nothing, and is recorded (issue 13)", async () => {
  const { agent, token } = await agentWithToken();
  assert.equal((await post("/run", token, run("final"))).status, 200);
  const res = await post("/runs", token, { runs: [run("other-new"), { run_key: "final", status: "failed", error_type: "late_boom" }] });
  assert.equal(res.status, 409, await res.clone().text());
  const err = await json(res);
  assert.equal(err.error.code, "run_final");
  assert.equal(err.error.fields[0].field, "runs.1.status");
  const [row] = await db()`select status, error_type from public.executions where agent_id = ${agent.agentId} and run_key = 'final'`;
  assert.deepEqual({ ...row }, { status: "succeeded", error_type: null });
  assert.equal(await runCount(agent.agentId), 1); // nothing of the batch
  const conflicts = await db()`select field, reason from public.run_conflicts where agent_id = ${agent.agentId}`;
  assert.deepEqual(conflicts.map((c) => ({ ...c })), [{ field: "runs.1.status", reason: "run_final" }]);
  const moved = await post("/run", token, { run_key: "final", status: "succeeded", ended_at: "2026-11-20T11:00:00Z" });
  assert.equal(moved.status, 409);
  const movedErr = await json(moved);
  assert.equal(movedErr.error.fields[0].field, "ended_at", "one run (POST /run): the field as that body names it, raised so by SQL");
  assert.match(movedErr.error.message, /^ended_at: /);
});

test("a run waiting for approval cannot be reported succeeded (409); it may fail (issue 13)", async () => {
  const { token } = await agentWithToken();
  await post("/run", token, { run_key: "waits", status: "waiting_approval", started_at: "2026-11-20T10:00:00Z" });
  const res = await post("/run", token, { run_key: "waits", status: "succeeded" });
  assert.equal(res.status, 409);
  assert.equal((await json(res)).error.code, "approval_pending");
  assert.equal((await post("/run", token, { run_key: "waits", status: "failed", error_type: "gave_up" })).status, 200);
});

test("exact values: invalid UTF-8 is 400 before anything else; NUL and lone surrogates are 422 naming the field (issue 13)", async () => {
  const { agent, token } = await agentWithToken();
  const good = new TextEncoder().encode(JSON.stringify({ runs: [run("utf", { error_message: "caf\u00e9" })] }));
  const bad = new Uint8Array([...good.slice(0, good.length - 10), 0xc3, 0x28, ...good.slice(good.length - 10)]);
  const res = await app.request("/ingest/runs", { method: "POST", headers: bearer(token), body: bad });
  assert.equal(res.status, 400, await res.clone().text());
  assert.equal((await json(res)).error.code, "invalid_utf8");
  const nul = await post("/runs", token, `{"runs": [${JSON.stringify(run("nul"))}, ${JSON.stringify(run("nul2")).replace(/}$/, ', "error_message": "a\\u0000b"}')}]}`);
  assert.equal(nul.status, 422, await nul.clone().text());
  const nulErr = await json(nul);
  assert.equal(nulErr.error.fields[0].field, "runs.1.error_message");
  assert.doesNotMatch(JSON.stringify(nulErr), /unsupported Unicode|jsonb|SQLSTATE/i);
  const lone = await post("/runs", token, `{"runs": [${JSON.stringify(run("lone")).replace(/}$/, ', "metadata": {"note": "x\\ud800y"}}')}]}`);
  assert.equal(lone.status, 422, await lone.clone().text());
  assert.equal((await json(lone)).error.fields[0].field, "runs.0.metadata.note");
  const emoji = await post("/runs", token, `{"runs": [${JSON.stringify(run("emoji")).replace(/}$/, ', "error_message": "ok \\ud83d\\ude00"}')}]}`);
  assert.equal(emoji.status, 200, await emoji.clone().text());
  const huge = await post("/runs", token, { runs: [run("huge", { cost_usd: 500_000_000 })] });
  assert.equal(huge.status, 422, await huge.clone().text());
  const hugeErr = await json(huge);
  assert.equal(hugeErr.error.fields[0].field, "runs.0.cost_usd");
  assert.doesNotMatch(JSON.stringify(hugeErr), /numeric field overflow|precision|SQLSTATE/i);
  const year1 = await post("/runs", token, { runs: [run("y1", { started_at: "0001-01-01T00:00:00Z", ended_at: undefined })] });
  assert.equal(year1.status, 422);
  assert.equal((await json(year1)).error.fields[0].field, "runs.0.started_at");
  assert.equal(await runCount(agent.agentId), 1);
});

test("concurrent batches of the same 60 new run keys, two in reverse order, never deadlock and never 5xx (issue 13)", async () => {
  const { agent, token } = await agentWithToken({ requests_per_minute: 1000 });
  const keys = Array.from({ length: 60 }, (_, i) => `dl-${String(i).padStart(2, "0")}`);
  for (let round = 0; round < 4; round++) {
    const batches = [keys, [...keys].reverse(), keys, [...keys].reverse()].map((ks) => ({ runs: ks.map((k) => run(`${round}-${k}`)) }));
    const results = await Promise.all(batches.map((b) => post("/runs", token, b)));
    const statuses = await Promise.all(results.map(async (r) => `${r.status}${r.status === 200 ? "" : ` ${await r.text()}`}`));
    assert.deepEqual(statuses, ["200", "200", "200", "200"]);
  }
  assert.equal(await runCount(agent.agentId), 240);
  const [usage] = await db()`select sum(runs_count)::int as runs from public.agent_usage where agent_id = ${agent.agentId}`;
  assert.equal(usage.runs, 240); // each run counted once
});

test("quotas are exact under concurrency: 50 parallel requests against a limit of 10", async () => {
  const { agent, token } = await agentWithToken({ requests_per_minute: 10 });
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => post("/run", token, run(`c-${i}`))));
  const statuses = results.map((r) => r.status);
  await Promise.all(results.map((r) => r.body?.cancel()));
  assert.equal(statuses.filter((s) => s === 200).length, 10, JSON.stringify(statuses));
  assert.equal(statuses.filter((s) => s === 429).length, 40);
  assert.equal(await runCount(agent.agentId), 10);
});

test("a key given twice in one request is refused by the database, naming the field as the request shows it, and nothing is written", async () => {
  const { agent, token } = await agentWithToken();
  const span = (key: string) => ({ span_key: key, kind: "llm", name: "chat", started_at: "2026-11-20T10:00:00Z" });
  const cases: Array<[string, unknown, string]> = [
    ["/runs", { runs: [run("dup-1"), run("dup-1")] }, "runs.1.run_key"],
    ["/runs", { runs: [run("dup-2", { spans: [span("a"), span("a")] })] }, "runs.0.spans.1.span_key"],
    ["/run", run("dup-3", { spans: [span("a"), span("b"), span("a")] }), "spans.2.span_key"],
  ];
  for (const [path, body, field] of cases) {
    const res = await post(path, token, body);
    assert.equal(res.status, 422, `${path}: ${await res.clone().text()}`);
    const error = (await json(res)).error;
    assert.deepEqual(error.fields.map((f: { field: string }) => f.field), [field], JSON.stringify(error));
  }
  assert.equal(await runCount(agent.agentId), 0);
  assert.equal((await post("/run", token, run("dup-4"))).status, 200);
  const res = await post("/runs/dup-4/spans", token, { spans: [span("x"), span("x")] });
  assert.equal(res.status, 422, await res.clone().text());
  assert.deepEqual((await json(res)).error.fields.map((f: { field: string }) => f.field), ["spans.1.span_key"]);
  assert.equal(await spanCount(agent.agentId), 0);
});
