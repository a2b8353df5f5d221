/**
 * Bad input, generated: thousands of request bodies, headers, paths and methods (fuzz-arbitraries.ts)
 * against the gateway core with the real router, validation and translation, then hundreds more as raw
 * bytes over a socket to the real local server. Never a 5xx, never a crash or a hang, every error in
 * OpenAI's shape saying what is wrong, no prototype polluted, and the server still healthy afterwards.
 */
import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientAuth } from '../../lambda/core/client-auth.js';
import { createGateway, type Gateway } from '../../lambda/core/gateway.js';
import type { GatewayRequest, ResponseSink } from '../../lambda/core/http.js';
import { ModelCatalog } from '../../lambda/core/model-catalog.js';
import { systemClock } from '../../lambda/core/ports.js';
import type { Pool } from '../../lambda/pool/pool.js';
import { type Harness, startHarness } from '../e2e/start-harness.js';
import { finishEvent, textEvent } from '../fakes/gemini-events.js';
import { requestBody, requestHeaders, requestMethod, requestPath } from './fuzz-arbitraries.js';
import { createScanningLogger } from './scanning-logger.js';

const clientKey = 'sk-fuzz-key';
const maxBodyBytes = 1024 * 1024;
/** No single request may take longer than this (generous: the slowest cases parse megabytes). */
const hangLimitMs = 10_000;

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
  ended: boolean;
}

/** Tallies across the file, printed at the end: the figures the README reports. */
const tally = { cases: 0, serverErrors: 0 };

/** The core with the real router, validation and translation; Google answers "ok" at once. */
function createCoreGateway(): Gateway {
  const pool: Pool = {
    acquire: async (_input, attempt) => {
      const account = { id: 'acct-a', backend: 'code-assist' as const, projectId: 'p' };
      const value = await attempt({ account, attempt: 1, signal: new AbortController().signal });
      return { value, account, attempts: 1, settle: async () => {} };
    },
  };
  return createGateway({
    auth: new ClientAuth([clientKey]),
    pool,
    gemini: {
      open: async () => ({
        first: textEvent('ok'),
        rest: (async function* () {
          yield [finishEvent('STOP')];
        })(),
      }),
    },
    models: new ModelCatalog({ 'gpt-4o': 'gemini-2.5-pro' }),
    clock: systemClock,
    logger: createScanningLogger(),
    newId: () => 'fuzz',
    maxBodyBytes,
    failoverDeadlineMs: 1_000,
    modelFallbacks: {},
  });
}

async function serve(
  gateway: Gateway,
  input: { method: string; path: string; headers: Record<string, string>; body: Uint8Array; splits: number },
): Promise<Answer> {
  const answer: Answer = { status: 0, headers: {}, body: '', ended: false };
  const sink: ResponseSink = {
    start: (status, headers) => {
      answer.status = status;
      answer.headers = headers;
    },
    write: async (chunk) => {
      answer.body += chunk;
    },
    end: async (lastChunk) => {
      answer.body += lastChunk ?? '';
      answer.ended = true;
    },
  };
  const size = Math.max(1, Math.ceil(input.body.byteLength / input.splits));
  const request: GatewayRequest = {
    method: input.method,
    path: input.path,
    headers: Object.fromEntries(
      Object.entries(input.headers).map(([name, value]) => [name.toLowerCase(), value]),
    ),
    body: (async function* () {
      for (let offset = 0; offset < input.body.byteLength; offset += size)
        yield input.body.subarray(offset, offset + size);
    })(),
    signal: new AbortController().signal,
  };
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${hangLimitMs} ms`)), hangLimitMs);
  });
  try {
    await Promise.race([gateway(request, sink), timeUp]);
  } finally {
    clearTimeout(timer);
  }
  return answer;
}

/** Throws unless the answer is a success or an OpenAI-shaped client error that says what is wrong. */
function expectWellFormed(answer: Answer): void {
  tally.cases += 1;
  if (answer.status >= 500) tally.serverErrors += 1;
  expect(answer.ended).toStrictEqual(true);
  expect(answer.status).toBeGreaterThanOrEqual(200);
  expect(answer.status).toBeLessThan(500);
  if (answer.status < 400) return;
  const parsed = JSON.parse(answer.body) as { error: Record<string, unknown> };
  expect(Object.keys(parsed)).toStrictEqual(['error']);
  expect(Object.keys(parsed.error).sort()).toStrictEqual(['code', 'message', 'param', 'type']);
  expect(typeof parsed.error.message).toStrictEqual('string');
  // Says what is wrong, and never echoes a client's giant value back.
  expect((parsed.error.message as string).length).toBeGreaterThan(10);
  expect(answer.body.length).toBeLessThan(1_500);
}

function expectNoPollution(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).includes('polluted')).toStrictEqual(false);
}

describe('fuzzing the gateway core', () => {
  const gateway = createCoreGateway();

  it('answers thousands of hostile chat bodies with a success or a 4xx that says what is wrong', {
    timeout: 240_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(requestBody, fc.integer({ min: 1, max: 7 }), async (body, splits) => {
        // Act
        const answer = await serve(gateway, {
          method: 'POST',
          path: '/v1/chat/completions',
          headers: { authorization: `Bearer ${clientKey}`, 'content-type': 'application/json' },
          body,
          splits,
        });

        // Assess
        expectWellFormed(answer);
        expectNoPollution();
      }),
      { numRuns: 3_000, seed: 20_260_704 },
    );
  });

  it('answers any method, path and headers on every endpoint without a 5xx', {
    timeout: 120_000,
  }, async () => {
    await fc.assert(
      fc.asyncProperty(
        requestMethod,
        requestPath,
        requestHeaders,
        requestBody,
        async (method, path, headers, body) => {
          // Act
          const answer = await serve(gateway, { method, path, headers, body, splits: 2 });

          // Assess
          expectWellFormed(answer);
          expectNoPollution();
        },
      ),
      { numRuns: 1_000, seed: 7 },
    );
  });
});

/** One raw HTTP/1.1 exchange: whatever bytes the test likes, the status line's code back (0: none). */
function rawExchange(port: number, head: string, body: Uint8Array): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('the server did not answer in time'));
    }, hangLimitMs);
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0));
    });
    // No half-close: the request asks for `connection: close`, so the server ends the exchange.
    socket.write(head);
    socket.write(body);
  });
}

describe('fuzzing the local server over raw sockets', () => {
  let rig: Harness;
  let port: number;

  beforeAll(async () => {
    rig = await startHarness({
      accounts: { 'acct-a': { projectId: 'p-a', credentials: { refresh_token: 'rt-a' } } },
      env: { GATEWAY_API_KEYS: clientKey, MAX_BODY_BYTES: String(maxBodyBytes) },
    });
    port = Number(new URL(rig.url).port);
  });

  afterAll(async () => {
    await rig.close();
    console.info(`fuzz cases run: ${tally.cases}; 5xx answers: ${tally.serverErrors}`);
  });

  it('never answers a 5xx nor drops a connection unanswered, and stays healthy', {
    timeout: 120_000,
  }, async () => {
    const printable = (text: string) => text.replace(/[^\x20-\x7e]/g, '');
    await fc.assert(
      fc.asyncProperty(
        requestMethod,
        requestPath,
        requestHeaders,
        requestBody,
        async (method, path, headers, body) => {
          // Prepare
          const lines = Object.entries(headers)
            .filter(([name]) => name !== 'content-length')
            .map(([name, value]) => `${name}: ${printable(value).slice(0, 8_000)}\r\n`);
          const head = `${method} ${printable(path).replaceAll(' ', '%20') || '/'} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\ncontent-length: ${body.byteLength}\r\n${lines.join('')}\r\n`;

          // Act
          const status = await rawExchange(port, head, body);

          // Assess
          tally.cases += 1;
          if (status >= 500) tally.serverErrors += 1;
          expect(status).toBeGreaterThanOrEqual(200);
          expect(status).toBeLessThan(500);
        },
      ),
      { numRuns: 400, seed: 11 },
    );
    const health = await fetch(`${rig.url}/healthz`);
    expect(health.status).toStrictEqual(200);
    expect(rig.logger.entries.filter((entry) => entry.level === 'error')).toStrictEqual([]);
  });

  it('refuses an oversized body while it streams in, without waiting for the rest of it', async () => {
    // Prepare: an upload announced as 1 GB, of which only the limit and one byte are ever sent. Were
    // the body buffered whole first, no answer would come at all.
    const head =
      'POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n' +
      `authorization: Bearer ${clientKey}\r\ncontent-type: application/json\r\ncontent-length: ${1024 ** 3}\r\n\r\n`;

    // Act
    const status = await rawExchange(port, head, new Uint8Array(maxBodyBytes + 1).fill(0x20));

    // Assess
    expect(status).toStrictEqual(413);
  });
});
