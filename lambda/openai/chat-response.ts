/**
 * The OpenAI objects the gateway answers chat requests with: `chat.completion` (non-stream) and
 * `chat.completion.chunk` (one per SSE event). Shapes follow
 * https://platform.openai.com/docs/api-reference/chat/object and
 * https://platform.openai.com/docs/api-reference/chat-streaming/streaming, plus two widely read
 * extensions: `reasoning_content` (DeepSeek's name for reasoning text, read by most OpenAI clients that
 * show thinking) and `extra_content.google.thought_signature` on tool calls (what Google's own
 * OpenAI-compatible endpoint emits).
 */

export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface ChatToolCall {
  /** Carries the Gemini thought signature, see lambda/translate/tool-call-id.ts. */
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
  extra_content?: { google: { thought_signature: string } };
}

/** A tool call in a stream delta; `index` numbers the calls of one choice across the whole stream. */
export interface ChatToolCallDelta extends ChatToolCall {
  index: number;
}

export interface ChatDelta {
  role?: 'assistant';
  content?: string;
  reasoning_content?: string;
  refusal?: string;
  tool_calls?: ChatToolCallDelta[];
}

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
}

export interface ChatChunkChoice {
  index: number;
  delta: ChatDelta;
  logprobs: null;
  finish_reason: ChatFinishReason | null;
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: ChatChunkChoice[];
  /** Present only when the client asked for `stream_options.include_usage`: null until the last chunk. */
  usage?: ChatUsage | null;
}

export interface ChatMessage {
  role: 'assistant';
  /** Null when the answer is only tool calls or a refusal. */
  content: string | null;
  reasoning_content?: string;
  tool_calls?: ChatToolCall[];
  refusal: string | null;
}

export interface ChatCompletionChoice {
  index: number;
  message: ChatMessage;
  logprobs: null;
  finish_reason: ChatFinishReason;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: ChatCompletionChoice[];
  usage: ChatUsage;
}

/** What every chunk of one answer shares (OpenAI clients group chunks by `id`). */
export interface CompletionIdentity {
  /** `chatcmpl-…` */
  id: string;
  /** Unix seconds. */
  created: number;
  /** The model name shown to the client. */
  model: string;
}

/**
 * One `chat.completion.chunk`. Leave `usage` undefined to omit the field (client did not ask for usage).
 *
 * @example
 * buildChunk({ identity, choices: [], usage: null });
 */
export function buildChunk({
  identity,
  choices,
  usage,
}: {
  identity: CompletionIdentity;
  choices: ChatChunkChoice[];
  usage?: ChatUsage | null;
}): ChatCompletionChunk {
  const chunk: ChatCompletionChunk = {
    id: identity.id,
    object: 'chat.completion.chunk',
    created: identity.created,
    model: identity.model,
    choices,
  };
  // Set, not `{ ...chunk, usage }`: new keys after a spread take V8's slow path on Node 20, and a client
  // that asks for usage gets it (null until the end) on every chunk.
  if (usage !== undefined) chunk.usage = usage;
  return chunk;
}

/**
 * One non-stream `chat.completion`.
 *
 * @example
 * buildCompletion({ identity, choices, usage });
 */
export function buildCompletion({
  identity,
  choices,
  usage,
}: {
  identity: CompletionIdentity;
  choices: ChatCompletionChoice[];
  usage: ChatUsage;
}): ChatCompletion {
  return {
    id: identity.id,
    object: 'chat.completion',
    created: identity.created,
    model: identity.model,
    choices,
    usage,
  };
}
