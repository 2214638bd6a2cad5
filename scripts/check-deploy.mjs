#!/usr/bin/env node
// The deploy check (`npm test -- --only deploy`): what `supabase functions deploy` and
// `supabase secrets set` would do to each Edge Function, checked without a Supabase account.
// For every folder under supabase/functions with an index.ts:
//   1. config.toml has a [functions.<name>] section with an explicit verify_jwt;
//   2. it has its own deno.json (the CLI reads supabase/functions/<name>/deno.json, never the
//      repository's), without "nodeModulesDir" (it breaks npm: resolution on deploy), whose
//      imports agree with the repository's deno.json that the tests run with;
//   3. copied alone with what the CLI uploads (supabase/functions and shared/, no package.json,
//      no node_modules, no root deno.json), its module graph resolves with only its own config,
//      every local module lies inside the project, every remote one is npm:, and it type-checks;
//   4. the SUPABASE_-prefixed variables the code reads are all ones Supabase provides to hosted
//      functions (`supabase secrets set` skips any other SUPABASE_ name, so it could never be set).
// Exits non-zero naming each problem.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ROOT, denoToolEnv, functionNames } from "./lib/stack.mjs";

const DENO = join(ROOT, "node_modules", ".bin", "deno");
/** https://supabase.com/docs/guides/functions/secrets ("Default secrets"). */
export const SUPABASE_PROVIDED = new Set([
  "SUPABASE_URL", "SUPABASE_DB_URL", "SUPABASE_ANON_KEY", "SUPABASE_SERVICE_ROLE_KEY",
  "SUPABASE_PUBLISHABLE_KEYS", "SUPABASE_SECRET_KEYS", "SUPABASE_JWKS",
]);

/** [functions.<name>] verify_jwt decisions in config.toml (undefined: no explicit decision). */
export function verifyJwtDecisions(toml) {
  const out = new Map();
  let current;
  for (const raw of toml.split("\n")) {
    const line = raw.replace(/#.*$/, "").trim();
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      const m = /^functions\.("?)([A-Za-z0-9_-]+)\1$/.exec(section[1].trim());
      current = m ? m[2] : undefined;
      if (current && !out.has(current)) out.set(current, undefined);
      continue;
    }
    const kv = /^verify_jwt\s*=\s*(true|false)$/.exec(line);
    if (current && kv) out.set(current, kv[1] === "true");
  }
  return out;
}

/** SUPABASE_ names the functions' code reads (Deno.env.get, env schema keys, env().X). */
export function supabaseNamesRead(files) {
  const names = new Map();
  for (const f of files) {
    const text = readFileSync(f, "utf8");
    // a name read: "SUPABASE_X" (Deno.env.get), SUPABASE_X: (an env schema key) or .SUPABASE_X (env().X)
    for (const m of text.matchAll(/(?:["'`]|\.)(SUPABASE_[A-Z0-9_]+)\b|\b(SUPABASE_[A-Z0-9_]+)(?=\??\s*:)/g)) {
      m[1] ??= m[2];
      const line = text.slice(0, m.index).split("\n").length;
      const before = text.slice(text.lastIndexOf("\n", m.index) + 1, m.index);
      if (/^\s*(\/\/|\*|\/\*)/.test(before)) continue; // comments may name anything
      if (!names.has(m[1])) names.set(m[1], `${relative(ROOT, f)}:${line}`);
    }
  }
  return names;
}

export function checkDeploy({ root = ROOT, log = console.log } = {}) {
  const problems = [];
  const fail = (msg) => {
    problems.push(msg);
    log(`  FAIL ${msg}`);
  };
  const names = functionNames();
  const toml = readFileSync(join(root, "supabase", "config.toml"), "utf8");
  const decisions = verifyJwtDecisions(toml);
  const rootImports = JSON.parse(readFileSync(join(root, "deno.json"), "utf8")).imports ?? {};

  // what the CLI uploads, and nothing else
  const stage = mkdtempSync(join(tmpdir(), "agentops-deploy-"));
  try {
    cpSync(join(root, "supabase", "functions"), join(stage, "supabase", "functions"), {
      recursive: true,
      filter: (src) => !src.includes(`${sep}node_modules`) && !src.endsWith("deno.lock"),
    });
    if (existsSync(join(root, "shared"))) {
      cpSync(join(root, "shared"), join(stage, "shared"), { recursive: true, filter: (src) => !src.includes(`${sep}node_modules`) });
    }
    const env = { ...denoToolEnv(), DENO_NO_PACKAGE_JSON: "1" };

    const checks = [];
    const files = new Map();
    for (const name of names) {
      const before = problems.length;
      // 1. the gateway decision
      if (!decisions.has(name)) fail(`${name}: config.toml has no [functions.${name}] section (the hosted gateway would default to verify_jwt = true)`);
      else if (decisions.get(name) === undefined) fail(`${name}: [functions.${name}] in config.toml does not set verify_jwt`);

      // 2. its own deno.json
      const cfgPath = join(stage, "supabase", "functions", name, "deno.json");
      if (!existsSync(cfgPath)) {
        fail(`${name}: no supabase/functions/${name}/deno.json: \`supabase functions deploy\` never reads the repository's deno.json`);
        continue;
      }
      const cfg = JSON.parse(readFileSync(cfgPath, "utf8"));
      if ("nodeModulesDir" in cfg) fail(`${name}: deno.json sets nodeModulesDir, which breaks npm: resolution on deploy`);
      if ("workspace" in cfg || "importMap" in cfg) fail(`${name}: deno.json must hold its imports itself (no workspace, no importMap)`);
      for (const [k, v] of Object.entries(cfg.imports ?? {})) {
        if (k === "@shared/") {
          if (v !== "../../../shared/") fail(`${name}: "@shared/" must map to "../../../shared/", not ${v}`);
          continue;
        }
        if (!String(v).startsWith("npm:")) fail(`${name}: import "${k}" maps to ${v}: only npm: specifiers resolve here`);
        if (k in rootImports && rootImports[k] !== v) fail(`${name}: "${k}" is ${v} here but ${rootImports[k]} in the repository's deno.json (tests and deploy would differ)`);
      }

      // 3. the module graph with only its own config, from the upload
      const entry = join(stage, "supabase", "functions", name, "index.ts");
      const info = spawnSync(DENO, ["info", "--json", "--no-lock", "--node-modules-dir=none", "--config", cfgPath, entry], {
        cwd: join(stage, "supabase", "functions", name), env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024,
      });
      if (info.status !== 0) {
        fail(`${name}: the module graph does not resolve with its own deno.json:\n${info.stderr.trim().split("\n").slice(0, 8).join("\n")}`);
        continue;
      }
      const graph = JSON.parse(info.stdout);
      const local = [];
      for (const m of graph.modules ?? []) {
        if (m.error) fail(`${name}: ${m.specifier}: ${m.error}`);
        if (m.specifier?.startsWith("file://")) {
          const path = fileURLToPath(m.specifier);
          if (!path.startsWith(stage + sep)) fail(`${name}: imports ${path}, outside the project`);
          else local.push(path);
        } else if (m.kind !== "npm" && m.kind !== "node" && !m.specifier?.startsWith("npm:") && !m.specifier?.startsWith("node:")) {
          fail(`${name}: imports ${m.specifier}: only npm: and node: modules (and files of the project) are allowed`);
        }
      }
      checks.push({ name, cfgPath, entry, config: readFileSync(cfgPath, "utf8"), before });
      // 4. no SUPABASE_ name Supabase does not provide
      const read = supabaseNamesRead(local.filter((p) => p.endsWith(".ts") && !p.endsWith(".test.ts")));
      for (const [n, where] of read) {
        if (!SUPABASE_PROVIDED.has(n)) fail(`${name}: reads ${n} (${where.replace(relative(ROOT, stage) + sep, "")}): Supabase does not provide it and \`supabase secrets set\` skips SUPABASE_ names`);
      }
      files.set(name, local.length);
    }
    // type-check: functions whose deno.json are identical (same content, same depth, so the same
    // resolution) are checked in one run with that config; a failing group is re-run one by one
    const groups = new Map();
    for (const c of checks) groups.set(c.config, [...(groups.get(c.config) ?? []), c]);
    const typeCheck = (cfgPath, entries, cwd) =>
      spawnSync(DENO, ["check", "--quiet", "--no-lock", "--node-modules-dir=none", "--config", cfgPath, ...entries], { cwd, env, encoding: "utf8" });
    for (const group of groups.values()) {
      const first = group[0];
      const all = typeCheck(first.cfgPath, group.map((c) => c.entry), join(first.entry, ".."));
      if (all.status === 0) continue;
      for (const c of group) {
        const one = typeCheck(c.cfgPath, [c.entry], join(c.entry, ".."));
        if (one.status !== 0) fail(`${c.name}: does not type-check with its own deno.json:\n${`${one.stdout}${one.stderr}`.trim().split("\n").slice(0, 12).join("\n")}`);
      }
    }
    for (const c of checks) {
      if (problems.every((p) => !p.startsWith(`${c.name}:`))) log(`  ok   ${c.name}: verify_jwt = ${decisions.get(c.name)}, ${files.get(c.name)} project files, resolves and type-checks with its own deno.json`);
    }
    // config.toml sections for functions that do not exist are mistakes too
    for (const n of decisions.keys()) if (!names.includes(n)) fail(`config.toml has [functions.${n}] but supabase/functions/${n}/index.ts does not exist`);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(`deploy check: ${functionNames().length} functions, as \`supabase functions deploy\` would upload them`);
  const problems = checkDeploy();
  console.log(problems.length ? `${problems.length} problem(s)` : "every function would deploy");
  process.exit(problems.length ? 1 : 0);
}
