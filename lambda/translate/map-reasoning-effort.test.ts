import { describe, expect, it } from 'vitest';
import type { ReasoningEffort } from '../openai/chat-request.js';
import { mapReasoningEffort } from './map-reasoning-effort.js';

function map(effort: ReasoningEffort | undefined, model: string) {
  const warnings: string[] = [];
  const config = mapReasoningEffort({ effort, model, warn: (message) => warnings.push(message) });
  return { config, warnings };
}

describe('mapReasoningEffort', () => {
  it.each<[ReasoningEffort, number]>([
    ['minimal', 512],
    ['low', 1024],
    ['medium', 8192],
    ['high', 24576],
    ['xhigh', 24576],
  ])('gives Gemini 2.5 Flash a %s budget of %i tokens', (effort, thinkingBudget) => {
    // Act
    const result = map(effort, 'gemini-2.5-flash');

    // Assess
    expect(result).toStrictEqual({ config: { thinkingBudget, includeThoughts: true }, warnings: [] });
  });

  it('turns thinking off on Gemini 2.5 Flash and Flash-Lite for none, without asking for thoughts', () => {
    // Act
    const results = [map('none', 'gemini-2.5-flash'), map('none', 'gemini-2.5-flash-lite')];

    // Assess
    expect(results).toStrictEqual([
      { config: { thinkingBudget: 0 }, warnings: [] },
      { config: { thinkingBudget: 0 }, warnings: [] },
    ]);
  });

  it.each<[ReasoningEffort, number]>([
    ['minimal', 128],
    ['low', 1024],
    ['medium', 8192],
    ['high', 32768],
  ])('gives Gemini 2.5 Pro a %s budget of %i tokens', (effort, thinkingBudget) => {
    // Act
    const result = map(effort, 'gemini-2.5-pro');

    // Assess
    expect(result).toStrictEqual({ config: { thinkingBudget, includeThoughts: true }, warnings: [] });
  });

  it('uses the smallest budget on Gemini 2.5 Pro for none, which cannot stop thinking, and warns', () => {
    // Act
    const result = map('none', 'gemini-2.5-pro');

    // Assess
    expect(result).toStrictEqual({
      config: { thinkingBudget: 128 },
      warnings: [
        "reasoning_effort 'none' cannot turn thinking off on gemini-2.5-pro; it thinks as little as it can",
      ],
    });
  });

  it.each<[ReasoningEffort, string]>([
    ['minimal', 'low'],
    ['low', 'low'],
    ['medium', 'high'],
    ['high', 'high'],
    ['xhigh', 'high'],
  ])('maps %s to thinking level %s on Gemini 3 Pro', (effort, thinkingLevel) => {
    // Act
    const result = map(effort, 'gemini-3-pro-preview');

    // Assess
    expect(result).toStrictEqual({ config: { thinkingLevel, includeThoughts: true }, warnings: [] });
  });

  it('uses the low level on Gemini 3 Pro for none and warns', () => {
    // Act
    const result = map('none', 'gemini-3-pro-preview');

    // Assess
    expect(result).toStrictEqual({
      config: { thinkingLevel: 'low' },
      warnings: [
        "reasoning_effort 'none' cannot turn thinking off on gemini-3-pro-preview; it thinks as little as it can",
      ],
    });
  });

  it.each<[ReasoningEffort, string]>([
    ['minimal', 'minimal'],
    ['low', 'low'],
    ['medium', 'medium'],
    ['high', 'high'],
  ])('maps %s to thinking level %s on Gemini 3 Flash', (effort, thinkingLevel) => {
    // Act
    const result = map(effort, 'gemini-3-flash-preview');

    // Assess
    expect(result).toStrictEqual({ config: { thinkingLevel, includeThoughts: true }, warnings: [] });
  });

  it('uses the minimal level on Gemini 3 Flash for none, without asking for thoughts', () => {
    // Act
    const result = map('none', 'gemini-3-flash-preview');

    // Assess
    expect(result).toStrictEqual({ config: { thinkingLevel: 'minimal' }, warnings: [] });
  });

  it('asks thinking models for their thoughts when no effort is given', () => {
    // Act
    const results = [map(undefined, 'gemini-2.5-pro'), map(undefined, 'gemini-3-pro-preview')];

    // Assess
    expect(results).toStrictEqual([
      { config: { includeThoughts: true }, warnings: [] },
      { config: { includeThoughts: true }, warnings: [] },
    ]);
  });

  it('leaves models without thinking control alone, warning only when an effort was asked for', () => {
    // Act
    const results = [map(undefined, 'gemini-2.0-flash'), map('high', 'gemini-2.0-flash')];

    // Assess
    expect(results).toStrictEqual([
      { config: undefined, warnings: [] },
      {
        config: undefined,
        warnings: ['reasoning_effort is ignored: gemini-2.0-flash has no thinking control'],
      },
    ]);
  });
});
