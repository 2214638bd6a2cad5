// Sustained ingestion through the real client (shared/client: buffering, retries with the same
// run keys), with a record of what the server acknowledged, and the checks every fault test ends
// with: every acknowledged run present exactly once, every run the clients recorded stored in the
// end, each with exactly its spans, and the agents' token usage equal to the tokens of their runs
// (a retried batch that had been stored counted nothing twice).
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AgentOpsClient, type Run } from "../../shared/client/index.ts";
import type { Sql } from "./stack.ts";

export type Agent = { agentId: string; apiKey: string };

/** A workspace with n agents (limits out of the way) and their keys. */
export async function fixture(sql: Sql, n: number): Promise<{ workspaceId: string; agents: Agent[] }> {
  const userId = randomUUID();
  const tag = userId.slice(0, 8);
  await sql`insert into auth.users (id, aud, role, email) values (${userId}, 'authenticated', 'authenticated', ${`faults-${tag}@test.local`})`;
  const [ws] = await sql`insert into public.workspaces (slug, name, created_by) values (${`faults-${tag}`}, 'faults', ${userId}) returning id`;
  const agents: Agent[] = [];
  for (let i = 0; i < n; i++) {
    const [a] = await sql`
      insert into public.agents (workspace_id, slug, name, escalation_level, capabilities, tools_granted, requests_per_minute, tokens_per_day, cost_per_month)
      values (${ws.id}, ${`fault-agent-${i}`}, ${`fault agent ${i}`}, 1, array['generate:text'], array['openai-api'], 1000000, 1000000000000, 9000000000)
      returning id`;
    const prefix = `ak_${randomBytes(4).toString("hex")}`;
    const apiKey = `${prefix}_${randomBytes(32).toString("base64url")}`;
    await sql`insert into public.agent_api_keys (workspace_id, agent_id, prefix, key_hash)
              values (${ws.id}, ${a.id}, ${prefix}, ${createHash("sha256").update(apiKey).digest("hex")})`;
    agents.push({ agentId: String(a.id), apiKey });
  }
  return { workspaceId: String(ws.id), agents };
}

export type Ledger = {
  recorded: Set<string>;
  acknowledged: Set<string>;
  givenUp: string[];
  responses: Record<string, number>;
};

export class Workload {
  readonly ledger: Ledger = { recorded: new Set(), acknowledged: new Set(), givenUp: [], responses: {} };
  private clients: AgentOpsClient[];
  private timer?: ReturnType<typeof setInterval>;
  private seq = 0;

  constructor(url: string | (() => string), agents: Agent[], private readonly perTick = 3) {
    const count = (k: string) => (this.ledger.responses[k] = (this.ledger.responses[k] ?? 0) + 1);
    const recordingFetch: typeof fetch = async (input, init) => {
      try {
        const res = await fetch(input, init);
        count(String(res.status));
        if (res.status === 200 && String(input).endsWith("/ingest/runs")) {
          const body = (await res.clone().json()) as { runs: { run_key: string }[] };
          for (const r of body.runs) this.ledger.acknowledged.add(r.run_key);
        }
        return res;
      } catch (err) {
        count("network error");
        throw err;
      }
    };
    this.clients = agents.map((a) =>
      new AgentOpsClient({
        url: typeof url === "string" ? url : url(),
        apiKey: a.apiKey,
        fetch: recordingFetch,
        batchSize: 25,
        flushIntervalMs: 0,
        maxRetryMs: 10 * 60_000,
        baseBackoffMs: 50,
        maxBackoffMs: 1_000,
        onError: (_err, runs) => this.ledger.givenUp.push(...runs.map((r) => r.run_key)),
      })
    );
  }

  private run(): Run {
    const run_key = `fault-${this.seq++}-${randomUUID().slice(0, 8)}`;
    const at = new Date().toISOString();
    this.ledger.recorded.add(run_key);
    return {
      run_key, status: "succeeded", started_at: at, ended_at: at, model: "gpt-4o-mini", tokens_in: 100 + (this.seq % 50), tokens_out: 7,
      spans: [
        { span_key: "plan", kind: "thought", name: "plan", started_at: at },
        { span_key: "llm", parent_span_key: "plan", kind: "llm", name: "chat", started_at: at, gen_ai_usage_input_tokens: 100 },
      ],
    };
  }

  /** Records perTick runs per client every tickMs and flushes, until stop(). */
  start(tickMs = 40) {
    this.timer = setInterval(() => {
      for (const c of this.clients) {
        for (let i = 0; i < this.perTick; i++) c.record(this.run());
        void c.flush().catch(() => {});
      }
    }, tickMs);
  }

  /** Stops recording and waits until every client has sent (or given up on) everything. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all(this.clients.map((c) => c.shutdown()));
  }
}

export type Verdict = {
  recorded: number;
  acknowledged: number;
  acknowledgedLost: number;
  notStored: number;
  duplicates: number;
  spanMismatches: number;
  tokenMismatches: number;
  givenUp: number;
};

/** The end-of-test checks over the workspace. */
export async function verify(sql: Sql, workspaceId: string, ledger: Ledger): Promise<Verdict> {
  const rows = await sql<{ run_key: string; copies: number; spans: number }[]>`
    select e.run_key, count(*) over (partition by e.run_key)::int as copies,
      (select count(*)::int from public.execution_spans s where s.execution_id = e.id) as spans
    from public.executions e where e.workspace_id = ${workspaceId}`;
  const stored = new Map(rows.map((r) => [r.run_key, r]));
  const [tokens] = await sql<{ mismatches: number }[]>`
    select count(*)::int as mismatches from (
      select a.id,
        coalesce((select sum(u.tokens_used) from public.agent_usage u where u.agent_id = a.id), 0) as used,
        coalesce((select sum(e.tokens_in + e.tokens_out) from public.executions e where e.agent_id = a.id), 0) as runs
      from public.agents a where a.workspace_id = ${workspaceId}
    ) x where x.used <> x.runs`;
  return {
    recorded: ledger.recorded.size,
    acknowledged: ledger.acknowledged.size,
    acknowledgedLost: [...ledger.acknowledged].filter((k) => !stored.has(k)).length,
    notStored: [...ledger.recorded].filter((k) => !stored.has(k)).length,
    duplicates: rows.filter((r) => r.copies > 1).length + (rows.length - stored.size),
    spanMismatches: rows.filter((r) => r.spans !== 2).length,
    tokenMismatches: tokens.mismatches,
    givenUp: ledger.givenUp.length,
  };
}

/** Which acknowledged runs are missing right now (checked after a restart, before retries could hide a loss). */
export async function missingAcknowledged(sql: Sql, workspaceId: string, keys: string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await sql<{ k: string }[]>`
    select k from unnest(${keys}::text[]) k
    where not exists (select 1 from public.executions e where e.workspace_id = ${workspaceId} and e.run_key = k)`;
  return rows.map((r) => r.k);
}

/** Figures of a run, written where scripts/test-faults.mjs collects them. */
export function report(name: string, figures: Record<string, unknown>) {
  console.log(`[faults] ${name}: ${JSON.stringify(figures)}`);
  const dir = process.env.FAULT_RESULTS_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(figures, null, 2));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const between = (lo: number, hi: number) => lo + Math.random() * (hi - lo);
