/**
 * Checks one client's answer in a chaos run against what the fake Google sent for its request. Pure:
 * the answer's bytes and the attempts in, a verdict and every broken promise out.
 */

import { effectOf, statusOf } from './chaos-faults.js';
import type { ChaosAttempt } from './chaos-google.js';

export interface ClientAnswer {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

/**
 * - `success`: the whole answer of the attempt that served, nothing else;
 * - `broken-mid-stream`: a stream whose serving attempt failed after its first event: what it sent, then
 *   an error event (failover is impossible once text has reached the client);
 * - `refused`: an OpenAI-shaped error before any text.
 */
export type Verdict = 'success' | 'broken-mid-stream' | 'refused';

export interface Judgement {
  verdict: Verdict;
  /** Every way the answer breaks the gateway's promises; empty when it keeps them all. */
  violations: string[];
  /** Text of more than one attempt, or text repeated: failover leaked into the client's answer. */
  duplicated: boolean;
}

interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** One piece of an attempt's text: request, attempt, chunk. */
const markerPattern = /r(\d+)a(\d+)c\d+ /g;

/**
 * @example
 * judgeChaosAnswer({ request: 7, stream: true, answer, attempts: chaos.attemptsOf(7), maxAttempts: 5 });
 */
export function judgeChaosAnswer({
  request,
  stream,
  answer,
  attempts,
  maxAttempts,
  healthyAccount,
}: {
  request: number;
  stream: boolean;
  answer: ClientAnswer;
  attempts: readonly ChaosAttempt[];
  maxAttempts: number;
  /** An account that never faults is in the pool: failover must always reach an answer. */
  healthyAccount: boolean;
}): Judgement {
  const violations: string[] = [];
  if (attempts.length > maxAttempts) {
    violations.push(`${attempts.length} upstream attempts, more than the budget of ${maxAttempts}`);
  }
  if (answer.status !== 200) {
    if (healthyAccount) {
      violations.push(
        `refused with ${answer.status} although an account was healthy, after ${describeAttempts(attempts)}: ${answer.body.slice(0, 300)}`,
      );
    }
    judgeRefusal({ answer, attempts, violations });
    return { verdict: 'refused', violations, duplicated: false };
  }
  const read = stream ? readStream(answer.body, violations) : readCompletion(answer.body, violations);
  const markers = new Set(
    [...read.text.matchAll(markerPattern)].map(([, from, attempt]) => `r${from}a${attempt}`),
  );
  const serving = markers.size === 1 ? attempts.find(({ marker }) => markers.has(marker)) : undefined;
  const duplicated = markers.size > 1 || isRepeated(read.text);
  if (duplicated) violations.push(`text from several attempts or repeated: ${read.text.slice(0, 200)}`);
  if (!serving) {
    violations.push(`text that no attempt of request ${request} sent: "${read.text.slice(0, 200)}"`);
    return { verdict: read.error ? 'broken-mid-stream' : 'success', violations, duplicated };
  }
  if (read.error) {
    if (!stream) violations.push('a non-stream 200 carrying an error');
    if (effectOf(serving.fault) !== 'mid-stream') {
      violations.push(`an error event although the serving attempt ended with ${serving.fault}`);
    }
    if (read.text !== serving.sentText) {
      violations.push(`before the error the client got "${read.text}", Google sent "${serving.sentText}"`);
    }
    const expectedCode = statusOf(serving.fault) === 504 ? 'upstream_timeout' : 'upstream_error';
    if (!isErrorBody(read.error) || read.error.error.code !== expectedCode) {
      violations.push(`the error event ${JSON.stringify(read.error)} is not the ${expectedCode} error`);
    }
    return { verdict: 'broken-mid-stream', violations, duplicated };
  }
  if (effectOf(serving.fault) !== 'complete') {
    violations.push(`a success although the serving attempt ended with ${serving.fault}`);
  }
  if (read.text !== serving.fullText) {
    violations.push(`the client got "${read.text}", Google sent "${serving.fullText}"`);
  }
  if (read.finishReason !== 'stop') violations.push(`finish_reason ${String(read.finishReason)}`);
  return { verdict: 'success', violations, duplicated };
}

function judgeRefusal({
  answer,
  attempts,
  violations,
}: {
  answer: ClientAnswer;
  attempts: readonly ChaosAttempt[];
  violations: string[];
}): void {
  const body = parseJson(answer.body);
  if (!isErrorBody(body)) violations.push(`status ${answer.status} with a body not OpenAI-shaped`);
  // 429 when every account was cooling down (possibly for other requests' faults), otherwise what
  // Google's answers in this request map to.
  const allowed = new Set([429, ...attempts.flatMap(({ fault }) => statusOf(fault) ?? [])]);
  if (!allowed.has(answer.status)) {
    violations.push(
      `status ${answer.status} after ${describeAttempts(attempts)}: ${answer.body.slice(0, 300)}`,
    );
  }
  if (answer.status === 429 && !/^[1-9]\d*$/.test(answer.headers['retry-after'] ?? '')) {
    violations.push('a 429 without a Retry-After in whole seconds');
  }
  if (answer.status === 429 && isErrorBody(body) && body.error.type !== 'rate_limit_error') {
    violations.push(`a 429 typed ${body.error.type}`);
  }
}

interface ReadAnswer {
  text: string;
  finishReason: unknown;
  error?: unknown;
}

function readCompletion(body: string, violations: string[]): ReadAnswer {
  const completion = parseJson(body) as
    | { object?: unknown; choices?: Array<{ message?: { content?: unknown }; finish_reason?: unknown }> }
    | undefined;
  const choice = completion?.choices?.[0];
  if (completion?.object !== 'chat.completion' || typeof choice?.message?.content !== 'string') {
    violations.push(`not a chat completion: ${body.slice(0, 200)}`);
    return { text: '', finishReason: undefined };
  }
  return { text: choice.message.content, finishReason: choice.finish_reason };
}

function readStream(body: string, violations: string[]): ReadAnswer {
  if (!body.endsWith('\n\n')) violations.push('the stream does not end with a blank line');
  const events = body.slice(0, -2).split('\n\n');
  if (events.at(-1) !== 'data: [DONE]') violations.push('the stream does not end with [DONE]');
  let text = '';
  let finishReason: unknown;
  let error: unknown;
  for (const event of events.slice(0, -1)) {
    if (!event.startsWith('data: ') || event.includes('\n')) {
      violations.push(`not one data line: ${event.slice(0, 100)}`);
      continue;
    }
    const data = parseJson(event.slice('data: '.length)) as
      | { error?: unknown; choices?: Array<{ delta?: { content?: unknown }; finish_reason?: unknown }> }
      | undefined;
    if (error !== undefined) violations.push('an event after the error event');
    if (data?.error !== undefined) {
      error = data;
      continue;
    }
    const choice = data?.choices?.[0];
    if (typeof choice?.delta?.content === 'string') text += choice.delta.content;
    if (choice?.finish_reason) finishReason = choice.finish_reason;
  }
  return { text, finishReason, ...(error === undefined ? {} : { error }) };
}

function describeAttempts(attempts: readonly ChaosAttempt[]): string {
  return attempts.map(({ project, fault }) => `${project} ${fault}`).join(', ') || 'no attempt';
}

/** The same piece of an attempt's text twice. */
function isRepeated(text: string): boolean {
  const pieces = [...text.matchAll(markerPattern)].map(([piece]) => piece);
  return new Set(pieces).size !== pieces.length;
}

function isErrorBody(value: unknown): value is ErrorBody {
  const error = (value as { error?: Record<string, unknown> } | undefined)?.error;
  return (
    typeof error?.message === 'string' &&
    typeof error.type === 'string' &&
    (error.param === null || typeof error.param === 'string') &&
    (error.code === null || typeof error.code === 'string') &&
    Object.keys(value as object).length === 1
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
