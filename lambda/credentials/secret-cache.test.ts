import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { createRecordingLogger } from '../../test/fakes/recording-logger.js';
import { createTestClock } from '../../test/fakes/test-clock.js';
import { SecretAccessError, SecretCache } from './secret-cache.js';

const secretId = 'gemini-gateway/default/accounts/acct-a';
const secretText = '{"credentials":{"refresh_token":"rt-very-secret"}}';

/** IAM's refusal, as the SDK raises it (not one of the Secrets Manager model's exception classes). */
function accessDenied(message: string): Error {
  return Object.assign(new Error(message), { name: 'AccessDeniedException' });
}

function prepare() {
  const client = new SecretsManagerClient({ region: 'us-east-1' });
  const secretsManager = mockClient(client);
  const clock = createTestClock();
  const logger = createRecordingLogger();
  const cache = new SecretCache({ client, clock, logger, maxAgeMs: 60_000, retryAfterFailureMs: 5_000 });
  const reads = () => secretsManager.commandCalls(GetSecretValueCommand).length;
  return { secretsManager, clock, logger, cache, reads };
}

describe('SecretCache', () => {
  it('reads a secret once per max age', async () => {
    // Prepare
    const { secretsManager, clock, cache, reads } = prepare();
    secretsManager.on(GetSecretValueCommand, { SecretId: secretId }).resolves({ SecretString: secretText });

    // Act
    const first = await cache.get(secretId);
    clock.advance(59_999);
    const second = await cache.get(secretId);
    const readsWithinMaxAge = reads();
    clock.advance(1);
    const third = await cache.get(secretId);

    // Assess
    expect([first, second, third]).toStrictEqual([secretText, secretText, secretText]);
    expect([readsWithinMaxAge, reads()]).toStrictEqual([1, 2]);
  });

  it('shares one read between concurrent misses', async () => {
    // Prepare
    const { secretsManager, cache, reads } = prepare();
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: secretText });

    // Act
    const values = await Promise.all([cache.get(secretId), cache.get(secretId), cache.get(secretId)]);

    // Assess
    expect(values).toStrictEqual([secretText, secretText, secretText]);
    expect(reads()).toBe(1);
  });

  it('names the secret and the error class, never the SDK message, when there is nothing cached', async () => {
    // Prepare
    const { secretsManager, cache, reads } = prepare();
    secretsManager
      .on(GetSecretValueCommand)
      .rejectsOnce(accessDenied('denied near rt-very-secret'))
      .resolves({ SecretString: secretText });

    // Act
    const failure = await cache.get(secretId).catch((error: unknown) => error);
    const retried = await cache.get(secretId);

    // Assess
    expect(failure).toBeInstanceOf(SecretAccessError);
    expect((failure as Error).message).toBe(
      `Could not read secret "${secretId}" in Secrets Manager (AccessDeniedException: the function may not access it)`,
    );
    expect(retried).toBe(secretText);
    expect(reads()).toBe(2);
  });

  it('keeps serving the last value while a refresh fails, and tries again after a pause', async () => {
    // Prepare
    const { secretsManager, clock, logger, cache, reads } = prepare();
    secretsManager
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: secretText })
      .rejectsOnce(new ResourceNotFoundException({ message: 'gone', $metadata: {} }))
      .resolves({ SecretString: 'new text' });
    await cache.get(secretId);
    clock.advance(60_000);

    // Act
    const stale = await cache.get(secretId);
    clock.advance(4_999);
    const stillStale = await cache.get(secretId);
    const readsDuringPause = reads();
    clock.advance(1);
    const renewed = await cache.get(secretId);

    // Assess
    expect([stale, stillStale, renewed]).toStrictEqual([secretText, secretText, 'new text']);
    expect([readsDuringPause, reads()]).toStrictEqual([2, 3]);
    expect(logger.entries).toStrictEqual([
      {
        level: 'warn',
        message: 'Serving a cached secret: reading it again failed',
        fields: { secretId, error: 'ResourceNotFoundException' },
      },
    ]);
    expect(logger.text()).not.toContain('rt-very-secret');
  });

  it('refuses a binary secret', async () => {
    // Prepare
    const { secretsManager, cache } = prepare();
    secretsManager.on(GetSecretValueCommand).resolves({ SecretBinary: new Uint8Array([1, 2]) });

    // Act
    const failure = await cache.get(secretId).catch((error: unknown) => error);

    // Assess
    expect((failure as SecretAccessError).errorName).toBe('NoSecretString');
  });

  it('writes a new version and serves it without reading it back', async () => {
    // Prepare
    const { secretsManager, cache, reads } = prepare();
    secretsManager.on(PutSecretValueCommand).resolves({});

    // Act
    await cache.put(secretId, 'written text');
    const value = await cache.get(secretId);

    // Assess
    expect(value).toBe('written text');
    expect(reads()).toBe(0);
    expect(
      secretsManager.commandCalls(PutSecretValueCommand).map((call) => call.args[0].input),
    ).toStrictEqual([{ SecretId: secretId, SecretString: 'written text' }]);
  });

  it('reports a failed write without the text it tried to write', async () => {
    // Prepare
    const { secretsManager, cache } = prepare();
    secretsManager.on(PutSecretValueCommand).rejects(accessDenied('no'));

    // Act
    const failure = await cache.put(secretId, secretText).catch((error: unknown) => error);

    // Assess
    expect((failure as Error).message).toBe(
      `Could not write secret "${secretId}" in Secrets Manager (AccessDeniedException: the function may not access it)`,
    );
  });
});
