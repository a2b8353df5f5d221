/**
 * Many streams at once through the real local gateway: 40 streaming requests over three accounts, all
 * in flight together (Google holds every answer at a gate until the last request has arrived), one of
 * them failing over after a 429. Every client gets its own answer, whole and exactly once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { finishEvent, textEvent } from '../fakes/gemini-events.js';
import { Gate, rateLimited, stream } from '../fakes/google-answers.js';
import { createTestClock } from '../fakes/test-clock.js';
import { accountsSeen, freezeLines, threeAccounts } from './pool-accounts.js';
import { type Harness, startHarness } from './start-harness.js';

const model = 'gemini-2.5-flash';
const requestCount = 40;
/** Google's fifth call is refused: that request fails over while the others stream. */
const refusedCall = 5;

/** The question a call carries: the text of its first part. */
function questionOf(request: Record<string, unknown>): string {
  const contents = request.contents as Array<{ parts: Array<{ text?: string }> }>;
  return contents[0]?.parts[0]?.text ?? '';
}

describe('pool under concurrency', () => {
  let rig: Harness | undefined;
  afterEach(async () => {
    await rig?.close();
    rig = undefined;
  });

  it(`streams ${requestCount} concurrent requests over three accounts, each answer whole and once`, async () => {
    // Prepare
    rig = await startHarness({ clock: createTestClock(), accounts: threeAccounts });
    const { google, client, logger } = rig;
    const gate = new Gate();
    google.setHandler((call) =>
      google.calls.length === refusedCall
        ? rateLimited({ retryDelay: '30s', model })
        : stream(
            textEvent(`answer to ${questionOf(call.request)}:`),
            gate,
            textEvent(' part two'),
            finishEvent('STOP'),
          ),
    );
    const questions = Array.from({ length: requestCount }, (_, index) => `question ${index}`);

    // Act
    const answers = Promise.all(
      questions.map(async (question) => {
        const chunks = await client.chat.completions.create({
          model,
          messages: [{ role: 'user', content: question }],
          stream: true,
        });
        let text = '';
        const finishReasons: Array<string | null | undefined> = [];
        for await (const chunk of chunks) {
          text += chunk.choices[0]?.delta.content ?? '';
          finishReasons.push(chunk.choices[0]?.finish_reason);
        }
        return { text, finishReason: finishReasons.filter(Boolean) };
      }),
    );
    // Every request is at Google, every stream open and held, before any may finish.
    await google.until(() => google.calls.length === requestCount + 1);
    gate.release();

    // Assess
    expect(await answers).toStrictEqual(
      questions.map((question) => ({
        text: `answer to ${question}: part two`,
        finishReason: ['stop'],
      })),
    );
    const seen = accountsSeen(google);
    expect(seen).toHaveLength(requestCount + 1);
    expect(new Set(seen)).toStrictEqual(new Set(['acct-a', 'acct-b', 'acct-c']));
    const questionsAsked = google.calls.map((call) => questionOf(call.request));
    const refused = questionsAsked[refusedCall - 1];
    // The refused question was asked twice, of two accounts.
    const refusedCalls = questionsAsked.flatMap((question, index) => (question === refused ? [index] : []));
    expect(refusedCalls).toHaveLength(2);
    expect(new Set(refusedCalls.map((index) => seen[index])).size).toStrictEqual(2);
    expect(new Set(questionsAsked)).toStrictEqual(new Set(questions));
    expect(freezeLines(logger).map((line) => line.fields?.accountId)).toStrictEqual([seen[refusedCall - 1]]);
    // One token refresh per account, however many requests wanted a token at once.
    expect(google.tokenCalls.map((call) => call.refreshToken).sort()).toStrictEqual(['rt-a', 'rt-b', 'rt-c']);
  });
});
