/**
 * The setup wizard and status against a deployed stack: CloudFormation and Secrets Manager through
 * aws-sdk-client-mock (Secrets Manager behaves like a small in-memory store), the pool table on a real
 * DynamoDB implementation (dynalite), the fake Google for sign-ins.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateSecretCommand,
  type CreateSecretCommandInput,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TokenRows } from '../../lambda/credentials/token-rows.js';
import { DynamoDbPoolStore } from '../../lambda/pool/dynamodb-pool-store.js';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../lambda/pool/embedded-dynamodb.js';
import { listRegisteredAccounts } from '../../lambda/pool/pool-store.js';
import type { AwsClients } from '../../scripts/targets/resolve-target.js';
import { approveConsent, findUrl } from '../fakes/fake-browser.js';
import { fakeOAuthClient } from '../fakes/fake-google.js';
import { createScriptedPrompter } from '../fakes/scripted-prompter.js';
import { findPrintedSecrets, rigNow, type SetupRig, setupFailure, startSetupRig } from './setup-rig.js';

const tableName = 'GeminiGateway-PoolTable';
const prefix = 'gemini-gateway/default/accounts/';
const clientKeysSecret = 'gemini-gateway/default/client-keys';
const awsCredentials = { accessKeyId: 'test', secretAccessKey: 'test' };

const stack = {
  StackName: 'GeminiGateway',
  CreationTime: new Date(rigNow),
  StackStatus: 'CREATE_COMPLETE' as const,
  Outputs: [
    { OutputKey: 'FunctionUrl', OutputValue: 'https://abc.lambda-url.eu-west-1.on.aws/' },
    { OutputKey: 'ClientKeysSecretName', OutputValue: clientKeysSecret },
    { OutputKey: 'PoolTableName', OutputValue: tableName },
    { OutputKey: 'AccountSecretPrefix', OutputValue: prefix },
    { OutputKey: 'Region', OutputValue: 'eu-west-1' },
  ],
  Tags: [
    { Key: 'project', Value: 'gemini-gateway' },
    { Key: 'pool', Value: 'default' },
  ],
};

describe('npm run setup and status, AWS target', () => {
  const cloudFormation = mockClient(CloudFormationClient);
  const secretsManager = mockClient(SecretsManagerClient);
  let database: EmbeddedDynamoDb;
  let secrets: Map<string, string>;
  let rig: SetupRig;
  let registry: DynamoDbPoolStore;

  const aws: AwsClients = {
    cloudFormation: (region) =>
      new CloudFormationClient({ region: region ?? 'eu-west-1', credentials: awsCredentials }),
    secretsManager: (region) => new SecretsManagerClient({ region, credentials: awsCredentials }),
    dynamoDb: () =>
      new DynamoDBClient({ endpoint: database.endpoint, region: 'local', credentials: awsCredentials }),
  };

  beforeAll(async () => {
    database = await startEmbeddedDynamoDb({ stateDir: 'memory', tableName });
  });

  afterAll(async () => {
    await database.close();
  });

  let poolCount = 0;
  let poolName: string;

  beforeEach(async () => {
    // Each test on a pool (partition) of its own.
    poolCount += 1;
    poolName = `test-${poolCount}`;
    cloudFormation.reset();
    secretsManager.reset();
    cloudFormation.on(DescribeStacksCommand, { StackName: 'GeminiGateway' }).resolves({
      Stacks: [{ ...stack, Tags: [{ Key: 'pool', Value: poolName }] }],
    });
    cloudFormation
      .on(DescribeStacksCommand, { StackName: 'Missing' })
      .rejects(Object.assign(new Error('Stack with id Missing does not exist'), { name: 'ValidationError' }));
    secrets = new Map();
    secretsManager.on(CreateSecretCommand).callsFake((input: CreateSecretCommandInput) => {
      if (secrets.has(input.Name ?? '')) {
        throw new ResourceExistsException({ message: 'the secret already exists', $metadata: {} });
      }
      secrets.set(input.Name ?? '', input.SecretString ?? '');
      return { Name: input.Name };
    });
    secretsManager
      .on(GetSecretValueCommand)
      .callsFake(({ SecretId }) => ({ SecretString: existing(SecretId) }));
    secretsManager.on(PutSecretValueCommand).callsFake(({ SecretId, SecretString }) => {
      existing(SecretId);
      secrets.set(SecretId, SecretString);
      return {};
    });
    secretsManager.on(DeleteSecretCommand).callsFake(({ SecretId }) => {
      existing(SecretId);
      secrets.delete(SecretId);
      return {};
    });
    registry = new DynamoDbPoolStore({ client: database.client, tableName, poolName });
    rig = await startSetupRig({ aws });
  });

  afterEach(async () => {
    await rig.close();
  });

  function existing(secretId: string): string {
    const value = secrets.get(secretId);
    if (value === undefined)
      throw new ResourceNotFoundException({ message: 'no such secret', $metadata: {} });
    return value;
  }

  /** `setup add` of a Gemini API account, its key in a file as an operator passes it. */
  async function addApiKeyAccount({
    id,
    apiKey,
    flags = [],
  }: {
    id: string;
    apiKey: string;
    flags?: string[];
  }) {
    const file = join(rig.accountsDir, '..', `${id}.key`);
    await writeFile(file, apiKey);
    return rig.setup(['add', '--backend', 'gemini-api', '--id', id, '--api-key-file', file, ...flags]);
  }

  it('adds an API-key account as a tagged secret and registers it, from the stack outputs alone', async () => {
    // Prepare
    const apiKey = 'AIzaSyFAKE-aws-key-0000000000000000';

    // Act
    await addApiKeyAccount({ id: 'k1', apiKey });

    // Assess
    expect(secretsManager.commandCalls(CreateSecretCommand).map((call) => call.args[0].input)).toStrictEqual([
      {
        Name: `${prefix}k1`,
        Description: 'Gemini Gateway account k1 (gemini-api)',
        SecretString: JSON.stringify({ id: 'k1', backend: 'gemini-api', apiKey }),
        Tags: [
          { Key: 'project', Value: 'gemini-gateway' },
          { Key: 'pool', Value: poolName },
          { Key: 'account', Value: 'k1' },
        ],
      },
    ]);
    expect(await listRegisteredAccounts(registry)).toStrictEqual([
      {
        accountId: 'k1',
        enabled: true,
        registration: { backend: 'gemini-api', credentialsRef: `${prefix}k1`, registeredAt: rigNow },
      },
    ]);
    expect(rig.output.text()).toContain(`Added k1 (gemini-api): secret ${prefix}k1.`);
    expect(findPrintedSecrets({ output: rig.output, secrets: [apiKey] })).toStrictEqual([]);
  });

  it('adds a Code Assist account signed in headless, its document in the secret', async () => {
    // Prepare
    const prompter = createScriptedPrompter({
      paste: () =>
        approveConsent(findUrl({ text: rig.output.text(), startingWith: rig.google.authorizationUrl })),
    });

    // Act
    await rig.setup(['add', '--backend', 'code-assist', '--id', 'ca1', '--headless', '--target', 'aws'], {
      prompter,
    });

    // Assess
    expect(JSON.parse(secrets.get(`${prefix}ca1`) ?? '{}')).toStrictEqual({
      id: 'ca1',
      backend: 'code-assist',
      projectId: 'fake-project-123',
      credentials: {
        refresh_token: '1//fake-refresh-code-1',
        access_token: 'ya29.fake-code-1-1',
        expiry_date: rigNow + 3_599_000,
        token_type: 'Bearer',
        scope: 'https://www.googleapis.com/auth/cloud-platform',
      },
      oauthClient: fakeOAuthClient,
    });
    const printed = ['1//fake-refresh-code-1', 'ya29.fake-code-1-1', fakeOAuthClient.clientSecret];
    expect(findPrintedSecrets({ output: rig.output, secrets: printed })).toStrictEqual([]);
  });

  it('refuses an id already registered, creating no second secret', async () => {
    // Prepare
    await addApiKeyAccount({ id: 'k1', apiKey: 'AIza-first' });

    // Act
    const error = await setupFailure(addApiKeyAccount({ id: 'k1', apiKey: 'AIza-second' }));

    // Assess
    expect(error.message).toMatch(
      /^An account with id k1 already exists in AWS: stack GeminiGateway, pool test-\d+ in eu-west-1/,
    );
    expect(secretsManager.commandCalls(CreateSecretCommand).length).toStrictEqual(1);
  });

  it('refuses an id whose secret exists without a registration, registering nothing', async () => {
    // Prepare
    secrets.set(`${prefix}k1`, '{"apiKey":"AIza-someone-elses"}');

    // Act
    const error = await setupFailure(addApiKeyAccount({ id: 'k1', apiKey: 'AIza-mine' }));

    // Assess
    expect(error.message).toStrictEqual(
      `An account with id k1 already exists (secret ${prefix}k1 exists): choose another id, or remove it first`,
    );
    expect(await listRegisteredAccounts(registry)).toStrictEqual([]);
    expect(secrets.get(`${prefix}k1`)).toStrictEqual('{"apiKey":"AIza-someone-elses"}');
  });

  it('shows a disabled account with its token expiry, and removes it: secret at once, rows and token gone', async () => {
    // Prepare
    await addApiKeyAccount({ id: 'k1', apiKey: 'AIza-k1' });
    const tokens = new TokenRows({ client: database.client, tableName, poolName });
    await tokens.save({
      accountId: 'k1',
      accessToken: 'ya29.on-the-table',
      expiryDate: rigNow + 1_800_000,
      at: rigNow,
    });

    // Act
    await rig.setup(['disable', '--id', 'k1', '--reason', 'billing paused']);
    await rig.status(['--json']);
    const printed = rig.output.text();
    const status = JSON.parse(printed.slice(printed.indexOf('{\n  "target"')));
    await rig.setup(['remove', '--id', 'k1', '--yes']);

    // Assess
    expect(status.accounts).toStrictEqual([
      {
        id: 'k1',
        backend: 'gemini-api',
        configured: true,
        enabled: false,
        disabledReason: 'billing paused',
        disabledAt: '2026-07-04T12:00:00.000Z',
        tokenExpiresAt: '2026-07-04T12:30:00.000Z',
        models: [],
      },
    ]);
    expect(secretsManager.commandCalls(DeleteSecretCommand).map((call) => call.args[0].input)).toStrictEqual([
      { SecretId: `${prefix}k1`, ForceDeleteWithoutRecovery: true },
    ]);
    expect(await registry.readPool()).toStrictEqual({ accounts: [], models: [] });
    expect(await tokens.readAll()).toStrictEqual(new Map());
    expect(
      findPrintedSecrets({ output: rig.output, secrets: ['ya29.on-the-table', 'AIza-k1'] }),
    ).toStrictEqual([]);
  });

  it('manages client keys in the stack secret, keeping the deploy-generated key and never the last one', async () => {
    // Prepare
    secrets.set(clientKeysSecret, 'GeneratedAtDeploy0123456789abcdefGeneratedAtDepl');

    // Act
    await rig.setup(['keys', 'list']);
    await rig.setup(['keys', 'create']);
    const afterCreate = JSON.parse(secrets.get(clientKeysSecret) ?? '{}');
    const deployKeyId = /(key-[0-9a-f]{8}) {2}Gen…Depl/.exec(rig.output.text())?.[1] ?? '';
    await rig.setup(['keys', 'revoke', '--key-id', deployKeyId, '--yes']);
    const remaining = JSON.parse(secrets.get(clientKeysSecret) ?? '{}');
    const newKeyId = /New client key (key-[0-9a-f]{8})/.exec(rig.output.text())?.[1] ?? '';
    const last = await setupFailure(rig.setup(['keys', 'revoke', '--key-id', newKeyId, '--yes']));

    // Assess
    expect(
      afterCreate.keys.map((entry: { key: string; created?: string }) => [
        entry.key.slice(0, 3),
        entry.created,
      ]),
    ).toStrictEqual([
      ['Gen', undefined],
      ['gw-', '2026-07-04T12:00:00.000Z'],
    ]);
    expect(remaining.keys.length).toStrictEqual(1);
    expect(remaining.keys[0].key).toStrictEqual(afterCreate.keys[1].key);
    expect(last.message).toStrictEqual(`${newKeyId} is the last client key: create another one first`);
    expect(rig.output.text()).not.toContain('GeneratedAtDeploy0123456789abcdefGeneratedAtDepl');
  });

  it('names the missing stack with --target aws, and falls back to local mode without it', async () => {
    // Act
    const error = await setupFailure(rig.setup(['list', '--target', 'aws', '--stack', 'Missing']));
    await rig.setup(['list', '--stack', 'Missing']);

    // Assess
    expect(error.message).toStrictEqual(
      'Stack Missing not found in eu-west-1: deploy it (npx cdk deploy), pass --stack or --region, or use --target local',
    );
    expect(rig.output.text()).toContain(
      'Using local mode (Stack Missing not found in eu-west-1; --target aws insists on the stack).',
    );
  });

  it('says there are no AWS credentials when --target aws cannot sign in', async () => {
    // Prepare
    cloudFormation.on(DescribeStacksCommand).rejects(
      Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
    );

    // Act
    const error = await setupFailure(rig.setup(['list', '--target', 'aws']));

    // Assess
    expect(error.message).toStrictEqual(
      'No AWS credentials found: configure them (aws configure, aws sso login, or AWS_PROFILE), or use --target local',
    );
  });

  it('skips CloudFormation when the flags name the resources', async () => {
    // Act
    await addApiKeyAccount({
      id: 'k2',
      apiKey: 'AIza-k2',
      flags: [
        '--table',
        tableName,
        '--secret-prefix',
        'custom/',
        '--pool',
        poolName,
        '--region',
        'eu-west-1',
      ],
    });

    // Assess
    expect(cloudFormation.commandCalls(DescribeStacksCommand)).toStrictEqual([]);
    expect([...secrets.keys()]).toStrictEqual(['custom/k2']);
    expect((await listRegisteredAccounts(registry)).map((account) => account.accountId)).toStrictEqual([
      'k2',
    ]);
  });
});
