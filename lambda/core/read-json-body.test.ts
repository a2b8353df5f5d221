import { describe, expect, it } from 'vitest';
import { HttpError } from './http-error.js';
import { readJsonBody } from './read-json-body.js';

async function* chunksOf(...chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* chunks;
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => (error instanceof HttpError ? [error.status, error.message] : error),
  );

describe('readJsonBody', () => {
  it('decodes a character whose bytes are split across chunks', async () => {
    // Prepare
    const bytes = new TextEncoder().encode('{"text":"東京"}');

    // Act
    const body = await readJsonBody(chunksOf(bytes.slice(0, 11), bytes.slice(11)), 1_000);

    // Assess
    expect(body).toStrictEqual({ text: '東京' });
  });

  it.each([
    ['an invalid byte', new Uint8Array([0x7b, 0xff, 0x7d])],
    ['a character cut off at the end', new TextEncoder().encode('{"a":"東').slice(0, -1)],
  ])('refuses %s as not UTF-8', async (_label, bytes) => {
    // Act
    const failure = await failureOf(readJsonBody(chunksOf(bytes), 1_000));

    // Assess
    expect(failure).toStrictEqual([400, 'Request body is not valid UTF-8.']);
  });

  it('refuses a body over the limit with 413 as soon as it passes it', async () => {
    // Prepare
    let chunksRead = 0;
    const body = (async function* () {
      for (;;) {
        chunksRead += 1;
        yield new Uint8Array(600);
      }
    })();

    // Act
    const failure = await failureOf(readJsonBody(body, 1_000));

    // Assess
    expect([failure, chunksRead]).toStrictEqual([
      [413, 'Request body is larger than the limit of 1000 bytes.'],
      2,
    ]);
  });
});
