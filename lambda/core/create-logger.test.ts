import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger, createPowertoolsLogger } from './create-logger.js';

describe('createLogger', () => {
  let stdout: string[];
  let stderr: string[];

  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-28T12:00:00.000Z'), toFake: ['Date'] });
    stdout = [];
    stderr = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => Boolean(stdout.push(String(chunk))));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => Boolean(stderr.push(String(chunk))));
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('writes the very line Powertools prints, info to stdout, warnings and errors to stderr', () => {
    // Powertools' own logger, made after the spies, prints through a console on the same streams.
    const reference = new PowertoolsLogger({ serviceName: 'gemini-gateway', logLevel: 'INFO' });
    const ours = createPowertoolsLogger('info');
    for (const logger of [reference, ours]) {
      logger.info('request', { method: 'POST', status: 200, durationMs: 3 });
      logger.warn('slow', { account: 'a' });
      logger.error('broken', { error: new Error('boom'), tokens: 10n, nested: { count: 1 } });
    }
    expect(stdout).toHaveLength(2);
    expect(stderr).toHaveLength(4);
    expect(stdout[1]).toBe(stdout[0]);
    expect(stderr.slice(2)).toEqual(stderr.slice(0, 2));
    expect(JSON.parse(stdout[1] as string)).toEqual({
      level: 'INFO',
      message: 'request',
      timestamp: '2026-11-28T12:00:00.000Z',
      service: 'gemini-gateway',
      sampling_rate: 0,
      method: 'POST',
      status: 200,
      durationMs: 3,
    });
  });

  it('writes nothing below its level, and children write as it does', () => {
    const logger = createPowertoolsLogger('warn');
    logger.info('hidden');
    logger.createChild({ persistentKeys: { part: 'child' } }).warn('shown');
    expect(stdout).toEqual([]);
    expect(JSON.parse(stderr[0] as string)).toMatchObject({ level: 'WARN', message: 'shown', part: 'child' });
  });

  it('serves the Logger port', () => {
    createLogger('debug').debug('detail', { n: 1 });
    expect(JSON.parse(stdout[0] as string)).toMatchObject({ level: 'DEBUG', message: 'detail', n: 1 });
  });
});
