// CPU time of local processes from /proc/<pid>/stat: what the benchmark reports beside wall time,
// since on a shared machine the CPU a phase spent moves far less with the load than its duration.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { round } from "./measure.mjs";

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ). */
export const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * utime, stime, cutime, cstime (clock ticks) and ppid of a process.
 * @param {number | string} pid
 */
export function procStat(pid) {
  // the command name (field 2) may hold spaces and parentheses: the fields after its last ")"
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // f[0] is field 3 (state)
  return { ppid: Number(f[1]), utime: Number(f[11]), stime: Number(f[12]), cutime: Number(f[13]), cstime: Number(f[14]) };
}

/**
 * CPU time (user + system, ms) a process has used so far, or null where /proc cannot tell.
 * @param {number} pid
 */
export function cpuMs(pid) {
  try {
    const s = procStat(pid);
    return ((s.utime + s.stime) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * The stack's processes whose CPU time a phase is charged with: the bench cluster's postmaster
 * (with every process it started), the gateway (with every function process it started) and this
 * Node process, the client.
 * @typedef {{ postmaster: number, gateway: number }} StackPids
 */

/** @param {string} dataDir @returns {number} the postmaster's pid, from its postmaster.pid */
export function postmasterPidOf(dataDir) {
  return Number(readFileSync(`${dataDir}/postmaster.pid`, "utf8").split("\n")[0]);
}

/**
 * CPU time so far (clock ticks, user + system) of the stack's processes. Postgres: the postmaster
 * and every process it started (backends, autovacuum, WAL writer, checkpointer...; those that
 * ended, once reaped, count in the postmaster's cutime and cstime). Functions: each process the
 * gateway started, by pid (the gateway starts one per function on its first request). After a
 * phase it first waits 200 ms, so that the connections the phase closed are reaped.
 * @param {StackPids} pids
 * @param {boolean} settle
 */
export async function stackCpu(pids, settle) {
  if (settle) await new Promise((r) => setTimeout(r, 200));
  const node = process.cpuUsage();
  const pm = procStat(pids.postmaster);
  let postgres = pm.utime + pm.stime + pm.cutime + pm.cstime;
  /** @type {Map<number, number>} */
  const functions = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const p = procStat(entry);
      if (p.ppid === pids.postmaster) postgres += p.utime + p.stime;
      else if (p.ppid === pids.gateway) functions.set(Number(entry), p.utime + p.stime);
    } catch { /* ended meanwhile */ }
  }
  const gw = procStat(pids.gateway);
  return { postgres, gateway: gw.utime + gw.stime, functions, client_s: (node.user + node.system) / 1e6 };
}

/**
 * CPU seconds each part of the stack spent between two snapshots; a function process that started
 * between them is charged in full.
 * @param {Awaited<ReturnType<typeof stackCpu>>} a
 * @param {Awaited<ReturnType<typeof stackCpu>>} b
 */
export function cpuBetween(a, b) {
  let fn = 0;
  for (const [pid, ticks] of b.functions) fn += ticks - (a.functions.get(pid) ?? 0);
  const s = (/** @type {number} */ ticks) => round(ticks / TICKS_PER_SECOND);
  const d = {
    postgres_s: s(b.postgres - a.postgres),
    gateway_s: s(b.gateway - a.gateway),
    functions_s: s(fn),
    node_client_s: round(b.client_s - a.client_s),
  };
  return { ...d, total_s: round(d.postgres_s + d.gateway_s + d.functions_s + d.node_client_s) };
}
