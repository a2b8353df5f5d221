import type OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finishEvent, functionCallEvent, textEvent } from '../fakes/gemini-events.js';
import { stream } from '../fakes/google-answers.js';
import { createTestClock } from '../fakes/test-clock.js';
import { oneAccount } from './accounts.js';
import { collect } from './raw-http.js';
import { type Harness, startHarness } from './start-harness.js';

type ChatMessage = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type ToolCall = OpenAI.Chat.Completions.ChatCompletionMessageFunctionToolCall;

const weatherTool: OpenAI.Chat.Completions.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather in a city',
    parameters: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      additionalProperties: false,
      properties: {
        city: { type: 'string', description: 'City name' },
        unit: { type: ['string', 'null'], enum: ['celsius', 'fahrenheit', null] },
        when: { $ref: '#/$defs/day' },
      },
      required: ['city'],
      $defs: { day: { const: 'today' } },
    },
  },
};

const timeTool: OpenAI.Chat.Completions.ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_time', parameters: { type: 'object', properties: {} } },
};

/** What a typical OpenAI client keeps of a tool call (whole, or a stream delta) when it writes the history back. */
function keepOnlyStandardFields(toolCall: {
  id?: string;
  function?: { name?: string; arguments?: string };
}): ToolCall {
  const { id = '', function: { name = '', arguments: parameters = '' } = {} } = toolCall;
  return { id, type: 'function', function: { name, arguments: parameters } };
}

describe('chat completions: tools', () => {
  let rig: Harness;

  beforeEach(async () => {
    rig = await startHarness({ accounts: oneAccount, clock: createTestClock() });
  });
  afterEach(() => rig.close());

  it('sends tools with cleaned schemas and maps each tool_choice to a function calling mode', async () => {
    // Prepare
    const choices: Array<OpenAI.Chat.Completions.ChatCompletionToolChoiceOption> = [
      'auto',
      'none',
      'required',
      { type: 'function', function: { name: 'get_time' } },
    ];

    // Act
    for (const toolChoice of choices) {
      await rig.client.chat.completions.create({
        model: 'gemini-2.5-flash',
        messages: [{ role: 'user', content: 'Weather in Paris?' }],
        tools: [weatherTool, timeTool],
        tool_choice: toolChoice,
      });
    }

    // Assess
    expect(rig.google.calls[0]?.request.tools).toStrictEqual([
      {
        functionDeclarations: [
          {
            name: 'get_weather',
            description: 'Current weather in a city',
            parameters: {
              type: 'object',
              properties: {
                city: { type: 'string', description: 'City name' },
                unit: { type: 'string', nullable: true, enum: ['celsius', 'fahrenheit'] },
                when: { type: 'string', enum: ['today'] },
              },
              required: ['city'],
            },
          },
          { name: 'get_time' },
        ],
      },
    ]);
    expect(rig.google.calls.map((call) => call.request.toolConfig)).toStrictEqual([
      { functionCallingConfig: { mode: 'AUTO' } },
      { functionCallingConfig: { mode: 'NONE' } },
      { functionCallingConfig: { mode: 'ANY' } },
      { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_time'] } },
    ]);
  });

  it('answers function calls as tool_calls, and ends with tool_calls even when STOP comes in a later event', async () => {
    // Prepare
    rig.google.enqueue(stream(functionCallEvent('get_weather', { city: 'Paris' }), finishEvent('STOP')));

    // Act
    const completion = await rig.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [weatherTool],
    });

    // Assess
    expect(completion.choices).toStrictEqual([
      {
        index: 0,
        message: {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_id0001',
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
          refusal: null,
        },
        logprobs: null,
        finish_reason: 'tool_calls',
      },
    ]);
  });

  it('streams parallel calls with stable index and id across chunks', async () => {
    // Prepare
    rig.google.enqueue(
      stream(
        textEvent('Let me check.'),
        functionCallEvent('get_weather', { city: 'Paris' }),
        functionCallEvent('get_weather', { city: 'Rome' }),
        functionCallEvent('get_time', {}),
        finishEvent('STOP'),
      ),
    );

    // Act
    const chunks = await collect(
      await rig.client.chat.completions.create({
        model: 'gemini-2.5-flash',
        messages: [{ role: 'user', content: 'Weather in Paris and Rome, and the time?' }],
        tools: [weatherTool, timeTool],
        stream: true,
      }),
    );

    // Assess
    expect(chunks.map((chunk) => chunk.choices[0]?.delta)).toStrictEqual([
      { role: 'assistant', content: 'Let me check.' },
      {
        tool_calls: [
          {
            index: 0,
            id: 'call_id0001',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
      {
        tool_calls: [
          {
            index: 1,
            id: 'call_id0002',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Rome"}' },
          },
        ],
      },
      {
        tool_calls: [
          { index: 2, id: 'call_id0003', type: 'function', function: { name: 'get_time', arguments: '{}' } },
        ],
      },
      {},
    ]);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toStrictEqual('tool_calls');
    expect(new Set(chunks.map((chunk) => chunk.id))).toStrictEqual(new Set(['chatcmpl-id0000']));
  });

  it('sends tool results back as functionResponse parts matched to the calls, in one user turn', async () => {
    // Prepare
    const messages: ChatMessage[] = [
      { role: 'system', content: 'Use tools.' },
      { role: 'user', content: 'Weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_a',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
          { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_b', content: '12:00' },
      { role: 'tool', tool_call_id: 'call_a', content: '{"temperature":21}' },
    ];

    // Act
    await rig.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages,
      tools: [weatherTool, timeTool],
    });

    // Assess
    expect(rig.google.calls[0]?.request.contents).toStrictEqual([
      { role: 'user', parts: [{ text: 'Weather in Paris and Rome?' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'get_weather', args: { city: 'Paris' } } },
          { functionCall: { name: 'get_time', args: {} } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_time', response: { output: '12:00' } } },
          { functionResponse: { name: 'get_weather', response: { temperature: 21 } } },
        ],
      },
    ]);
  });

  it.each([true, false])(
    'round-trips Gemini 3 thought signatures through a client that keeps only id, type and function (stream: %s)',
    async (streaming) => {
      // Prepare
      rig.google.enqueue(
        stream(
          functionCallEvent('get_weather', { city: 'Paris' }, 'sig/Paris+1=='),
          functionCallEvent('get_weather', { city: 'Rome' }),
          finishEvent('STOP'),
        ),
        stream(textEvent('Paris 21°C, Rome 25°C.'), finishEvent('STOP')),
      );
      const question: ChatMessage = { role: 'user', content: 'Weather in Paris and Rome?' };
      const request = { model: 'gemini-3-pro-preview', messages: [question], tools: [weatherTool] };

      // Act
      const toolCalls = streaming
        ? (await collect(await rig.client.chat.completions.create({ ...request, stream: true }))).flatMap(
            (chunk) => chunk.choices[0]?.delta.tool_calls ?? [],
          )
        : ((await rig.client.chat.completions.create(request)).choices[0]?.message.tool_calls ?? []);
      const history = toolCalls.map(keepOnlyStandardFields);
      const answer = await rig.client.chat.completions.create({
        model: 'gemini-3-pro-preview',
        messages: [
          question,
          { role: 'assistant', content: null, tool_calls: history },
          { role: 'tool', tool_call_id: history[0]?.id ?? '', content: '21°C' },
          { role: 'tool', tool_call_id: history[1]?.id ?? '', content: '25°C' },
        ],
        tools: [weatherTool],
      });

      // Assess
      expect(answer.choices[0]?.message.content).toStrictEqual('Paris 21°C, Rome 25°C.');
      expect(rig.google.calls[1]?.request.contents).toStrictEqual([
        { role: 'user', parts: [{ text: 'Weather in Paris and Rome?' }] },
        {
          role: 'model',
          parts: [
            {
              functionCall: { name: 'get_weather', args: { city: 'Paris' } },
              thoughtSignature: 'sig/Paris+1==',
            },
            { functionCall: { name: 'get_weather', args: { city: 'Rome' } } },
          ],
        },
        {
          role: 'user',
          parts: [
            { functionResponse: { name: 'get_weather', response: { output: '21°C' } } },
            { functionResponse: { name: 'get_weather', response: { output: '25°C' } } },
          ],
        },
      ]);
    },
  );

  it('refuses a tool result whose tool_call_id matches no call, without calling Google', async () => {
    // Act
    const failure = await rig.client.chat.completions
      .create({
        model: 'gemini-2.5-flash',
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'tool', tool_call_id: 'call_unknown', content: 'x' },
        ],
      })
      .catch((error: unknown) => error);

    // Assess
    expect(failure).toMatchObject({
      status: 400,
      error: {
        message: 'tool_call_id does not match a tool call of an earlier assistant message.',
        type: 'invalid_request_error',
        param: 'messages[1].tool_call_id',
        code: null,
      },
    });
    expect(rig.google.calls).toStrictEqual([]);
  });
});
