/**
 * The client keys OpenAI clients send to the gateway. On AWS they live in the client-keys secret
 * (format in lambda/credentials/client-keys-secret.ts), which the wizard edits; locally they are
 * GATEWAY_API_KEYS, which only the operator's environment can change. A key is shown once, when it is
 * made; afterwards only its id (derived from its digest, so stable across rewrites) and a hint.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { Clock } from '../../lambda/core/ports.js';
import {
  type ClientKeyEntry,
  parseClientKeysSecret,
  serializeClientKeysSecret,
} from '../../lambda/credentials/client-keys-secret.js';
import { SetupError } from '../setup/setup-error.js';

export interface ClientKeyView {
  id: string;
  /** e.g. "gw-…x7Qa": enough to tell keys apart, useless to an attacker. */
  hint: string;
  created?: string;
}

export interface CreatedClientKey {
  id: string;
  key: string;
  /** Where the key went, or what the operator has to do with it. */
  note: string;
}

export interface ClientKeyStore {
  list(): Promise<ClientKeyView[]>;
  create(): Promise<CreatedClientKey>;
  revoke(keyId: string): Promise<void>;
}

/** A new client key: "gw-" and 40 URL-safe random characters (240 bits). */
export function generateClientKey(): string {
  return `gw-${randomBytes(30).toString('base64url')}`;
}

/** @example describeClientKey({ key: 'gw-abcdefghijklmnop' }); // { id: 'key-…', hint: 'gw-…mnop' } */
export function describeClientKey({ key, created }: ClientKeyEntry): ClientKeyView {
  const id = `key-${createHash('sha256').update(key).digest('hex').slice(0, 8)}`;
  const hint = key.length >= 12 ? `${key.slice(0, 3)}…${key.slice(-4)}` : '…';
  return created === undefined ? { id, hint } : { id, hint, created };
}

export interface SecretClientKeyStoreOptions {
  secrets: SecretsManagerClient;
  /** The stack's ClientKeysSecretName. */
  secretId: string;
  clock: Clock;
  newKey?: () => string;
}

/**
 * Keys in the deployed client-keys secret. The first change rewrites a plain (deploy-generated) value
 * as the JSON document; the keys in it keep working.
 *
 * @example const keys = createSecretClientKeyStore({ secrets: new SecretsManagerClient({ region }), secretId, clock: systemClock });
 */
export function createSecretClientKeyStore(options: SecretClientKeyStoreOptions): ClientKeyStore {
  const { secrets, secretId, clock } = options;
  const newKey = options.newKey ?? generateClientKey;

  async function read(): Promise<ClientKeyEntry[]> {
    const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: secretId }));
    try {
      return parseClientKeysSecret(SecretString ?? '');
    } catch (error) {
      throw new SetupError(`${secretId}: ${error instanceof Error ? error.message : 'unreadable'}`);
    }
  }

  async function write(entries: readonly ClientKeyEntry[]): Promise<void> {
    await secrets.send(
      new PutSecretValueCommand({ SecretId: secretId, SecretString: serializeClientKeysSecret(entries) }),
    );
  }

  return {
    list: async () => (await read()).map(describeClientKey),
    async create() {
      const entries = await read();
      const key = newKey();
      await write([...entries, { key, created: new Date(clock.now()).toISOString() }]);
      return {
        id: describeClientKey({ key }).id,
        key,
        note: `Added to ${secretId}; gateway instances accept it once they next read that secret.`,
      };
    },
    async revoke(keyId) {
      const entries = await read();
      const kept = entries.filter((entry) => describeClientKey(entry).id !== keyId);
      if (kept.length === entries.length) throw new SetupError(`No client key ${keyId} in ${secretId}`);
      // With no key at all the gateway would let anyone in.
      if (kept.length === 0)
        throw new SetupError(`${keyId} is the last client key: create another one first`);
      await write(kept);
    },
  };
}

/**
 * Local mode: the keys in GATEWAY_API_KEYS, listed; a new one is made for the operator to add there.
 *
 * @example const keys = createEnvironmentClientKeyStore({ keys: config.apiKeys });
 */
export function createEnvironmentClientKeyStore({
  keys,
  newKey = generateClientKey,
}: {
  keys: readonly string[];
  newKey?: () => string;
}): ClientKeyStore {
  return {
    list: async () => keys.map((key) => describeClientKey({ key })),
    create: async () => {
      const key = newKey();
      return {
        id: describeClientKey({ key }).id,
        key,
        note: 'Local client keys live in GATEWAY_API_KEYS: add this key there (comma-separated) and restart npm start.',
      };
    },
    revoke: async (keyId) => {
      throw new SetupError(
        `Local client keys live in GATEWAY_API_KEYS: remove ${keyId} from there and restart npm start`,
      );
    },
  };
}
