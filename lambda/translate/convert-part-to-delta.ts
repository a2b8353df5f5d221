import type { GeminiResponsePart } from '../gemini/generate-content.js';
import type { ChatDelta, ChatToolCallDelta } from '../openai/chat-response.js';
import { encodeToolCallId } from './tool-call-id.js';

/**
 * The stream delta one Gemini response part shows the client, or undefined when it shows nothing.
 *
 * - text → `content`; thought text → `reasoning_content`, never mixed into the answer.
 * - functionCall → one whole tool call (Gemini never splits a call over events). Its thought
 *   signature rides in the id, so it survives clients that keep only `id`, `type` and `function`,
 *   and in `extra_content`, where clients of Google's own OpenAI endpoint look for it.
 * - Empty text, signature-only parts (Gemini 3 sends `{text: '', thoughtSignature}`) and kinds
 *   OpenAI chat has no place for (inline images) show nothing. A signature on a text part belongs to
 *   no tool call and is dropped.
 *
 * @example
 * convertPartToDelta({ part: { text: 'Hi' }, toolCallIndex: 0, newToolCallNonce }); // { content: 'Hi' }
 */
export function convertPartToDelta({
  part,
  toolCallIndex,
  newToolCallNonce,
}: {
  part: GeminiResponsePart;
  /** The index the next tool call of this choice gets. */
  toolCallIndex: number;
  newToolCallNonce: () => string;
}): ChatDelta | undefined {
  if (part.functionCall) {
    const signature = part.thoughtSignature ?? undefined;
    const toolCall: ChatToolCallDelta = {
      index: toolCallIndex,
      id: encodeToolCallId(newToolCallNonce(), signature),
      type: 'function',
      function: { name: part.functionCall.name, arguments: JSON.stringify(part.functionCall.args ?? {}) },
    };
    if (signature) toolCall.extra_content = { google: { thought_signature: signature } };
    return { tool_calls: [toolCall] };
  }
  if (!part.text) return undefined;
  return part.thought ? { reasoning_content: part.text } : { content: part.text };
}
