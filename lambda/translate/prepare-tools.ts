/**
 * OpenAI `tools` and `tool_choice` → Gemini `tools[0].functionDeclarations` and
 * `toolConfig.functionCallingConfig` (https://ai.google.dev/gemini-api/docs/function-calling).
 * Parameter schemas are cleaned into the form Gemini accepts (see clean-json-schema.ts).
 */
import { InvalidRequestError } from '../core/http-error.js';
import type { GeminiFunctionDeclaration, GenerateContentRequest } from '../gemini/generate-content.js';
import type { ChatTool, ChatToolChoice } from '../openai/chat-request.js';
import { cleanJsonSchema } from './clean-json-schema.js';

export type PreparedTools = Pick<GenerateContentRequest, 'tools' | 'toolConfig'>;

/**
 * @throws InvalidRequestError when `tool_choice` requires or names a tool that `tools` lacks.
 * @example
 * prepareTools({ tools, toolChoice: { type: 'function', function: { name: 'get_weather' } }, warn });
 * // → { tools: [{ functionDeclarations: [...] }],
 * //     toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } } }
 */
export function prepareTools({
  tools,
  toolChoice,
  warn,
}: {
  tools: readonly ChatTool[] | null | undefined;
  toolChoice: ChatToolChoice | null | undefined;
  warn: (message: string) => void;
}): PreparedTools {
  const declarations = (tools ?? []).map(({ function: declared }): GeminiFunctionDeclaration => {
    if (declared.strict) {
      warn('tools[].function.strict is not enforced: Gemini does not guarantee schema-exact arguments');
    }
    const parameters = declared.parameters ? cleanJsonSchema({ schema: declared.parameters }) : undefined;
    return {
      name: declared.name,
      ...(declared.description ? { description: declared.description } : {}),
      ...(parameters ? { parameters } : {}),
    };
  });
  if (declarations.length === 0) {
    if (toolChoice === 'required' || typeof toolChoice === 'object') {
      throw new InvalidRequestError(
        'tool_choice requires a tool call, but no tools were given.',
        'tool_choice',
      );
    }
    return {};
  }
  const geminiTools = [{ functionDeclarations: declarations }];
  if (!toolChoice) return { tools: geminiTools };
  if (toolChoice === 'none')
    return { tools: geminiTools, toolConfig: { functionCallingConfig: { mode: 'NONE' } } };
  if (toolChoice === 'auto')
    return { tools: geminiTools, toolConfig: { functionCallingConfig: { mode: 'AUTO' } } };
  if (toolChoice === 'required')
    return { tools: geminiTools, toolConfig: { functionCallingConfig: { mode: 'ANY' } } };
  const { name } = toolChoice.function;
  if (!declarations.some((declaration) => declaration.name === name)) {
    throw new InvalidRequestError(
      'tool_choice names a function that is not in tools.',
      'tool_choice.function.name',
    );
  }
  return {
    tools: geminiTools,
    toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [name] } },
  };
}
