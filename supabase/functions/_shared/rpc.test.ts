// rpc(): one SQL call, its result always through the response schema, against the real test
// database. A result that breaks the contract never reaches a client; what the driver returns is
// compared as the answer carries it (timestamps as ISO strings, bigints as numbers); RLS applies
// when it runs as the caller.
import assert from "node:assert/strict";
import { z } from "zod";
import { notFound } from "./errors.ts";
import { rpc } from "./rpc.ts";
import { createUser, test } from "./testing.ts";

test("a result that matches the schema is answered in the schema's shape", async () => {
  const schema = z.object({ n: z.number(), at: z.string(), big: z.number() });
  const result = await rpc("privileged", schema, (sql) =>
    sql`select jsonb_build_object('n', 1, 'extra', true) || jsonb_build_object('at', '2026-01-01T00:00:00Z', 'big', 2) as result`);
  assert.deepEqual(result, { n: 1, at: "2026-01-01T00:00:00Z", big: 2 }); // keys the schema does not name are not answered
  const rows = await rpc("privileged", schema, (sql) => sql`select 1 as n, timestamptz '2026-01-01 00:00:00+00' as at, 9007199254740991::bigint as big`, {
    shape: ([row]) => row,
  });
  assert.deepEqual(rows, { n: 1, at: "2026-01-01T00:00:00.000Z", big: 9007199254740991 });
});

test("a result that breaks the schema is an error, never an answer", async () => {
  await assert.rejects(
    rpc("privileged", z.object({ n: z.number() }), (sql) => sql`select jsonb_build_object('n', 'one') as result`),
    /does not match the response schema/,
  );
});

test("no result is the route's error when it names one", async () => {
  await assert.rejects(
    rpc("privileged", z.object({ n: z.number() }), (sql) => sql`select 1 as result where false`, { missing: () => notFound("nothing", "no row") }),
    (err: unknown) => err instanceof Error && "status" in err && err.status === 404,
  );
});

test("as the caller: the call runs as role authenticated with the caller's claims", async () => {
  const userId = await createUser();
  const result = await rpc(
    { kind: "user", userId, claims: { sub: userId, role: "authenticated" } },
    z.object({ role: z.string(), uid: z.string() }),
    (tx) => tx`select jsonb_build_object('role', current_user, 'uid', auth.uid()) as result`,
  );
  assert.deepEqual(result, { role: "authenticated", uid: userId });
});

test("privileged: several statements asked for as one transaction leave nothing behind when one fails", async () => {
  const probe = `rpc_tx_probe_${crypto.randomUUID().replaceAll("-", "")}`;
  await assert.rejects(
    rpc("privileged", z.object({ n: z.number() }), async (tx) => {
      await tx`create temporary table ${tx(probe)} (k text)`;
      return await tx`select 1 / 0 as result`;
    }, { transaction: true }),
  );
  // without the transaction the table would stay (in the pool's session); with it, its creation
  // was rolled back with the statement that failed
  const rows = await rpc("privileged", z.object({ n: z.number() }), (sql) =>
    sql`select jsonb_build_object('n', (select count(*) from pg_class where relname = ${probe})) as result`);
  assert.equal(rows.n, 0);
});
