/**
 * An assistant `tool_calls[]` entry → a Gemini `functionCall` part, with the thought signature Gemini
 * issued for it restored: from Google's own compatibility field `extra_content.google.thought_signature`
 * when the client kept it, else from the tool-call id we minted (see tool-call-id.ts).
 */
import { InvalidRequestError } from '../core/http-error.js';
import type { GeminiPart } from '../gemini/generate-content.js';
import type { ChatToolCall } from '../openai/chat-request.js';
import { isJsonObject, readJson } from './read-json.js';
import { decodeToolCallSignature } from './tool-call-id.js';

/**
 * @param path names the tool call in errors, e.g. `messages[3].tool_calls[0]`.
 * @throws InvalidRequestError when `function.arguments` is not a JSON object.
 * @example
 * convertToolCall({ toolCall: { id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }, path });
 * // → { functionCall: { name: 'f', args: {} } }
 */
export function convertToolCall({ toolCall, path }: { toolCall: ChatToolCall; path: string }): GeminiPart {
  const args = parseArguments(toolCall.function.arguments, `${path}.function.arguments`);
  const signature = toolCall.extra_content?.google?.thought_signature ?? decodeToolCallSignature(toolCall.id);
  return {
    functionCall: { name: toolCall.function.name, args },
    ...(signature ? { thoughtSignature: signature } : {}),
  };
}

function parseArguments(text: string, path: string): Record<string, unknown> {
  // Some clients send "" for a call without arguments.
  if (text.trim() === '') return {};
  const parsed = readJson(text)?.value;
  if (!isJsonObject(parsed)) {
    throw new InvalidRequestError(
      'Tool call arguments must be a JSON object (at most 64 levels deep).',
      path,
    );
  }
  return parsed;
}
