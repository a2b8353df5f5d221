/**
 * The local pool state for `npm run status` and the wizard. LevelDB (under dynalite) opens in one
 * process only, so: when a gateway runs, talk to its embedded server at the address it published
 * (lambda/local/local-pool-state.ts); otherwise open the state files with our own embedded server for
 * the moment we need them. dynalite crashes its process on a database it could not open, so a lock
 * held by anyone else is detected first and reported.
 */
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ClassicLevel } from 'classic-level';
import { localPoolTableName, readLocalPoolEndpoint } from '../../lambda/local/local-pool-state.js';
import { startEmbeddedDynamoDb } from '../../lambda/pool/embedded-dynamodb.js';
import { SetupError } from '../setup/setup-error.js';

export interface LocalPoolConnection {
  client: DynamoDBClient;
  /** Whose server the client talks to, for the operator. */
  via: 'running gateway' | 'state files';
  close(): Promise<void>;
}

/**
 * @example
 * const connection = await openLocalPool({ stateDir: './.gateway-state' });
 * try { await new DynamoDbPoolStore({ client: connection.client, tableName, poolName }).readPool(); } finally { await connection.close(); }
 * @throws SetupError when STATE_DIR is `memory` or the state is held by a process that did not publish it.
 */
export async function openLocalPool({ stateDir }: { stateDir: string }): Promise<LocalPoolConnection> {
  if (stateDir === 'memory') {
    throw new SetupError(
      'STATE_DIR is "memory": the pool state lives only inside the running gateway and cannot be read or changed from here',
    );
  }
  const running = await connectToRunningGateway({ stateDir });
  if (running) return running;
  // Where embedded-dynamodb.ts keeps dynalite's LevelDB.
  if (await isLocked(join(stateDir, 'dynalite'))) {
    throw new SetupError(
      `The pool state in ${stateDir} is in use by another process (a gateway starting up, or another setup or status run); try again in a moment`,
    );
  }
  const database = await startEmbeddedDynamoDb({ stateDir, tableName: localPoolTableName });
  return { client: database.client, via: 'state files', close: database.close };
}

/** A client for the gateway's published server, or undefined when none answers there (not running, or crashed). */
async function connectToRunningGateway({
  stateDir,
}: {
  stateDir: string;
}): Promise<LocalPoolConnection | undefined> {
  const endpoint = await readLocalPoolEndpoint({ stateDir });
  if (!endpoint) return undefined;
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    // dynalite checks that requests are signed, not by whom: placeholders, not secrets.
    credentials: { accessKeyId: 'embedded', secretAccessKey: 'embedded' },
    maxAttempts: 1,
  });
  try {
    await client.send(new DescribeTableCommand({ TableName: localPoolTableName }));
    return { client, via: 'running gateway', close: async () => client.destroy() };
  } catch {
    client.destroy();
    return undefined;
  }
}

async function isLocked(path: string): Promise<boolean> {
  const database = new ClassicLevel(path);
  try {
    await database.open({ createIfMissing: false });
    await database.close();
    return false;
  } catch (error) {
    return (error as { cause?: { code?: unknown } }).cause?.code === 'LEVEL_LOCKED';
  }
}
