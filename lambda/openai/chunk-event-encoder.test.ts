import { describe, expect, it } from 'vitest';
import { buildChunk, type ChatCompletionChunk } from './chat-response.js';
import { chunkEventEncoder } from './chunk-event-encoder.js';

const identity = { id: 'chatcmpl-"quoted"', created: 1_764_336_000, model: 'gemini-2.5-flash' };
const choice = (content: string) => ({
  index: 0,
  delta: { content },
  logprobs: null,
  finish_reason: null,
});

describe('chunkEventEncoder', () => {
  it.each<[string, ChatCompletionChunk]>([
    ['a content chunk', buildChunk({ identity, choices: [choice('héllo\n"x"')] })],
    ['a chunk with usage null', buildChunk({ identity, choices: [choice('a')], usage: null })],
    [
      'the usage chunk',
      buildChunk({
        identity,
        choices: [],
        usage: {
          prompt_tokens: 1,
          completion_tokens: 2,
          total_tokens: 3,
          prompt_tokens_details: { cached_tokens: 0 },
          completion_tokens_details: { reasoning_tokens: 1 },
        },
      }),
    ],
    ['a chunk of another identity', buildChunk({ identity: { ...identity, model: 'other' }, choices: [] })],
  ])('writes %s as the SSE event of its JSON', (_label, chunk) => {
    // Act
    const event = chunkEventEncoder(identity)(chunk);

    // Assess
    expect(event).toStrictEqual(`data: ${JSON.stringify(chunk)}\n\n`);
  });
});
