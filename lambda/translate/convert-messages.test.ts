import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../openai/chat-request.js';
import { skipThoughtSignatureValidator } from './bypass-missing-thought-signatures.js';
import { convertMessages } from './convert-messages.js';
import { encodeToolCallId } from './tool-call-id.js';

function convert(messages: ChatMessage[], model = 'gemini-2.5-flash') {
  const warnings: string[] = [];
  const converted = convertMessages({ messages, model, warn: (message) => warnings.push(message) });
  return { converted, warnings };
}

describe('convertMessages', () => {
  it('gathers every system and developer message, in order, into the system instruction', () => {
    // Act
    const { converted } = convert([
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Hi' },
      {
        role: 'developer',
        content: [
          { type: 'text', text: 'Answer in French.' },
          { type: 'text', text: '' },
        ],
      },
      { role: 'system', content: '' },
      { role: 'system', content: 'Never use emoji.' },
    ]);

    // Assess
    expect(converted).toStrictEqual({
      systemInstruction: {
        parts: [{ text: 'You are terse.' }, { text: 'Answer in French.' }, { text: 'Never use emoji.' }],
      },
      contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
    });
  });

  it('maps roles and merges consecutive turns of one role', () => {
    // Act
    const { converted } = convert([
      { role: 'user', content: 'First' },
      { role: 'user', content: [{ type: 'text', text: 'Second' }] },
      { role: 'assistant', content: 'Answer' },
      { role: 'assistant', content: [{ type: 'text', text: 'More' }] },
      { role: 'user', content: 'Thanks' },
    ]);

    // Assess
    expect(converted).toStrictEqual({
      contents: [
        { role: 'user', parts: [{ text: 'First' }, { text: 'Second' }] },
        { role: 'model', parts: [{ text: 'Answer' }, { text: 'More' }] },
        { role: 'user', parts: [{ text: 'Thanks' }] },
      ],
    });
  });

  it('merges a hostile run of 100,000 one-role messages in linear time, leaving the input alone', () => {
    // Prepare
    const messages: ChatMessage[] = Array.from({ length: 100_000 }, () => ({ role: 'user', content: 'x' }));
    const started = performance.now();

    // Act
    const { converted } = convert(messages);

    // Assess: copying the merged turn per message took minutes here; linear merging takes milliseconds.
    expect(performance.now() - started).toBeLessThan(2_000);
    expect([converted.contents.length, converted.contents[0]?.parts.length]).toStrictEqual([1, 100_000]);
    expect(messages[0]).toStrictEqual({ role: 'user', content: 'x' });
  });

  it('skips empty assistant messages and keeps a trailing assistant message as prefill', () => {
    // Act
    const { converted } = convert([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: null },
      { role: 'assistant', content: '' },
      { role: 'user', content: 'Write JSON' },
      { role: 'assistant', content: '{"' },
    ]);

    // Assess
    expect(converted).toStrictEqual({
      contents: [
        { role: 'user', parts: [{ text: 'Hi' }, { text: 'Write JSON' }] },
        { role: 'model', parts: [{ text: '{"' }] },
      ],
    });
  });

  it('round-trips parallel tool calls with their signatures on Gemini 3', () => {
    // Prepare
    const parisId = encodeToolCallId('p1', 'sig-paris');
    const romeId = encodeToolCallId('r1');
    const messages: ChatMessage[] = [
      { role: 'user', content: 'Weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: 'Let me check.',
        tool_calls: [
          { id: parisId, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: romeId, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
        ],
      },
      { role: 'tool', tool_call_id: parisId, content: '{"temp":21}' },
      { role: 'tool', tool_call_id: romeId, content: 'Sunny' },
      { role: 'user', content: 'And tomorrow?' },
    ];

    // Act
    const { converted } = convert(messages, 'gemini-3-pro-preview');

    // Assess
    expect(converted).toStrictEqual({
      contents: [
        { role: 'user', parts: [{ text: 'Weather in Paris and Rome?' }] },
        {
          role: 'model',
          parts: [
            { text: 'Let me check.' },
            { functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: 'sig-paris' },
            { functionCall: { name: 'get_weather', args: { city: 'Rome' } } },
          ],
        },
        {
          role: 'user',
          parts: [
            { functionResponse: { name: 'get_weather', response: { temp: 21 } } },
            { functionResponse: { name: 'get_weather', response: { output: 'Sunny' } } },
            { text: 'And tomorrow?' },
          ],
        },
      ],
    });
  });

  it('runs sequential tool steps as separate model turns, each signed', () => {
    // Prepare
    const first = encodeToolCallId('a', 'sig-1');
    const second = encodeToolCallId('b', 'sig-2');
    const messages: ChatMessage[] = [
      { role: 'user', content: 'Book a flight' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: first, type: 'function', function: { name: 'search', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: first, content: '{"flights":["AF1"]}' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: second, type: 'function', function: { name: 'book', arguments: '{"flight":"AF1"}' } },
        ],
      },
      { role: 'tool', tool_call_id: second, content: '{"booked":true}' },
    ];

    // Act
    const { converted } = convert(messages, 'gemini-3-flash-preview');

    // Assess
    expect(converted.contents).toStrictEqual([
      { role: 'user', parts: [{ text: 'Book a flight' }] },
      { role: 'model', parts: [{ functionCall: { name: 'search', args: {} }, thoughtSignature: 'sig-1' }] },
      { role: 'user', parts: [{ functionResponse: { name: 'search', response: { flights: ['AF1'] } } }] },
      {
        role: 'model',
        parts: [{ functionCall: { name: 'book', args: { flight: 'AF1' } }, thoughtSignature: 'sig-2' }],
      },
      { role: 'user', parts: [{ functionResponse: { name: 'book', response: { booked: true } } }] },
    ]);
  });

  it('gives unsigned calls from another model the bypass signature on Gemini 3 only', () => {
    // Prepare
    const messages: ChatMessage[] = [
      { role: 'user', content: 'Time?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'toolu_01', type: 'function', function: { name: 'now', arguments: '' } }],
      },
      { role: 'tool', tool_call_id: 'toolu_01', content: '12:00' },
    ];

    // Act
    const gemini3 = convert(messages, 'gemini-3-pro-preview').converted.contents[1];
    const gemini25 = convert(messages, 'gemini-2.5-pro').converted.contents[1];

    // Assess
    expect(gemini3).toStrictEqual({
      role: 'model',
      parts: [{ functionCall: { name: 'now', args: {} }, thoughtSignature: skipThoughtSignatureValidator }],
    });
    expect(gemini25).toStrictEqual({ role: 'model', parts: [{ functionCall: { name: 'now', args: {} } }] });
  });

  it('restores signatures on Gemini 2.5 too', () => {
    // Prepare
    const id = encodeToolCallId('x', 'sig-25');
    const messages: ChatMessage[] = [
      { role: 'user', content: 'Time?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id, type: 'function', function: { name: 'now', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: id, content: '12:00' },
    ];

    // Act
    const { converted } = convert(messages, 'gemini-2.5-flash');

    // Assess
    expect(converted.contents[1]).toStrictEqual({
      role: 'model',
      parts: [{ functionCall: { name: 'now', args: {} }, thoughtSignature: 'sig-25' }],
    });
  });

  it('rejects a tool message whose tool_call_id matches no earlier call', () => {
    // Act
    const act = () =>
      convert([
        { role: 'user', content: 'Hi' },
        { role: 'tool', tool_call_id: 'call_unknown', content: 'x' },
      ]);

    // Assess
    expect(act).toThrow(expect.objectContaining({ status: 400, param: 'messages[1].tool_call_id' }));
  });

  it('names the message of bad tool-call arguments and of remote images', () => {
    // Act
    const badArguments = () =>
      convert([
        { role: 'user', content: 'Hi' },
        {
          role: 'assistant',
          tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '[' } }],
        },
      ]);
    const remoteImage = () =>
      convert([
        { role: 'system', content: 'Describe images.' },
        { role: 'user', content: [{ type: 'image_url', image_url: { url: 'http://example.com/a.png' } }] },
      ]);

    // Assess
    expect(badArguments).toThrow(
      expect.objectContaining({ status: 400, param: 'messages[1].tool_calls[0].function.arguments' }),
    );
    expect(remoteImage).toThrow(
      expect.objectContaining({ status: 400, param: 'messages[1].content[0].image_url' }),
    );
  });

  it('rejects a conversation with nothing but system messages', () => {
    // Act
    const act = () => convert([{ role: 'system', content: 'Be nice.' }]);

    // Assess
    expect(act).toThrow(expect.objectContaining({ status: 400, param: 'messages' }));
  });

  it('warns that names are ignored and sends refusals as text', () => {
    // Act
    const result = convert([
      { role: 'user', content: 'Hi', name: 'alice' },
      { role: 'assistant', content: null, refusal: 'I cannot do that.', name: 'bot' },
    ]);

    // Assess
    expect(result).toStrictEqual({
      converted: {
        contents: [
          { role: 'user', parts: [{ text: 'Hi' }] },
          { role: 'model', parts: [{ text: 'I cannot do that.' }] },
        ],
      },
      warnings: [
        'messages[].name is ignored: Gemini has no participant names',
        'messages[].name is ignored: Gemini has no participant names',
      ],
    });
  });

  it('does not change its input', () => {
    // Prepare
    const messages: ChatMessage[] = [
      { role: 'user', content: 'Hi' },
      {
        role: 'assistant',
        content: 'A',
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'ok' },
    ];
    const copy = structuredClone(messages);

    // Act
    convert(messages, 'gemini-3-pro-preview');

    // Assess
    expect(messages).toStrictEqual(copy);
  });
});
