import type { GenerateContentResponse } from '../gemini/generate-content.js';
import {
  buildCompletion,
  type ChatCompletion,
  type ChatCompletionChoice,
  type ChatCompletionChunk,
  type ChatFinishReason,
  type ChatToolCall,
} from '../openai/chat-response.js';
import { ChunkTranslator, type ChunkTranslatorOptions } from './chunk-translator.js';

export interface AggregateCompletionInput extends Omit<ChunkTranslatorOptions, 'includeUsage'> {
  /** Every event of the upstream stream, in order. */
  responses: GenerateContentResponse[];
}

/** What the chunks of one choice add up to. */
interface ChoiceTotal {
  content: string | undefined;
  reasoning: string | undefined;
  refusal: string | undefined;
  toolCalls: ChatToolCall[];
  finishReason: ChatFinishReason;
}

/**
 * The non-stream `chat.completion` for an upstream stream. It runs the same {@link ChunkTranslator}
 * the stream path uses and joins its chunks, so both paths always tell the same answer.
 *
 * @example
 * const completion = aggregateCompletion({ responses, id, created, model, newToolCallNonce });
 */
export function aggregateCompletion({ responses, ...options }: AggregateCompletionInput): ChatCompletion {
  // The spread last: new keys after a spread take V8's slow path on Node 20.
  const translator = new ChunkTranslator({ includeUsage: false, ...options });
  const chunks = translator.translateAll(responses);
  chunks.push(...translator.finish());
  return buildCompletion({ identity: options, choices: joinChunks(chunks), usage: translator.usage() });
}

function joinChunks(chunks: ChatCompletionChunk[]): ChatCompletionChoice[] {
  const totals = new Map<number, ChoiceTotal>();
  for (const chunk of chunks) {
    for (const { index, delta, finish_reason } of chunk.choices) {
      const total = totals.get(index) ?? emptyTotal();
      totals.set(index, {
        content: join(total.content, delta.content),
        reasoning: join(total.reasoning, delta.reasoning_content),
        refusal: join(total.refusal, delta.refusal),
        // The id already holds the signature; extra_content is kept for clients that read it there.
        toolCalls: [
          ...total.toolCalls,
          ...(delta.tool_calls ?? []).map(({ index: _index, ...toolCall }) => toolCall),
        ],
        finishReason: finish_reason ?? total.finishReason,
      });
    }
  }
  return [...totals.entries()]
    .sort(([left], [right]) => left - right)
    .map(([index, total]) => ({
      index,
      message: {
        role: 'assistant',
        // Null is what OpenAI sends beside tool calls or a refusal; otherwise a string, even empty,
        // because some clients read content without checking for null.
        content: total.content ?? (total.toolCalls.length > 0 || total.refusal ? null : ''),
        ...(total.reasoning ? { reasoning_content: total.reasoning } : {}),
        ...(total.toolCalls.length > 0 ? { tool_calls: total.toolCalls } : {}),
        refusal: total.refusal ?? null,
      },
      logprobs: null,
      finish_reason: total.finishReason,
    }));
}

function emptyTotal(): ChoiceTotal {
  // The translator always ends each choice with a finish reason; 'stop' is only the start value.
  return {
    content: undefined,
    reasoning: undefined,
    refusal: undefined,
    toolCalls: [],
    finishReason: 'stop',
  };
}

function join(joined: string | undefined, more: string | undefined): string | undefined {
  return more === undefined ? joined : (joined ?? '') + more;
}
