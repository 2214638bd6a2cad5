// Guard: the tables the documentation calls realtime are exactly the tables in the
// supabase_realtime publication (the one Supabase Realtime streams postgres_changes from), and a
// change to an agent's status really leaves the database through that publication: read back with
// pgoutput, the logical-replication plugin Realtime itself uses.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { connect } from "../e2e/helpers.ts";

const root = join(import.meta.dirname, "..", "..");
const docs = [join(root, "README.md"), ...readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md")).map((f) => join(root, "docs", f))];

/** The canonical list: docs/schema-map.md's line "Tables in the `supabase_realtime` publication: `a`, `b`." */
function documentedList(): string[] {
  const text = readFileSync(join(root, "docs", "schema-map.md"), "utf8");
  const line = text.split("\n").find((l) => l.startsWith("Tables in the `supabase_realtime` publication:"));
  if (!line) throw new Error("docs/schema-map.md lost its line 'Tables in the `supabase_realtime` publication: ...'");
  return [...line.split(":")[1].matchAll(/`(?:public\.)?([a-z_]+)`/g)].map((m) => m[1]).sort();
}

/** Tables any document mentions on a line that calls them realtime. */
function mentionedAsRealtime(tables: Set<string>): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of docs) {
    for (const line of readFileSync(file, "utf8").split("\n")) {
      if (!/realtime/i.test(line)) continue;
      for (const m of line.matchAll(/`(?:public\.)?([a-z_]+)`|public\.([a-z_]+)/g)) {
        const name = m[1] ?? m[2];
        if (tables.has(name) && /realtime/i.test(line.slice(Math.max(0, (m.index ?? 0) - 60), (m.index ?? 0) + 80))) found.set(name, `${file}: ${line.trim()}`);
      }
    }
  }
  return found;
}

const sql = connect();
afterAll(() => sql.end());

describe("realtime", () => {
  it("the publication holds exactly the tables docs/schema-map.md lists, and every table a document calls realtime", async () => {
    const published = (await sql`select tablename from pg_publication_tables where pubname = 'supabase_realtime' and schemaname = 'public' order by 1`)
      .map((r) => String(r.tablename));
    expect(documentedList()).toEqual(published);
    const tables = new Set((await sql`select tablename from pg_tables where schemaname = 'public'`).map((r) => String(r.tablename)));
    for (const [name, where] of mentionedAsRealtime(tables)) expect(published, where).toContain(name);
    expect(published).toContain("agents");
  });

  it("an agent's status change is streamed through the publication (pgoutput, as Realtime reads it)", async () => {
    const slot = `guard_realtime_${process.pid}`;
    const [{ id: workspaceId }] = await sql`select id from public.workspaces order by created_at limit 1`;
    const slug = `rt-${process.pid}-${Date.now()}`;
    await sql`select pg_create_logical_replication_slot(${slot}, 'pgoutput')`;
    try {
      // synchronous_commit on: decoding reads flushed WAL only (test clusters run with it off)
      const agent = await sql.begin(async (tx) => {
        await tx`set local synchronous_commit = on`;
        const [row] = await tx`insert into public.agents (workspace_id, slug, name) values (${workspaceId}, ${slug}, ${slug}) returning id`;
        return row;
      });
      await sql.begin(async (tx) => {
        await tx`set local synchronous_commit = on`;
        await tx`update public.agents set status = 'paused' where id = ${agent.id}`;
      });
      const changes = await sql`
        select data from pg_logical_slot_get_binary_changes(${slot}, null, null, 'proto_version', '1', 'publication_names', 'supabase_realtime')`;
      const bytes = Buffer.concat(changes.map((c) => c.data as Buffer));
      // a Relation message for public.agents, then the Insert and the Update of the row
      expect(bytes.includes(Buffer.from("agents\0"))).toBe(true);
      const kinds = changes.map((c) => String.fromCharCode((c.data as Buffer)[0]));
      expect(kinds).toContain("I");
      expect(kinds).toContain("U");
      expect(bytes.includes(Buffer.from("paused"))).toBe(true);
      await sql`delete from public.agents where id = ${agent.id}`;
    } finally {
      await sql`select pg_drop_replication_slot(${slot})`;
    }
  });
});
