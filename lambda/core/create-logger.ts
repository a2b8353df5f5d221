import { isDevMode } from '@aws-lambda-powertools/commons/utils/env';
import { type LogItem, LogLevelThreshold, Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { ConstructorOptions } from '@aws-lambda-powertools/logger/types';
import type { Logger } from './ports.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const powertoolsLevels = {
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  silent: 'SILENT',
} as const;

/** Structured JSON log lines (Powertools Logger), the same locally and on Lambda. */
export function createLogger(level: LogLevel): Logger {
  return toLoggerPort(createPowertoolsLogger(level));
}

/**
 * The Powertools logger itself, for Lambda handlers that add the invocation's context to every line
 * (`logger.addContext(context)` or the `injectLambdaContext` middleware).
 */
export function createPowertoolsLogger(level: LogLevel): PowertoolsLogger {
  return new LineWritingLogger({ serviceName: 'gemini-gateway', logLevel: powertoolsLevels[level] });
}

/** The Logger port over a Powertools logger. */
export function toLoggerPort(logger: PowertoolsLogger): Logger {
  return {
    debug: (message, fields = {}) => logger.debug(message, fields),
    info: (message, fields = {}) => logger.info(message, fields),
    warn: (message, fields = {}) => logger.warn(message, fields),
    error: (message, fields = {}) => logger.error(message, fields),
  };
}

/**
 * Powertools' Logger, its lines written to stdout (warnings and errors to stderr) in one call each.
 * Powertools prints through a `console.Console` of its own, which on Node 20 formats its arguments and
 * adds and removes an error listener on every call: some 19,000 instructions of a short request's
 * 550,000, for its one access line. The line is Powertools' own, built by it; only the serialising
 * (below) and the write differ. In Powertools' dev mode (`POWERTOOLS_DEV`) its own printing stays:
 * indented lines on the global console. Either way a line the output cannot take is dropped
 * (`dropOutputErrors`).
 */
class LineWritingLogger extends PowertoolsLogger {
  readonly #devMode = isDevMode();

  constructor(options?: ConstructorOptions) {
    super(options);
    dropOutputErrors();
  }

  /** Children (`createChild`) write the same way. */
  protected override createLogger(options?: ConstructorOptions): LineWritingLogger {
    return new LineWritingLogger(options);
  }

  protected override printLog(logLevel: number, log: LogItem): void {
    if (this.#devMode) {
      super.printLog(logLevel, log);
      return;
    }
    log.prepareForPrint();
    const attributes = log.getAttributes();
    // Powertools' replacer (errors, bigints, cycles) is a call into JavaScript for every key; a line of
    // plain values, like every request's access line, comes out the same without it, in half the time.
    const replacer = hasOnlyPlainValues(attributes) ? undefined : this.getJsonReplacer();
    const line = `${JSON.stringify(attributes, replacer)}\n`;
    (logLevel >= LogLevelThreshold.WARN ? process.stderr : process.stdout).write(line);
  }
}

function hasOnlyPlainValues(attributes: Record<string, unknown>): boolean {
  for (const key in attributes) {
    const value = attributes[key];
    if ((typeof value === 'object' && value !== null) || typeof value === 'bigint') return false;
  }
  return true;
}

/**
 * A log line that cannot be written (stdout a closed pipe, as under `npm start | head`) is dropped:
 * logging must never take the gateway down. Node throws a stream error that nobody listens for, and
 * the console's own guard does not help here: the embedded store's worker thread pipes its output into
 * stdout, and the pipe's error handler throws the error again. So the process's output streams keep
 * one listener that drops their errors.
 */
function dropOutputErrors(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (!stream.listeners('error').includes(ignore)) stream.on('error', ignore);
  }
}

function ignore(): void {}
