/**
 * A deployed stack: each account's document is the secret `<AccountSecretPrefix><id>` (tagged with
 * the project, pool and account), registered in the pool table with a conditional write that says
 * where it lives; the client keys are the stack's client-keys secret. Secrets are written only by an
 * operator's action, never per token refresh (AWS advises against frequent PutSecretValue).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { Clock } from '../../lambda/core/ports.js';
import { type Account, accountDocumentSchema, toAccount } from '../../lambda/credentials/account.js';
import { TokenRows } from '../../lambda/credentials/token-rows.js';
import { listRegisteredAccounts } from '../../lambda/pool/pool-store.js';
import { SetupError } from '../setup/setup-error.js';
import type { AccountTarget } from './account-target.js';
import { createSecretClientKeyStore } from './client-key-store.js';
import { createPoolAccess } from './pool-access.js';

/** What the stack's outputs (or flags) name. */
export interface AwsResources {
  region: string;
  tableName: string;
  poolName: string;
  secretPrefix: string;
  clientKeysSecretName: string;
  /** For headings, when the resources came from a stack. */
  stackName?: string;
}

export interface AwsTargetOptions extends AwsResources {
  /** Closed with the target. */
  secrets: SecretsManagerClient;
  /** Closed with the target. */
  dynamoDb: DynamoDBClient;
  clock: Clock;
}

/** @example const target = createAwsTarget({ ...resources, secrets: new SecretsManagerClient({ region }), dynamoDb: new DynamoDBClient({ region }), clock: systemClock }); */
export function createAwsTarget(options: AwsTargetOptions): AccountTarget {
  const { secrets, dynamoDb, clock, tableName, poolName, secretPrefix } = options;
  const pool = createPoolAccess({ client: dynamoDb, tableName, poolName });
  // Where the gateway keeps each account's access token (and its expiry) on AWS.
  const tokenRows = new TokenRows({ client: dynamoDb, tableName, poolName });
  const where = `${options.stackName ? `stack ${options.stackName}, ` : ''}pool ${poolName} in ${options.region}`;

  async function registration(accountId: string) {
    return (await listRegisteredAccounts(pool.store)).find((account) => account.accountId === accountId)
      ?.registration;
  }

  async function requireSecretName(accountId: string): Promise<string> {
    const registered = await registration(accountId);
    if (!registered) throw new SetupError(`No account ${accountId} is registered in ${where}`);
    return registered.credentialsRef;
  }

  async function readDocument(accountId: string, secretName: string): Promise<Record<string, unknown>> {
    let text: string | undefined;
    try {
      ({ SecretString: text } = await secrets.send(new GetSecretValueCommand({ SecretId: secretName })));
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      throw new SetupError(
        `The secret ${secretName} of account ${accountId} is missing: remove the account and add it again`,
      );
    }
    try {
      return JSON.parse(text ?? '') as Record<string, unknown>;
    } catch {
      throw new SetupError(`The secret ${secretName} does not hold a JSON account document`);
    }
  }

  return {
    kind: 'aws',
    description: `AWS: ${where}`,
    locate: (accountId) => `secret ${secretPrefix}${accountId}`,
    async listAccounts() {
      const tokens = await tokenRows.readAll();
      return (await listRegisteredAccounts(pool.store)).map(({ accountId, registration }) => {
        const expiryDate = tokens.get(accountId)?.expiryDate;
        return {
          id: accountId,
          backend: registration.backend,
          ...(expiryDate === undefined ? {} : { tokenExpiresAt: expiryDate }),
        };
      });
    },
    async readAccount(accountId): Promise<Account> {
      const secretName = await requireSecretName(accountId);
      const parsed = accountDocumentSchema.safeParse(await readDocument(accountId, secretName));
      if (!parsed.success) throw new SetupError(`The secret ${secretName} is not a valid account document`);
      return toAccount(parsed.data, accountId);
    },
    async createAccount(document) {
      const duplicate = (why: string) =>
        new SetupError(
          `An account with id ${document.id} already exists (${why}): choose another id, or remove it first`,
        );
      if (await registration(document.id)) throw duplicate(`registered in ${where}`);
      const secretName = `${secretPrefix}${document.id}`;
      try {
        await secrets.send(
          new CreateSecretCommand({
            Name: secretName,
            Description: `Gemini Gateway account ${document.id} (${document.backend})`,
            SecretString: JSON.stringify(document),
            Tags: [
              { Key: 'project', Value: 'gemini-gateway' },
              { Key: 'pool', Value: poolName },
              { Key: 'account', Value: document.id },
            ],
          }),
        );
      } catch (error) {
        if (error instanceof ResourceExistsException) throw duplicate(`secret ${secretName} exists`);
        throw error;
      }
      const registered = await pool.store.registerAccount({
        accountId: document.id,
        backend: document.backend,
        credentialsRef: secretName,
        at: clock.now(),
      });
      if (!registered) {
        // Someone registered the id between our check and now: leave their account as it was.
        await secrets.send(
          new DeleteSecretCommand({ SecretId: secretName, ForceDeleteWithoutRecovery: true }),
        );
        throw duplicate(`registered in ${where}`);
      }
    },
    async saveCredentials(accountId, credentials) {
      const secretName = await requireSecretName(accountId);
      const document = await readDocument(accountId, secretName);
      const previous = (document.credentials ?? {}) as Record<string, unknown>;
      await secrets.send(
        new PutSecretValueCommand({
          SecretId: secretName,
          SecretString: JSON.stringify({ ...document, credentials: { ...previous, ...credentials } }),
        }),
      );
    },
    async removeAccount(accountId) {
      const secretName = (await registration(accountId))?.credentialsRef ?? `${secretPrefix}${accountId}`;
      let secretDeleted = true;
      try {
        // At once rather than after a recovery window, so the id can be added again straight away.
        await secrets.send(
          new DeleteSecretCommand({ SecretId: secretName, ForceDeleteWithoutRecovery: true }),
        );
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
        secretDeleted = false;
      }
      const known = (await pool.store.readPool()).accounts.some((account) => account.accountId === accountId);
      if (!secretDeleted && !known) throw new SetupError(`No account ${accountId} in ${where}`);
      await pool.forgetAccount(accountId);
    },
    withPool: (use) => use(pool),
    clientKeys: createSecretClientKeyStore({ secrets, secretId: options.clientKeysSecretName, clock }),
    close: async () => {
      secrets.destroy();
      dynamoDb.destroy();
    },
  };
}
