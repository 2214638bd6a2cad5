// @ts-check
// Timing helpers: wall-clock timers, nearest-rank percentiles, and a closed-loop load generator
// that keeps a fixed number of requests in flight.
import { performance } from "node:perf_hooks";

/**
 * @typedef {{ n: number, mean: number, p50: number, p95: number, p99: number, min: number, max: number }} Summary
 */

/** Nearest-rank percentile of an ascending array. */
export function percentile(/** @type {number[]} */ sorted, /** @type {number} */ p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** @param {number[]} samples @returns {Summary} */
export function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((s, x) => s + x, 0);
  return {
    n: sorted.length,
    mean: round(sum / Math.max(sorted.length, 1)),
    p50: round(percentile(sorted, 0.5)),
    p95: round(percentile(sorted, 0.95)),
    p99: round(percentile(sorted, 0.99)),
    min: round(sorted[0] ?? NaN),
    max: round(sorted[sorted.length - 1] ?? NaN),
  };
}

export function round(/** @type {number} */ x, digits = 2) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/**
 * Runs `fn` and returns its result with the elapsed milliseconds.
 * @template T
 * @param {() => Promise<T>} fn
 * @returns {Promise<{ result: T, ms: number }>}
 */
export async function timed(fn) {
  const started = performance.now();
  const result = await fn();
  return { result, ms: round(performance.now() - started) };
}

/**
 * @typedef {{ requests: number, errors: number, seconds: number, rps: number, latency_ms: Summary, statuses: Record<string, number>, first_error?: string }} LoadResult
 */

/**
 * Keeps `concurrency` calls of `task(i)` in flight until `total` have completed (closed loop:
 * each worker starts its next call when the previous one answers). `task` returns the HTTP
 * status (or any label); an exception counts as an error.
 * `cpu`, when given, is called when the timed part starts (after the warm-up) and returns what to
 * call when it ends: the result's `cpu` is what that returned (see stackCpu in proc.mjs).
 * @template [R=unknown]
 * @param {{ concurrency: number, total: number, warmup?: number, task: (i: number) => Promise<number | string>, cpu?: () => Promise<() => Promise<R>> }} opts
 * @returns {Promise<LoadResult & { cpu?: R }>}
 */
export async function closedLoop({ concurrency, total, warmup = 0, task, cpu }) {
  let next = 0;
  for (let i = 0; i < warmup; i++) await task(-1 - i);
  /** @type {number[]} */
  const latencies = [];
  /** @type {Record<string, number>} */
  const statuses = {};
  let errors = 0;
  /** @type {string | undefined} */
  let firstError;
  const cpuEnd = cpu ? await cpu() : undefined;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      try {
        const status = await task(i);
        latencies.push(performance.now() - t0);
        statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
        if (typeof status === "number" && status >= 400) {
          errors++;
          firstError ??= `status ${status}`;
        }
      } catch (err) {
        errors++;
        firstError ??= String(/** @type {Error} */ (err)?.message ?? err);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const cpuSpent = cpuEnd ? await cpuEnd() : undefined;
  return {
    requests: total,
    errors,
    seconds: round(seconds),
    rps: round(total / seconds, 1),
    latency_ms: summarize(latencies),
    statuses,
    ...(firstError ? { first_error: firstError } : {}),
    ...(cpuEnd ? { cpu: cpuSpent } : {}),
  };
}
