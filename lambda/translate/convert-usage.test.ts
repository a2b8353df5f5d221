import { describe, expect, it } from 'vitest';
import { convertUsage } from './convert-usage.js';

describe('convertUsage', () => {
  it('counts thoughts as completion and tool-use prompts as prompt, keeping Google total', () => {
    // Prepare
    const usage = {
      promptTokenCount: 100,
      toolUsePromptTokenCount: 20,
      candidatesTokenCount: 30,
      thoughtsTokenCount: 50,
      cachedContentTokenCount: 64,
      totalTokenCount: 200,
    };

    // Act
    const converted = convertUsage({ usage });

    // Assess
    expect(converted).toStrictEqual({
      prompt_tokens: 120,
      completion_tokens: 80,
      total_tokens: 200,
      prompt_tokens_details: { cached_tokens: 64 },
      completion_tokens_details: { reasoning_tokens: 50 },
    });
  });

  it('adds up the total when Google left it out and treats missing counts as zero', () => {
    // Prepare
    const usage = { promptTokenCount: 7, candidatesTokenCount: 3, thoughtsTokenCount: null };

    // Act
    const converted = convertUsage({ usage });

    // Assess
    expect(converted).toStrictEqual({
      prompt_tokens: 7,
      completion_tokens: 3,
      total_tokens: 10,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
  });

  it('reports zeros when the upstream sent no usage at all', () => {
    // Act
    const converted = convertUsage({ usage: undefined });

    // Assess
    expect(converted).toStrictEqual({
      prompt_tokens: 0,
      completion_tokens: 0,
      total_tokens: 0,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
  });
});
