/**
 * OpenAI chat completion request → Gemini GenerateContent request: the one entry point of the
 * request direction. Pure: no I/O, the input is not changed. The mapping table is DESIGN.md §8.
 */
import type { GenerateContentRequest } from '../gemini/generate-content.js';
import type { ChatCompletionRequest } from '../openai/chat-request.js';
import { checkUnsupportedParameters } from './check-unsupported-parameters.js';
import { convertMessages } from './convert-messages.js';
import { mapGenerationConfig } from './map-generation-config.js';
import { prepareTools } from './prepare-tools.js';

/**
 * @param model the resolved Gemini model id (e.g. `gemini-2.5-pro`); thinking and thought-signature
 * handling depend on it.
 * @param warn called once per parameter that is ignored (never with a client value in it).
 * @throws InvalidRequestError naming the parameter that Gemini cannot be asked for.
 * @example
 * const geminiRequest = convertChatRequest({ request, model: 'gemini-2.5-flash', warn: (m) => logger.warn(m) });
 */
export function convertChatRequest({
  request,
  model,
  warn,
}: {
  request: ChatCompletionRequest;
  model: string;
  warn: (message: string) => void;
}): GenerateContentRequest {
  const warned = new Set<string>();
  const warnOnce = (message: string) => {
    if (warned.has(message)) return;
    warned.add(message);
    warn(message);
  };
  checkUnsupportedParameters({ request, warn: warnOnce });
  const generationConfig = mapGenerationConfig({ request, model, warn: warnOnce });
  const { contents, systemInstruction } = convertMessages({
    messages: request.messages,
    model,
    warn: warnOnce,
  });
  // A named key first: a literal that opens with a non-empty spread takes V8's slow path on Node 20
  // for each key after it.
  return {
    contents,
    ...(systemInstruction ? { systemInstruction } : {}),
    ...prepareTools({ tools: request.tools, toolChoice: request.tool_choice, warn: warnOnce }),
    ...(generationConfig ? { generationConfig } : {}),
  };
}
