/**
 * The answers the pool gives when no account can take a request. Each says what is wrong and what to
 * do about it, in OpenAI's error shape (the router serialises HttpError).
 */
import { HttpError } from '../core/http-error.js';
import type { UpstreamError } from '../upstream/upstream-error.js';
import type { AccountState } from './pool-state.js';

export function noAccountsError(): HttpError {
  return new HttpError({
    status: 503,
    type: 'server_error',
    code: 'no_accounts',
    message:
      'The gateway has no Google account to serve requests with. Add one with `npm run setup` ' +
      '(locally it writes an account file into ACCOUNTS_DIR), then try again.',
  });
}

/** The account list could not be read (on AWS: the registry's DynamoDB table is unreachable). */
export function accountsUnavailableError(cause: unknown): HttpError {
  return new HttpError({
    status: 503,
    type: 'server_error',
    code: 'accounts_unavailable',
    message:
      'The gateway cannot read its list of accounts right now (its state store is unreachable); retry shortly.',
    headers: { 'retry-after': '5' },
    cause,
  });
}

export function allDisabledError(accounts: readonly AccountState[]): HttpError {
  const reasons = accounts.map(
    ({ accountId, disabledReason }) => `${accountId}: ${disabledReason ?? 'disabled'}`,
  );
  return new HttpError({
    status: 503,
    type: 'server_error',
    code: 'accounts_disabled',
    message: `Every account of the gateway is disabled (${reasons.join('; ')}). Re-add them with \`npm run setup\`.`,
  });
}

export function modelNotServedError(model: string): HttpError {
  return new HttpError({
    status: 404,
    type: 'not_found_error',
    param: 'model',
    code: 'model_not_found',
    message: `No account of the gateway serves the model '${model}' (each one lists the models it serves).`,
  });
}

/** 429 with Retry-After: every account that serves the model is frozen, none thaws soon enough to wait. */
export function coolingDownError({
  model,
  accountCount,
  retryAfterMs,
  cause,
}: {
  model: string;
  accountCount: number;
  retryAfterMs: number;
  /** Google's last answer in this request, if any: its message is safe to show the client. */
  cause: UpstreamError | undefined;
}): HttpError {
  const lastWords = cause ? ` Last upstream error: ${cause.message}` : '';
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  const accounts =
    accountCount === 1
      ? `The only account serving '${model}' is`
      : `All ${accountCount} accounts serving '${model}' are`;
  return new HttpError({
    status: 429,
    type: 'rate_limit_error',
    code: 'rate_limit_exceeded',
    headers: { 'Retry-After': String(seconds) },
    message: `${accounts} cooling down after rate limits or errors; the first is available again in ${seconds}s. Retry after ${seconds} seconds.${lastWords}`,
    cause,
  });
}

export function deadlineError(): HttpError {
  return new HttpError({
    status: 504,
    type: 'server_error',
    code: 'deadline_exceeded',
    message: 'The request ran out of time before an account could take it.',
  });
}
