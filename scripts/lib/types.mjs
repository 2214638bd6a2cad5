// Generates the TypeScript types of the exposed schemas with the Supabase CLI.
import { join } from "node:path";
import { ROOT, run } from "./stack.mjs";

export function generateTypes(dbUrl) {
  const res = run(join(ROOT, "node_modules", ".bin", "supabase"), [
    "gen", "types", "typescript", `--remote=${dbUrl}`, "--schema", "public,analytics", "--workdir", ROOT,
  ], { capture: true, env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" } });
  // the CLI prints a connection banner on stdout before the types: keep only the types
  const out = res.stdout;
  const start = out.indexOf("export type Json");
  if (start < 0) throw new Error(`supabase gen types printed no types:\n${out}`);
  return out.slice(start).replace(/[ \t]+$/gm, "");
}
