import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { createRecordingLogger } from '../../test/fakes/recording-logger.js';
import { createTestClock } from '../../test/fakes/test-clock.js';
import { HttpError } from '../core/http-error.js';
import { SecretCache } from '../credentials/secret-cache.js';
import { ConfigError } from './aws-config.js';
import { ClientKeys } from './client-keys.js';

const secretId =
  'arn:aws:secretsmanager:us-east-1:123456789012:secret:gemini-gateway/default/client-keys-AbCdEf';

function prepare(...texts: string[]) {
  const client = new SecretsManagerClient({ region: 'us-east-1' });
  const secretsManager = mockClient(client);
  let answers = secretsManager.on(GetSecretValueCommand, { SecretId: secretId });
  for (const text of texts) answers = answers.resolvesOnce({ SecretString: text });
  const clock = createTestClock();
  const secrets = new SecretCache({ client, clock, logger: createRecordingLogger(), maxAgeMs: 1_000 });
  return { clock, keys: new ClientKeys({ secrets, secretId }) };
}

/** Which of the presented keys the checker lets in. */
function accepted(auth: { check(headers: Record<string, string>): void }, presented: string[]): string[] {
  return presented.filter((key) => {
    try {
      auth.check({ authorization: `Bearer ${key}` });
      return true;
    } catch (error) {
      if (error instanceof HttpError && error.status === 401) return false;
      throw error;
    }
  });
}

describe('ClientKeys', () => {
  it('accepts the generated key, comma-separated keys and the wizard’s JSON document', async () => {
    // Prepare
    const generated = prepare('k'.repeat(48));
    const separated = prepare(' key-one , key-two ,');
    const document = prepare(
      '{"keys":[{"key":"gw-one","created":"2026-07-04T12:00:00.000Z"},{"key":"gw-two"}]}',
    );
    const presented = ['k'.repeat(48), 'key-one', 'key-two', 'gw-one', 'gw-two', 'other'];

    // Act
    const results = [
      accepted(await generated.keys.auth(), presented),
      accepted(await separated.keys.auth(), presented),
      accepted(await document.keys.auth(), presented),
    ];

    // Assess
    expect(results).toStrictEqual([['k'.repeat(48)], ['key-one', 'key-two'], ['gw-one', 'gw-two']]);
  });

  it('picks up a changed secret once the cache lets go of it, and keeps the checker while it is unchanged', async () => {
    // Prepare
    const { clock, keys } = prepare('old-key', 'old-key', 'new-key');
    const first = await keys.auth();
    clock.advance(1_000);

    // Act
    const unchanged = await keys.auth();
    clock.advance(1_000);
    const changed = await keys.auth();

    // Assess
    expect(unchanged).toBe(first);
    expect(accepted(changed, ['old-key', 'new-key'])).toStrictEqual(['new-key']);
  });

  it('refuses to serve with no key at all, and with JSON that is not the keys document', async () => {
    // Prepare
    const empty = prepare(' , ');
    const wrongJson = prepare('{"key":"gw-secret-value"}');

    // Act
    const failures = await Promise.all([
      empty.keys.auth().catch((error: unknown) => error),
      wrongJson.keys.auth().catch((error: unknown) => error),
    ]);

    // Assess
    expect(failures.map((error) => [error instanceof ConfigError, (error as Error).message])).toStrictEqual([
      [true, 'The client-keys secret holds no key; the gateway refuses to serve without one'],
      [true, 'The client-keys secret is JSON but not {"keys":[{"key":"…","created":"…"}]}'],
    ]);
  });
});
