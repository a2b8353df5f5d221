/**
 * The faults the chaos mode of the fake Google mixes into its answers, and what each one must look
 * like to a client. Every answer carries text unique to its request and attempt, so a client's output
 * can be checked against exactly what the fake sent: complete, uncorrupted, never two attempts mixed.
 */
import type { Random } from '../../lambda/core/ports.js';
import { finishEvent, textEvent, usage } from '../fakes/gemini-events.js';
import {
  type Answer,
  capacityExhausted,
  Delay,
  googleError,
  hang,
  internalError,
  malformedSse,
  quotaExhausted,
  rateLimited,
  reset,
  resourceExhausted,
  stream,
} from '../fakes/google-answers.js';

export const chaosFaults = [
  'none',
  'slow-drip',
  'rate-limit-with-hint',
  'rate-limit-bare',
  'quota-exhausted',
  'daily-quota',
  'server-error',
  'capacity',
  'reset-before-first-byte',
  'reset-mid-stream',
  'stall-before-first-byte',
  'stall-mid-stream',
  'malformed-sse',
  'malformed-sse-mid-stream',
  'empty-candidates',
  'malformed-function-call',
  'malformed-function-call-mid-stream',
] as const;

export type ChaosFault = (typeof chaosFaults)[number];

/** How an answer ends: whole, refused before its first event (failover), or broken after it. */
export type FaultEffect = 'complete' | 'before-first-event' | 'mid-stream';

export function effectOf(fault: ChaosFault): FaultEffect {
  switch (fault) {
    case 'none':
    case 'slow-drip':
      return 'complete';
    case 'reset-mid-stream':
    case 'stall-mid-stream':
    case 'malformed-sse-mid-stream':
    case 'malformed-function-call-mid-stream':
      return 'mid-stream';
    default:
      return 'before-first-event';
  }
}

/** Google's rate limits and quotas: a request that met one may be answered 429. */
function isRateLimitFault(fault: ChaosFault): boolean {
  return (
    fault === 'rate-limit-with-hint' ||
    fault === 'rate-limit-bare' ||
    fault === 'quota-exhausted' ||
    fault === 'daily-quota'
  );
}

/** The status a client is answered with when this fault was the last word of Google's in its request. */
export function statusOf(fault: ChaosFault): number | undefined {
  switch (fault) {
    case 'capacity':
      return 503;
    case 'stall-before-first-byte':
    case 'stall-mid-stream':
      return 504;
    case 'server-error':
    case 'reset-before-first-byte':
    case 'reset-mid-stream':
    case 'malformed-sse':
    case 'malformed-sse-mid-stream':
    case 'empty-candidates':
    case 'malformed-function-call':
    case 'malformed-function-call-mid-stream':
      return 502;
    default:
      return isRateLimitFault(fault) ? 429 : undefined;
  }
}

/** Relative weights of the faults on an unhealthy account; `none` keeps it useful some of the time. */
export const defaultFaultWeights: Readonly<Record<ChaosFault, number>> = {
  none: 10,
  'slow-drip': 8,
  'rate-limit-with-hint': 6,
  'rate-limit-bare': 4,
  'quota-exhausted': 3,
  'daily-quota': 2,
  'server-error': 6,
  capacity: 5,
  'reset-before-first-byte': 5,
  'reset-mid-stream': 5,
  'stall-before-first-byte': 3,
  'stall-mid-stream': 3,
  'malformed-sse': 4,
  'malformed-sse-mid-stream': 4,
  'empty-candidates': 4,
  'malformed-function-call': 4,
  'malformed-function-call-mid-stream': 4,
};

export function drawFault({
  random,
  weights,
}: {
  random: Random;
  weights: Readonly<Record<ChaosFault, number>>;
}): ChaosFault {
  const total = chaosFaults.reduce((sum, fault) => sum + weights[fault], 0);
  let draw = random.next() * total;
  for (const fault of chaosFaults) {
    draw -= weights[fault];
    if (draw < 0) return fault;
  }
  return 'none';
}

export interface ChaosTimings {
  /** Longer than the gateway's idle timeout: a stall. */
  stallMs: number;
  /** Well within the idle timeout: a slow but healthy stream. */
  dripMs: number;
  /** Epoch ms now, for the daily quota's reset time stamp. */
  now: number;
}

export interface ChaosAnswer {
  answer: Answer;
  /** Everything the answer would say if nothing broke. */
  fullText: string;
  /** What the fake sends before the fault strikes (the whole text for a complete answer). */
  sentText: string;
}

/**
 * The fake's answer for one attempt: `chunks` pieces of text (each naming the request and attempt),
 * then a clean finish, unless the fault breaks it first.
 */
export function buildChaosAnswer({
  fault,
  marker,
  chunks,
  timings,
}: {
  fault: ChaosFault;
  /** Unique to the request and attempt, e.g. `r12a3`. */
  marker: string;
  chunks: number;
  timings: ChaosTimings;
}): ChaosAnswer {
  const texts = Array.from({ length: chunks }, (_, index) => `${marker}c${index} `);
  const fullText = texts.join('');
  const events = texts.map((text) => textEvent(text));
  const finish = finishEvent('STOP', usage({ prompt: 7, candidates: chunks }));
  const [first = textEvent(`${marker}c0 `)] = events;
  const firstText = texts[0] ?? '';
  const refused = (answer: Answer): ChaosAnswer => ({ answer, fullText, sentText: '' });
  const broken = (answer: Answer): ChaosAnswer => ({ answer, fullText, sentText: firstText });
  switch (fault) {
    case 'none':
      return { answer: stream(...events, finish), fullText, sentText: fullText };
    case 'slow-drip':
      return {
        answer: stream(...events.flatMap((event) => [new Delay(timings.dripMs), event]), finish),
        fullText,
        sentText: fullText,
      };
    case 'rate-limit-with-hint':
      return refused(rateLimited({ retryDelay: '0.3s' }));
    case 'rate-limit-bare':
      return refused(resourceExhausted());
    case 'quota-exhausted':
      return refused(quotaExhausted({ resetDelay: '0.8s' }));
    case 'daily-quota':
      return refused(dailyQuotaWithReset(timings.now + 1_500));
    case 'server-error':
      return refused(internalError());
    case 'capacity':
      return refused(capacityExhausted());
    case 'reset-before-first-byte':
      return refused(reset());
    case 'reset-mid-stream':
      return broken(reset(first));
    case 'stall-before-first-byte':
      return refused(hang());
    case 'stall-mid-stream':
      return broken(stream(first, new Delay(timings.stallMs), ...events.slice(1), finish));
    case 'malformed-sse':
      return refused(malformedSse());
    case 'malformed-sse-mid-stream':
      return broken(malformedSse(first));
    case 'empty-candidates':
      return refused(stream({ candidates: [], usageMetadata: usage({ prompt: 7, candidates: 0 }) }));
    case 'malformed-function-call':
      return refused(stream(finishEvent('MALFORMED_FUNCTION_CALL')));
    case 'malformed-function-call-mid-stream':
      return broken(stream(first, finishEvent('MALFORMED_FUNCTION_CALL')));
    default:
      return fault satisfies never;
  }
}

/**
 * A daily quota as the Gemini API reports it (QuotaFailure with a PerDay quota id), with Code Assist's
 * reset time stamp set soon, so the account comes back within the run instead of at midnight Pacific.
 */
function dailyQuotaWithReset(resetAt: number): Answer {
  const rpc = 'type.googleapis.com/google.rpc';
  return googleError(429, {
    message: 'You exceeded your current quota, please check your plan and billing details.',
    status: 'RESOURCE_EXHAUSTED',
    details: [
      {
        '@type': `${rpc}.QuotaFailure`,
        violations: [{ quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier', quotaValue: '50' }],
      },
      {
        '@type': `${rpc}.ErrorInfo`,
        reason: 'QUOTA_EXHAUSTED',
        domain: 'cloudcode-pa.googleapis.com',
        metadata: { quotaResetTimeStamp: new Date(resetAt).toISOString() },
      },
      { '@type': `${rpc}.RetryInfo`, retryDelay: '2s' },
    ],
  });
}
