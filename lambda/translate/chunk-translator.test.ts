import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GeminiResponsePart, GenerateContentResponse } from '../gemini/generate-content.js';
import type {
  ChatChunkChoice,
  ChatCompletionChunk,
  ChatDelta,
  ChatFinishReason,
  ChatUsage,
} from '../openai/chat-response.js';
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
  unfinishedStream,
} from './fixtures/gemini-streams.js';

const identity = { id: 'chatcmpl-abc123', created: 1767225600, model: 'gemini-2.5-flash' };

function translateStream(responses: GenerateContentResponse[], includeUsage = false): ChatCompletionChunk[] {
  const translator = new ChunkTranslator({ ...identity, includeUsage, newToolCallNonce: countingNonces() });
  return [...translator.translateAll(responses), ...translator.finish()];
}

/** The chunk OpenAI would send for one choice; `usage` omitted as when the client did not ask. */
function chunk(
  delta: ChatDelta,
  finishReason: ChatFinishReason | null = null,
  index = 0,
): ChatCompletionChunk {
  return {
    ...identity,
    object: 'chat.completion.chunk',
    choices: [{ index, delta, logprobs: null, finish_reason: finishReason }],
  };
}

/** The closing chunk that carries usage. */
function usageChunk(usage: ChatUsage): ChatCompletionChunk {
  return { ...identity, object: 'chat.completion.chunk', choices: [], usage };
}

describe('ChunkTranslator', () => {
  it('streams text with the role first and the finish reason on an empty delta', () => {
    // Prepare
    const responses = textStream;

    // Act
    const chunks = translateStream(responses);

    // Assess
    expect(chunks).toStrictEqual([
      {
        id: 'chatcmpl-abc123',
        object: 'chat.completion.chunk',
        created: 1767225600,
        model: 'gemini-2.5-flash',
        choices: [
          { index: 0, delta: { role: 'assistant', content: 'The sky' }, logprobs: null, finish_reason: null },
        ],
      },
      chunk({ content: ' is blue because of' }),
      chunk({ content: ' Rayleigh scattering.' }),
      chunk({}, 'stop'),
    ]);
  });

  it('sends usage null on every chunk and the last running total on a closing chunk without choices', () => {
    // Prepare
    const responses = textStream;

    // Act
    const chunks = translateStream(responses, true);

    // Assess
    expect(chunks).toStrictEqual([
      { ...chunk({ role: 'assistant', content: 'The sky' }), usage: null },
      { ...chunk({ content: ' is blue because of' }), usage: null },
      { ...chunk({ content: ' Rayleigh scattering.' }), usage: null },
      { ...chunk({}, 'stop'), usage: null },
      {
        ...identity,
        object: 'chat.completion.chunk',
        choices: [],
        usage: {
          prompt_tokens: 12,
          completion_tokens: 9,
          total_tokens: 21,
          prompt_tokens_details: { cached_tokens: 0 },
          completion_tokens_details: { reasoning_tokens: 0 },
        },
      },
    ]);
  });

  it('keeps thoughts in reasoning_content and counts them as reasoning tokens', () => {
    // Prepare
    const responses = thinkingStream;

    // Act
    const chunks = translateStream(responses, true);

    // Assess
    expect(chunks).toStrictEqual([
      { ...chunk({ role: 'assistant', reasoning_content: '**Weighing the question**\n\n' }), usage: null },
      { ...chunk({ reasoning_content: 'Light scatters by wavelength.' }), usage: null },
      { ...chunk({ content: 'Because of' }), usage: null },
      { ...chunk({ content: ' Rayleigh scattering.' }), usage: null },
      { ...chunk({}, 'stop'), usage: null },
      usageChunk({
        prompt_tokens: 12,
        completion_tokens: 69,
        total_tokens: 81,
        prompt_tokens_details: { cached_tokens: 4 },
        completion_tokens_details: { reasoning_tokens: 63 },
      }),
    ]);
  });

  it('sends a signed function call whole and ends with tool_calls although STOP came later', () => {
    // Prepare
    const responses = functionCallStream;

    // Act
    const chunks = translateStream(responses);

    // Assess
    expect(chunks).toStrictEqual([
      chunk({
        role: 'assistant',
        tool_calls: [
          {
            index: 0,
            id: 'call_n1.Q2lRQnNpZy9vbmUrQT09',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
            extra_content: { google: { thought_signature: 'CiQBsig/one+A==' } },
          },
        ],
      }),
      chunk({}, 'tool_calls'),
    ]);
  });

  it('numbers parallel tool calls across events and signs only the call that came signed', () => {
    // Prepare
    const responses = parallelFunctionCallStream;

    // Act
    const chunks = translateStream(responses);

    // Assess
    expect(chunks).toStrictEqual([
      chunk({ role: 'assistant', content: 'Checking both cities.' }),
      chunk({
        tool_calls: [
          {
            index: 0,
            id: 'call_n1.Q2lRQnNpZy9maXJzdD0',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            extra_content: { google: { thought_signature: 'CiQBsig/first=' } },
          },
        ],
      }),
      chunk({
        tool_calls: [
          {
            index: 1,
            id: 'call_n2',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' },
          },
        ],
      }),
      chunk({
        tool_calls: [
          { index: 2, id: 'call_n3', type: 'function', function: { name: 'get_time', arguments: '{}' } },
        ],
      }),
      chunk({}, 'tool_calls'),
    ]);
  });

  it('ends a cut answer with length', () => {
    // Prepare
    const responses = maxTokensStream;

    // Act
    const chunks = translateStream(responses);

    // Assess
    expect(chunks).toStrictEqual([
      chunk({ role: 'assistant', content: 'Once upon a time' }),
      chunk({ content: ', there was' }),
      chunk({}, 'length'),
    ]);
  });

  it('ends a filtered answer with content_filter', () => {
    // Prepare
    const responses = safetyStream;

    // Act
    const chunks = translateStream(responses);

    // Assess
    expect(chunks).toStrictEqual([
      chunk({ role: 'assistant', content: 'Here is how' }),
      chunk({}, 'content_filter'),
    ]);
  });

  it('answers a blocked prompt with a refusal, no content and content_filter', () => {
    // Prepare
    const responses = promptBlockedStream;

    // Act
    const chunks = translateStream(responses, true);

    // Assess
    expect(chunks).toStrictEqual([
      {
        ...chunk({ role: 'assistant', refusal: 'Gemini blocked the prompt (PROHIBITED_CONTENT).' }),
        usage: null,
      },
      { ...chunk({}, 'content_filter'), usage: null },
      usageChunk({
        prompt_tokens: 7,
        completion_tokens: 0,
        total_tokens: 7,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0 },
      }),
    ]);
  });

  it("uses Google's own block message when it sends one", () => {
    // Prepare
    const response: GenerateContentResponse = {
      promptFeedback: { blockReason: 'OTHER', blockReasonMessage: 'The prompt violates the terms.' },
    };

    // Act
    const chunks = translateStream([response]);

    // Assess
    expect(chunks).toStrictEqual([
      chunk({ role: 'assistant', refusal: 'The prompt violates the terms.' }),
      chunk({}, 'content_filter'),
    ]);
  });

  it('shows nothing for signatures on text parts and nothing for empty text', () => {
    // Prepare
    const responses = signedTextStream;

    // Act
    const chunks = translateStream(responses);

    // Assess
    expect(chunks).toStrictEqual([
      chunk({ role: 'assistant', content: 'Hello' }),
      chunk({ content: ' there.' }),
      chunk({}, 'stop'),
    ]);
  });

  it('keeps candidates apart as choices, each with its own role and finish reason', () => {
    // Prepare
    const responses = twoCandidateStream;

    // Act
    const chunks = translateStream(responses);

    // Assess
    expect(chunks).toStrictEqual([
      chunk({ role: 'assistant', content: 'Red' }, null, 0),
      chunk({ role: 'assistant', content: 'Blue' }, null, 1),
      chunk({ content: ' apple' }, null, 0),
      chunk({ content: ' whale' }, null, 1),
      chunk({}, 'stop', 0),
      chunk({}, 'length', 1),
    ]);
  });

  it('ends with stop when the upstream never said why it stopped', () => {
    // Prepare
    const responses = unfinishedStream;

    // Act
    const chunks = translateStream(responses);

    // Assess
    expect(chunks).toStrictEqual([chunk({ role: 'assistant', content: 'Partial' }), chunk({}, 'stop')]);
  });

  it('still closes one choice with its role when the upstream sent nothing', () => {
    // Prepare
    const responses: GenerateContentResponse[] = [];

    // Act
    const chunks = translateStream(responses);

    // Assess
    expect(chunks).toStrictEqual([chunk({ role: 'assistant' }, 'stop')]);
  });

  it('translates a batch of events as it translates them one by one', () => {
    // Prepare
    const oneByOne = new ChunkTranslator({
      ...identity,
      includeUsage: true,
      newToolCallNonce: countingNonces(),
    });
    const batched = new ChunkTranslator({
      ...identity,
      includeUsage: true,
      newToolCallNonce: countingNonces(),
    });

    // Act
    const expected = twoCandidateStream.flatMap((response) => oneByOne.translate(response));
    const chunks = batched.translateAll(twoCandidateStream);

    // Assess
    expect(chunks).toStrictEqual(expected);
    expect(chunks.length).toBeGreaterThan(twoCandidateStream.length);
  });

  it('keeps its promises for any sequence of events', () => {
    // Prepare
    const part = fc.oneof(
      fc.record({ text: fc.string({ maxLength: 4 }) }),
      fc.record({ text: fc.string({ maxLength: 4 }), thought: fc.constant(true) }),
      fc.record({ text: fc.constant(''), thoughtSignature: fc.constant('sig') }),
      fc.record({
        functionCall: fc.record({ name: fc.constantFrom('a', 'b'), args: fc.constant({ x: 1 }) }),
        thoughtSignature: fc.option(fc.constant('sig'), { nil: undefined }),
      }),
    );
    const candidate = fc.record({
      index: fc.integer({ min: 0, max: 2 }),
      content: fc.record({ parts: fc.array(part, { maxLength: 3 }) }),
      finishReason: fc.option(fc.constantFrom('STOP', 'MAX_TOKENS', 'SAFETY', 'OTHER'), { nil: undefined }),
    });
    const events = fc.array(fc.record({ candidates: fc.array(candidate, { maxLength: 2 }) }), {
      maxLength: 6,
    });

    fc.assert(
      fc.property(events, (responses) => {
        // Act
        const chunks = translateStream(responses, true);

        // Assess
        expect(chunks.every((each) => each.id === identity.id && each.created === identity.created)).toBe(
          true,
        );
        expect(chunks.at(-1)?.choices).toStrictEqual([]);
        const choices = chunks.flatMap((each) => each.choices);
        const candidates = responses.flatMap((response) => response.candidates);
        for (const index of new Set(choices.map((choice) => choice.index))) {
          const ofChoice = choices.filter((choice) => choice.index === index);
          const parts = candidates
            .filter((each) => each.index === index)
            .flatMap((each) => each.content.parts);
          // The role on the first delta only; one finish reason, on the last.
          expect(ofChoice.map((choice) => choice.delta.role)).toStrictEqual(
            ofChoice.map((_, position) => (position === 0 ? 'assistant' : undefined)),
          );
          expect(ofChoice.map((choice) => choice.finish_reason !== null)).toStrictEqual(
            ofChoice.map((_, position) => position === ofChoice.length - 1),
          );
          // Tool calls numbered 0, 1, 2, ... across the whole stream.
          const callIndices = ofChoice
            .flatMap((choice) => choice.delta.tool_calls ?? [])
            .map((call) => call.index);
          expect(callIndices).toStrictEqual(
            parts.filter((each) => 'functionCall' in each).map((_, position) => position),
          );
          // Every word shown once, answer and thoughts apart.
          expect(joinDeltas(ofChoice, 'content')).toBe(joinTexts(parts, false));
          expect(joinDeltas(ofChoice, 'reasoning_content')).toBe(joinTexts(parts, true));
        }
      }),
      { seed: 20260101, numRuns: 300 },
    );
  });
});

function joinDeltas(choices: ChatChunkChoice[], field: 'content' | 'reasoning_content'): string {
  return choices.map((choice) => choice.delta[field] ?? '').join('');
}

function joinTexts(parts: GeminiResponsePart[], thought: boolean): string {
  return parts
    .filter((part) => (part.thought === true) === thought)
    .map((part) => part.text ?? '')
    .join('');
}
