import { describe, expect, it } from 'vitest';
import { sseEvent, sseHeaders } from '../core/respond.js';
import { answerTimeUp, TimeUpError } from './answer-time-up.js';
import { createRecordingSink } from './testing/recording-sink.js';

const timeUpBody = {
  error: {
    message: 'The gateway ran out of time for this request; try again, or ask for a shorter answer.',
    type: 'api_error',
    param: null,
    code: 'gateway_timeout',
  },
};

function timedOutSignal(): AbortSignal {
  const aborter = new AbortController();
  aborter.abort(new TimeUpError(1_000));
  return aborter.signal;
}

describe('answerTimeUp', () => {
  it('replaces the core’s 499 with a 504 the waiting client can read', async () => {
    // Prepare
    const sink = createRecordingSink();
    const answered = answerTimeUp({ sink, signal: timedOutSignal() });

    // Act
    answered.start(499, { 'content-type': 'application/json; charset=utf-8' });
    await answered.end('{"error":{"message":"Client closed the request."}}');

    // Assess
    expect([sink.status, sink.chunks.map((chunk) => JSON.parse(chunk)), sink.ended]).toStrictEqual([
      504,
      [timeUpBody],
      true,
    ]);
  });

  it('closes a stream cut short by the time limit with an error event and [DONE]', async () => {
    // Prepare
    const sink = createRecordingSink();
    const answered = answerTimeUp({ sink, signal: timedOutSignal() });

    // Act
    answered.start(200, sseHeaders);
    await answered.write(sseEvent({ choices: [{ delta: { content: 'Hel' } }] }));
    await answered.end();

    // Assess
    expect(sink.chunks).toStrictEqual([
      sseEvent({ choices: [{ delta: { content: 'Hel' } }] }),
      sseEvent(timeUpBody) + sseEvent('[DONE]'),
    ]);
  });

  it('leaves a stream that finished before the time limit alone, its [DONE] written or ending it', async () => {
    // Prepare
    const written = createRecordingSink();
    const ended = createRecordingSink();
    const answers = [
      answerTimeUp({ sink: written, signal: timedOutSignal() }),
      answerTimeUp({ sink: ended, signal: timedOutSignal() }),
    ] as const;

    // Act
    answers[0].start(200, sseHeaders);
    await answers[0].write(sseEvent('[DONE]'));
    await answers[0].end();
    answers[1].start(200, sseHeaders);
    await answers[1].write(sseEvent({ choices: [] }));
    await answers[1].end(sseEvent('[DONE]'));

    // Assess
    expect([written.chunks, ended.chunks]).toStrictEqual([
      [sseEvent('[DONE]')],
      [sseEvent({ choices: [] }), sseEvent('[DONE]')],
    ]);
  });

  it('passes everything through while there is time, or when something else aborted the request', async () => {
    // Prepare
    const inTime = createRecordingSink();
    const otherAbort = createRecordingSink();
    const aborter = new AbortController();
    aborter.abort(new Error('something else'));
    const answers = [
      answerTimeUp({ sink: inTime, signal: new AbortController().signal }),
      answerTimeUp({ sink: otherAbort, signal: aborter.signal }),
    ];

    // Act
    for (const answered of answers) {
      answered.start(499, { 'content-type': 'application/json' });
      await answered.write('{}');
      await answered.end();
    }

    // Assess
    expect([inTime.status, inTime.chunks, otherAbort.status, otherAbort.chunks]).toStrictEqual([
      499,
      ['{}'],
      499,
      ['{}'],
    ]);
  });
});
