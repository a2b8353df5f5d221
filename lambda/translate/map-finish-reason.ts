import type { ChatFinishReason } from '../openai/chat-response.js';

/**
 * Every `Candidate.finishReason` Google documents (Gemini API and Vertex AI), each mapped on purpose:
 * https://ai.google.dev/api/generate-content#FinishReason
 * https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest/v1/GenerateContentResponse#FinishReason
 */
const finishReasons = {
  STOP: 'stop',
  MAX_TOKENS: 'length',
  // Google withheld or cut the answer for policy reasons: the client should know it is not the model's
  // own ending.
  SAFETY: 'content_filter',
  RECITATION: 'content_filter',
  LANGUAGE: 'content_filter',
  BLOCKLIST: 'content_filter',
  PROHIBITED_CONTENT: 'content_filter',
  SPII: 'content_filter',
  IMAGE_SAFETY: 'content_filter',
  IMAGE_PROHIBITED_CONTENT: 'content_filter',
  IMAGE_RECITATION: 'content_filter',
  MODEL_ARMOR: 'content_filter',
  // The model's output went wrong rather than being filtered. OpenAI has no matching reason, and
  // 'stop' is the one every client accepts as a finished answer.
  MALFORMED_FUNCTION_CALL: 'stop',
  UNEXPECTED_TOOL_CALL: 'stop',
  TOO_MANY_TOOL_CALLS: 'stop',
  MISSING_THOUGHT_SIGNATURE: 'stop',
  MALFORMED_RESPONSE: 'stop',
  IMAGE_OTHER: 'stop',
  NO_IMAGE: 'stop',
  OTHER: 'stop',
  FINISH_REASON_UNSPECIFIED: 'stop',
} as const satisfies Record<string, ChatFinishReason>;

type GeminiFinishReason = keyof typeof finishReasons;

function isKnownFinishReason(value: string): value is GeminiFinishReason {
  return Object.hasOwn(finishReasons, value);
}

/**
 * The OpenAI `finish_reason` for how a Gemini candidate ended.
 *
 * A turn that called tools ends with STOP at Google and with 'tool_calls' at OpenAI, and some clients
 * run the calls only when they see 'tool_calls'. A truncated ('length') or filtered ('content_filter') turn keeps
 * its reason even with calls, so the client still learns the answer is incomplete.
 *
 * @example
 * mapFinishReason({ finishReason: 'STOP', hasToolCalls: true }); // 'tool_calls'
 */
export function mapFinishReason({
  finishReason,
  hasToolCalls,
}: {
  /** Gemini's value; absent when the stream ended without one, unknown values are tolerated. */
  finishReason: string | null | undefined;
  hasToolCalls: boolean;
}): ChatFinishReason {
  const mapped = finishReason && isKnownFinishReason(finishReason) ? finishReasons[finishReason] : 'stop';
  return mapped === 'stop' && hasToolCalls ? 'tool_calls' : mapped;
}
