// Every function starts from its own entry point (index.ts), as Supabase deploys it: imports
// from outside supabase/functions (the project's shared/ through the import map) are where
// deployments break, so each one is type-checked and served once here.
import assert from "node:assert/strict";
import { test } from "./testing.ts";

const root = new URL("../", import.meta.url);
const deno = Deno.execPath();
const names: string[] = [];
for await (const e of Deno.readDir(root)) {
  if (!e.isDirectory || e.name.startsWith("_") || e.name.startsWith(".")) continue;
  try {
    await Deno.stat(new URL(`${e.name}/index.ts`, root));
    names.push(e.name);
  } catch { /* not a function */ }
}
names.sort();

// deno-lint-ignore require-await -- the project's test() takes an async body
test("there are functions to check", async () => {
  assert.ok(names.includes("agent-auth") && names.includes("ingest"), names.join(","));
});

for (const name of names) {
  test(`${name}: index.ts type-checks and serves its OpenAPI document`, async () => {
    const entry = new URL(`${name}/index.ts`, root).pathname;
    const check = await new Deno.Command(deno, { args: ["check", "--quiet", entry], stdout: "piped", stderr: "piped" }).output();
    assert.equal(check.code, 0, new TextDecoder().decode(check.stderr));
    // A port the kernel hands out (a random one can collide with another listener or with an
    // outgoing connection's ephemeral port, and the child then exits at once: seen in CI).
    const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (probe.addr as Deno.NetAddr).port;
    probe.close();
    const child = new Deno.Command(deno, {
      args: ["run", "--allow-net", "--allow-env", "--allow-read", "--allow-sys", entry],
      env: { DENO_SERVE_ADDRESS: `tcp:127.0.0.1:${port}` },
      stdout: "null",
      stderr: "piped",
    }).spawn();
    let exited: Deno.CommandStatus | null = null;
    const status = child.status.then((s) => (exited = s));
    const stderr = new Response(child.stderr).text();
    try {
      let code = 0;
      for (let i = 0; i < 100 && code !== 200 && !exited; i++) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/${name}/openapi.json`);
          code = res.status;
          const doc = await res.json();
          if (code === 200) assert.equal(doc.info.title, name);
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      if (exited) assert.fail(`${name} exited (${JSON.stringify(exited)}) before serving:\n${await stderr}`);
      assert.equal(code, 200, `${name} did not serve /${name}/openapi.json`);
    } finally {
      if (!exited) child.kill("SIGTERM");
      await status;
      await stderr;
    }
  });
}
