import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finishEvent, textEvent, thoughtEvent, usage } from '../fakes/gemini-events.js';
import { stream } from '../fakes/google-answers.js';
import { createTestClock } from '../fakes/test-clock.js';
import { oneAccount } from './accounts.js';
import { collect } from './raw-http.js';
import { type Harness, startHarness } from './start-harness.js';

/** `reasoning_content` is an extension the SDK's types do not know. */
interface WithReasoning {
  reasoning_content?: string;
}

describe('chat completions: reasoning', () => {
  let rig: Harness;

  beforeEach(async () => {
    rig = await startHarness({ accounts: oneAccount, clock: createTestClock() });
  });
  afterEach(() => rig.close());

  it.each([
    {
      model: 'gemini-2.5-flash',
      effort: 'low',
      thinkingConfig: { thinkingBudget: 1024, includeThoughts: true },
    },
    {
      model: 'gemini-2.5-pro',
      effort: 'high',
      thinkingConfig: { thinkingBudget: 32768, includeThoughts: true },
    },
    { model: 'gemini-2.5-flash', effort: 'none', thinkingConfig: { thinkingBudget: 0 } },
    {
      model: 'gemini-3-pro-preview',
      effort: 'low',
      thinkingConfig: { thinkingLevel: 'low', includeThoughts: true },
    },
    {
      model: 'gemini-3-flash-preview',
      effort: 'medium',
      thinkingConfig: { thinkingLevel: 'medium', includeThoughts: true },
    },
  ] as const)(
    'sends reasoning_effort $effort on $model as $thinkingConfig',
    async ({ model, effort, thinkingConfig }) => {
      // Act
      await rig.client.chat.completions.create({
        model,
        messages: [{ role: 'user', content: 'Think.' }],
        reasoning_effort: effort,
      });

      // Assess
      expect(rig.google.calls[0]?.request.generationConfig).toStrictEqual({ thinkingConfig });
    },
  );

  it('returns thought parts as reasoning_content of the message, never in its content', async () => {
    // Prepare
    rig.google.enqueue(
      stream(
        thoughtEvent('Compare sizes. '),
        thoughtEvent('The sun wins.'),
        textEvent('The sun.'),
        finishEvent('STOP', usage({ prompt: 8, candidates: 3, thoughts: 12 })),
      ),
    );

    // Act
    const completion = await rig.client.chat.completions.create({
      model: 'gemini-2.5-pro',
      messages: [{ role: 'user', content: 'Which is bigger, the sun or the moon?' }],
      reasoning_effort: 'medium',
    });

    // Assess
    expect(completion.choices[0]?.message).toStrictEqual({
      role: 'assistant',
      content: 'The sun.',
      reasoning_content: 'Compare sizes. The sun wins.',
      refusal: null,
    });
    expect(completion.usage).toStrictEqual({
      prompt_tokens: 8,
      completion_tokens: 15,
      total_tokens: 23,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 12 },
    });
  });

  it('streams thought parts as reasoning_content deltas before the content deltas', async () => {
    // Prepare
    rig.google.enqueue(
      stream(thoughtEvent('Compare sizes.'), textEvent('The '), textEvent('sun.'), finishEvent('STOP')),
    );

    // Act
    const chunks = await collect(
      await rig.client.chat.completions.create({
        model: 'gemini-2.5-pro',
        messages: [{ role: 'user', content: 'Which is bigger, the sun or the moon?' }],
        stream: true,
      }),
    );

    // Assess
    expect(chunks.map((chunk) => chunk.choices[0]?.delta as WithReasoning)).toStrictEqual([
      { role: 'assistant', reasoning_content: 'Compare sizes.' },
      { content: 'The ' },
      { content: 'sun.' },
      {},
    ]);
  });
});
