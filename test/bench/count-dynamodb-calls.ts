/**
 * Counts the calls a DynamoDB client makes, by command name, with a middleware at the SDK's
 * `initialize` step (once per `send`, before retries), so the benchmark can show what pool
 * bookkeeping costs per request.
 * https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/middleware-stack.html
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * @example
 * const calls = countDynamoDbCalls(client);
 * await client.send(new QueryCommand(...));
 * calls.get('QueryCommand'); // 1
 */
export function countDynamoDbCalls(client: DynamoDBClient): Map<string, number> {
  const calls = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => (args) => {
      const command = context.commandName ?? 'unknown';
      calls.set(command, (calls.get(command) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'benchCallCounter' },
  );
  return calls;
}
