import { describe, expect, it } from 'vitest';
import {
  type Answer,
  apiKeyInvalid,
  geminiApiRateLimited,
  locationNotSupported,
  serviceDisabled,
  vertexModelNotFound,
  vertexPermissionDenied,
  vertexResourceExhausted,
} from '../../test/fakes/google-answers.js';
import { classifyGoogleError } from './classify-google-error.js';

const now = Date.parse('2026-07-04T12:00:00Z');
const nextMidnightPacific = Date.parse('2026-07-05T07:00:00Z');

/** The fields the pool decides from. */
function fieldsOf(error: ReturnType<typeof classifyGoogleError>) {
  return {
    failure: error.failure,
    status: error.status,
    reason: error.reason,
    retryDelayMs: error.retryDelayMs,
    resetAt: error.resetAt,
    quotaId: error.quotaId,
  };
}

// Recorded shapes: Code Assist (cloudcode-pa) and the Gemini API answer these bodies.
const codeAssistRateLimit = JSON.stringify({
  error: {
    code: 429,
    message: 'You have exhausted your capacity on this model. Your quota will reset after 2s.',
    status: 'RESOURCE_EXHAUSTED',
    details: [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'RATE_LIMIT_EXCEEDED',
        domain: 'cloudcode-pa.googleapis.com',
        metadata: { uiMessage: 'true', model: 'gemini-2.5-pro', quotaResetDelay: '2.202469712s' },
      },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '2.202469712s' },
    ],
  },
});

const codeAssistQuotaExhausted = JSON.stringify({
  error: {
    code: 429,
    message: 'You have exhausted your capacity on this model. Your quota will reset after 19h23m44s.',
    status: 'RESOURCE_EXHAUSTED',
    details: [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'QUOTA_EXHAUSTED',
        domain: 'cloudcode-pa.googleapis.com',
        metadata: {
          uiMessage: 'true',
          model: 'gemini-2.5-pro',
          quotaResetDelay: '19h23m44.797868558s',
          quotaResetTimeStamp: '2026-07-05T07:23:44Z',
        },
      },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '69824.797868558s' },
    ],
  },
});

const geminiApiDailyQuota = JSON.stringify([
  {
    error: {
      code: 429,
      message:
        'You exceeded your current quota, please check your plan and billing details.\nPlease retry in 34.074824224s.',
      status: 'RESOURCE_EXHAUSTED',
      details: [
        {
          '@type': 'type.googleapis.com/google.rpc.Help',
          links: [{ description: 'Learn more', url: 'https://ai.google.dev' }],
        },
        {
          '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
          violations: [
            {
              quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_input_token_count',
              quotaId: 'GenerateContentInputTokensPerModelPerMinute-FreeTier',
            },
            {
              quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
              quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
            },
          ],
        },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '34s' },
      ],
    },
  },
]);

describe('classifyGoogleError', () => {
  it('reads a Code Assist per-minute rate limit with its retry delay', () => {
    // Act
    const error = classifyGoogleError({ status: 429, body: codeAssistRateLimit, now });

    // Assess
    expect(fieldsOf(error)).toStrictEqual({
      failure: 'rate_limited',
      status: 429,
      reason: 'RATE_LIMIT_EXCEEDED',
      retryDelayMs: 2_203,
      resetAt: undefined,
      quotaId: undefined,
    });
    expect(error.message).toStrictEqual(
      'Google answered 429 RESOURCE_EXHAUSTED: You have exhausted your capacity on this model. Your quota will reset after 2s.',
    );
  });

  it('reads QUOTA_EXHAUSTED as an exhausted quota until Google’s reset timestamp', () => {
    // Act
    const error = classifyGoogleError({ status: 429, body: codeAssistQuotaExhausted, now });

    // Assess
    expect(fieldsOf(error)).toStrictEqual({
      failure: 'quota_exhausted',
      status: 429,
      reason: 'QUOTA_EXHAUSTED',
      retryDelayMs: 69_824_798,
      resetAt: Date.parse('2026-07-05T07:23:44Z'),
      quotaId: undefined,
    });
  });

  it('reads a daily QuotaFailure (array-wrapped) as exhausted until midnight Pacific, not the 34 s hint', () => {
    // Act
    const error = classifyGoogleError({ status: 429, body: geminiApiDailyQuota, now });

    // Assess
    expect(fieldsOf(error)).toStrictEqual({
      failure: 'quota_exhausted',
      status: 429,
      reason: undefined,
      retryDelayMs: 34_000,
      resetAt: nextMidnightPacific,
      quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
    });
  });

  it('turns a reset delay longer than five minutes into an exhausted quota reset after that delay', () => {
    // Prepare
    const body = JSON.stringify({
      error: {
        code: 429,
        status: 'RESOURCE_EXHAUSTED',
        message: 'Quota exceeded.',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'RATE_LIMIT_EXCEEDED',
            metadata: { quotaResetDelay: '2h' },
          },
        ],
      },
    });

    // Act
    const error = classifyGoogleError({ status: 429, body, now });

    // Assess
    expect(fieldsOf(error)).toStrictEqual({
      failure: 'quota_exhausted',
      status: 429,
      reason: 'RATE_LIMIT_EXCEEDED',
      retryDelayMs: 7_200_000,
      resetAt: now + 7_200_000,
      quotaId: undefined,
    });
  });

  it('reads QUOTA_EXHAUSTED without any time as exhausted until midnight Pacific', () => {
    // Prepare
    const body = JSON.stringify({
      error: {
        code: 429,
        status: 'RESOURCE_EXHAUSTED',
        message: 'Quota exhausted.',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'QUOTA_EXHAUSTED' }],
      },
    });

    // Act
    const error = classifyGoogleError({ status: 429, body, now });

    // Assess
    expect([error.failure, error.resetAt]).toStrictEqual(['quota_exhausted', nextMidnightPacific]);
  });

  it('reads a bare RESOURCE_EXHAUSTED as a rate limit without a delay', () => {
    // Prepare
    const body =
      '{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}';

    // Act
    const error = classifyGoogleError({ status: 429, body, now });

    // Assess
    expect(fieldsOf(error)).toStrictEqual({
      failure: 'rate_limited',
      status: 429,
      reason: undefined,
      retryDelayMs: undefined,
      resetAt: undefined,
      quotaId: undefined,
    });
  });

  it('takes the delay from "Please retry in" when the details give none', () => {
    // Prepare
    const body = {
      error: { code: 429, message: 'Quota exceeded. Please retry in 0.53s.', status: 'RESOURCE_EXHAUSTED' },
    };

    // Act
    const error = classifyGoogleError({ status: 429, body, now });

    // Assess
    expect([error.failure, error.retryDelayMs]).toStrictEqual(['rate_limited', 530]);
  });

  it.each([
    [503, 'MODEL_CAPACITY_EXHAUSTED', 'capacity'],
    [429, 'MODEL_CAPACITY_EXHAUSTED', 'capacity'],
    [503, undefined, 'server_error'],
    [500, undefined, 'server_error'],
    [502, undefined, 'server_error'],
    [401, undefined, 'unauthorized'],
    [403, undefined, 'forbidden'],
    [404, undefined, 'not_found'],
    [400, undefined, 'bad_request'],
    [400, 'API_KEY_INVALID', 'credentials_revoked'],
    [408, undefined, 'timeout'],
    [409, undefined, 'server_error'],
  ])('classifies %d with reason %s as %s', (status, reason, failure) => {
    // Prepare
    const details = reason ? [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason }] : [];
    const body = JSON.stringify({ error: { code: status, message: 'Something.', status: 'X', details } });

    // Act
    const error = classifyGoogleError({ status, body, now });

    // Assess
    expect(error.failure).toStrictEqual(failure);
  });

  it('keeps Google’s 400 message for the client but caps its length', () => {
    // Prepare
    const message = `* GenerateContentRequest.contents: contents is not specified ${'x'.repeat(2_000)}`;
    const body = JSON.stringify({ error: { code: 400, message, status: 'INVALID_ARGUMENT' } });

    // Act
    const error = classifyGoogleError({ status: 400, body, now });

    // Assess
    expect(error.isClientFault).toStrictEqual(true);
    expect(
      error.message.startsWith('Google answered 400 INVALID_ARGUMENT: * GenerateContentRequest.contents'),
    ).toStrictEqual(true);
    expect(error.message.length).toStrictEqual(500);
  });

  it('masks credentials Google echoes in a message', () => {
    // Prepare
    const body = JSON.stringify({
      error: { code: 401, message: 'Token ya29.a0AfH6SMBsecret is invalid', status: 'UNAUTHENTICATED' },
    });

    // Act
    const error = classifyGoogleError({ status: 401, body, now });

    // Assess
    expect(error.message).toStrictEqual('Google answered 401 UNAUTHENTICATED: Token [redacted] is invalid');
  });

  it('classifies a non-JSON answer by status alone, without echoing the body', () => {
    // Act
    const error = classifyGoogleError({ status: 502, body: '<html><body>Bad Gateway</body></html>', now });

    // Assess
    expect([error.failure, error.message]).toStrictEqual(['server_error', 'Google answered 502']);
  });

  describe('the sanctioned backends’ recorded bodies', () => {
    function classify(answer: Answer) {
      if (answer.kind !== 'error') throw new Error('expected an error answer');
      return fieldsOf(classifyGoogleError({ status: answer.status, body: JSON.stringify(answer.body), now }));
    }

    it.each<[string, Answer, ReturnType<typeof fieldsOf>]>([
      [
        'Gemini API per-minute 429 → rate limit with its RetryInfo',
        geminiApiRateLimited({ retryDelay: '26s' }),
        {
          failure: 'rate_limited',
          status: 429,
          reason: undefined,
          retryDelayMs: 26_000,
          resetAt: undefined,
          quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
        },
      ],
      [
        'Gemini API 400 API_KEY_INVALID → the account’s credentials, not the client',
        apiKeyInvalid(),
        {
          failure: 'credentials_revoked',
          status: 400,
          reason: 'API_KEY_INVALID',
          retryDelayMs: undefined,
          resetAt: undefined,
          quotaId: undefined,
        },
      ],
      [
        'Gemini API 400 FAILED_PRECONDITION (location) → forbidden',
        locationNotSupported(),
        {
          failure: 'forbidden',
          status: 400,
          reason: undefined,
          retryDelayMs: undefined,
          resetAt: undefined,
          quotaId: undefined,
        },
      ],
      [
        '403 SERVICE_DISABLED → forbidden',
        serviceDisabled(),
        {
          failure: 'forbidden',
          status: 403,
          reason: 'SERVICE_DISABLED',
          retryDelayMs: undefined,
          resetAt: undefined,
          quotaId: undefined,
        },
      ],
      [
        'Vertex array-wrapped bare 429 → rate limit without a delay',
        vertexResourceExhausted(),
        {
          failure: 'rate_limited',
          status: 429,
          reason: undefined,
          retryDelayMs: undefined,
          resetAt: undefined,
          quotaId: undefined,
        },
      ],
      [
        'Vertex 403 IAM_PERMISSION_DENIED → forbidden',
        vertexPermissionDenied(),
        {
          failure: 'forbidden',
          status: 403,
          reason: 'IAM_PERMISSION_DENIED',
          retryDelayMs: undefined,
          resetAt: undefined,
          quotaId: undefined,
        },
      ],
      [
        'Vertex 404 publisher model → not found (the client’s model)',
        vertexModelNotFound(),
        {
          failure: 'not_found',
          status: 404,
          reason: undefined,
          retryDelayMs: undefined,
          resetAt: undefined,
          quotaId: undefined,
        },
      ],
    ])('%s', (_label, answer, expected) => {
      // Act
      const fields = classify(answer);

      // Assess
      expect(fields).toStrictEqual(expected);
    });

    it('reads a Vertex per-minute quota message as a rate limit', () => {
      // Prepare
      const body = [
        {
          error: {
            code: 429,
            message:
              'Quota exceeded for aiplatform.googleapis.com/generate_content_requests_per_minute_per_project_per_base_model with base model: gemini-2.5-pro. Please submit a quota increase request. https://cloud.google.com/vertex-ai/docs/generative-ai/quotas-genai.',
            status: 'RESOURCE_EXHAUSTED',
          },
        },
      ];

      // Act
      const error = classifyGoogleError({ status: 429, body, now });

      // Assess
      expect([error.failure, error.retryDelayMs]).toStrictEqual(['rate_limited', undefined]);
    });
  });
});
