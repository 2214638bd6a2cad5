// @ts-check
// The tenants of the benchmark: workspaces with their people, agents (with an API key each and
// quotas high enough that the load is never refused), n8n signing secrets and workflows. Also
// the lookup tables of the `bench` schema that the set-based generators join against. The
// `bench` schema exists only in the benchmark's throw-away database.
import { createHash } from "node:crypto";
import { Rng } from "./rng.mjs";

/** @typedef {import("./stack.mjs").Sql} Sql */

/**
 * @typedef {{ ord: number, id: string, slug: string, ownerId: string, memberIds: string[], webhookSecret: string, workflowIds: string[] }} BenchWorkspace
 * @typedef {{ ord: number, id: string, workspaceId: string, slug: string, apiKey: string, keyId: string }} BenchAgent
 * @typedef {{ workspaces: BenchWorkspace[], agents: BenchAgent[], models: string[] }} World
 */

export const SHAPE = {
  workspaces: 10,
  agentsPerWorkspace: 20,
  usersPerWorkspace: 10,
  workflowsPerWorkspace: 5,
};

/** Models the generated runs report (all priced by the model_prices rows the migrations ship). */
export const MODELS = ["gpt-4o-mini", "gpt-4o", "gpt-4.1", "claude-3-5-haiku", "claude-3-5-sonnet", "gemini-1.5-flash"];

const sha256 = (/** @type {string} */ s) => createHash("sha256").update(s).digest("hex");

/**
 * @param {Sql} sql
 * @param {string} seed
 * @returns {Promise<World>}
 */
export async function createWorld(sql, seed) {
  const rng = new Rng(`world:${seed}`);
  /** @type {BenchWorkspace[]} */
  const workspaces = [];
  /** @type {BenchAgent[]} */
  const agents = [];
  /** @type {{ id: string, email: string }[]} */
  const users = [];
  /** @type {{ workspace_id: string, user_id: string, role: string }[]} */
  const members = [];
  /** @type {{ id: string, workspace_id: string, name: string, n8n_workflow_id: string, status: string }[]} */
  const workflows = [];
  for (let w = 0; w < SHAPE.workspaces; w++) {
    const memberIds = Array.from({ length: SHAPE.usersPerWorkspace }, () => rng.uuid());
    memberIds.forEach((id, u) => users.push({ id, email: `user${u}@ws${w}.bench.local` }));
    const ws = {
      ord: w,
      id: rng.uuid(),
      slug: `bench-ws-${w}`,
      ownerId: memberIds[0],
      memberIds,
      webhookSecret: `whsec_${Buffer.from(rng.alnum(32)).toString("base64")}`,
      workflowIds: Array.from({ length: SHAPE.workflowsPerWorkspace }, () => rng.uuid()),
    };
    workspaces.push(ws);
    memberIds.slice(1).forEach((id, u) => members.push({ workspace_id: ws.id, user_id: id, role: u < 2 ? "admin" : u < 4 ? "approver" : "member" }));
    ws.workflowIds.forEach((id, f) => workflows.push({ id, workspace_id: ws.id, name: `Bench workflow ${f}`, n8n_workflow_id: `wf-${w}-${f}`, status: "active" }));
    for (let a = 0; a < SHAPE.agentsPerWorkspace; a++) {
      const prefix = `ak_${rng.alnum(8)}`;
      agents.push({
        ord: agents.length,
        id: rng.uuid(),
        workspaceId: ws.id,
        slug: `agent-${a}`,
        apiKey: `${prefix}_${rng.alnum(40)}`,
        keyId: rng.uuid(),
      });
    }
  }

  await sql.begin(async (tx) => {
    await tx`insert into auth.users ${tx(users.map((u) => ({ ...u, aud: "authenticated", role: "authenticated" })))}`;
    await tx`insert into public.workspaces ${tx(workspaces.map((w) => ({ id: w.id, slug: w.slug, name: `Bench ${w.ord}`, plan: "enterprise", created_by: w.ownerId })))}`;
    await tx`insert into public.workspace_members ${tx(members)}`;
    // quotas far above the load: the bench measures throughput, not refusals
    await tx`insert into public.agents ${tx(agents.map((a) => ({
      id: a.id, workspace_id: a.workspaceId, slug: a.slug, name: `Bench agent ${a.ord}`, agent_group: `group-${a.ord % 4}`,
      escalation_level: 1, capabilities: ["generate:text", "search:web", "estimate:cost"], tools_granted: ["openai-api", "search-api"],
      requests_per_minute: 1_000_000_000, tokens_per_day: 1_000_000_000_000_000, cost_per_month: 999_999_999,
    })))}`;
    await tx`insert into public.agent_api_keys ${tx(agents.map((a) => ({
      id: a.keyId, workspace_id: a.workspaceId, agent_id: a.id, name: "bench", prefix: a.apiKey.slice(0, 11), key_hash: sha256(a.apiKey),
    })))}`;
    await tx`insert into private.webhook_secrets ${tx(workspaces.map((w) => ({ workspace_id: w.id, purpose: "n8n", secret: w.webhookSecret })))}`;
    await tx`insert into public.workflows ${tx(workflows)}`;

    await tx`create schema bench`;
    await tx`create table bench.workspace_map (ord int primary key, id uuid not null)`;
    await tx`create table bench.agent_map (ord int primary key, id uuid not null, workspace_id uuid not null, ws_ord int not null)`;
    await tx`create table bench.user_map (ws_ord int, ord int, id uuid not null, primary key (ws_ord, ord))`;
    await tx`create table bench.workflow_map (ws_ord int, ord int, id uuid not null, primary key (ws_ord, ord))`;
    await tx`create table bench.model_map (ord int primary key, name text not null, price_id uuid not null, input_per_mtok numeric not null, output_per_mtok numeric not null)`;
    await tx`insert into bench.workspace_map ${tx(workspaces.map((w) => ({ ord: w.ord, id: w.id })))}`;
    await tx`insert into bench.agent_map ${tx(agents.map((a) => ({ ord: a.ord, id: a.id, workspace_id: a.workspaceId, ws_ord: Math.floor(a.ord / SHAPE.agentsPerWorkspace) })))}`;
    await tx`insert into bench.user_map ${tx(workspaces.flatMap((w) => w.memberIds.map((id, u) => ({ ws_ord: w.ord, ord: u, id }))))}`;
    await tx`insert into bench.workflow_map ${tx(workspaces.flatMap((w) => w.workflowIds.map((id, f) => ({ ws_ord: w.ord, ord: f, id }))))}`;
    for (const [ord, name] of MODELS.entries()) {
      await tx`
        insert into bench.model_map (ord, name, price_id, input_per_mtok, output_per_mtok)
        select ${ord}, ${name}, p.id, p.input_per_mtok, p.output_per_mtok
        from private.find_model_price(null, ${name}, now()) p where p.id is not null`;
    }
    // a uniform double in [0, 1) from (row number, salt): deterministic and parallel-safe, unlike random()
    await tx`
      create function bench.rnd(g bigint, salt int) returns double precision
      language sql immutable parallel safe
      as $$ select ((hashint8extended(g, salt) >> 11) & 9007199254740991)::double precision / 9007199254740992.0 $$`;
  });
  const [{ n }] = await sql`select count(*)::int as n from bench.model_map`;
  if (n !== MODELS.length) throw new Error(`only ${n} of ${MODELS.length} bench models have a price row: update MODELS`);
  return { workspaces, agents, models: MODELS };
}
