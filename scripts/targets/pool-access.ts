/**
 * The pool table as the wizard and `npm run status` use it: the gateway's own `DynamoDbPoolStore`
 * (read, register, disable, enable), plus forgetting a removed account's rows, which the store port has
 * no method for: the rows are found through `readPool` and deleted by their keys (pool-rows.ts,
 * token-rows.ts), so a later account with the same id starts afresh instead of inheriting a disable or
 * a freeze, and no access token outlives its account.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tokenSortKey } from '../../lambda/credentials/token-rows.js';
import { DynamoDbPoolStore } from '../../lambda/pool/dynamodb-pool-store.js';
import { accountSortKey, modelSortKey, poolPartitionKey } from '../../lambda/pool/pool-rows.js';
import type { PoolStore } from '../../lambda/pool/pool-store.js';

export interface PoolAccess {
  store: PoolStore;
  /** Deletes the account's row and its per-model rows. */
  forgetAccount(accountId: string): Promise<void>;
}

export interface PoolLocation {
  client: DynamoDBClient;
  tableName: string;
  poolName: string;
}

/** @example const pool = createPoolAccess({ client, tableName: 'gateway-pool', poolName: 'local' }); */
export function createPoolAccess({ client, tableName, poolName }: PoolLocation): PoolAccess {
  const store = new DynamoDbPoolStore({ client, tableName, poolName });
  const documents = DynamoDBDocumentClient.from(client);
  const pk = poolPartitionKey(poolName);
  return {
    store,
    async forgetAccount(accountId) {
      const { models } = await store.readPool();
      const sortKeys = [
        ...models.filter((row) => row.accountId === accountId).map((row) => modelSortKey(row)),
        accountSortKey(accountId),
        // On AWS the account's access token lives on the table too: a removed account keeps no credential.
        tokenSortKey(accountId),
      ];
      for (const sk of sortKeys) {
        await documents.send(new DeleteCommand({ TableName: tableName, Key: { pk, sk } }));
      }
    },
  };
}
