// The environment as a hosted project has it: the names Supabase provides plus this project's
// secrets. The pooler URL wins over the direct one, port 6543 means a transaction pooler (no
// prepared statements), the pool is small, and a missing AGENT_JWT_SECRET fails at start.
import assert from "node:assert/strict";
import { usesTransactionPooler } from "./db.ts";
import { databaseUrl, env, resetEnvCache } from "./env.ts";
import { test } from "./testing.ts";

function withEnv(vars: Record<string, string | undefined>, fn: () => void) {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, Deno.env.get(k)]));
  try {
    for (const [k, v] of Object.entries(vars)) v === undefined ? Deno.env.delete(k) : Deno.env.set(k, v);
    resetEnvCache();
    fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) v === undefined ? Deno.env.delete(k) : Deno.env.set(k, v);
    resetEnvCache();
  }
}

test("DATABASE_URL (the pooler) is preferred to SUPABASE_DB_URL; 2 connections per isolate by default", async () => {
  const pooler = "postgresql://postgres.ref:pw@aws-0-eu-central-1.pooler.supabase.com:6543/postgres";
  withEnv({ DATABASE_URL: pooler, DB_POOL_SIZE: undefined, DB_POOL_MODE: undefined }, () => {
    assert.equal(databaseUrl(), pooler);
    assert.equal(env().DB_POOL_SIZE, 2);
    assert.equal(usesTransactionPooler(databaseUrl(), env().DB_POOL_MODE), true);
  });
  withEnv({ DATABASE_URL: undefined }, () => {
    assert.equal(databaseUrl(), Deno.env.get("SUPABASE_DB_URL"));
    assert.equal(usesTransactionPooler("postgresql://postgres:pw@db.ref.supabase.co:5432/postgres"), false);
    assert.equal(usesTransactionPooler("postgresql://postgres:pw@pooler.internal:7000/postgres", "transaction"), true);
  });
  return await Promise.resolve();
});

test("AGENT_JWT_SECRET is required, and no SUPABASE_JWT_SECRET is read", async () => {
  withEnv({ AGENT_JWT_SECRET: undefined }, () => {
    assert.throws(() => env(), /AGENT_JWT_SECRET/);
  });
  withEnv({ SUPABASE_JWT_SECRET: "x".repeat(40), LEGACY_JWT_SECRET: undefined }, () => {
    assert.equal(env().LEGACY_JWT_SECRET, undefined);
    assert.ok(!("SUPABASE_JWT_SECRET" in env()));
  });
  return await Promise.resolve();
});
