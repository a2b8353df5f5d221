import { describe, expect, it } from 'vitest';
import type { ChatCompletionRequest } from '../openai/chat-request.js';
import { checkUnsupportedParameters } from './check-unsupported-parameters.js';

const base: ChatCompletionRequest = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] };

function check(overrides: Partial<ChatCompletionRequest>): string[] {
  const warnings: string[] = [];
  checkUnsupportedParameters({
    request: { ...base, ...overrides },
    warn: (message) => warnings.push(message),
  });
  return warnings;
}

describe('checkUnsupportedParameters', () => {
  it('warns once for every harmless parameter it ignores', () => {
    // Act
    const warnings = check({
      user: 'user-1',
      safety_identifier: 'hash',
      prompt_cache_key: 'key',
      metadata: { team: 'a' },
      store: true,
      service_tier: 'flex',
      parallel_tool_calls: false,
      logit_bias: { '50256': -100 },
      logprobs: true,
      top_logprobs: 2,
      prediction: { type: 'content', content: 'draft' },
      web_search_options: {},
      verbosity: 'low',
      audio: { voice: 'alloy', format: 'mp3' },
    });

    // Assess
    expect(warnings).toStrictEqual([
      'user is ignored: Gemini has no end-user field',
      'safety_identifier is ignored: Gemini has no end-user field',
      'prompt_cache_key is ignored: Gemini caches prompts on its own',
      'metadata is ignored: completions are not stored',
      'store is ignored: completions are not stored',
      'service_tier is ignored: Gemini has no service tiers',
      'parallel_tool_calls is ignored: Gemini may still call several tools at once',
      'logit_bias is ignored: Gemini has no token biases',
      'logprobs is ignored: log probabilities are not returned',
      'prediction is ignored: Gemini has no predicted outputs',
      'web_search_options is ignored: web search is not offered through this gateway',
      'verbosity is ignored: Gemini has no verbosity control',
      'audio is ignored: answers are text only',
    ]);
  });

  it('stays quiet for values that ask for what Gemini does anyway', () => {
    // Act
    const warnings = check({
      store: false,
      service_tier: 'auto',
      parallel_tool_calls: true,
      logit_bias: {},
      logprobs: false,
      modalities: ['text'],
      user: null,
    });

    // Assess
    expect(warnings).toStrictEqual([]);
  });

  it('rejects audio output', () => {
    // Act
    const act = () => check({ modalities: ['text', 'audio'] });

    // Assess
    expect(act).toThrow(expect.objectContaining({ status: 400, param: 'modalities' }));
  });
});
