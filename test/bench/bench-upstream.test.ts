import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BenchUpstream, startBenchUpstream } from './bench-upstream.js';
import { geminiAnswer, geminiSseEvents, readStamps } from './gemini-stream.js';

describe('the benchmark’s fake Gemini API', () => {
  let upstream: BenchUpstream;
  let clock = 1_767_225_600_000;

  beforeAll(async () => {
    upstream = await startBenchUpstream({
      paceMs: 0,
      now: () => {
        clock += 1.5;
        return clock;
      },
    });
  });

  afterAll(async () => {
    await upstream?.close();
  });

  async function post(path: string): Promise<{ status: number; text: string }> {
    const response = await request(`${upstream.url}${path}`, { method: 'POST', body: '{"contents":[]}' });
    return { status: response.statusCode, text: await response.body.text() };
  }

  it('streams the events the model name asks for', async () => {
    // Act
    const answer = await post('/v1beta/models/gemini-bench-3:streamGenerateContent?alt=sse');

    // Assess
    expect(answer).toStrictEqual({ status: 200, text: geminiSseEvents({ events: 3 }).join('') });
  });

  it('answers generateContent in one response', async () => {
    // Act
    const answer = await post('/v1beta/models/gemini-bench-2:generateContent');

    // Assess
    expect(answer).toStrictEqual({ status: 200, text: geminiAnswer({ events: 2 }) });
  });

  it('stamps paced events with their send time', async () => {
    // Act
    const answer = await post('/v1beta/models/gemini-bench-2-paced:streamGenerateContent?alt=sse');

    // Assess
    expect(readStamps({ text: answer.text }).stamps).toStrictEqual([1_767_225_600_001.5, 1_767_225_600_003]);
  });

  it('answers 404 to a model it does not know', async () => {
    // Act
    const answer = await post('/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse');

    // Assess
    expect(answer.status).toBe(404);
  });
});
