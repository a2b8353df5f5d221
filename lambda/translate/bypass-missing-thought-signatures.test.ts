import { describe, expect, it } from 'vitest';
import type { GeminiContent } from '../gemini/generate-content.js';
import {
  bypassMissingThoughtSignatures,
  skipThoughtSignatureValidator,
} from './bypass-missing-thought-signatures.js';

describe('bypassMissingThoughtSignatures', () => {
  it('signs the first function call of a model turn that has no signature', () => {
    // Prepare
    const contents: GeminiContent[] = [
      { role: 'user', parts: [{ text: 'Weather in Paris and Rome?' }] },
      {
        role: 'model',
        parts: [
          { text: 'Checking.' },
          { functionCall: { name: 'get_weather', args: { city: 'Paris' } } },
          { functionCall: { name: 'get_weather', args: { city: 'Rome' } } },
        ],
      },
    ];

    // Act
    const result = bypassMissingThoughtSignatures({ contents });

    // Assess
    expect(result[1]).toStrictEqual({
      role: 'model',
      parts: [
        { text: 'Checking.' },
        {
          functionCall: { name: 'get_weather', args: { city: 'Paris' } },
          thoughtSignature: skipThoughtSignatureValidator,
        },
        { functionCall: { name: 'get_weather', args: { city: 'Rome' } } },
      ],
    });
    expect(contents[1]?.parts[1]?.thoughtSignature).toBeUndefined();
  });

  it('keeps real signatures and turns without calls as they are', () => {
    // Prepare
    const contents: GeminiContent[] = [
      { role: 'user', parts: [{ text: 'Hi' }] },
      { role: 'model', parts: [{ functionCall: { name: 'f', args: {} }, thoughtSignature: 'real' }] },
      { role: 'model', parts: [{ text: 'Plain answer' }] },
    ];

    // Act
    const result = bypassMissingThoughtSignatures({ contents });

    // Assess
    expect(result).toStrictEqual(contents);
  });
});
