import { describe, expect, it } from 'vitest';
import { mapFinishReason } from './map-finish-reason.js';

describe('mapFinishReason', () => {
  it.each([
    ['STOP', 'stop'],
    ['MAX_TOKENS', 'length'],
    ['SAFETY', 'content_filter'],
    ['RECITATION', 'content_filter'],
    ['LANGUAGE', 'content_filter'],
    ['BLOCKLIST', 'content_filter'],
    ['PROHIBITED_CONTENT', 'content_filter'],
    ['SPII', 'content_filter'],
    ['IMAGE_SAFETY', 'content_filter'],
    ['IMAGE_PROHIBITED_CONTENT', 'content_filter'],
    ['IMAGE_RECITATION', 'content_filter'],
    ['MODEL_ARMOR', 'content_filter'],
    ['MALFORMED_FUNCTION_CALL', 'stop'],
    ['UNEXPECTED_TOOL_CALL', 'stop'],
    ['TOO_MANY_TOOL_CALLS', 'stop'],
    ['MISSING_THOUGHT_SIGNATURE', 'stop'],
    ['MALFORMED_RESPONSE', 'stop'],
    ['IMAGE_OTHER', 'stop'],
    ['NO_IMAGE', 'stop'],
    ['OTHER', 'stop'],
    ['FINISH_REASON_UNSPECIFIED', 'stop'],
    ['A_REASON_FROM_THE_FUTURE', 'stop'],
    ['toString', 'stop'],
    [undefined, 'stop'],
    [null, 'stop'],
  ])('maps %s to %s', (finishReason, expected) => {
    // Act
    const mapped = mapFinishReason({ finishReason, hasToolCalls: false });

    // Assess
    expect(mapped).toStrictEqual(expected);
  });

  it.each([
    ['STOP', 'tool_calls'],
    [undefined, 'tool_calls'],
    ['MALFORMED_FUNCTION_CALL', 'tool_calls'],
    ['MAX_TOKENS', 'length'],
    ['SAFETY', 'content_filter'],
  ])('maps %s after tool calls to %s', (finishReason, expected) => {
    // Act
    const mapped = mapFinishReason({ finishReason, hasToolCalls: true });

    // Assess
    expect(mapped).toStrictEqual(expected);
  });
});
