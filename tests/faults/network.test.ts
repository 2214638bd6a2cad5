// The other faults of a running system, each during sustained ingestion through the client:
//   * the functions' connections to Postgres cut mid-request (a pooler restart, a network blip);
//   * the client's connections cut after the request reached the server (the server stored the
//     batch, the client never heard: its retry must not store it twice);
//   * statements running into the database's statement_timeout (a row lock held too long);
//   * the functions server killed with SIGKILL and started again.
// Afterwards: every acknowledged run stored exactly once, every recorded run stored, no run's spans
// or token usage counted twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TcpProxy } from "./proxy.ts";
import { FaultStack, type Sql } from "./stack.ts";
import { type Agent, between, fixture, report, sleep, verify, Workload } from "./workload.ts";

const ROUNDS = Number(process.env.FAULT_ROUNDS ?? 8);
let stack: FaultStack;
let sql: Sql;
let front: TcpProxy;
let workspaceId: string;
let agents: Agent[];

beforeAll(async () => {
  stack = await FaultStack.create({ proxyDb: true });
  sql = stack.connect(4, { connection: { statement_timeout: 0 } });
  front = new TcpProxy(stack.fnPort);
  await front.listen();
  ({ workspaceId, agents } = await fixture(sql, 3));
}, 180_000);

afterAll(async () => {
  await sql?.end({ timeout: 1 }).catch(() => {});
  await front?.close();
  await stack?.destroy();
});

describe("connection drops, statement timeouts and a restarted functions server during ingestion", () => {
  it("the client recovers from each; nothing acknowledged is lost, nothing is stored twice", async () => {
    const load = new Workload(`http://127.0.0.1:${front.port}/functions/v1`, agents);
    const figures: Record<string, unknown> = {};
    const snapshot = () => ({ ...load.ledger.responses });
    const delta = (before: Record<string, number>) =>
      Object.fromEntries(Object.entries(load.ledger.responses).map(([k, v]) => [k, v - (before[k] ?? 0)]).filter(([, v]) => Number(v) > 0));
    load.start();
    await sleep(1_000);

    // 1. the functions' database connections cut, again and again
    let before = snapshot();
    let cut = 0;
    for (let i = 0; i < ROUNDS; i++) {
      await sleep(between(300, 900));
      cut += stack.dbProxy!.dropAll();
    }
    figures.database_connections_cut = { rounds: ROUNDS, connections: cut, responses: delta(before) };

    // 2. answers lost on the way back: the server did the work, the client saw the connection die
    before = snapshot();
    front.cutAnswers = 0.3;
    await sleep(ROUNDS * 600);
    front.cutAnswers = 0;
    figures.answers_cut = { connections: front.cuts, responses: delta(before) };

    // 3. statement timeouts: a lock on the agents' rows held past the functions' statement_timeout
    before = snapshot();
    await sql`alter role postgres set statement_timeout = '1s'`;
    stack.dbProxy!.dropAll(); // new sessions take the setting
    let timeouts = 0;
    for (let i = 0; i < Math.ceil(ROUNDS / 2); i++) {
      await sql.begin(async (tx) => {
        await tx`select 1 from public.agents where workspace_id = ${workspaceId} for update`;
        await tx`select pg_sleep(2.5)`;
      });
      timeouts++;
      await sleep(between(200, 600));
    }
    await sql`alter role postgres reset statement_timeout`;
    stack.dbProxy!.dropAll();
    figures.statement_timeouts = { locks_held: timeouts, responses: delta(before) };

    // 4. the functions server killed mid-request and started again
    before = snapshot();
    for (let i = 0; i < Math.ceil(ROUNDS / 2); i++) {
      await sleep(between(500, 1_200));
      await stack.killFunctions();
      await sleep(between(100, 500));
      await stack.startFunctions();
    }
    figures.functions_restarts = { restarts: Math.ceil(ROUNDS / 2), responses: delta(before) };

    await sleep(1_000);
    await load.stop();
    const verdict = await verify(sql, workspaceId, load.ledger);
    report("network", { ...figures, ...verdict });
    expect((figures.statement_timeouts as { responses: Record<string, number> }).responses["503"], "statement timeouts were hit").toBeGreaterThan(0);
    expect(verdict.acknowledged).toBeGreaterThan(1_000);
    expect(verdict.acknowledgedLost).toBe(0);
    expect(verdict.notStored).toBe(0);
    expect(verdict.givenUp).toBe(0);
    expect(verdict.duplicates).toBe(0);
    expect(verdict.spanMismatches).toBe(0);
    expect(verdict.tokenMismatches).toBe(0);
    expect(load.ledger.responses["500"] ?? 0, "no fault surfaced as a 500").toBe(0);
  }, 30 * 60_000);
});
