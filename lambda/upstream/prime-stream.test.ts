import { describe, expect, it } from 'vitest';
import type { GenerateContentResponse } from '../gemini/generate-content.js';
import { primeStream } from './prime-stream.js';
import { UpstreamError } from './upstream-error.js';

const text = (value: string): GenerateContentResponse => ({
  candidates: [{ content: { parts: [{ text: value }] } }],
});

function recordingClose() {
  const calls: boolean[] = [];
  return { calls, close: (completed: boolean) => void calls.push(completed) };
}

async function* eventsOf(...events: GenerateContentResponse[]): AsyncGenerator<GenerateContentResponse> {
  yield* events;
}

describe('primeStream', () => {
  it('closes as completed once the rest has been read to the end', async () => {
    // Prepare
    const { calls, close } = recordingClose();
    const { first, rest } = await primeStream({ events: eventsOf(text('a'), text('b')), close });

    // Act
    const others: GenerateContentResponse[] = [];
    for await (const event of rest) others.push(event);

    // Assess
    expect([first, others, calls]).toStrictEqual([text('a'), [text('b')], [true]]);
  });

  it('closes as cancelled when the rest is returned before it is read', async () => {
    // Prepare
    const { calls, close } = recordingClose();
    const { rest } = await primeStream({ events: eventsOf(text('a'), text('b')), close });

    // Act
    await rest.return?.();

    // Assess
    expect([calls, await rest.next()]).toStrictEqual([[false], { done: true, value: undefined }]);
  });

  it('closes as cancelled and rethrows when the stream fails before content', async () => {
    // Prepare
    const { calls, close } = recordingClose();
    const failing = (async function* () {
      yield { usageMetadata: { totalTokenCount: 1 } };
      throw new UpstreamError({ failure: 'network', message: 'reset' });
    })();

    // Act
    const error = await primeStream({ events: failing, close }).catch((caught: unknown) => caught);

    // Assess
    expect([(error as UpstreamError).failure, calls]).toStrictEqual(['network', [false]]);
  });
});
