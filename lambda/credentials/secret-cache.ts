/**
 * Secrets Manager behind a per-container cache: each secret is read at most once per `maxAgeMs`
 * however many requests want it, and concurrent misses share one GetSecretValue. When a refresh fails
 * the last value keeps serving (logged) and the read is tried again a little later; with no value yet
 * the caller gets a `SecretAccessError`. No message or log line ever carries a secret's value, and
 * none copies the SDK's message: only the secret's name and the error's class.
 * https://docs.aws.amazon.com/secretsmanager/latest/userguide/retrieving-secrets.html
 */
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { Clock, Logger } from '../core/ports.js';

export interface SecretCacheOptions {
  client: SecretsManagerClient;
  clock: Clock;
  logger: Logger;
  /** How long a value serves before it is read again (default 5 minutes). */
  maxAgeMs?: number;
  /** After a failed refresh, how long the last value serves before the next try (default 10 s). */
  retryAfterFailureMs?: number;
}

interface Entry {
  value?: string;
  /** When `value` stops serving without a new read (epoch ms). */
  freshUntil: number;
  pending?: Promise<string>;
}

/** A secret could not be read or written; says which secret and the AWS error's class, nothing more. */
export class SecretAccessError extends Error {
  override readonly name = 'SecretAccessError';

  constructor(
    readonly secretId: string,
    readonly operation: 'read' | 'write',
    readonly errorName: string,
  ) {
    super(
      `Could not ${operation} secret "${secretId}" in Secrets Manager (${errorName}${hintFor(errorName)})`,
    );
  }
}

export class SecretCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxAgeMs: number;
  private readonly retryAfterFailureMs: number;

  /**
   * @example
   * const secrets = new SecretCache({ client: new SecretsManagerClient({}), clock: systemClock, logger });
   * const document = JSON.parse(await secrets.get('gemini-gateway/default/accounts/acct-a'));
   */
  constructor(private readonly options: SecretCacheOptions) {
    this.maxAgeMs = options.maxAgeMs ?? 5 * 60_000;
    this.retryAfterFailureMs = options.retryAfterFailureMs ?? 10_000;
  }

  /** The secret's text. Rejects with `SecretAccessError` only when no earlier value can stand in. */
  get(secretId: string): Promise<string> {
    const entry = this.entries.get(secretId) ?? { freshUntil: Number.NEGATIVE_INFINITY };
    this.entries.set(secretId, entry);
    if (entry.value !== undefined && this.options.clock.now() < entry.freshUntil) {
      return Promise.resolve(entry.value);
    }
    entry.pending ??= this.refresh(secretId, entry).finally(() => {
      entry.pending = undefined;
    });
    return entry.pending;
  }

  /** Writes a new version of the secret (rarely: AWS advises at most one every ten minutes) and caches it. */
  async put(secretId: string, text: string): Promise<void> {
    try {
      await this.options.client.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: text }));
    } catch (error) {
      throw new SecretAccessError(secretId, 'write', errorNameOf(error));
    }
    this.entries.set(secretId, { value: text, freshUntil: this.options.clock.now() + this.maxAgeMs });
  }

  private async refresh(secretId: string, entry: Entry): Promise<string> {
    const { client, clock, logger } = this.options;
    try {
      const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
      if (SecretString === undefined) throw new SecretAccessError(secretId, 'read', 'NoSecretString');
      entry.value = SecretString;
      entry.freshUntil = clock.now() + this.maxAgeMs;
      return SecretString;
    } catch (error) {
      const failure =
        error instanceof SecretAccessError
          ? error
          : new SecretAccessError(secretId, 'read', errorNameOf(error));
      if (entry.value === undefined) throw failure;
      logger.warn('Serving a cached secret: reading it again failed', {
        secretId,
        error: failure.errorName,
      });
      entry.freshUntil = clock.now() + this.retryAfterFailureMs;
      return entry.value;
    }
  }
}

function errorNameOf(error: unknown): string {
  return error instanceof Error ? error.name : 'UnknownError';
}

/** What an operator should check, for the errors that have one cause. */
function hintFor(errorName: string): string {
  switch (errorName) {
    case 'ResourceNotFoundException':
      return ': no such secret';
    case 'AccessDeniedException':
      return ': the function may not access it';
    case 'DecryptionFailure':
      return ': its KMS key cannot be used';
    case 'NoSecretString':
      return ': it holds binary data, not text';
    default:
      return '';
  }
}
