#!/usr/bin/env node
// `npm run test:faults`: the slow fault-injection suite (tests/faults), each file on its own durable
// stack: Postgres killed with SIGKILL during ingestion (FAULT_CYCLES, default 25), database and
// client connections cut, statement timeouts, the functions server killed, 200-way races on quotas,
// the reputation ledger and approvals, scheduled jobs killed half way, and the backup/restore drill.
// Prints the figures of every scenario and the run time; --write-docs puts them into
// docs/reliability.md (between the faults markers). Exits non-zero if anything fails.
//
//   npm run test:faults                          everything (about 10 minutes on 2 cores)
//   npm run test:faults -- tests/faults/crash.test.ts
//   FAULT_CYCLES=100 npm run test:faults -- --write-docs
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureNodeModules, ensureSystemPackages, log, ROOT } from "./lib/stack.mjs";

const args = process.argv.slice(2);
const writeDocs = args.includes("--write-docs");
const files = args.filter((a) => !a.startsWith("--"));

ensureSystemPackages();
ensureNodeModules();
const results = mkdtempSync(join(tmpdir(), "agentops-fault-results-"));
const started = Date.now();
const code = await new Promise((resolve) => {
  const child = spawn(join(ROOT, "node_modules", ".bin", "vitest"), ["run", "--config", "tests/faults/vitest.config.ts", ...files], {
    cwd: ROOT,
    env: { ...process.env, FAULT_RESULTS_DIR: results },
    stdio: "inherit",
  });
  process.on("SIGINT", () => child.kill("SIGINT"));
  child.on("exit", (c) => resolve(c ?? 1));
});
const seconds = Math.round((Date.now() - started) / 1000);

const figures = Object.fromEntries(
  readdirSync(results).filter((f) => f.endsWith(".json")).map((f) => [f.replace(/\.json$/, ""), JSON.parse(readFileSync(join(results, f), "utf8"))]),
);
rmSync(results, { recursive: true, force: true });

function summary() {
  const lines = [];
  const c = figures.crash;
  if (c) {
    lines.push(`| Postgres SIGKILL during ingestion | ${c.cycles} cycles survived (${c.processes_killed} processes killed, median recovery ${c.median_recovery_ms} ms); ${c.acknowledged} runs acknowledged, **${c.acknowledgedLost} lost** (${c.acknowledged_missing_after_restart} missing right after a restart), **${c.duplicates} duplicates**, ${c.notStored} of ${c.recorded} recorded runs not stored, ${c.spanMismatches} span and ${c.tokenMismatches} token-usage mismatches |`);
  }
  const n = figures.network;
  if (n) {
    lines.push(`| Database connections cut mid-request | ${n.database_connections_cut.rounds} rounds, ${n.database_connections_cut.connections} connections cut |`);
    lines.push(`| Answers cut after the server stored the batch | ${n.answers_cut.connections} client connections cut, client retried |`);
    lines.push(`| Statement timeouts | ${n.statement_timeouts.locks_held} locks held past the timeout, ${n.statement_timeouts.responses["503"] ?? 0} requests answered 503 and retried |`);
    lines.push(`| Functions server killed and restarted | ${n.functions_restarts.restarts} restarts |`);
    lines.push(`| ... all of the above | ${n.acknowledged} runs acknowledged, **${n.acknowledgedLost} lost**, **${n.duplicates} duplicates**, ${n.notStored} not stored |`);
  }
  const k = figures.concurrency;
  if (k) {
    if (k.quota_sql) lines.push(`| 200 parallel quota consumers (SQL) | limit ${k.quota_sql.limit} tokens: ${k.quota_sql.granted} granted, ${k.quota_sql.refused} refused, ${k.quota_sql.used} used |`);
    if (k.quota_http) lines.push(`| 200 parallel ingest requests | limit ${k.quota_http.limit} tokens: ${k.quota_http.granted} granted, ${k.quota_http.refused} refused (429) |`);
    if (k.ledger) lines.push(`| 200 parallel ledger writes, one agent | ${k.ledger.entries} entries, ${k.ledger.broken} broken balances, final balance ${k.ledger.final_balance} |`);
    if (k.approvals) lines.push(`| Two approvers at once | ${k.approvals.one_decision} of ${k.approvals.rounds} approvals with exactly one decision; audit chain ok: ${k.approvals.audit_chain_ok} |`);
  }
  const j = figures.jobs;
  if (j?.rollup) lines.push(`| Hourly rollup killed half way (terminate, SIGKILL) | ${j.rollup.runs} runs, ${j.rollup.dirty_hours_before} dirty hours; inconsistent rows after the kills: ${j.rollup.after_kills.map((s) => s.inconsistent).join(", ")}; next runs recomputed ${j.rollup.buckets_recomputed_after} hours, final mismatches ${j.rollup.final.inconsistent + j.rollup.final.pending} |`);
  if (j?.daily_rollup) lines.push(`| Daily rollup killed half way | ${j.daily_rollup.dirty_days_before} dirty days; inconsistent rows after the kill: ${j.daily_rollup.after_kill.inconsistent}; next run recomputed ${j.daily_rollup.days_recomputed_after} days, final mismatches ${j.daily_rollup.final.inconsistent + j.daily_rollup.final.pending} |`);
  if (j?.retention) lines.push(`| Retention killed half way | ${j.retention.old_runs} old runs: no span lost, ${j.retention.archived_after} archived and ${j.retention.purged_after} purged by the next runs, rollups unchanged |`);
  const b = figures.backup;
  if (b) lines.push(`| Backup and restore drill | ${b.tables} tables, ${b.rows} rows, ${b.differences} differences; backup ${(b.backup_ms / 1000).toFixed(1)} s, restore ${(b.restore_ms / 1000).toFixed(1)} s (RTO target 60 min); ingest after restore: ${b.ingest_after_restore} |`);
  return lines;
}

const lines = summary();
console.log(`\nfault suite: ${code === 0 ? "passed" : "FAILED"} in ${seconds} s`);
for (const l of lines) console.log(l.replace(/\*\*/g, ""));

if (writeDocs && code === 0 && files.length === 0) {
  const doc = join(ROOT, "docs", "reliability.md");
  if (existsSync(doc)) {
    const text = readFileSync(doc, "utf8");
    const block = [
      "<!-- faults:begin -->",
      `Latest run: ${new Date().toISOString().slice(0, 10)}, \`npm run test:faults\` in ${Math.round(seconds / 60)} min ${seconds % 60} s on ${process.env.CI ? "CI" : "a 2-core machine"}.`,
      "",
      "| Fault | Result |",
      "|---|---|",
      ...lines,
      "<!-- faults:end -->",
    ].join("\n");
    writeFileSync(doc, text.replace(/<!-- faults:begin -->[\s\S]*<!-- faults:end -->/, block));
    log(`wrote the figures into ${doc}`);
  }
}
process.exit(code);
