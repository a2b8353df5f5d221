import { describe, expect, it } from 'vitest';
import { resolveProxyUrl, sharedDispatcher } from './http-client.js';

describe('resolveProxyUrl', () => {
  it.each<[Record<string, string | undefined>, string | undefined]>([
    [{ PROXY: 'http://gateway-proxy:8080', HTTPS_PROXY: 'http://other:1' }, 'http://gateway-proxy:8080'],
    [{ HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:1' }, 'http://upper:1'],
    [{ https_proxy: ' http://lower:1 ' }, 'http://lower:1'],
    [{ PROXY: '', HTTPS_PROXY: 'http://upper:1' }, 'http://upper:1'],
    [{ HTTP_PROXY: 'http://plain:1' }, undefined],
    [{}, undefined],
  ])('%j → %s', (environment, expected) => {
    expect(resolveProxyUrl({ environment })).toStrictEqual(expected);
  });
});

describe('sharedDispatcher', () => {
  it('hands out one dispatcher per proxy setting for the whole process', () => {
    // Act
    const direct = sharedDispatcher({});
    const proxied = sharedDispatcher({ proxyUrl: 'http://127.0.0.1:9' });

    // Assess
    expect(sharedDispatcher({})).toBe(direct);
    expect(sharedDispatcher({ proxyUrl: 'http://127.0.0.1:9' })).toBe(proxied);
    expect(proxied).not.toBe(direct);
  });
});
