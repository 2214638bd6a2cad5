// @ts-check
// The printed table and the results file of a benchmark run.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * @typedef {{ part: string, measure: string, value: string, reference?: string, ratio?: string, verdict?: string }} Row
 */

/** @param {Row[]} rows */
export function formatTable(rows) {
  const headers = ["part", "measure", "value", "against", "ratio / target", "ok"];
  const cells = rows.map((r) => [r.part, r.measure, r.value, r.reference ?? "", r.ratio ?? "", r.verdict ?? ""]);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (/** @type {string[]} */ c) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(" | ")} |`;
  return [line(headers), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...cells.map(line)].join("\n");
}

/**
 * @param {string} dir
 * @param {Record<string, unknown>} results
 */
export function writeResults(dir, results) {
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const file = join(dir, `${stamp}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2) + "\n");
  return file;
}

export const fmt = {
  int: (/** @type {number} */ n) => Math.round(n).toLocaleString("en"),
  ms: (/** @type {number} */ n) => (n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${n.toFixed(n < 10 ? 2 : 0)} ms`),
  rate: (/** @type {number} */ n, /** @type {string} */ unit) => `${Math.round(n).toLocaleString("en")} ${unit}`,
  bytes: (/** @type {number} */ n) => (n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(2)} GB` : n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(1)} MB` : `${Math.round(n)} B`),
  ok: (/** @type {boolean} */ b) => (b ? "yes" : "NO"),
};
