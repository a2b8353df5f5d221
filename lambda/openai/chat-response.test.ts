import type {
  ChatCompletion as SdkChatCompletion,
  ChatCompletionChunk as SdkChatCompletionChunk,
} from 'openai/resources/chat/completions';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  buildChunk,
  buildCompletion,
  type ChatCompletion,
  type ChatCompletionChunk,
} from './chat-response.js';

const identity = { id: 'chatcmpl-abc123', created: 1767225600, model: 'gemini-2.5-flash' };
const usage = {
  prompt_tokens: 1,
  completion_tokens: 2,
  total_tokens: 3,
  prompt_tokens_details: { cached_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0 },
};

describe('chat response builders', () => {
  it('leaves usage out of a chunk unless it is given', () => {
    // Prepare
    const choices = [{ index: 0, delta: { content: 'Hi' }, logprobs: null, finish_reason: null }];

    // Act
    const chunk = buildChunk({ identity, choices });

    // Assess
    expect(chunk).toStrictEqual({
      id: 'chatcmpl-abc123',
      object: 'chat.completion.chunk',
      created: 1767225600,
      model: 'gemini-2.5-flash',
      choices,
    });
  });

  it('puts usage null or a count on a chunk when given', () => {
    // Act
    const pending = buildChunk({ identity, choices: [], usage: null });
    const last = buildChunk({ identity, choices: [], usage });

    // Assess
    expect(pending).toStrictEqual({ ...identity, object: 'chat.completion.chunk', choices: [], usage: null });
    expect(last).toStrictEqual({ ...identity, object: 'chat.completion.chunk', choices: [], usage });
  });

  it('builds a chat.completion', () => {
    // Prepare
    const choices = [
      {
        index: 0,
        message: { role: 'assistant' as const, content: 'Hi', refusal: null },
        logprobs: null,
        finish_reason: 'stop' as const,
      },
    ];

    // Act
    const completion = buildCompletion({ identity, choices, usage });

    // Assess
    expect(completion).toStrictEqual({ ...identity, object: 'chat.completion', choices, usage });
  });

  it('fits the types of the official OpenAI SDK', () => {
    // Assess
    expectTypeOf<ChatCompletionChunk>().toExtend<SdkChatCompletionChunk>();
    expectTypeOf<ChatCompletion>().toExtend<SdkChatCompletion>();
  });
});
