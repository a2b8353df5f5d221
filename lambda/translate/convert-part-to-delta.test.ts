import { describe, expect, it } from 'vitest';
import { convertPartToDelta } from './convert-part-to-delta.js';
import { countingNonces } from './fixtures/gemini-streams.js';
import { decodeToolCallSignature } from './tool-call-id.js';

describe('convertPartToDelta', () => {
  it('shows answer text as content', () => {
    // Act
    const delta = convertPartToDelta({
      part: { text: 'Hi' },
      toolCallIndex: 0,
      newToolCallNonce: countingNonces(),
    });

    // Assess
    expect(delta).toStrictEqual({ content: 'Hi' });
  });

  it('shows thought text as reasoning_content only', () => {
    // Act
    const delta = convertPartToDelta({
      part: { text: 'Hmm.', thought: true, thoughtSignature: 'sig' },
      toolCallIndex: 0,
      newToolCallNonce: countingNonces(),
    });

    // Assess
    expect(delta).toStrictEqual({ reasoning_content: 'Hmm.' });
  });

  it.each([
    ['empty text', { text: '' }],
    ['a signature on empty text', { text: '', thoughtSignature: 'sig' }],
    ['an empty thought', { text: '', thought: true }],
    ['an inline image', { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }],
  ])('shows nothing for %s', (_name, part) => {
    // Act
    const delta = convertPartToDelta({ part, toolCallIndex: 0, newToolCallNonce: countingNonces() });

    // Assess
    expect(delta).toBeUndefined();
  });

  it('turns a signed function call into one whole tool call whose id gives the signature back', () => {
    // Prepare
    const signature = 'CiQB+/sig==';

    // Act
    const delta = convertPartToDelta({
      part: {
        functionCall: { name: 'lookup', args: { query: 'x', limit: 2 }, id: 'google-id' },
        thoughtSignature: signature,
      },
      toolCallIndex: 3,
      newToolCallNonce: countingNonces(),
    });

    // Assess
    expect(delta).toStrictEqual({
      tool_calls: [
        {
          index: 3,
          id: 'call_n1.Q2lRQisvc2lnPT0',
          type: 'function',
          function: { name: 'lookup', arguments: '{"query":"x","limit":2}' },
          extra_content: { google: { thought_signature: signature } },
        },
      ],
    });
    expect(decodeToolCallSignature(delta?.tool_calls?.[0]?.id ?? '')).toBe(signature);
  });

  it('gives an unsigned call without args empty arguments and a plain id', () => {
    // Act
    const delta = convertPartToDelta({
      part: { functionCall: { name: 'now', args: null }, thoughtSignature: null },
      toolCallIndex: 0,
      newToolCallNonce: countingNonces(),
    });

    // Assess
    expect(delta).toStrictEqual({
      tool_calls: [{ index: 0, id: 'call_n1', type: 'function', function: { name: 'now', arguments: '{}' } }],
    });
  });
});
