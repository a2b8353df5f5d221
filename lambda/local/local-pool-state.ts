/**
 * Where `npm start` keeps the pool: table `gateway-pool`, pool `local`, in the embedded DynamoDB
 * (dynalite) whose LevelDB lives under STATE_DIR. LevelDB opens in one process at a time, so while the
 * gateway runs it publishes its embedded server's address in `<STATE_DIR>/gateway-endpoint.json`, and
 * `npm run status` and the setup wizard talk to that server instead of opening the files themselves.
 * The server already listens on 127.0.0.1; the file (readable by its owner only) adds no exposure.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const localPoolTableName = 'gateway-pool';
export const localPoolName = 'local';

const endpointFileName = 'gateway-endpoint.json';

/**
 * Publishes the running gateway's store address; the returned function withdraws it.
 *
 * @example
 * const withdraw = await publishLocalPoolEndpoint({ stateDir, endpoint: database.endpoint });
 * await withdraw();
 */
export async function publishLocalPoolEndpoint({
  stateDir,
  endpoint,
}: {
  stateDir: string;
  endpoint: string;
}): Promise<() => Promise<void>> {
  const file = join(stateDir, endpointFileName);
  await writeFile(file, `${JSON.stringify({ endpoint })}\n`, { mode: 0o600 });
  return () => rm(file, { force: true });
}

/** The address a running gateway published, if any (it may be stale after a crash: callers check). */
export async function readLocalPoolEndpoint({ stateDir }: { stateDir: string }): Promise<string | undefined> {
  try {
    const { endpoint } = JSON.parse(await readFile(join(stateDir, endpointFileName), 'utf8')) as {
      endpoint?: unknown;
    };
    return typeof endpoint === 'string' && /^http:\/\/127\.0\.0\.1:\d+$/.test(endpoint)
      ? endpoint
      : undefined;
  } catch {
    return undefined;
  }
}
