// Property-based fuzzing of the database functions themselves, bypassing zod (as any other client
// would: Studio, psql, a cron job, a future function). Found in the catalog:
//   * every function the Edge Functions call with a client's JSON (private, jsonb parameter):
//     hostile JSON and mutations of a valid payload either succeed or raise an error the functions
//     answer with a 4xx (toApiError), never one that would be a 500;
//   * every function the API exposes over PostgREST (public and analytics, executable by
//     authenticated), called by a member with hostile arguments: never an error PostgREST answers
//     with a 5xx.
// Each call runs in a transaction that is rolled back.
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toApiError } from "../../supabase/functions/_shared/db.ts";
import { ApiError } from "../../supabase/functions/_shared/errors.ts";
import { hostileJson, hostileNumber, hostileString, mutationsOf } from "./arbitraries.ts";
import { connect, Tally, type World, world } from "./helpers.ts";

const sql = connect();
const tally = new Tally("fuzz-sql.test.ts");
let w: World;

type Fn = { signature: string; name: string; schema: string; args: { name: string; type: string }[] };

async function functions(where: string): Promise<Fn[]> {
  const rows = await sql.unsafe<{ signature: string; name: string; schema: string; names: string[] | null; types: string[] }[]>(`
    select p.oid::regprocedure::text as signature, p.proname as name, n.nspname as schema, p.proargnames as names,
      array(select format_type(t, null) from unnest(p.proargtypes::oid[]) with ordinality u (t, i) order by i) as types
    from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where p.prokind = 'f' and p.prorettype not in ('trigger'::regtype, 'event_trigger'::regtype)
      and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
      and ${where}
    order by 1`);
  return rows.map((r) => ({ signature: r.signature, name: r.name, schema: r.schema, args: r.types.map((type, i) => ({ name: r.names?.[i] ?? "", type })) }));
}

/** Valid payloads of the functions the Edge Functions call, as seeds for mutation. */
function seed(fn: string): unknown | undefined {
  const at = new Date().toISOString();
  switch (fn) {
    case "ingest_runs":
      return [{ run_key: `sql-${randomUUID()}`, status: "succeeded", started_at: at, ended_at: at, tokens_in: 5, tokens_out: 2, model: "gpt-4o-mini", metadata: { a: 1 },
        spans: [{ span_key: "a", kind: "llm", name: "chat", started_at: at }, { span_key: "b", parent_span_key: "a", kind: "tool", name: "search", started_at: at }] }];
    case "ingest_metric_samples":
      return [{ metric_type: "latency.ms", value: 12.5, unit: "ms", metadata: {}, recorded_at: at }];
    case "ingest_n8n_execution":
      return { execution_id: "77", workflow_id: "wf-sql", workflow_name: "SQL fuzz", status: "error", started_at: at, stopped_at: at, error_message: "boom", retry_of: "76" };
    case "authorize":
      return { tool: "openai-api", action: "generate:text", arguments: { prompt: "x" }, call_hash: "a".repeat(64), estimated_cost_usd: 0.5, estimated_tokens: 10, reason: "why" };
    case "record_activity":
      return [{ event_type: "page_view", event_name: "open", page_path: "/runs", workspace_id: w.a.id, session_id: randomUUID(), metadata: {}, created_at: at }];
    case "record_evaluation":
      return { run_key: "sec-run-done", workspace_id: w.a.id, evaluator_vendor: "probe", model_version: "v1", quality_score: 50, reliability_score: 60, value_score: 70, verdict: "pass" };
    case "record_efficiency_measurement":
      return { run_key: "sec-run-done", workspace_id: w.a.id, throughput_per_hour: 1, success_rate: 0.5, latency_p50_ms: 1, latency_p95_ms: 2, cpu_seconds: 1, memory_mb_avg: 10 };
    default:
      return undefined;
  }
}

/** Arguments by parameter name: workspace A's ids, the JSON under test, harmless values elsewhere. */
function argsFor(fn: Fn, json: unknown): unknown[] {
  return fn.args.map(({ name, type }) => {
    if (type === "jsonb" || type === "json") return json;
    if (type === "uuid") {
      if (/workspace/.test(name)) return w.a.id;
      if (/key/.test(name)) return w.a.agent.keyId;
      if (/agent/.test(name)) return w.a.agent.agentId;
      if (/user|approver|actor|by/.test(name)) return w.a.admin;
      return randomUUID();
    }
    if (type === "text") {
      return /webhook/.test(name) ? `msg_${randomUUID()}` : /source/.test(name) ? "agent" : /report/.test(name) ? "runs" : /event_type/.test(name) ? "run.failed" : "probe";
    }
    if (/int|numeric|double/.test(type)) return 1;
    if (type === "boolean") return false;
    if (type.startsWith("timestamp")) return new Date().toISOString();
    if (type.endsWith("[]")) return null;
    return null;
  });
}

function castList(fn: Fn): string {
  return fn.args.map((a, i) => `$${i + 1}::${a.type}`).join(", ");
}

/** Runs one call as the given claims in a transaction that is always rolled back; the error, if any. */
async function attempt(fn: Fn, args: unknown[], claims: Record<string, unknown> | null, role = "postgres"): Promise<unknown | undefined> {
  let error: unknown;
  await sql.begin(async (tx) => {
    if (claims) await tx`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
    if (role !== "postgres") await tx.unsafe(`set local role ${role}`);
    try {
      // JSON parameters go as JSON whatever their JavaScript type (a bare array would be a Postgres array)
      const params = args.map((a, i) => (/^jsonb?$/.test(fn.args[i].type) && a !== null ? tx.json(a as never) : a));
      await tx.unsafe(`select ${fn.schema}.${fn.name}(${castList(fn)})`, params as never[]);
    } catch (err) {
      error = err;
    }
    throw new Error("rollback");
  }).catch((err) => {
    if ((err as Error).message !== "rollback") error ??= err;
  });
  return error;
}

const ALLOWED_500_CLASSES_IN_POSTGREST = ["08", "09", "25", "2D", "38", "39", "3B", "40", "53", "54", "55", "57", "58", "F0", "HV", "P0", "XX"];

beforeAll(async () => {
  w = await world(sql);
  await sql`insert into public.executions (workspace_id, agent_id, run_key, status) values (${w.a.id}, ${w.a.agent.agentId}, 'sec-run-0', 'running')`;
  await sql`insert into public.executions (workspace_id, agent_id, run_key, status, started_at, ended_at)
            values (${w.a.id}, ${w.a.agent.agentId}, 'sec-run-done', 'succeeded', now() - interval '1 minute', now())`;
});
afterAll(async () => {
  tally.print();
  await sql.end();
});

describe("the database's own functions answer hostile input with a client error", () => {
  it("functions the Edge Functions call with a client's JSON: success or a 4xx, never a 500", async () => {
    const fns = await functions(`n.nspname = 'private' and p.prosecdef and has_function_privilege('service_role', p.oid, 'execute')
      and exists (select 1 from unnest(p.proargtypes::oid[]) t where t in ('jsonb'::regtype, 'json'::regtype))`);
    expect(fns.map((f) => f.name)).toEqual(expect.arrayContaining(["ingest_runs", "ingest_n8n_execution"]));
    const failures: string[] = [];
    const admin = { sub: w.a.admin, role: "authenticated", aud: "authenticated" };
    const agent = { sub: w.a.agent.agentId, role: "authenticated", aud: "authenticated", actor: "agent", workspace_id: w.a.id, key_id: w.a.agent.keyId };
    for (const fn of fns) {
      const valid = seed(fn.name);
      // positive control: the valid payload goes through (where the test knows one)
      if (valid !== undefined) {
        // as each is called: evaluations and activity as a member, the agent functions with the agent's claims (their caller, never an argument)
        const as = fn.name.startsWith("record_evaluation") || fn.name.startsWith("record_eff") || fn.name === "record_activity"
          ? admin
          : ["ingest_runs", "ingest_metric_samples", "authorize"].includes(fn.name) ? agent : null;
        const err = await attempt(fn, argsFor(fn, valid), as);
        expect(err, `${fn.signature} with a valid payload: ${String((err as Error)?.message)}`).toBeUndefined();
      }
      const payloads = valid === undefined ? hostileJson : fc.oneof(mutationsOf(valid), hostileJson);
      await fc.assert(fc.asyncProperty(payloads, fc.constantFrom(null, admin, agent), async (json, claims) => {
        const err = await attempt(fn, argsFor(fn, json), claims);
        tally.add("hostile SQL payloads");
        if (err === undefined) return;
        const mapped = toApiError(err);
        if (!(mapped instanceof ApiError) || mapped.status >= 500) {
          const e = err as { code?: string; message?: string };
          failures.push(`${fn.signature}: ${e.code} ${e.message} <- ${JSON.stringify(json)?.slice(0, 300)}`);
        }
      }), { numRuns: valid === undefined ? 20 : 60 });
    }
    expect(failures).toEqual([]);
  });

  it("functions exposed over PostgREST, called by a member with hostile arguments: never a 5xx there", async () => {
    const fns = await functions(`n.nspname in ('public', 'analytics') and has_function_privilege('authenticated', p.oid, 'execute')`);
    expect(fns.length).toBeGreaterThan(0);
    const failures: string[] = [];
    const member = { sub: w.a.admin, role: "authenticated", aud: "authenticated" };
    for (const fn of fns) {
      if (fn.args.some((a) => !/^(uuid|text|integer|bigint|numeric|double precision|boolean|jsonb|timestamp with time zone|integer\[\]|numeric\[\]|text\[\]|extensions\.vector|vector)$/.test(a.type))) continue;
      const arg = (type: string, name: string) => {
        if (type === "uuid") return fc.constantFrom(w.a.id, w.b.id, randomUUID(), w.a.agent.agentId, null);
        if (type === "text") return fc.oneof(hostileString, fc.constant(null));
        if (/int/.test(type) && !type.endsWith("[]")) return fc.oneof(fc.integer(), fc.constantFrom(-1, 0, 2 ** 31 - 1, null));
        if (/numeric|double/.test(type) && !type.endsWith("[]")) return fc.oneof(hostileNumber.filter(Number.isFinite), fc.constant(null));
        if (type === "boolean") return fc.boolean();
        if (type.startsWith("timestamp")) return fc.constantFrom("2026-01-01T00:00:00Z", "infinity", "-infinity", "0001-01-01T00:00:00Z", null);
        if (type.endsWith("[]")) return fc.oneof(fc.array(fc.integer({ min: -1000, max: 1_000_000 }), { maxLength: 40 }).map((a) => `{${a.join(",")}}`), fc.constantFrom("{}", null));
        if (/vector/.test(type)) return fc.constantFrom("[1,2,3]", "[]", "[NaN]", `[${Array(1536).fill(0.1).join(",")}]`, null);
        return fc.constant(hostileJson);
      };
      const argArbs = fn.args.map((a) => arg(a.type, a.name));
      await fc.assert(fc.asyncProperty(fc.tuple(...(argArbs as [fc.Arbitrary<unknown>])), async (args) => {
        const err = await attempt(fn, args as unknown[], member, "authenticated");
        tally.add("hostile RPC arguments");
        const code = (err as { code?: string } | undefined)?.code;
        if (code && ALLOWED_500_CLASSES_IN_POSTGREST.some((c) => code.startsWith(c)) && code !== "P0001") {
          failures.push(`${fn.signature}: ${code} ${(err as Error).message} <- ${JSON.stringify(args).slice(0, 300)}`);
        }
      }), { numRuns: 25 });
    }
    expect(failures).toEqual([]);
  });
});
