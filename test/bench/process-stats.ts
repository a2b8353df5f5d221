/**
 * What a process has cost so far, read from Linux's /proc for any process (ours, the passthrough, the
 * peer, Java): CPU time in user and kernel mode, and its peak resident set, which can be reset so each
 * workload reports its own peak.
 * https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const clockTicksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** User plus system CPU time of `pid`, in ms (resolution: one clock tick, usually 10 ms). */
export function readCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may itself hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const userTicks = Number(fields[11]);
  const systemTicks = Number(fields[12]);
  return ((userTicks + systemTicks) * 1000) / clockTicksPerSecond;
}

/** The resident set size of `pid` now (VmRSS), in bytes. */
export function readRssBytes(pid: number): number {
  return readStatusKilobytes(pid, 'VmRSS') * 1024;
}

/** The peak resident set size of `pid` (VmHWM) since it started or since `resetPeakRss`, in bytes. */
export function readPeakRssBytes(pid: number): number {
  return readStatusKilobytes(pid, 'VmHWM') * 1024;
}

function readStatusKilobytes(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  return match ? Number(match[1]) : Number.NaN;
}

/** Starts a new peak: writing 5 to clear_refs resets VmHWM to the current resident set. */
export function resetPeakRss(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
}
