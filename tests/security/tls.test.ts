// Seed 002's "encrypted connections only", as the local stack can enforce it: a cluster made with
// tls (DB_REQUIRE_TLS=1 npm start, or new Cluster({ tls: true })) refuses unencrypted TCP
// connections and serves encrypted ones. (Hosted projects: docs/security.md.)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as stack from "../../scripts/lib/stack.mjs";

const dir = mkdtempSync(join(tmpdir(), "agentops-tls-"));
let cluster: InstanceType<typeof stack.Cluster>;
// the cluster's bootstrap superuser (supabase_admin where the stack mirrors Supabase's roles)
const superuser = (stack as Record<string, unknown>).ADMIN_USER as string | undefined ?? "postgres";

beforeAll(async () => {
  cluster = new stack.Cluster({ dataDir: join(dir, "data"), port: await stack.freePort(), durable: false, tls: true });
}, 120_000);
afterAll(() => {
  cluster?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe("TLS required", () => {
  it("refuses a connection without TLS and serves one with it", async () => {
    cluster.init();
    cluster.start();
    expect(cluster.url).toMatch(/sslmode=require/);
    const base = `postgresql://${superuser}:postgres@127.0.0.1:${cluster.port}/postgres`;

    const plain = postgres(base, { ssl: false, max: 1, connect_timeout: 10, onnotice: () => {} });
    await expect(plain`select 1`).rejects.toThrow(/no encryption|pg_hba\.conf rejects|reject/i);
    await plain.end({ timeout: 1 });

    const tls = postgres(`${base}?sslmode=require`, { max: 1, connect_timeout: 10, onnotice: () => {} });
    const [row] = await tls`select ssl, version from pg_stat_ssl where pid = pg_backend_pid()`;
    await tls.end({ timeout: 1 });
    expect(row.ssl).toBe(true);
    expect(String(row.version)).toMatch(/^TLSv1\.[23]$/);
  }, 120_000);
});
