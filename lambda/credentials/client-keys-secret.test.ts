import { describe, expect, it } from 'vitest';
import { parseClientKeysSecret, serializeClientKeysSecret } from './client-keys-secret.js';

describe('the client-keys secret', () => {
  it.each([
    ['the deploy-generated key', 'Abc123generated', [{ key: 'Abc123generated' }]],
    [
      'comma-separated keys typed by hand',
      ' one , two,,three\n',
      [{ key: 'one' }, { key: 'two' }, { key: 'three' }],
    ],
    [
      'the JSON document',
      '{"keys":[{"key":"gw-a","created":"2026-07-04T12:00:00.000Z"},{"key":"old"}]}',
      [{ key: 'gw-a', created: '2026-07-04T12:00:00.000Z' }, { key: 'old' }],
    ],
    ['an empty secret', '', []],
  ])('reads %s', (_, text, entries) => {
    // Act
    const parsed = parseClientKeysSecret(text);

    // Assess
    expect(parsed).toStrictEqual(entries);
  });

  it('writes the JSON document it reads back', () => {
    // Prepare
    const entries = [{ key: 'old' }, { key: 'gw-new', created: '2026-07-04T12:00:00.000Z' }];

    // Act
    const text = serializeClientKeysSecret(entries);

    // Assess
    expect(parseClientKeysSecret(text)).toStrictEqual(entries);
  });

  it.each([
    ['broken JSON', '{"keys":[{"key":"sk-secret-value"', 'starts with "{" but is not valid JSON'],
    ['another JSON shape', '{"apiKey":"sk-secret-value"}', 'is JSON but not {"keys"'],
  ])('refuses %s without quoting it', (_, text, problem) => {
    // Act
    const parse = () => parseClientKeysSecret(text);

    // Assess
    expect(parse).toThrow(problem);
    expect(parse).not.toThrow('sk-secret-value');
  });
});
