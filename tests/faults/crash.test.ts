// Postgres killed with SIGKILL (postmaster and every backend) in the middle of sustained ingestion
// through the client, then started again, cycle after cycle (FAULT_CYCLES, default 25). After each
// restart, before any retry could mask a loss, every run the server had acknowledged before the
// kill is in the database; in the end the clients' retries have stored every other run, none twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FaultStack, type Sql } from "./stack.ts";
import { between, fixture, missingAcknowledged, report, sleep, verify, Workload } from "./workload.ts";

const CYCLES = Number(process.env.FAULT_CYCLES ?? 25);
let stack: FaultStack;
let sql: Sql;

beforeAll(async () => {
  stack = await FaultStack.create();
  sql = stack.connect();
}, 180_000);

afterAll(async () => {
  await sql?.end({ timeout: 1 }).catch(() => {});
  await stack?.destroy();
});

describe("Postgres killed with SIGKILL during sustained ingestion", () => {
  it(`loses no acknowledged run and stores nothing twice over ${CYCLES} crash cycles`, async () => {
    const { workspaceId, agents } = await fixture(sql, 3);
    const load = new Workload(stack.functionsUrl, agents);
    load.start();
    const lostAfterRestart = new Set<string>();
    let killed = 0;
    const recoveries: number[] = [];
    const t0 = Date.now();
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      await sleep(between(700, 2_000));
      const acknowledged = [...load.ledger.acknowledged];
      killed += await stack.killPostgres();
      await sql.end({ timeout: 0 }).catch(() => {});
      await sleep(between(100, 800));
      recoveries.push(await stack.restartPostgres());
      sql = stack.connect();
      for (const k of await missingAcknowledged(sql, workspaceId, acknowledged)) lostAfterRestart.add(k);
    }
    await sleep(1_000);
    await load.stop();
    const verdict = await verify(sql, workspaceId, load.ledger);
    const figures = {
      cycles: CYCLES,
      processes_killed: killed,
      seconds: Math.round((Date.now() - t0) / 1000),
      median_recovery_ms: recoveries.sort((a, b) => a - b)[Math.floor(recoveries.length / 2)],
      acknowledged_missing_after_restart: lostAfterRestart.size,
      ...verdict,
      responses: load.ledger.responses,
    };
    report("crash", figures);
    expect(verdict.acknowledged).toBeGreaterThan(CYCLES * 50);
    expect(lostAfterRestart.size).toBe(0);
    expect(verdict.acknowledgedLost).toBe(0);
    expect(verdict.notStored).toBe(0);
    expect(verdict.givenUp).toBe(0);
    expect(verdict.duplicates).toBe(0);
    expect(verdict.spanMismatches).toBe(0);
    expect(verdict.tokenMismatches).toBe(0);
  }, 60 * 60_000);
});
