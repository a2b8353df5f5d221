import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ReadableChunks } from './readable-chunks.js';

const bytes = (text: string) => Buffer.from(text);
const texts = (chunks: Uint8Array[]) => chunks.map((chunk) => Buffer.from(chunk).toString());

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const collected: Uint8Array[] = [];
  for await (const chunk of chunks) collected.push(chunk);
  return collected;
}

describe('ReadableChunks', () => {
  it('gives every chunk in order, then ends', async () => {
    // Prepare
    const stream = new PassThrough();
    const chunks = new ReadableChunks(stream);

    // Act
    stream.write(bytes('a'));
    stream.write(bytes('b'));
    const reading = collect(chunks);
    stream.end(bytes('c'));

    // Assess
    expect(texts(await reading)).toStrictEqual(['a', 'b', 'c']);
    expect(stream.listenerCount('data')).toBe(0);
  });

  it('ends once a known length has come, without waiting for the end', async () => {
    // Prepare
    const stream = new PassThrough();
    const chunks = new ReadableChunks(stream, { length: 3 });

    // Act
    const reading = collect(chunks);
    stream.write(bytes('ab'));
    const receivedBefore = chunks.received;
    stream.write(bytes('c'));

    // Assess
    expect(texts(await reading)).toStrictEqual(['ab', 'c']);
    expect(receivedBefore).toBe(false);
    expect(chunks.received).toBe(true);
    expect(stream.listenerCount('data')).toBe(0);
  });

  it('ends at once for a known length of 0, and a close after the length is no failure', async () => {
    // Prepare
    const empty = new PassThrough();
    const whole = new PassThrough();
    const emptyChunks = new ReadableChunks(empty, { length: 0 });
    const wholeChunks = new ReadableChunks(whole, { length: 1 });

    // Act
    whole.write(bytes('a'));
    whole.destroy();
    const first = await wholeChunks.next();

    // Assess
    expect(emptyChunks.received).toBe(true);
    expect(await collect(emptyChunks)).toStrictEqual([]);
    expect(texts([first.value as Uint8Array])).toStrictEqual(['a']);
    expect(await wholeChunks.next()).toStrictEqual({ done: true, value: undefined });
  });

  it("rejects with the stream's error after the chunks before it", async () => {
    // Prepare
    const stream = new PassThrough();
    const chunks = new ReadableChunks(stream);
    const failure = new Error('connection reset');

    // Act
    stream.write(bytes('a'));
    const first = await chunks.next();
    stream.destroy(failure);

    // Assess
    expect(texts([first.value as Uint8Array])).toStrictEqual(['a']);
    await expect(chunks.next()).rejects.toBe(failure);
  });

  it('rejects when the stream closes before its end', async () => {
    // Prepare
    const stream = new PassThrough();
    const chunks = new ReadableChunks(stream);

    // Act
    const next = chunks.next();
    stream.destroy();

    // Assess
    await expect(next).rejects.toThrow('The stream closed before its end');
  });

  it('pauses the stream while chunks wait unread, and resumes it once they are read', async () => {
    // Prepare
    const stream = new PassThrough();
    const chunks = new ReadableChunks(stream);
    for (let index = 0; index < 16; index += 1) stream.write(bytes(String(index)));
    await new Promise((resolve) => setImmediate(resolve));
    const pausedWithAllQueued = stream.isPaused();

    // Act
    const read: Uint8Array[] = [];
    for (let index = 0; index < 16; index += 1) read.push((await chunks.next()).value as Uint8Array);

    // Assess
    expect(pausedWithAllQueued).toBe(true);
    expect(stream.isPaused()).toBe(false);
    expect(texts(read)).toStrictEqual(Array.from({ length: 16 }, (_, index) => String(index)));
  });

  it('stops listening when left early, and leaves the stream to its owner', async () => {
    // Prepare
    const stream = new PassThrough();
    const chunks = new ReadableChunks(stream);
    stream.write(bytes('a'));

    // Act
    for await (const _chunk of chunks) break;

    // Assess
    expect(stream.listenerCount('data')).toBe(0);
    expect(stream.destroyed).toBe(false);
  });
});
