import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';

/**
 * Every item of one partition whose sort key starts with `prefix`, following Query's pages (1 MB
 * each). Pool rows and token rows share the pool's partition and are read this way.
 */
export async function queryPartitionPrefix({
  documents,
  tableName,
  partitionKey,
  prefix,
}: {
  documents: DynamoDBDocumentClient;
  tableName: string;
  partitionKey: string;
  prefix: string;
}): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partitionKey, ':prefix': prefix },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
