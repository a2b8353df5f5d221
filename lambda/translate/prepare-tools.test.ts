import { describe, expect, it } from 'vitest';
import type { ChatTool, ChatToolChoice } from '../openai/chat-request.js';
import { prepareTools } from './prepare-tools.js';

const weather: ChatTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, unit: { type: ['string', 'null'], enum: ['c', 'f', null] } },
      required: ['city'],
      additionalProperties: false,
    },
    strict: true,
  },
};

const now: ChatTool = {
  type: 'function',
  function: { name: 'now', parameters: { type: 'object', properties: {} } },
};

const declarations = [
  {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['c', 'f'], nullable: true } },
      required: ['city'],
    },
  },
  { name: 'now' },
];

function prepare(tools: ChatTool[] | undefined, toolChoice?: ChatToolChoice) {
  const warnings: string[] = [];
  const prepared = prepareTools({ tools, toolChoice, warn: (message) => warnings.push(message) });
  return { prepared, warnings };
}

describe('prepareTools', () => {
  it('declares functions with cleaned parameters, omitting empty ones, and warns that strict is not enforced', () => {
    // Act
    const result = prepare([weather, now]);

    // Assess
    expect(result).toStrictEqual({
      prepared: { tools: [{ functionDeclarations: declarations }] },
      warnings: ['tools[].function.strict is not enforced: Gemini does not guarantee schema-exact arguments'],
    });
  });

  it.each<[ChatToolChoice, object]>([
    ['none', { mode: 'NONE' }],
    ['auto', { mode: 'AUTO' }],
    ['required', { mode: 'ANY' }],
    [
      { type: 'function', function: { name: 'now' } },
      { mode: 'ANY', allowedFunctionNames: ['now'] },
    ],
  ])('maps tool_choice %j to %j', (toolChoice, functionCallingConfig) => {
    // Act
    const { prepared } = prepare([weather, now], toolChoice);

    // Assess
    expect(prepared).toStrictEqual({
      tools: [{ functionDeclarations: declarations }],
      toolConfig: { functionCallingConfig },
    });
  });

  it('sends nothing without tools, whether tool_choice is absent, none or auto', () => {
    // Act
    const results = [prepare(undefined), prepare([], 'none'), prepare(undefined, 'auto')];

    // Assess
    expect(results.map(({ prepared }) => prepared)).toStrictEqual([{}, {}, {}]);
  });

  it('rejects a named tool_choice that is not among the tools', () => {
    // Act
    const act = () => prepare([now], { type: 'function', function: { name: 'get_weather' } });

    // Assess
    expect(act).toThrow(expect.objectContaining({ status: 400, param: 'tool_choice.function.name' }));
  });

  it('rejects a tool_choice that requires a call when there are no tools', () => {
    // Act
    const act = () => prepare(undefined, 'required');

    // Assess
    expect(act).toThrow(expect.objectContaining({ status: 400, param: 'tool_choice' }));
  });
});
