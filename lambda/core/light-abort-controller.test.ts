import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { describe, expect, it, vi } from 'vitest';
import { LightAbortController } from './light-abort-controller.js';

describe('LightAbortController', () => {
  it('aborts once: the first reason stays, and each listener runs once', () => {
    // Prepare
    const controller = new LightAbortController();
    const heard: unknown[] = [];
    controller.signal.addEventListener('abort', () => heard.push(controller.signal.reason), { once: true });

    // Act
    controller.abort('first');
    controller.abort('second');

    // Assess
    expect([controller.signal.aborted, controller.signal.reason, heard]).toStrictEqual([
      true,
      'first',
      ['first'],
    ]);
  });

  it('gives an AbortError DOMException when aborted without a reason, as AbortController does', () => {
    // Prepare
    const light = new LightAbortController();
    const native = new AbortController();

    // Act
    light.abort();
    native.abort();

    // Assess
    expect(light.signal.reason).toStrictEqual(native.signal.reason);
  });

  it('throws its reason from throwIfAborted once aborted, and nothing before', () => {
    // Prepare
    const controller = new LightAbortController();
    const before = () => controller.signal.throwIfAborted();

    // Act
    expect(before).not.toThrow();
    controller.abort(new Error('client disconnected'));

    // Assess
    expect(() => controller.signal.throwIfAborted()).toThrow('client disconnected');
  });

  it('does not call a listener that was removed, or one added after the abort', () => {
    // Prepare
    const controller = new LightAbortController();
    const heard: string[] = [];
    const removed = () => heard.push('removed');
    controller.signal.addEventListener('abort', removed);
    controller.signal.addEventListener('abort', () => heard.push('kept'));
    controller.signal.removeEventListener('abort', removed);

    // Act
    controller.abort();
    controller.signal.addEventListener('abort', () => heard.push('late'));

    // Assess
    expect(heard).toStrictEqual(['kept']);
  });

  it('runs every listener when one throws, and rethrows its error on the next tick, as an EventTarget does', () => {
    // Prepare
    const controller = new LightAbortController();
    const heard: string[] = [];
    controller.signal.addEventListener('abort', () => {
      throw new Error('listener broke');
    });
    controller.signal.addEventListener('abort', () => heard.push('second'));
    const deferred: Array<() => void> = [];
    const nextTick = vi.spyOn(process, 'nextTick').mockImplementation((callback) => {
      deferred.push(callback as () => void);
    });

    // Act
    controller.abort();
    nextTick.mockRestore();

    // Assess
    expect(heard).toStrictEqual(['second']);
    expect(deferred).toHaveLength(1);
    expect(() => deferred[0]?.()).toThrow('listener broke');
  });

  it('cancels an undici request in flight, which rejects with the reason', async () => {
    // Prepare
    const server = createServer(() => {
      // Never answers: only the abort ends the request.
    });
    const closed = new Promise<void>((resolve) => {
      server.once('request', (request) => request.socket.once('close', resolve));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const dispatcher = new Agent();
    const controller = new LightAbortController();

    // Act
    const answer = dispatcher
      .request({ origin: `http://127.0.0.1:${port}`, path: '/', method: 'GET', signal: controller.signal })
      .catch((error: unknown) => error);
    await new Promise<void>((resolve) => server.once('request', () => resolve()));
    controller.abort(new Error('client disconnected'));

    // Assess
    expect(await answer).toStrictEqual(new Error('client disconnected'));
    await closed;
    await dispatcher.close();
    await new Promise((resolve) => server.close(resolve));
  });
});
