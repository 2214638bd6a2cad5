// CPU time of local processes from /proc/<pid>/stat: what the benchmark reports beside wall time,
// since on a shared machine the CPU a phase spent moves far less with the load than its duration.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

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
