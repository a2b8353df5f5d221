import { describe, expect, it } from 'vitest';
import { decodeToolCallSignature, encodeToolCallId } from './tool-call-id.js';

describe('tool call ids', () => {
  it('round-trips a thought signature', () => {
    const signature = 'CiQBjz1rX+/abc==';
    const id = encodeToolCallId('a1b2', signature);
    expect(id.startsWith('call_a1b2.')).toBe(true);
    expect(decodeToolCallSignature(id)).toBe(signature);
  });

  it('issues plain ids when there is no signature', () => {
    expect(encodeToolCallId('a1b2')).toBe('call_a1b2');
    expect(decodeToolCallSignature('call_a1b2')).toBeUndefined();
  });

  it('ignores ids it did not issue', () => {
    expect(decodeToolCallSignature('toolu_01.xyz')).toBeUndefined();
    expect(decodeToolCallSignature('call_x.not base64!')).toBeUndefined();
  });
});
