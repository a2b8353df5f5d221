import { describe, expect, it } from 'vitest';
import { createTestClock } from '../../test/fakes/test-clock.js';
import { sseHeaders } from '../core/respond.js';
import { measureResponse, type ResponseMeasure } from './measure-response.js';
import { createRecordingSink } from './testing/recording-sink.js';

describe('measureResponse', () => {
  it('times a successful stream to its first chunk', async () => {
    // Prepare
    const clock = createTestClock();
    const measures: ResponseMeasure[] = [];
    const sink = createRecordingSink();
    const measured = measureResponse({
      sink,
      clock,
      startedAt: clock.now(),
      onEnd: (measure) => measures.push(measure),
    });

    // Act
    clock.advance(40);
    measured.start(200, sseHeaders);
    clock.advance(300);
    await measured.write('data: first\n\n');
    clock.advance(500);
    await measured.write('data: second\n\n');
    await measured.end('data: [DONE]\n\n');

    // Assess
    expect(measures).toStrictEqual([{ status: 200, firstTokenMs: 340 }]);
    expect(sink.chunks).toStrictEqual(['data: first\n\n', 'data: second\n\n', 'data: [DONE]\n\n']);
  });

  it('times a stream whose whole body comes with its end', async () => {
    // Prepare
    const clock = createTestClock();
    const measures: ResponseMeasure[] = [];
    const measured = measureResponse({
      sink: createRecordingSink(),
      clock,
      startedAt: clock.now(),
      onEnd: (measure) => measures.push(measure),
    });

    // Act
    measured.start(200, sseHeaders);
    clock.advance(250);
    await measured.end('data: {"error":{}}\n\ndata: [DONE]\n\n');

    // Assess
    expect(measures).toStrictEqual([{ status: 200, firstTokenMs: 250 }]);
  });

  it('reports only the status of a JSON answer or an error', async () => {
    // Prepare
    const clock = createTestClock();
    const measures: ResponseMeasure[] = [];
    const onEnd = (measure: ResponseMeasure) => measures.push(measure);
    const json = measureResponse({ sink: createRecordingSink(), clock, startedAt: clock.now(), onEnd });
    const error = measureResponse({ sink: createRecordingSink(), clock, startedAt: clock.now(), onEnd });

    // Act
    json.start(200, { 'content-type': 'application/json' });
    await json.end('{}');
    error.start(502, sseHeaders);
    await error.end('{}');

    // Assess
    expect(measures).toStrictEqual([{ status: 200 }, { status: 502 }]);
  });
});
