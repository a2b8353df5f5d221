import { describe, expect, it } from 'vitest';
import { Utf8ChunkDecoder } from './utf8-chunk-decoder.js';

const bytes = (text: string) => new TextEncoder().encode(text);

function decodeAll(chunks: Uint8Array[], options?: { fatal?: boolean }): string {
  const decoder = new Utf8ChunkDecoder(options);
  let text = '';
  for (const chunk of chunks) text += decoder.decode(chunk);
  return text + decoder.end();
}

/** Every way of cutting `encoded` in two and in three. */
function cuts(encoded: Uint8Array): Uint8Array[][] {
  const all: Uint8Array[][] = [];
  for (let i = 0; i <= encoded.length; i++) {
    all.push([encoded.subarray(0, i), encoded.subarray(i)]);
    for (let j = i; j <= encoded.length; j++) {
      all.push([encoded.subarray(0, i), encoded.subarray(i, j), encoded.subarray(j)]);
    }
  }
  return all;
}

describe('Utf8ChunkDecoder', () => {
  it('decodes text cut anywhere, inside characters of two, three and four bytes too', () => {
    const text = 'a é € 😀 z 中文\n';
    for (const chunks of cuts(bytes(text))) expect(decodeAll(chunks)).toBe(text);
  });

  it('decodes what TextDecoder decodes, chunk by chunk, for text that ends on a multi-byte character', () => {
    const encoded = bytes('data: {"text":"naïve café 😀"}\n\ndata: {"text":"日本"}');
    for (const chunks of cuts(encoded)) {
      const reference = new TextDecoder();
      const expected =
        chunks.map((chunk) => reference.decode(chunk, { stream: true })).join('') + reference.decode();
      expect(decodeAll(chunks)).toBe(expected);
    }
  });

  it('drops a byte order mark at the start only, however the chunks fall', () => {
    const encoded = bytes('\uFEFF{"a":"\uFEFF"}');
    for (const chunks of cuts(encoded)) expect(decodeAll(chunks)).toBe('{"a":"\uFEFF"}');
  });

  it('ends a character cut off at the end as U+FFFD', () => {
    expect(decodeAll([bytes('ok '), bytes('€').subarray(0, 2)])).toBe('ok \uFFFD');
  });

  it('throws on invalid UTF-8 when fatal, in a chunk that ends on ASCII and in one that does not', () => {
    const invalid = Uint8Array.of(0x61, 0xff, 0x62);
    for (const chunks of [[invalid], [bytes('é'), invalid], [Uint8Array.of(0x61, 0xff, 0xc3)]]) {
      expect(() => decodeAll(chunks, { fatal: true })).toThrow(
        expect.objectContaining({ code: 'ERR_ENCODING_INVALID_ENCODED_DATA' }),
      );
    }
  });

  it('throws at the end on a character cut off when fatal', () => {
    const decoder = new Utf8ChunkDecoder({ fatal: true });
    expect(decoder.decode(bytes('€').subarray(0, 1))).toBe('');
    expect(() => decoder.end()).toThrow(
      expect.objectContaining({ code: 'ERR_ENCODING_INVALID_ENCODED_DATA' }),
    );
  });

  it('replaces invalid UTF-8 with U+FFFD when not fatal', () => {
    expect(decodeAll([Uint8Array.of(0x61, 0xff, 0x62)])).toBe('a\uFFFDb');
  });
});
