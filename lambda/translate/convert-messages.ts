/**
 * OpenAI `messages` → Gemini `systemInstruction` and `contents`.
 *
 * - Every system and developer message, in order, becomes `systemInstruction` text.
 * - user → `user`, assistant → `model`; a tool result is a `user` turn too. Consecutive turns of one
 *   role are merged, so several tool results answering one assistant turn land in one user turn
 *   (Gemini wants as many response parts there as there were calls) and the roles alternate.
 * - Turns left without parts (an assistant message with no content and no calls) are skipped.
 * - A conversation that ends on an assistant message keeps it as a trailing model turn (prefill).
 */
import { InvalidRequestError } from '../core/http-error.js';
import type { GeminiContent, GeminiPart, GenerateContentRequest } from '../gemini/generate-content.js';
import type { ChatMessage } from '../openai/chat-request.js';
import { bypassMissingThoughtSignatures } from './bypass-missing-thought-signatures.js';
import { convertContentParts } from './convert-content-parts.js';
import { convertToolCall } from './convert-tool-call.js';
import { convertToolResult } from './convert-tool-result.js';
import { describeGeminiModel } from './describe-gemini-model.js';

export type ConvertedMessages = Pick<GenerateContentRequest, 'systemInstruction' | 'contents'>;

/**
 * @param model the resolved Gemini model id; Gemini 3 models get the thought-signature bypass.
 * @throws InvalidRequestError naming the message at fault (bad tool-call arguments, an unknown
 * `tool_call_id`, content that cannot be sent inline) or `messages` when nothing is left to send.
 * @example
 * convertMessages({ messages: [{ role: 'user', content: 'Hi' }], model: 'gemini-2.5-flash', warn });
 * // → { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] }
 */
export function convertMessages({
  messages,
  model,
  warn,
}: {
  messages: readonly ChatMessage[];
  model: string;
  warn: (message: string) => void;
}): ConvertedMessages {
  const system: Array<{ text: string }> = [];
  const contents: GeminiContent[] = [];
  const callNames = new Map<string, string>();
  const append = (role: GeminiContent['role'], parts: GeminiPart[]) => {
    if (parts.length === 0) return;
    const last = contents.at(-1);
    // Consecutive turns of one role become one. Appending to the turn built here (never to the
    // caller's arrays) keeps a long run of them linear: copying it each time was quadratic.
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts: [...parts] });
  };

  messages.forEach((message, index) => {
    const path = `messages[${index}]`;
    if ('name' in message && message.name) {
      warn('messages[].name is ignored: Gemini has no participant names');
    }
    switch (message.role) {
      case 'system':
      case 'developer': {
        const texts =
          typeof message.content === 'string' ? [message.content] : message.content.map((part) => part.text);
        system.push(...texts.filter((text) => text !== '').map((text) => ({ text })));
        return;
      }
      case 'user':
        append('user', convertContentParts({ content: message.content, path: `${path}.content`, warn }));
        return;
      case 'assistant': {
        const content = message.content ?? message.refusal ?? '';
        const calls = (message.tool_calls ?? []).map((toolCall, callIndex) => {
          callNames.set(toolCall.id, toolCall.function.name);
          return convertToolCall({ toolCall, path: `${path}.tool_calls[${callIndex}]` });
        });
        append('model', [...convertContentParts({ content, path: `${path}.content`, warn }), ...calls]);
        return;
      }
      case 'tool': {
        const name = callNames.get(message.tool_call_id);
        if (!name) {
          throw new InvalidRequestError(
            'tool_call_id does not match a tool call of an earlier assistant message.',
            `${path}.tool_call_id`,
          );
        }
        append('user', [convertToolResult({ name, content: message.content })]);
        return;
      }
      default: {
        const unexpected: never = message;
        throw new Error(`unknown message role ${JSON.stringify(unexpected)}`);
      }
    }
  });

  if (contents.length === 0) {
    throw new InvalidRequestError(
      'messages must include a user or assistant message with content.',
      'messages',
    );
  }
  const { requiresThoughtSignatures } = describeGeminiModel(model);
  // `contents` first: a literal that opens with a spread (here, of the system instruction) takes V8's
  // slow path on Node 20 for each key after it.
  return {
    contents: requiresThoughtSignatures ? bypassMissingThoughtSignatures({ contents }) : contents,
    ...(system.length > 0 ? { systemInstruction: { parts: system } } : {}),
  };
}
