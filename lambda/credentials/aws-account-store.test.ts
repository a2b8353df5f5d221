import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordingLogger } from '../../test/fakes/recording-logger.js';
import { createTestClock } from '../../test/fakes/test-clock.js';
import { DynamoDbPoolStore } from '../pool/dynamodb-pool-store.js';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../pool/embedded-dynamodb.js';
import type { PoolStore } from '../pool/pool-store.js';
import { AwsAccountStore } from './aws-account-store.js';
import { SecretCache } from './secret-cache.js';
import { TokenRows } from './token-rows.js';

const tableName = 'aws-account-store-test';
const prefix = 'gemini-gateway/test/accounts/';
const oauthClient = { clientId: 'client-id', clientSecret: 'client-secret-value' };
/** The test clock's start. */
const start = Date.parse('2026-07-04T12:00:00Z');

describe('AwsAccountStore', () => {
  let database: EmbeddedDynamoDb;
  let poolCount = 0;

  beforeAll(async () => {
    database = await startEmbeddedDynamoDb({ stateDir: 'memory', tableName });
  });

  afterAll(async () => {
    await database?.close();
  });

  /** A fresh pool partition, a mocked Secrets Manager holding `documents` (by account id), and the store. */
  async function prepare({
    documents,
    disabled = [],
    missing = [],
    listCacheMs = 5_000,
  }: {
    documents: Record<string, unknown>;
    disabled?: string[];
    /** Registered, but their secret does not exist. */
    missing?: string[];
    listCacheMs?: number;
  }) {
    poolCount += 1;
    const poolName = `pool-${poolCount}`;
    const clock = createTestClock();
    const logger = createRecordingLogger();
    const client = new SecretsManagerClient({ region: 'us-east-1' });
    const secretsManager = mockClient(client);
    secretsManager.on(PutSecretValueCommand).resolves({});
    for (const [accountId, document] of Object.entries(documents)) {
      const SecretString = typeof document === 'string' ? document : JSON.stringify(document);
      secretsManager
        .on(GetSecretValueCommand, { SecretId: `${prefix}${accountId}` })
        .resolves({ SecretString });
    }
    for (const accountId of missing) {
      secretsManager
        .on(GetSecretValueCommand, { SecretId: `${prefix}${accountId}` })
        .rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
    }
    const poolStore = new DynamoDbPoolStore({ client: database.client, tableName, poolName });
    for (const accountId of [...Object.keys(documents), ...disabled, ...missing]) {
      await poolStore.registerAccount({
        accountId,
        backend: 'code-assist',
        credentialsRef: `${prefix}${accountId}`,
        at: clock.now(),
      });
    }
    for (const accountId of disabled) {
      await poolStore.disableAccount({ accountId, reason: 'credentials revoked', at: clock.now() });
    }
    const tokens = new TokenRows({ client: database.client, tableName, poolName });
    const secrets = new SecretCache({ client, clock, logger, maxAgeMs: 300_000 });
    const store = new AwsAccountStore({
      poolStore,
      tokens,
      secrets,
      secretPrefix: prefix,
      clock,
      logger,
      listCacheMs,
    });
    const reads = () => secretsManager.commandCalls(GetSecretValueCommand).length;
    const writes = () => secretsManager.commandCalls(PutSecretValueCommand).map((call) => call.args[0].input);
    return { clock, logger, poolStore, tokens, secrets, store, reads, writes };
  }

  it('lists the enabled registered accounts with the newer of the two access tokens', async () => {
    // Prepare
    const { clock, tokens, store } = await prepare({
      documents: {
        'acct-a': {
          projectId: 'project-a',
          credentials: { refresh_token: 'rt-a', access_token: 'at-old', expiry_date: start + 1_000 },
          oauthClient,
        },
        'acct-b': {
          credentials: { refresh_token: 'rt-b', access_token: 'at-b', expiry_date: start + 9_000 },
          oauthClient,
        },
      },
      disabled: ['acct-c'],
    });
    await tokens.save({ accountId: 'acct-a', accessToken: 'at-row', expiryDate: clock.now() + 5_000, at: 0 });
    await tokens.save({
      accountId: 'acct-b',
      accessToken: 'at-stale',
      expiryDate: clock.now() + 2_000,
      at: 0,
    });

    // Act
    const accounts = await store.list();

    // Assess
    expect(accounts).toStrictEqual([
      {
        id: 'acct-a',
        backend: 'code-assist',
        projectId: 'project-a',
        credentials: { refresh_token: 'rt-a', access_token: 'at-row', expiry_date: clock.now() + 5_000 },
        oauthClient,
      },
      {
        id: 'acct-b',
        backend: 'code-assist',
        credentials: { refresh_token: 'rt-b', access_token: 'at-b', expiry_date: clock.now() + 9_000 },
        oauthClient,
      },
    ]);
  });

  it('reads each secret once per cache age, however often the accounts are listed', async () => {
    // Prepare
    const documents = { 'acct-a': { credentials: { refresh_token: 'rt-a' } }, 'acct-b': { apiKey: 'key-b' } };
    const { clock, store, reads } = await prepare({ documents, listCacheMs: 1_000 });

    // Act
    await Promise.all([store.list(), store.list()]);
    const readsAtFirst = reads();
    clock.advance(1_000);
    await store.list();
    const readsAfterRelisting = reads();
    clock.advance(300_000);
    await store.list();

    // Assess
    expect([readsAtFirst, readsAfterRelisting, reads()]).toStrictEqual([2, 2, 4]);
  });

  it('skips accounts whose secret is missing, not JSON or not a document, naming only fields', async () => {
    // Prepare
    const { logger, poolStore, store } = await prepare({
      documents: {
        'acct-good': { credentials: { refresh_token: 'rt-good' } },
        'acct-text': 'refresh=rt-leaked-text',
        'acct-bad': { backend: 'carrier-pigeon', credentials: { refresh_token: 'rt-leaked-bad' } },
      },
      missing: ['acct-gone'],
    });
    await poolStore.registerAccount({
      accountId: 'acct-other-pool',
      backend: 'code-assist',
      credentialsRef: 'gemini-gateway/other/accounts/acct-other-pool',
      at: start,
    });

    // Act
    const accounts = await store.list();

    // Assess
    expect(accounts.map((account) => account.id)).toStrictEqual(['acct-good']);
    // Secrets are read side by side, so the warnings come in no fixed order.
    const warnings = logger.entries
      .map(({ message, fields }) => ({ message, fields }))
      .sort((left, right) => String(left.fields?.accountId).localeCompare(String(right.fields?.accountId)));
    expect(warnings).toStrictEqual([
      {
        message: 'Skipping an account whose secret is not a valid account document',
        fields: { accountId: 'acct-bad', issues: ['backend'] },
      },
      {
        message: 'Skipping an account whose secret cannot be read',
        fields: {
          accountId: 'acct-gone',
          error: `Could not read secret "${prefix}acct-gone" in Secrets Manager (ResourceNotFoundException: no such secret)`,
        },
      },
      {
        message: 'Skipping an account whose secret is outside this pool’s prefix',
        fields: {
          accountId: 'acct-other-pool',
          secretId: 'gemini-gateway/other/accounts/acct-other-pool',
          secretPrefix: prefix,
        },
      },
      {
        message: 'Skipping an account whose secret is not a valid account document',
        fields: { accountId: 'acct-text', issues: ['(not JSON)'] },
      },
    ]);
    expect(logger.text()).not.toMatch(/rt-leaked/);
  });

  it('stores a refreshed access token on its row and never writes a secret version for it', async () => {
    // Prepare
    const { clock, tokens, store, writes } = await prepare({
      documents: { 'acct-a': { credentials: { refresh_token: 'rt-a' }, oauthClient } },
    });
    await store.list();
    const expiry = clock.now() + 3_600_000;

    // Act
    await store.saveCredentials('acct-a', {
      refresh_token: 'rt-a',
      access_token: 'at-new',
      expiry_date: expiry,
    });
    await store.saveCredentials('acct-a', {
      refresh_token: 'rt-a',
      access_token: 'at-older',
      expiry_date: expiry - 1,
    });

    // Assess
    expect(writes()).toStrictEqual([]);
    expect(await tokens.readAll()).toStrictEqual(
      new Map([['acct-a', { accountId: 'acct-a', accessToken: 'at-new', expiryDate: expiry }]]),
    );
  });

  it('writes one secret version when Google hands out a new refresh token', async () => {
    // Prepare
    const { clock, store, writes, reads } = await prepare({
      documents: {
        'acct-a': {
          projectId: 'project-a',
          credentials: {
            refresh_token: 'rt-a',
            access_token: 'at-old',
            expiry_date: 1,
            scope: 'cloud-platform',
          },
          oauthClient,
        },
      },
    });
    await store.list();
    const rotated = { refresh_token: 'rt-a2', access_token: 'at-new', expiry_date: clock.now() + 3_600_000 };

    // Act
    await store.saveCredentials('acct-a', rotated);
    await store.saveCredentials('acct-a', rotated);

    // Assess
    expect(
      writes().map(({ SecretId, SecretString }) => ({ SecretId, document: JSON.parse(SecretString ?? '') })),
    ).toStrictEqual([
      {
        SecretId: `${prefix}acct-a`,
        document: {
          projectId: 'project-a',
          credentials: { refresh_token: 'rt-a2', scope: 'cloud-platform' },
          oauthClient,
        },
      },
    ]);
    expect(reads()).toBe(1);
  });

  it('keeps serving the last listing when the registry cannot be read', async () => {
    // Prepare
    const { clock, logger, poolStore, tokens, secrets } = await prepare({
      documents: { 'acct-a': { credentials: { refresh_token: 'rt-a' } } },
    });
    let failing = false;
    const flakyStore: PoolStore = {
      readPool: () => (failing ? Promise.reject(new Error('DynamoDB is unreachable')) : poolStore.readPool()),
      recordOutcome: (input) => poolStore.recordOutcome(input),
      disableAccount: (input) => poolStore.disableAccount(input),
      enableAccount: (input) => poolStore.enableAccount(input),
      registerAccount: (input) => poolStore.registerAccount(input),
    };
    const store = new AwsAccountStore({
      poolStore: flakyStore,
      tokens,
      secrets,
      secretPrefix: prefix,
      clock,
      logger,
      listCacheMs: 1,
    });
    const first = await store.list();
    failing = true;
    clock.advance(1);

    // Act
    const second = await store.list();

    // Assess
    expect(second).toStrictEqual(first);
    expect(logger.entries.at(-1)).toStrictEqual({
      level: 'warn',
      message: 'Serving the last account listing: reading the registry failed',
      fields: { error: 'DynamoDB is unreachable' },
    });
  });

  it('rejects when the registry cannot be read and nothing was listed before', async () => {
    // Prepare
    const { clock, logger, poolStore, tokens, secrets } = await prepare({ documents: {} });
    const brokenStore: PoolStore = {
      readPool: () => Promise.reject(new Error('DynamoDB is unreachable')),
      recordOutcome: (input) => poolStore.recordOutcome(input),
      disableAccount: (input) => poolStore.disableAccount(input),
      enableAccount: (input) => poolStore.enableAccount(input),
      registerAccount: (input) => poolStore.registerAccount(input),
    };
    const store = new AwsAccountStore({
      poolStore: brokenStore,
      tokens,
      secrets,
      secretPrefix: prefix,
      clock,
      logger,
    });

    // Act
    const failure = await store.list().catch((error: unknown) => error);

    // Assess
    expect((failure as Error).message).toBe('DynamoDB is unreachable');
  });
});
