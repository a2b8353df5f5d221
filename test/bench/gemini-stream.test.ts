import { describe, expect, it } from 'vitest';
import { generateContentResponseSchema } from '../../lambda/gemini/generate-content.js';
import {
  benchModel,
  eventText,
  geminiAnswer,
  geminiSseEvents,
  parseBenchModel,
  readStamps,
} from './gemini-stream.js';

describe('the bench workload in a model name', () => {
  it('round-trips through the model name', () => {
    // Prepare
    const workloads = [
      { events: 1, paced: false },
      { events: 200, paced: false },
      { events: 50, paced: true },
    ];

    // Act
    const parsed = workloads.map((workload) => parseBenchModel({ model: benchModel(workload) }));

    // Assess
    expect(parsed).toStrictEqual(workloads);
  });

  it('knows no other model', () => {
    // Act
    const parsed = ['gemini-2.5-pro', 'gemini-bench-', 'gemini-bench-5-fast'].map((model) =>
      parseBenchModel({ model }),
    );

    // Assess
    expect(parsed).toStrictEqual([undefined, undefined, undefined]);
  });
});

describe('the fake answers', () => {
  it('streams valid Gemini API events, STOP and usage on the last', () => {
    // Act
    const events = geminiSseEvents({ events: 3 });
    const responses = events.map((event) =>
      generateContentResponseSchema.parse(JSON.parse(event.replace(/^data: /, ''))),
    );

    // Assess
    expect(events.every((event) => event.startsWith('data: {') && event.endsWith('}\r\n\r\n'))).toBe(true);
    expect(responses.map((response) => response.candidates?.[0]?.content?.parts?.[0]?.text)).toStrictEqual([
      'word0 ',
      'word1 ',
      'word2 ',
    ]);
    expect(responses.map((response) => response.candidates?.[0]?.finishReason)).toStrictEqual([
      undefined,
      undefined,
      'STOP',
    ]);
  });

  it('answers generateContent with the same words in one response', () => {
    // Act
    const answer = generateContentResponseSchema.parse(JSON.parse(geminiAnswer({ events: 2 })));

    // Assess
    expect(answer.candidates?.[0]?.content?.parts).toStrictEqual([{ text: 'word0 word1 ' }]);
    expect(answer.candidates?.[0]?.finishReason).toBe('STOP');
  });
});

describe('readStamps', () => {
  it('reads every send time, in whatever JSON wraps it', () => {
    // Prepare
    const text = `{"content":"${eventText({ index: 0, sentAt: 1_767_225_600_000.125 })}"}{"text":"${eventText({ index: 1, sentAt: 1_767_225_600_002.5 })}"}`;

    // Act
    const { stamps } = readStamps({ text });

    // Assess
    expect(stamps).toStrictEqual([1_767_225_600_000.125, 1_767_225_600_002.5]);
  });

  it('keeps the start of a stamp split across two reads for the next one', () => {
    // Prepare
    const whole = `data: {"content":"${eventText({ index: 0, sentAt: 1_767_225_600_000.125 })}"}\n\n`;
    const cut = whole.indexOf('600');

    // Act
    const first = readStamps({ text: whole.slice(0, cut) });
    const second = readStamps({ text: first.carry + whole.slice(cut) });

    // Assess
    expect(first.stamps).toStrictEqual([]);
    expect(second.stamps).toStrictEqual([1_767_225_600_000.125]);
  });
});
