/**
 * A logger for long hostile runs: it keeps counts, not entries (so it does not itself grow with the
 * run), and checks every line as it is written for any of the secrets it was given, keeping only the
 * lines that leak one. Each line is checked as the JSON a real logger would print, errors expanded.
 */
import type { Logger } from '../../lambda/core/ports.js';

export interface ScanningLogger extends Logger {
  /** Lines written, per level. */
  readonly counts: Record<'debug' | 'info' | 'warn' | 'error', number>;
  /** Lines that contained a secret, with the secret's name (never its value). */
  readonly leaks: Array<{ secret: string; line: string }>;
  /** Adds secrets to look for from now on, by name. */
  watch(secrets: Record<string, string>): void;
}

export function createScanningLogger(): ScanningLogger {
  const counts = { debug: 0, info: 0, warn: 0, error: 0 };
  const leaks: ScanningLogger['leaks'] = [];
  const watched = new Map<string, string>();
  const record = (level: keyof typeof counts) => (message: string, fields?: Record<string, unknown>) => {
    counts[level] += 1;
    const line = JSON.stringify({ level, message, ...fields }, expandErrors);
    for (const [name, value] of watched) {
      if (line.includes(value)) leaks.push({ secret: name, line: line.replaceAll(value, `<${name}>`) });
    }
  };
  return {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    counts,
    leaks,
    watch: (secrets) => {
      for (const [name, value] of Object.entries(secrets)) watched.set(name, value);
    },
  };
}

/** Errors as a real logger prints them: name, message, stack and cause, not `{}`. */
function expandErrors(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  return { name: value.name, message: value.message, stack: value.stack, cause: value.cause };
}
