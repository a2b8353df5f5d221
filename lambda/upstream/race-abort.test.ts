import { describe, expect, it } from 'vitest';
import { raceAbort } from './race-abort.js';

describe('raceAbort', () => {
  it('rejects with the abort reason and leaves the shared work running for others', async () => {
    // Prepare
    const controller = new AbortController();
    let finish = (_value: string) => {};
    const work = new Promise<string>((resolve) => {
      finish = resolve;
    });

    // Act
    const mine = raceAbort({ promise: work, signal: controller.signal }).catch(
      (error: Error) => error.message,
    );
    controller.abort(new Error('caller gone'));
    finish('token');

    // Assess
    expect([await mine, await work]).toStrictEqual(['caller gone', 'token']);
  });

  it('leaves no unhandled rejection when the caller had given up before the shared work failed', async () => {
    // Prepare
    const controller = new AbortController();
    controller.abort(new Error('caller gone'));
    let fail = (_error: Error) => {};
    const work = new Promise<string>((_resolve, reject) => {
      fail = reject;
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);

    // Act
    const mine = raceAbort({ promise: work, signal: controller.signal }).catch(
      (error: Error) => error.message,
    );
    fail(new Error('token endpoint unreachable'));
    await new Promise((resolve) => setImmediate(resolve));
    process.off('unhandledRejection', onUnhandled);

    // Assess
    expect([await mine, unhandled]).toStrictEqual(['caller gone', []]);
  });
});
