/**
 * What went wrong talking to Google, classified once at the edge. The pool decides freezes and
 * failover from these fields, never from message text; the router maps them to the client's status.
 */
export type UpstreamFailure =
  /** 429 that resets within minutes (per-minute quota, RATE_LIMIT_EXCEEDED, bare RESOURCE_EXHAUSTED). */
  | 'rate_limited'
  /** 429 daily quota / QUOTA_EXHAUSTED / a long reset: unusable until `resetAt`. */
  | 'quota_exhausted'
  /** 503 MODEL_CAPACITY_EXHAUSTED: Google is out of capacity for the model, not the account. */
  | 'capacity'
  /** Other 5xx. */
  | 'server_error'
  /** No answer (or no next byte) within the per-attempt timeout. */
  | 'timeout'
  /** Connection refused, reset, closed early. */
  | 'network'
  /** A 200 whose stream carried no candidate, no content and no finish reason. */
  | 'empty_response'
  /** Unparseable SSE or JSON, or finishReason MALFORMED_FUNCTION_CALL. */
  | 'malformed_response'
  /** 401 even after a token refresh. */
  | 'unauthorized'
  /** 403: API not enabled, project not eligible, permission denied. */
  | 'forbidden'
  /** The refresh token is dead (invalid_grant) or the account has no usable credentials. */
  | 'credentials_revoked'
  /** 400: the request itself is wrong; the client's fault, no retry, no penalty. */
  | 'bad_request'
  /** 404: unknown model; the client's fault. */
  | 'not_found';

export interface UpstreamErrorInit {
  failure: UpstreamFailure;
  /** Safe to show a client and to log: never contains a token, key or request body. */
  message: string;
  /** HTTP status Google answered with, when there was an answer. */
  status?: number;
  /** `google.rpc.ErrorInfo.reason`, e.g. RATE_LIMIT_EXCEEDED, QUOTA_EXHAUSTED, MODEL_CAPACITY_EXHAUSTED. */
  reason?: string;
  /** Google's own wait: RetryInfo.retryDelay or ErrorInfo.metadata.quotaResetDelay, in milliseconds. */
  retryDelayMs?: number;
  /** When a quota resets (epoch ms): quotaResetTimeStamp, or next midnight Pacific for daily quotas. */
  resetAt?: number;
  /** `google.rpc.QuotaFailure.violations[].quotaId`, e.g. GenerateRequestsPerDayPerProjectPerModel. */
  quotaId?: string;
  cause?: unknown;
}

export class UpstreamError extends Error {
  readonly failure: UpstreamFailure;
  readonly status: number | undefined;
  readonly reason: string | undefined;
  readonly retryDelayMs: number | undefined;
  readonly resetAt: number | undefined;
  readonly quotaId: string | undefined;

  constructor(init: UpstreamErrorInit) {
    super(init.message, { cause: init.cause });
    this.name = 'UpstreamError';
    this.failure = init.failure;
    this.status = init.status;
    this.reason = init.reason;
    this.retryDelayMs = init.retryDelayMs;
    this.resetAt = init.resetAt;
    this.quotaId = init.quotaId;
  }

  /** The client caused it: answer at once, do not fail over, do not count it against the account. */
  get isClientFault(): boolean {
    return this.failure === 'bad_request' || this.failure === 'not_found';
  }
}
