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

const malformed: GenerateContentResponse = { candidates: [{ finishReason: 'MALFORMED_FUNCTION_CALL' }] };
const usageOnly: GenerateContentResponse = { usageMetadata: { totalTokenCount: 1 } };

/** Each argument is one batch: the events one read of Google's bytes completed. */
async function* batchesOf(
  ...batches: GenerateContentResponse[][]
): AsyncGenerator<GenerateContentResponse[]> {
  yield* batches;
}

async function readRest(rest: AsyncIterable<GenerateContentResponse[]>) {
  const batches: GenerateContentResponse[][] = [];
  try {
    for await (const batch of rest) batches.push(batch);
    return { batches };
  } catch (error) {
    return { batches, failure: (error as UpstreamError).failure };
  }
}

describe('primeStream', () => {
  it('closes as completed once the rest has been read to the end', async () => {
    // Prepare
    const { calls, close } = recordingClose();
    const { first, rest } = await primeStream({ events: batchesOf([text('a')], [text('b')]), close });

    // Act
    const { batches } = await readRest(rest);

    // Assess
    expect([first, batches, calls]).toStrictEqual([text('a'), [[text('b')]], [true]]);
  });

  it('closes as cancelled when the rest is returned before it is read', async () => {
    // Prepare
    const { calls, close } = recordingClose();
    const { rest } = await primeStream({ events: batchesOf([text('a')], [text('b')]), close });

    // Act
    await rest.return?.();

    // Assess
    expect([calls, await rest.next()]).toStrictEqual([[false], { done: true, value: undefined }]);
  });

  it('closes as cancelled and rethrows when the stream fails before content', async () => {
    // Prepare
    const { calls, close } = recordingClose();
    const failing = (async function* () {
      yield [usageOnly];
      throw new UpstreamError({ failure: 'network', message: 'reset' });
    })();

    // Act
    const error = await primeStream({ events: failing, close }).catch((caught: unknown) => caught);

    // Assess
    expect([(error as UpstreamError).failure, calls]).toStrictEqual(['network', [false]]);
  });

  it('skips events without content up to the first, and hands on what arrived after it in the same batch', async () => {
    // Act
    const { first, rest } = await primeStream({
      events: batchesOf([usageOnly], [usageOnly, text('a'), text('b')], [text('c')]),
      close: () => {},
    });

    // Assess
    expect([first, await readRest(rest)]).toStrictEqual([text('a'), { batches: [[text('b')], [text('c')]] }]);
  });

  it('fails over on a broken function call before any content', async () => {
    // Prepare
    const { calls, close } = recordingClose();

    // Act
    const error = await primeStream({ events: batchesOf([usageOnly, malformed, text('a')]), close }).catch(
      (caught: unknown) => caught,
    );

    // Assess
    expect([(error as UpstreamError).failure, calls]).toStrictEqual(['malformed_response', [false]]);
  });

  it('delivers the events before a broken function call in its batch, then fails', async () => {
    // Prepare
    const { calls, close } = recordingClose();
    const { rest } = await primeStream({
      events: batchesOf([text('a'), text('b'), malformed, text('lost')], [text('never read')]),
      close,
    });

    // Act
    const read = await readRest(rest);

    // Assess
    expect([read, calls]).toStrictEqual([{ batches: [[text('b')]], failure: 'malformed_response' }, [false]]);
  });
});
