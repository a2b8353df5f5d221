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

/**
 * The Gemini API's per-minute 429: QuotaFailure naming a PerMinute quota, a Help link, and RetryInfo
 * (recorded from generativelanguage.googleapis.com).
 */
export function geminiApiRateLimited(options: { model?: string; retryDelay?: string } = {}): Answer {
  const retryDelay = options.retryDelay ?? '26s';
  return googleError(429, {
    message:
      'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.',
    status: 'RESOURCE_EXHAUSTED',
    details: [
      {
        '@type': `${rpc}.QuotaFailure`,
        violations: [
          {
            quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
            quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
            quotaDimensions: { location: 'global', model: options.model ?? 'gemini-2.5-flash' },
            quotaValue: '10',
          },
        ],
      },
      {
        '@type': `${rpc}.Help`,
        links: [
          {
            description: 'Learn more about Gemini API quotas',
            url: 'https://ai.google.dev/gemini-api/docs/rate-limits',
          },
        ],
      },
      { '@type': `${rpc}.RetryInfo`, retryDelay },
    ],
  });
}

/** The Gemini API refusing where the gateway runs from (400, yet no fault of the request). */
export function locationNotSupported(): Answer {
  return googleError(400, {
    message: 'User location is not supported for the API use.',
    status: 'FAILED_PRECONDITION',
  });
}

/** 403 for a project that has not enabled the API (the Gemini API's or Vertex AI's). */
export function serviceDisabled(
  options: { service?: string; serviceTitle?: string; project?: string } = {},
): Answer {
  const service = options.service ?? 'generativelanguage.googleapis.com';
  const project = options.project ?? '123456789012';
  const activationUrl = `https://console.developers.google.com/apis/api/${service}/overview?project=${project}`;
  return googleError(403, {
    message: `${options.serviceTitle ?? 'Generative Language API'} has not been used in project ${project} before or it is disabled. Enable it by visiting ${activationUrl} then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.`,
    status: 'PERMISSION_DENIED',
    details: [
      {
        '@type': `${rpc}.ErrorInfo`,
        reason: 'SERVICE_DISABLED',
        domain: 'googleapis.com',
        metadata: { consumer: `projects/${project}`, service, activationUrl },
      },
      {
        '@type': `${rpc}.Help`,
        links: [{ description: 'Google developers console API activation', url: activationUrl }],
      },
    ],
  });
}

interface VertexModelOptions {
  project?: string;
  location?: string;
  model?: string;
}

function vertexModelResource(options: VertexModelOptions): string {
  const { project = 'vertex-project', location = 'global', model = 'gemini-2.5-pro' } = options;
  return `projects/${project}/locations/${location}/publishers/google/models/${model}`;
}

/**
 * Vertex AI's 429 (dynamic shared quota): no details at all, array-wrapped as its streaming endpoint
 * sends it.
 */
export function vertexResourceExhausted(): Answer {
  return googleError(
    429,
    {
      message:
        'Resource exhausted. Please try again later. Please refer to https://cloud.google.com/vertex-ai/generative-ai/docs/error-code-429 for more details.',
      status: 'RESOURCE_EXHAUSTED',
    },
    { arrayWrapped: true },
  );
}

/** Vertex AI's 403 when the caller lacks `aiplatform.endpoints.predict` on the project. */
export function vertexPermissionDenied(options: VertexModelOptions = {}): Answer {
  const resource = `//aiplatform.googleapis.com/${vertexModelResource(options)}`;
  return googleError(
    403,
    {
      message: `Permission 'aiplatform.endpoints.predict' denied on resource '${resource}' (or it may not exist).`,
      status: 'PERMISSION_DENIED',
      details: [
        {
          '@type': `${rpc}.ErrorInfo`,
          reason: 'IAM_PERMISSION_DENIED',
          domain: 'aiplatform.googleapis.com',
          metadata: { permission: 'aiplatform.endpoints.predict', resource: resource.slice(2) },
        },
      ],
    },
    { arrayWrapped: true },
  );
}

/** Vertex AI's 404 for a model the location does not serve. */
export function vertexModelNotFound(options: VertexModelOptions = {}): Answer {
  return googleError(
    404,
    {
      message: `Publisher Model \`${vertexModelResource(options)}\` was not found or your project does not have access to it. Please ensure you are using a valid model version. For more information, see: https://cloud.google.com/vertex-ai/generative-ai/docs/learn/model-versions`,
      status: 'NOT_FOUND',
    },
    { arrayWrapped: true },
  );
}
