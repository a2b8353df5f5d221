import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
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
  return new PowertoolsLogger({ serviceName: 'gemini-gateway', logLevel: powertoolsLevels[level] });
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
