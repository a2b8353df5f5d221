import { GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../lambda/pool/embedded-dynamodb.js';
import { countDynamoDbCalls } from './count-dynamodb-calls.js';

describe('countDynamoDbCalls', () => {
  let database: EmbeddedDynamoDb;

  beforeAll(async () => {
    database = await startEmbeddedDynamoDb({ stateDir: 'memory', tableName: 'count-test' });
  });

  afterAll(async () => {
    await database?.close();
  });

  it('counts each call once, by command', async () => {
    // Prepare
    const calls = countDynamoDbCalls(database.client);
    const key = { pk: { S: 'POOL#count' }, sk: { S: 'ACCOUNT#a' } };

    // Act
    await database.client.send(new GetItemCommand({ TableName: 'count-test', Key: key }));
    await database.client.send(new GetItemCommand({ TableName: 'count-test', Key: key }));
    await database.client.send(
      new QueryCommand({
        TableName: 'count-test',
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: 'POOL#count' } },
      }),
    );

    // Assess
    expect(Object.fromEntries(calls)).toStrictEqual({ GetItemCommand: 2, QueryCommand: 1 });
  });
});
