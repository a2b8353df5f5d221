import { describe, expect, it } from 'vitest';
import type { GenerateContentResponse } from '../gemini/generate-content.js';
import { classifyEvent, type EventKind } from './classify-event.js';

describe('classifyEvent', () => {
  it.each<[string, GenerateContentResponse, EventKind]>([
    ['text', { candidates: [{ content: { role: 'model', parts: [{ text: 'Hi' }] } }] }, 'content'],
    ['thought', { candidates: [{ content: { parts: [{ text: 'hmm', thought: true }] } }] }, 'content'],
    ['finish only', { candidates: [{ finishReason: 'STOP' }] }, 'content'],
    ['blocked prompt', { promptFeedback: { blockReason: 'SAFETY' } }, 'content'],
    ['usage only', { usageMetadata: { totalTokenCount: 3 } }, 'empty'],
    ['candidate without parts', { candidates: [{ content: { role: 'model', parts: [] } }] }, 'empty'],
    ['no candidates', { candidates: [] }, 'empty'],
    [
      'malformed call',
      { candidates: [{ finishReason: 'MALFORMED_FUNCTION_CALL', finishMessage: 'bad' }] },
      'malformed',
    ],
  ])('%s', (_label, event, expected) => {
    expect(classifyEvent({ event })).toStrictEqual(expected);
  });
});
