import { describe, expect, it } from 'vitest';
import { SetupError } from '../setup/setup-error.js';
import { createEnvironmentClientKeyStore, describeClientKey, generateClientKey } from './client-key-store.js';

describe('client keys', () => {
  it('makes 240-bit URL-safe keys', () => {
    // Act
    const keys = [generateClientKey(), generateClientKey()];

    // Assess
    expect(keys.map((key) => /^gw-[\w-]{40}$/.test(key))).toStrictEqual([true, true]);
    expect(keys[0]).not.toStrictEqual(keys[1]);
  });

  it('describes a key by an id from its digest and a hint, never the key', () => {
    // Act
    const described = [
      describeClientKey({ key: 'gw-abcdefghijklmnop', created: '2026-07-04T12:00:00.000Z' }),
      describeClientKey({ key: 'short' }),
    ];

    // Assess
    expect(described).toStrictEqual([
      { id: 'key-4037be57', hint: 'gw-…mnop', created: '2026-07-04T12:00:00.000Z' },
      { id: 'key-f9b0078b', hint: '…' },
    ]);
  });

  it('lists GATEWAY_API_KEYS by hint and hands a new key to the operator, storing nothing', async () => {
    // Prepare
    const keys = createEnvironmentClientKeyStore({
      keys: ['sk-one-local-key'],
      newKey: () => 'gw-new-key-for-env',
    });

    // Act
    const listed = await keys.list();
    const created = await keys.create();
    const revoked = await keys.revoke(listed[0]?.id ?? '').catch((caught: unknown) => caught);

    // Assess
    expect(listed).toStrictEqual([describeClientKey({ key: 'sk-one-local-key' })]);
    expect(created).toStrictEqual({
      id: describeClientKey({ key: 'gw-new-key-for-env' }).id,
      key: 'gw-new-key-for-env',
      note: 'Local client keys live in GATEWAY_API_KEYS: add this key there (comma-separated) and restart npm start.',
    });
    expect(revoked).toBeInstanceOf(SetupError);
  });
});
