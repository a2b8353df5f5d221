import { describe, expect, it } from 'vitest';
import type { ChatCompletionRequest } from '../openai/chat-request.js';
import { mapGenerationConfig } from './map-generation-config.js';

const base: ChatCompletionRequest = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] };

function map(overrides: Partial<ChatCompletionRequest>, model = 'gemini-2.0-flash') {
  const warnings: string[] = [];
  const config = mapGenerationConfig({
    request: { ...base, ...overrides },
    model,
    warn: (message) => warnings.push(message),
  });
  return { config, warnings };
}

describe('mapGenerationConfig', () => {
  it('maps sampling, length, stop, seed, penalties and n', () => {
    // Act
    const result = map({
      temperature: 0.3,
      top_p: 0.9,
      max_tokens: 100,
      stop: ['END', '', 'STOP'],
      seed: 42,
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
      n: 3,
    });

    // Assess
    expect(result).toStrictEqual({
      config: {
        temperature: 0.3,
        topP: 0.9,
        maxOutputTokens: 100,
        stopSequences: ['END', 'STOP'],
        seed: 42,
        presencePenalty: 0.5,
        frequencyPenalty: -0.5,
        candidateCount: 3,
      },
      warnings: [],
    });
  });

  it('lets max_completion_tokens win over max_tokens and wraps a single stop string', () => {
    // Act
    const result = map({ max_tokens: 100, max_completion_tokens: 200, stop: 'END' });

    // Assess
    expect(result.config).toStrictEqual({ maxOutputTokens: 200, stopSequences: ['END'] });
  });

  it('treats null as not set and leaves out n = 1', () => {
    // Act
    const result = map({
      temperature: null,
      top_p: null,
      stop: null,
      seed: null,
      n: 1,
      response_format: null,
    });

    // Assess
    expect(result).toStrictEqual({ config: undefined, warnings: [] });
  });

  it('wraps seeds beyond int32 deterministically', () => {
    // Act
    const result = map({ seed: 2 ** 32 + 7 });

    // Assess
    expect(result.config).toStrictEqual({ seed: 7 });
  });

  it('rejects n above what Gemini returns', () => {
    // Act
    const act = () => map({ n: 9 });

    // Assess
    expect(act).toThrow(expect.objectContaining({ status: 400, param: 'n' }));
  });

  it('asks for JSON for json_object', () => {
    // Act
    const result = map({ response_format: { type: 'json_object' } });

    // Assess
    expect(result.config).toStrictEqual({ responseMimeType: 'application/json' });
  });

  it('asks for JSON with a cleaned schema for json_schema', () => {
    // Act
    const result = map({
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'answer',
          strict: true,
          schema: {
            type: 'object',
            properties: { answer: { type: 'string' }, confidence: { type: ['number', 'null'] } },
            required: ['answer', 'confidence'],
            additionalProperties: false,
          },
        },
      },
    });

    // Assess
    expect(result.config).toStrictEqual({
      responseMimeType: 'application/json',
      responseSchema: {
        type: 'object',
        properties: { answer: { type: 'string' }, confidence: { type: 'number', nullable: true } },
        required: ['answer', 'confidence'],
      },
    });
  });

  it('asks for JSON only when a json_schema has no usable schema', () => {
    // Act
    const result = map({ response_format: { type: 'json_schema', json_schema: { name: 'anything' } } });

    // Assess
    expect(result.config).toStrictEqual({ responseMimeType: 'application/json' });
  });

  it('ignores response_format text', () => {
    // Act
    const result = map({ response_format: { type: 'text' } });

    // Assess
    expect(result.config).toBeUndefined();
  });

  it('adds the thinking config of the model', () => {
    // Act
    const result = map({ reasoning_effort: 'high', temperature: 1 }, 'gemini-3-pro-preview');

    // Assess
    expect(result.config).toStrictEqual({
      temperature: 1,
      thinkingConfig: { thinkingLevel: 'high', includeThoughts: true },
    });
  });
});
