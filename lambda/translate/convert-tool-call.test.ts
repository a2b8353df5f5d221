import { describe, expect, it } from 'vitest';
import type { ChatToolCall } from '../openai/chat-request.js';
import { convertToolCall } from './convert-tool-call.js';
import { encodeToolCallId } from './tool-call-id.js';

function call(overrides: Partial<ChatToolCall> & { arguments?: string }): ChatToolCall {
  const { arguments: args = '{"city":"Paris"}', ...rest } = overrides;
  return { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: args }, ...rest };
}

describe('convertToolCall', () => {
  it('turns a tool call into a function call with parsed arguments', () => {
    // Act
    const part = convertToolCall({ toolCall: call({}), path: 'messages[1].tool_calls[0]' });

    // Assess
    expect(part).toStrictEqual({ functionCall: { name: 'get_weather', args: { city: 'Paris' } } });
  });

  it('restores the thought signature carried in the id', () => {
    // Act
    const part = convertToolCall({
      toolCall: call({ id: encodeToolCallId('abc', 'CiQBsig==') }),
      path: 'messages[1].tool_calls[0]',
    });

    // Assess
    expect(part).toStrictEqual({
      functionCall: { name: 'get_weather', args: { city: 'Paris' } },
      thoughtSignature: 'CiQBsig==',
    });
  });

  it("prefers Google's extra_content thought signature", () => {
    // Act
    const part = convertToolCall({
      toolCall: call({
        id: encodeToolCallId('abc', 'from-id'),
        extra_content: { google: { thought_signature: 'from-extra' } },
      }),
      path: 'messages[1].tool_calls[0]',
    });

    // Assess
    expect(part.thoughtSignature).toBe('from-extra');
  });

  it('reads empty arguments as no arguments', () => {
    // Act
    const part = convertToolCall({ toolCall: call({ arguments: ' ' }), path: 'messages[1].tool_calls[0]' });

    // Assess
    expect(part).toStrictEqual({ functionCall: { name: 'get_weather', args: {} } });
  });

  it.each(['{"city":', '[1,2]', '"Paris"', 'null', '42'])('rejects arguments %s, naming them', (args) => {
    // Act
    const act = () =>
      convertToolCall({ toolCall: call({ arguments: args }), path: 'messages[3].tool_calls[1]' });

    // Assess
    expect(act).toThrow(
      expect.objectContaining({ status: 400, param: 'messages[3].tool_calls[1].function.arguments' }),
    );
  });

  it('rejects arguments nested too deeply to send', () => {
    // Prepare
    const args = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;

    // Act
    const act = () =>
      convertToolCall({ toolCall: call({ arguments: args }), path: 'messages[1].tool_calls[0]' });

    // Assess
    expect(act).toThrow(
      expect.objectContaining({ status: 400, param: 'messages[1].tool_calls[0].function.arguments' }),
    );
  });
});
