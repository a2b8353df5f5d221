import type { UpstreamError } from '../upstream/upstream-error.js';
import { HttpError } from './http-error.js';

/**
 * What the client sees when Google's answer ends a request: the client's own mistakes keep Google's
 * explanation; trouble on our side of the line becomes 429/502/503/504 without account details.
 */
export function upstreamErrorResponse(error: UpstreamError, now: number): HttpError {
  switch (error.failure) {
    case 'bad_request':
      return new HttpError({ status: 400, type: 'invalid_request_error', message: error.message });
    case 'not_found':
      return new HttpError({
        status: 404,
        type: 'not_found_error',
        code: 'model_not_found',
        message: error.message,
      });
    case 'rate_limited':
    case 'quota_exhausted': {
      const waitMs = error.resetAt !== undefined ? error.resetAt - now : (error.retryDelayMs ?? 1000);
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      return new HttpError({
        status: 429,
        type: 'rate_limit_error',
        code: error.failure,
        message: `Google's rate limit or quota for this model was reached; retry in ${seconds}s.`,
        headers: { 'retry-after': String(seconds) },
      });
    }
    case 'capacity':
      return new HttpError({
        status: 503,
        type: 'api_error',
        code: 'model_overloaded',
        message: 'Google has no capacity for this model right now; retry shortly or use another model.',
      });
    case 'timeout':
      return new HttpError({
        status: 504,
        type: 'api_error',
        code: 'upstream_timeout',
        message: 'Google did not answer in time.',
      });
    case 'server_error':
    case 'network':
    case 'empty_response':
    case 'malformed_response':
      return new HttpError({
        status: 502,
        type: 'api_error',
        code: 'upstream_error',
        message: `Google's answer could not be used (${error.failure.replace('_', ' ')}).`,
      });
    case 'unauthorized':
    case 'forbidden':
    case 'credentials_revoked':
      return new HttpError({
        status: 502,
        type: 'api_error',
        code: 'upstream_account_error',
        message:
          'Google refused the pool account that served this request; the operator must check the account.',
      });
    default: {
      const unreachable: never = error.failure;
      throw new Error(`unhandled upstream failure ${String(unreachable)}`);
    }
  }
}
