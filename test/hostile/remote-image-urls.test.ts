/**
 * Remote image URLs are never fetched (DESIGN.md §8 allows "reject clearly"): every form of URL that
 * could point the gateway at the network, internal addresses included, is a 400 naming the content part,
 * with no DNS lookup, no fetch and no call to Google. So there is no SSRF surface: nothing to redirect,
 * no address to resolve, no size or time to limit.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClientAuth } from '../../lambda/core/client-auth.js';
import { createGateway } from '../../lambda/core/gateway.js';
import type { ResponseSink } from '../../lambda/core/http.js';
import { ModelCatalog } from '../../lambda/core/model-catalog.js';
import { silentLogger, systemClock } from '../../lambda/core/ports.js';
import type { Pool } from '../../lambda/pool/pool.js';

const network = vi.hoisted(() => ({ lookups: [] as string[] }));
vi.mock('node:dns', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:dns')>();
  return {
    ...original,
    lookup: (...args: Parameters<typeof original.lookup>) => {
      network.lookups.push(String(args[0]));
      return (original.lookup as (...rest: unknown[]) => void)(...args);
    },
  };
});
vi.mock('node:dns/promises', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:dns/promises')>();
  return {
    ...original,
    lookup: (hostname: string, ...rest: unknown[]) => {
      network.lookups.push(hostname);
      return (original.lookup as (...args: unknown[]) => unknown)(hostname, ...rest);
    },
  };
});

const urls = [
  'http://example.com/cat.png',
  'https://example.com/cat.png',
  'HTTPS://EXAMPLE.COM/CAT.PNG',
  'https://127.0.0.1/cat.png',
  'http://localhost:3000/healthz',
  'http://[::1]/cat.png',
  'http://[::ffff:127.0.0.1]/cat.png',
  'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
  'http://metadata.google.internal/computeMetadata/v1/',
  'http://10.0.0.1/cat.png',
  'http://192.168.1.1/cat.png',
  'http://2130706433/cat.png',
  'http://0x7f.0.0.1/cat.png',
  'http://user:password@example.com/cat.png',
  'https://example.com/redirect?to=http://10.0.0.1/',
  '//example.com/cat.png',
  ' https://example.com/cat.png',
  'ftp://example.com/cat.png',
  'file:///etc/passwd',
  'gopher://127.0.0.1:6379/_FLUSHALL',
  'javascript:alert(1)',
  'blob:https://example.com/0b1c',
  'data:image/png,not-base64',
  'cat.png',
  '',
];

describe('remote image URLs', () => {
  const opened: unknown[] = [];
  const fetchSpy = vi.spyOn(globalThis, 'fetch');

  afterEach(() => {
    network.lookups.length = 0;
    opened.length = 0;
  });

  it.each(urls)('answers %j with a 400 naming the part, fetching and resolving nothing', async (url) => {
    // Prepare
    const pool: Pool = {
      acquire: async (_input, attempt) => {
        const account = { id: 'acct-a', backend: 'code-assist' as const, projectId: 'p' };
        const value = await attempt({ account, attempt: 1, signal: new AbortController().signal });
        return { value, account, attempts: 1, settle: async () => {} };
      },
    };
    const gateway = createGateway({
      auth: new ClientAuth([]),
      pool,
      gemini: {
        open: async (input) => {
          opened.push(input);
          throw new Error('Google must not be called');
        },
      },
      models: new ModelCatalog({}),
      clock: systemClock,
      logger: silentLogger,
      newId: () => 'id',
      maxBodyBytes: 1024 * 1024,
      failoverDeadlineMs: 1_000,
      modelFallbacks: {},
    });
    const body = JSON.stringify({
      model: 'gemini-2.5-flash',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is this?' },
            { type: 'image_url', image_url: { url } },
          ],
        },
      ],
    });
    const answer = { status: 0, body: '' };
    const sink: ResponseSink = {
      start: (status) => {
        answer.status = status;
      },
      write: async (chunk) => {
        answer.body += chunk;
      },
      end: async (lastChunk) => {
        answer.body += lastChunk ?? '';
      },
    };

    // Act
    await gateway(
      {
        method: 'POST',
        path: '/v1/chat/completions',
        headers: { 'content-type': 'application/json' },
        body: (async function* () {
          yield new TextEncoder().encode(body);
        })(),
        signal: new AbortController().signal,
      },
      sink,
    );

    // Assess
    expect({ status: answer.status, error: JSON.parse(answer.body).error }).toStrictEqual({
      status: 400,
      error: {
        message: expect.stringMatching(/base64 data URL/),
        type: 'invalid_request_error',
        param: 'messages[0].content[1].image_url',
        code: null,
      },
    });
    expect({ opened, lookups: network.lookups, fetches: fetchSpy.mock.calls.length }).toStrictEqual({
      opened: [],
      lookups: [],
      fetches: 0,
    });
  });
});
