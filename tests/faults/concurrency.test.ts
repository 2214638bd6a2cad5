// Concurrency, where a race would cost money or trust:
//   * 200 parallel quota consumers against a limit never overspend it (in SQL, and through the
//     ingest function);
//   * 200 parallel reputation ledger writes for one agent keep balance_after exact: numbered 1..n
//     without a gap, each balance the previous one plus its delta, never negative, the account equal
//     to the last entry;
//   * two approvers deciding the same approval at the same moment produce one decision.
// Each scenario runs on 200 real connections at once.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FaultStack, type Sql } from "./stack.ts";
import { fixture, report } from "./workload.ts";

const PARALLEL = 200;
let stack: FaultStack;
let sql: Sql;
let wide: Sql;
const figures: Record<string, unknown> = {};

beforeAll(async () => {
  stack = await FaultStack.create({ conf: ["max_connections = 300"] });
  sql = stack.connect();
  wide = postgres(stack.url, { max: PARALLEL, onnotice: () => {}, idle_timeout: 5 }) as unknown as Sql;
  // open every connection up front, so that the calls below really start together
  await Promise.all(Array.from({ length: PARALLEL }, () => wide`select pg_sleep(0.05)`));
}, 180_000);

afterAll(async () => {
  report("concurrency", figures);
  await wide?.end({ timeout: 1 }).catch(() => {});
  await sql?.end({ timeout: 1 }).catch(() => {});
  await stack?.destroy();
});

async function relation(name: string): Promise<boolean> {
  const [row] = await sql`select to_regclass(${name}) is not null as ok`;
  return row.ok as boolean;
}

describe("races that would cost money or trust", () => {
  it("200 parallel quota consumers never overspend a limit (SQL)", async () => {
    const { agents } = await fixture(sql, 1);
    const agentId = agents[0].agentId;
    await sql`update public.agents set tokens_per_day = 1000 where id = ${agentId}`;
    const results = await Promise.allSettled(
      Array.from({ length: PARALLEL }, () => wide`select private.consume_quota(${agentId}, 0, 7, 0) as q`),
    );
    const ok = results.filter((r) => r.status === "fulfilled").length;
    const refused = results.filter((r) => r.status === "rejected" && (r.reason as { code?: string }).code === "AO429").length;
    const [usage] = await sql`select coalesce(sum(tokens_used), 0)::int as used from public.agent_usage where agent_id = ${agentId}`;
    figures.quota_sql = { parallel: PARALLEL, limit: 1000, per_call: 7, granted: ok, refused, used: usage.used };
    expect(ok + refused).toBe(PARALLEL);
    expect(ok).toBe(Math.floor(1000 / 7));
    expect(usage.used).toBe(ok * 7);
    expect(usage.used).toBeLessThanOrEqual(1000);
  });

  it("200 parallel ingest requests over a token quota: every run that happened is stored and counted once, the overage marked (HTTP)", async () => {
    const { workspaceId, agents } = await fixture(sql, 1);
    const agentId = agents[0].agentId;
    await sql`update public.agents set tokens_per_day = 605, requests_per_minute = 100000 where id = ${agentId}`;
    const token = await (await fetch(`${stack.functionsUrl}/agent-auth/token`, { method: "POST", headers: { "x-api-key": agents[0].apiKey } })).json();
    const statuses = await Promise.all(Array.from({ length: PARALLEL }, async (_, i) => {
      const res = await fetch(`${stack.functionsUrl}/ingest/run`, {
        method: "POST",
        headers: { authorization: `Bearer ${token.access_token}`, "content-type": "application/json" },
        body: JSON.stringify({ run_key: `quota-${i}`, status: "succeeded", tokens_in: 10, tokens_out: 0 }),
      });
      await res.body?.cancel();
      return res.status;
    }));
    const [stored] = await sql`select count(*)::int as runs, coalesce(sum(tokens_in + tokens_out), 0)::int as tokens,
      (count(*) filter (where over_limit = 'tokens_per_day'))::int as marked from public.executions where workspace_id = ${workspaceId}`;
    const [usage] = await sql`select coalesce(sum(tokens_used), 0)::int as used, coalesce(sum(runs_count), 0)::int as runs from public.agent_usage where agent_id = ${agentId}`;
    const granted = statuses.filter((s) => s === 200).length;
    figures.quota_http = { parallel: PARALLEL, limit: 605, per_request: 10, granted, refused: statuses.filter((s) => s === 429).length, marked_over_limit: stored.marked, other: statuses.filter((s) => s !== 200) };
    // the runs happened: none is refused (authorize is where spend is prevented), none is lost or counted twice
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(stored.runs).toBe(PARALLEL);
    expect(stored.tokens).toBe(PARALLEL * 10);
    expect(usage).toEqual({ used: PARALLEL * 10, runs: PARALLEL });
    // the first 60 fit under 605; every later one is marked
    expect(stored.marked).toBe(PARALLEL - 60);
  });

  it("200 parallel ledger writes for one agent keep balance_after exact", async (ctx) => {
    if (!(await relation("public.rep_transactions"))) ctx.skip();
    const { workspaceId, agents } = await fixture(sql, 1);
    const agentId = agents[0].agentId;
    const writes = Array.from({ length: PARALLEL }, (_, i) => {
      const kind = i % 4;
      if (kind < 2) return { tx_type: "award", delta: 1 + (i % 10) };
      if (kind === 2) return { tx_type: "penalty", delta: -(1 + (i % 25)) };
      return { tx_type: "adjustment", delta: i % 8 === 3 ? 5 : -7 };
    });
    const results = await Promise.allSettled(writes.map((w) =>
      wide`insert into public.rep_transactions (workspace_id, agent_id, tx_type, delta_rep, reason_code)
           values (${workspaceId}, ${agentId}, ${w.tx_type}, ${w.delta}, 'concurrency_test') returning id`
    ));
    const failed = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason as { code?: string; message: string });
    expect(failed.filter((e) => e.code !== "AO409").map((e) => `${e.code} ${e.message}`)).toEqual([]);
    const ledger = await sql<{ agent_seq: number; delta: string; balance: string }[]>`
      select agent_seq::int, delta_rep::text as delta, balance_after::text as balance from public.rep_transactions
      where agent_id = ${agentId} order by agent_seq`;
    const [account] = await sql`select balance::text, transaction_count::int as n from public.rep_balances where agent_id = ${agentId}`;
    let previous = 0;
    const broken: string[] = [];
    ledger.forEach((t, i) => {
      if (t.agent_seq !== i + 1) broken.push(`entry ${i + 1} is numbered ${t.agent_seq}`);
      const expected = Math.round((previous + Number(t.delta)) * 1e6) / 1e6;
      if (Number(t.balance) !== expected) broken.push(`entry ${t.agent_seq}: ${previous} + ${t.delta} != ${t.balance}`);
      if (Number(t.balance) < 0) broken.push(`entry ${t.agent_seq} is negative`);
      previous = Number(t.balance);
    });
    figures.ledger = { parallel: PARALLEL, entries: ledger.length, refused_insufficient_balance: failed.length, final_balance: account?.balance, broken: broken.length };
    expect(broken).toEqual([]);
    expect(ledger.length).toBeGreaterThan(PARALLEL / 2);
    expect(account.n).toBe(ledger.length);
    expect(Number(account.balance)).toBe(previous);
  });

  it("two approvers deciding the same approval at the same moment produce one decision", async (ctx) => {
    if (!(await relation("public.approvals"))) ctx.skip();
    const { workspaceId, agents } = await fixture(sql, 1);
    const agentId = agents[0].agentId;
    await sql`update public.agents set escalation_level = 3 where id = ${agentId}`;
    const [key] = await sql`select id from public.agent_api_keys where agent_id = ${agentId}`;
    const approvers = [randomUUID(), randomUUID()];
    for (const id of approvers) {
      await sql`insert into auth.users (id, aud, role, email) values (${id}, 'authenticated', 'authenticated', ${`approver-${id.slice(0, 8)}@test.local`})`;
      await sql`insert into public.workspace_members (workspace_id, user_id, role) values (${workspaceId}, ${id}, 'approver')`;
    }
    const ROUNDS = 40;
    let oneDecision = 0;
    const wrong: string[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const request = { tool: "openai-api", action: "generate:text", arguments: { i }, call_hash: createHash("sha256").update(`${i}-${randomBytes(4).toString("hex")}`).digest("hex") };
      const claims = JSON.stringify({ sub: agentId, role: "authenticated", aud: "authenticated", actor: "agent", workspace_id: workspaceId, key_id: key.id });
      const [{ result }] = await sql`select private.authorize(${sql.json(request)}) as result
        from (select set_config('request.jwt.claims', ${claims}, true)) c`;
      const approvalId = (result as { approval_id?: string; approval?: { id: string } }).approval_id ?? (result as { approval?: { id: string } }).approval?.id;
      expect(approvalId, JSON.stringify(result)).toBeDefined();
      const outcomes = await Promise.allSettled([
        wide`select private.decide_approval(${approvalId}, 'approve') as r
          from (select set_config('request.jwt.claims', ${JSON.stringify({ sub: approvers[0], role: "authenticated" })}, true)) c`,
        wide`select private.decide_approval(${approvalId}, 'reject') as r
          from (select set_config('request.jwt.claims', ${JSON.stringify({ sub: approvers[1], role: "authenticated" })}, true)) c`,
      ]);
      const won = outcomes.filter((o) => o.status === "fulfilled" && (o.value[0].r as { final?: boolean }).final);
      const lost = outcomes.filter((o) => o.status === "rejected" && ["AO409"].includes((o.reason as { code?: string }).code ?? ""));
      const [approval] = await sql`select approval_status as status, (select count(*)::int from public.approval_votes v where v.approval_id = a.id) as votes
                                   from public.approvals a where a.id = ${approvalId}`;
      const winner = won.length === 1 ? ((won[0] as PromiseFulfilledResult<{ r: { approval: { status?: string; approval_status?: string } } }[]>).value[0].r) : undefined;
      if (won.length === 1 && lost.length === 1 && approval.votes === 1 && ["approved", "rejected"].includes(approval.status)) oneDecision++;
      else wrong.push(`round ${i}: ${won.length} won, ${lost.length} refused, ${approval.votes} votes, status ${approval.status} ${JSON.stringify(winner)?.slice(0, 100)}`);
    }
    const [chain] = await sql`select * from private.verify_governance_audit_chain(${workspaceId})`.catch(() => [{ ok: null }]);
    figures.approvals = { rounds: ROUNDS, one_decision: oneDecision, audit_chain_ok: chain?.ok };
    expect(wrong).toEqual([]);
    expect(oneDecision).toBe(ROUNDS);
    if (chain?.ok !== null) expect(chain.ok).toBe(true);
  });
});
