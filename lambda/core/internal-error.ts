import { HttpError } from './http-error.js';

/** The answer for a bug: a 500 that says nothing about internals. */
export function internalError(): HttpError {
  return new HttpError({ status: 500, type: 'server_error', message: 'The gateway failed unexpectedly.' });
}

/** Enough of an unexpected error for a log line: its class, message and where it came from. */
export function describe(error: unknown): Record<string, unknown> {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { value: String(error) };
}
