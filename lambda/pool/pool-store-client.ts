/**
 * A DynamoDB client for the pool store that gives up quickly. The pool state is advisory, so a slow or
 * hung DynamoDB must cost a request about a second, not hang it: the SDK waits forever by default,
 * and past `requestTimeout` it only warns unless `throwOnRequestTimeout` is set.
 *
 * The one retry may apply an outcome twice when the first write landed but its answer timed out
 * (UpdateItem has no idempotency token); the counts are advisory and such a duplicate is rare.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/**
 * @example
 * const client = createPoolStoreClient(); // on AWS: region and credentials from the Lambda environment
 * const local = createPoolStoreClient({ endpoint, region: 'local', credentials });
 */
export function createPoolStoreClient({
  requestTimeoutMs = 1_000,
  ...config
}: DynamoDBClientConfig & { requestTimeoutMs?: number } = {}): DynamoDBClient {
  return new DynamoDBClient({
    maxAttempts: 2,
    ...config,
    requestHandler: {
      connectionTimeout: requestTimeoutMs / 2,
      requestTimeout: requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  });
}
