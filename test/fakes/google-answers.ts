/**
 * What the fake Google answers a generate call with, and builders for each kind: a 200 SSE stream
 * (events, raw text, and pauses the test controls), an error status with Google's real error body, a
 * connection reset (before any byte or mid-stream) and a hang. Error bodies follow the shapes Google
 * sends (`google.rpc.Status` with ErrorInfo / RetryInfo / QuotaFailure details).
 */

/**
 * A pause in a stream that the test ends by calling `release()`; deterministic, no sleeps.
 * `reached` resolves when the fake starts waiting on it, so a test knows the stream is in flight.
 */
export class Gate {
  readonly reached: Promise<void>;
  #markReached: () => void = () => {};
  #release: () => void = () => {};
  readonly #released = new Promise<void>((resolve) => {
    this.#release = resolve;
  });

  constructor() {
    this.reached = new Promise<void>((resolve) => {
      this.#markReached = resolve;
    });
  }

  release(): void {
    this.#release();
  }

  /** Called by the fake when the stream gets here. */
  wait(): Promise<void> {
    this.#markReached();
    return this.#released;
  }
}

/** A pause that ends by itself after `ms` (for demos and latency tests; correctness tests use a Gate). */
export class Delay extends Gate {
  constructor(readonly ms: number) {
    super();
  }

  override wait(): Promise<void> {
    setTimeout(() => this.release(), this.ms);
    return super.wait();
  }
}

/** One step of a stream: an event object (framed by the fake per backend), raw SSE text, or a pause. */
export type StreamStep = object | string | Gate;

export type Answer =
  | { kind: 'stream'; steps: StreamStep[] }
  | { kind: 'error'; status: number; body: unknown }
  | { kind: 'reset'; after: StreamStep[] }
  | { kind: 'hang' };

/** A 200 `text/event-stream` answer. No steps: an empty stream. */
export function stream(...steps: StreamStep[]): Answer {
  return { kind: 'stream', steps };
}

/** The connection is destroyed after the given steps; with none, before any byte of the answer. */
export function reset(...after: StreamStep[]): Answer {
  return { kind: 'reset', after };
}

/** Never answers (not even headers) until the client gives up or the fake closes. */
export function hang(): Answer {
  return { kind: 'hang' };
}

/** A data line that is not JSON, after the given steps. */
export function malformedSse(...before: StreamStep[]): Answer {
  return stream(...before, 'data: {"response": {"candidates": [\r\n\r\n');
}

/** Google's error envelope; `arrayWrapped` as the streaming endpoints sometimes send it. */
export function googleError(
  status: number,
  error: { message: string; status: string; details?: object[] },
  options: { arrayWrapped?: boolean } = {},
): Answer {
  const body = { error: { code: status, ...error } };
  return { kind: 'error', status, body: options.arrayWrapped ? [body] : body };
}

const rpc = 'type.googleapis.com/google.rpc';
const codeAssistDomain = 'cloudcode-pa.googleapis.com';

interface CodeAssistQuotaOptions {
  model?: string;
  /** ErrorInfo `quotaResetTimeStamp`, e.g. 2026-07-05T07:23:44Z. */
  resetTimeStamp?: string;
}

/** Code Assist's 429: ErrorInfo (reason, quotaResetDelay, quotaResetTimeStamp) plus RetryInfo with the same delay. */
function codeAssistQuotaError(reason: string, delay: string, options: CodeAssistQuotaOptions): Answer {
  return googleError(429, {
    message: `You have exhausted your capacity on this model. Your quota will reset after ${delay}.`,
    status: 'RESOURCE_EXHAUSTED',
    details: [
      {
        '@type': `${rpc}.ErrorInfo`,
        reason,
        domain: codeAssistDomain,
        metadata: {
          uiMessage: 'true',
          model: options.model ?? 'gemini-2.5-pro',
          quotaResetDelay: delay,
          ...(options.resetTimeStamp ? { quotaResetTimeStamp: options.resetTimeStamp } : {}),
        },
      },
      { '@type': `${rpc}.RetryInfo`, retryDelay: delay },
    ],
  });
}

/** 429 per-minute rate limit (RATE_LIMIT_EXCEEDED, default retry after 30 s). */
export function rateLimited(options: CodeAssistQuotaOptions & { retryDelay?: string } = {}): Answer {
  return codeAssistQuotaError('RATE_LIMIT_EXCEEDED', options.retryDelay ?? '30s', options);
}

/** 429 QUOTA_EXHAUSTED with a long reset, as when a quota is spent for hours. */
export function quotaExhausted(options: CodeAssistQuotaOptions & { resetDelay?: string } = {}): Answer {
  return codeAssistQuotaError('QUOTA_EXHAUSTED', options.resetDelay ?? '19h23m44.797868558s', options);
}

/** 429 daily quota, as the Gemini API sends it (QuotaFailure with a PerDay quota id, a short RetryInfo). */
export function dailyQuotaExhausted(options: { model?: string; retryDelay?: string } = {}): Answer {
  const retryDelay = options.retryDelay ?? '34s';
  return googleError(429, {
    message: `You exceeded your current quota, please check your plan and billing details.\nPlease retry in ${retryDelay}.`,
    status: 'RESOURCE_EXHAUSTED',
    details: [
      {
        '@type': `${rpc}.QuotaFailure`,
        violations: [
          {
            quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
            quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
            quotaDimensions: { location: 'global', model: options.model ?? 'gemini-2.5-pro' },
            quotaValue: '50',
          },
        ],
      },
      { '@type': `${rpc}.RetryInfo`, retryDelay },
    ],
  });
}

/** 429 with no details at all. */
export function resourceExhausted(): Answer {
  return googleError(429, {
    message: 'Resource has been exhausted (e.g. check quota).',
    status: 'RESOURCE_EXHAUSTED',
  });
}

/** 503: Google has no capacity for the model right now (not the account's fault). */
export function capacityExhausted(options: { model?: string } = {}): Answer {
  const model = options.model ?? 'gemini-2.5-pro';
  return googleError(503, {
    message: `No capacity available for model ${model} on the server`,
    status: 'UNAVAILABLE',
    details: [
      {
        '@type': `${rpc}.ErrorInfo`,
        reason: 'MODEL_CAPACITY_EXHAUSTED',
        domain: codeAssistDomain,
        metadata: { model },
      },
    ],
  });
}

export function badRequest(message = 'Request contains an invalid argument.'): Answer {
  return googleError(400, { message, status: 'INVALID_ARGUMENT' });
}

export function unauthenticated(): Answer {
  return googleError(401, {
    message:
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
    status: 'UNAUTHENTICATED',
    details: [
      { '@type': `${rpc}.ErrorInfo`, reason: 'ACCESS_TOKEN_TYPE_UNSUPPORTED', domain: 'googleapis.com' },
    ],
  });
}

export function permissionDenied(message = 'The caller does not have permission'): Answer {
  return googleError(403, { message, status: 'PERMISSION_DENIED' });
}

export function notFound(message = 'Requested entity was not found.'): Answer {
  return googleError(404, { message, status: 'NOT_FOUND' });
}

export function internalError(): Answer {
  return googleError(500, {
    message:
      'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
    status: 'INTERNAL',
  });
}

/** What the Gemini API answers for an unknown API key (400, but the account's fault). */
export function apiKeyInvalid(): Answer {
  return googleError(400, {
    message: 'API key not valid. Please pass a valid API key.',
    status: 'INVALID_ARGUMENT',
    details: [
      {
        '@type': `${rpc}.ErrorInfo`,
        reason: 'API_KEY_INVALID',
        domain: 'googleapis.com',
        metadata: { service: 'generativelanguage.googleapis.com' },
      },
    ],
  });
}
