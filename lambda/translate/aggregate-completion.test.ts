import { ChatCompletionStream } from 'openai/lib/ChatCompletionStream';
import { describe, expect, it } from 'vitest';
import type { GenerateContentResponse } from '../gemini/generate-content.js';
import type { ChatCompletion, ChatCompletionChoice, ChatCompletionChunk } from '../openai/chat-response.js';
import { aggregateCompletion } from './aggregate-completion.js';
import { ChunkTranslator } from './chunk-translator.js';
import {
  countingNonces,
  functionCallStream,
  maxTokensStream,
  parallelFunctionCallStream,
  promptBlockedStream,
  safetyStream,
  signedTextStream,
  textStream,
  thinkingStream,
  twoCandidateStream,
} from './fixtures/gemini-streams.js';

const identity = { id: 'chatcmpl-abc123', created: 1767225600, model: 'gemini-2.5-flash' };

function aggregate(responses: GenerateContentResponse[]): ChatCompletion {
  return aggregateCompletion({ ...identity, responses, newToolCallNonce: countingNonces() });
}

function completion(choices: ChatCompletionChoice[], usage: ChatCompletion['usage']): ChatCompletion {
  return { ...identity, object: 'chat.completion', choices, usage };
}

function usageOf(prompt: number, completion: number, total: number, reasoning = 0, cached = 0) {
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: total,
    prompt_tokens_details: { cached_tokens: cached },
    completion_tokens_details: { reasoning_tokens: reasoning },
  };
}

describe('aggregateCompletion', () => {
  it('joins streamed text into one message', () => {
    // Act
    const result = aggregate(textStream);

    // Assess
    expect(result).toStrictEqual(
      completion(
        [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: 'The sky is blue because of Rayleigh scattering.',
              refusal: null,
            },
            logprobs: null,
            finish_reason: 'stop',
          },
        ],
        usageOf(12, 9, 21),
      ),
    );
  });

  it('keeps thoughts apart in reasoning_content', () => {
    // Act
    const result = aggregate(thinkingStream);

    // Assess
    expect(result).toStrictEqual(
      completion(
        [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: 'Because of Rayleigh scattering.',
              reasoning_content: '**Weighing the question**\n\nLight scatters by wavelength.',
              refusal: null,
            },
            logprobs: null,
            finish_reason: 'stop',
          },
        ],
        usageOf(12, 69, 81, 63, 4),
      ),
    );
  });

  it('answers a function call with null content, the signed call and tool_calls', () => {
    // Act
    const result = aggregate(functionCallStream);

    // Assess
    expect(result).toStrictEqual(
      completion(
        [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: null,
              tool_calls: [
                {
                  id: 'call_n1.Q2lRQnNpZy9vbmUrQT09',
                  type: 'function',
                  function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
                  extra_content: { google: { thought_signature: 'CiQBsig/one+A==' } },
                },
              ],
              refusal: null,
            },
            logprobs: null,
            finish_reason: 'tool_calls',
          },
        ],
        usageOf(40, 130, 170, 112),
      ),
    );
  });

  it('keeps parallel calls in order beside the text that came with them', () => {
    // Act
    const result = aggregate(parallelFunctionCallStream);

    // Assess
    expect(result.choices).toStrictEqual([
      {
        index: 0,
        message: {
          role: 'assistant',
          content: 'Checking both cities.',
          tool_calls: [
            {
              id: 'call_n1.Q2lRQnNpZy9maXJzdD0',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
              extra_content: { google: { thought_signature: 'CiQBsig/first=' } },
            },
            {
              id: 'call_n2',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' },
            },
            { id: 'call_n3', type: 'function', function: { name: 'get_time', arguments: '{}' } },
          ],
          refusal: null,
        },
        logprobs: null,
        finish_reason: 'tool_calls',
      },
    ]);
  });

  it('answers a blocked prompt with null content, the refusal and content_filter', () => {
    // Act
    const result = aggregate(promptBlockedStream);

    // Assess
    expect(result).toStrictEqual(
      completion(
        [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: null,
              refusal: 'Gemini blocked the prompt (PROHIBITED_CONTENT).',
            },
            logprobs: null,
            finish_reason: 'content_filter',
          },
        ],
        usageOf(7, 0, 7),
      ),
    );
  });

  it('answers an empty string rather than null when nothing at all was said', () => {
    // Act
    const result = aggregate([]);

    // Assess
    expect(result).toStrictEqual(
      completion(
        [
          {
            index: 0,
            message: { role: 'assistant', content: '', refusal: null },
            logprobs: null,
            finish_reason: 'stop',
          },
        ],
        usageOf(0, 0, 0),
      ),
    );
  });

  it('answers every candidate as its own choice', () => {
    // Act
    const result = aggregate(twoCandidateStream);

    // Assess
    expect(result.choices).toStrictEqual([
      {
        index: 0,
        message: { role: 'assistant', content: 'Red apple', refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
      {
        index: 1,
        message: { role: 'assistant', content: 'Blue whale', refusal: null },
        logprobs: null,
        finish_reason: 'length',
      },
    ]);
  });

  // The official SDK joins chunks the way OpenAI clients do; agreeing with it shows the stream is
  // well formed and tells the same answer as the non-stream path. (The SDK does not join
  // reasoning_content, which OpenAI itself never sends, so thinking streams are compared above.)
  it.each([
    ['text', textStream],
    ['a function call', functionCallStream],
    ['parallel calls', parallelFunctionCallStream],
    ['a cut answer', maxTokensStream],
    ['a filtered answer', safetyStream],
    ['a blocked prompt', promptBlockedStream],
    ['signed text', signedTextStream],
    ['two candidates', twoCandidateStream],
  ])('agrees with what the OpenAI SDK makes of the stream for %s', async (_name, responses) => {
    // Prepare
    const translator = new ChunkTranslator({
      ...identity,
      includeUsage: true,
      newToolCallNonce: countingNonces(),
    });
    const chunks = [
      ...responses.flatMap((response) => translator.translate(response)),
      ...translator.finish(),
    ];

    // Act
    const joinedBySdk = await ChatCompletionStream.fromReadableStream(
      toReadable(chunks),
    ).finalChatCompletion();

    // Assess
    const { choices, ...rest } = joinedBySdk;
    expect({
      ...rest,
      choices: choices.map(({ message: { parsed: _parsed, ...message }, ...choice }) => ({
        ...choice,
        message,
      })),
    }).toStrictEqual(aggregate(responses));
  });
});

/** Chunks as the newline-delimited JSON `ChatCompletionStream.fromReadableStream` reads. */
function toReadable(chunks: ChatCompletionChunk[]): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(chunks.map((chunk) => `${JSON.stringify(chunk)}\n`).join(''));
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}
