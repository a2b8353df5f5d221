/** A logger that keeps every entry, so tests can assert what was logged and that no secret was. */
import type { Logger } from '../../lambda/core/ports.js';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown> | undefined;
}

export interface RecordingLogger extends Logger {
  readonly entries: LogEntry[];
  /** Everything logged, as one string, for "never contains" assertions. */
  text(): string;
}

export function createRecordingLogger(): RecordingLogger {
  const entries: LogEntry[] = [];
  const record = (level: LogEntry['level']) => (message: string, fields?: Record<string, unknown>) =>
    void entries.push({ level, message, fields });
  return {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    entries,
    text: () => JSON.stringify(entries),
  };
}
