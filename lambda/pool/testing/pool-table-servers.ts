/**
 * The two DynamoDB implementations the pool's wire tests run against, each with the pool table
 * created: AWS's DynamoDB Local (fidelity, e.g. it returns the item with a failed condition) and
 * dynalite, what `npm start` embeds (it does not). For `describe.each`.
 *
 * @example
 * describe.each(poolTableServers('my-test'))('MyRows on %s', (_, startServer) => { ... });
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensurePoolTable } from '../create-pool-table.js';
import { startEmbeddedDynamoDb } from '../embedded-dynamodb.js';
import { startDynamoDbLocal } from './start-dynamodb-local.js';

export interface PoolTableServer {
  client: DynamoDBClient;
  stop(): Promise<void>;
}

export function poolTableServers(tableName: string): Array<[string, () => Promise<PoolTableServer>]> {
  return [
    [
      'DynamoDB Local',
      async () => {
        const local = await startDynamoDbLocal();
        await ensurePoolTable({ client: local.client, tableName });
        return local;
      },
    ],
    [
      'dynalite',
      async () => {
        const embedded = await startEmbeddedDynamoDb({ stateDir: 'memory', tableName });
        return { client: embedded.client, stop: embedded.close };
      },
    ],
  ];
}
