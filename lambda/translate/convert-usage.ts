import type { GeminiUsage } from '../gemini/generate-content.js';
import type { ChatUsage } from '../openai/chat-response.js';

/**
 * OpenAI `usage` from Gemini `usageMetadata`
 * (https://ai.google.dev/api/generate-content#UsageMetadata).
 *
 * OpenAI counts reasoning inside `completion_tokens`, Gemini counts thoughts apart from candidates, so
 * they are added; tokens of tool-use prompts (e.g. search results) are prompt input. Gemini's own
 * total already includes thoughts and is preferred; the sum stands in when it is missing.
 *
 * @example
 * convertUsage({ usage: { promptTokenCount: 10, candidatesTokenCount: 5, thoughtsTokenCount: 20 } });
 * // { prompt_tokens: 10, completion_tokens: 25, total_tokens: 35, ... reasoning_tokens: 20 }
 */
export function convertUsage({ usage }: { usage: GeminiUsage | null | undefined }): ChatUsage {
  const promptTokens = (usage?.promptTokenCount ?? 0) + (usage?.toolUsePromptTokenCount ?? 0);
  const reasoningTokens = usage?.thoughtsTokenCount ?? 0;
  const completionTokens = (usage?.candidatesTokenCount ?? 0) + reasoningTokens;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: usage?.totalTokenCount ?? promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: usage?.cachedContentTokenCount ?? 0 },
    completion_tokens_details: { reasoning_tokens: reasoningTokens },
  };
}
