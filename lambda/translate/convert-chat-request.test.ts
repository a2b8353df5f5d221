import { describe, expect, it } from 'vitest';
import { parseChatCompletionRequest } from '../openai/chat-request.js';
import { convertChatRequest } from './convert-chat-request.js';
import { encodeToolCallId } from './tool-call-id.js';

function convert(body: unknown, model: string) {
  const warnings: string[] = [];
  const request = parseChatCompletionRequest(body);
  const converted = convertChatRequest({ request, model, warn: (message) => warnings.push(message) });
  return { converted, warnings };
}

describe('convertChatRequest', () => {
  it('translates a whole agent request, as an OpenAI SDK sends it, for Gemini 3', () => {
    // Prepare
    const callId = encodeToolCallId('n1', 'sig-1');
    const body = {
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'You are a travel agent.' },
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }], name: 'alice' },
        {
          role: 'assistant',
          content: null,
          refusal: null,
          function_call: null,
          tool_calls: [
            {
              id: callId,
              type: 'function',
              function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: callId, content: '{"temp":21}' },
        { role: 'developer', content: 'Keep it short.' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'get_weather',
            description: 'Weather for a city',
            parameters: {
              type: 'object',
              properties: { city: { type: 'string' } },
              required: ['city'],
              additionalProperties: false,
            },
          },
        },
      ],
      tool_choice: 'auto',
      temperature: 0.2,
      max_completion_tokens: 500,
      reasoning_effort: 'medium',
      stream: true,
      stream_options: { include_usage: true },
      user: 'user-42',
      metadata: { trace: 'abc' },
      some_future_field: { ignored: true },
    };

    // Act
    const result = convert(body, 'gemini-3-pro-preview');

    // Assess
    expect(result).toStrictEqual({
      converted: {
        systemInstruction: { parts: [{ text: 'You are a travel agent.' }, { text: 'Keep it short.' }] },
        contents: [
          { role: 'user', parts: [{ text: 'Weather in Paris?' }] },
          {
            role: 'model',
            parts: [
              { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'sig-1' },
            ],
          },
          { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { temp: 21 } } }] },
        ],
        tools: [
          {
            functionDeclarations: [
              {
                name: 'get_weather',
                description: 'Weather for a city',
                parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
              },
            ],
          },
        ],
        toolConfig: { functionCallingConfig: { mode: 'AUTO' } },
        generationConfig: {
          temperature: 0.2,
          maxOutputTokens: 500,
          thinkingConfig: { thinkingLevel: 'high', includeThoughts: true },
        },
      },
      warnings: [
        'user is ignored: Gemini has no end-user field',
        'metadata is ignored: completions are not stored',
        'messages[].name is ignored: Gemini has no participant names',
      ],
    });
  });

  it('translates a plain chat for Gemini 2.5 with structured output', () => {
    // Prepare
    const body = {
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'List three colors.' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'colors',
          schema: { type: 'object', properties: { colors: { type: 'array', items: { type: 'string' } } } },
        },
      },
      reasoning_effort: 'none',
    };

    // Act
    const result = convert(body, 'gemini-2.5-flash');

    // Assess
    expect(result).toStrictEqual({
      converted: {
        contents: [{ role: 'user', parts: [{ text: 'List three colors.' }] }],
        generationConfig: {
          responseMimeType: 'application/json',
          responseSchema: {
            type: 'object',
            properties: { colors: { type: 'array', items: { type: 'string' } } },
          },
          thinkingConfig: { thinkingBudget: 0 },
        },
      },
      warnings: [],
    });
  });

  it('warns once per ignored parameter however often it appears', () => {
    // Prepare
    const image = { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'low' } };
    const body = {
      model: 'gemini-2.0-flash',
      messages: [
        { role: 'user', content: [image, image], name: 'a' },
        { role: 'assistant', content: 'ok', name: 'b' },
        { role: 'user', content: [image], name: 'c' },
      ],
    };

    // Act
    const { warnings } = convert(body, 'gemini-2.0-flash');

    // Assess
    expect(warnings).toStrictEqual([
      'messages[].name is ignored: Gemini has no participant names',
      'image_url.detail is ignored: Gemini chooses the image resolution itself',
    ]);
  });

  it('does not change the request it is given', () => {
    // Prepare
    const request = parseChatCompletionRequest({
      model: 'm',
      messages: [{ role: 'user', content: 'Hi' }],
      tools: [
        {
          type: 'function',
          function: { name: 'f', parameters: { type: ['object', 'null'], properties: {} } },
        },
      ],
      stop: 'x',
    });
    const copy = structuredClone(request);

    // Act
    convertChatRequest({ request, model: 'gemini-3-pro-preview', warn: () => {} });

    // Assess
    expect(request).toStrictEqual(copy);
  });
});
