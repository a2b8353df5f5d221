/**
 * Starts everything the benchmark compares, each server a process of its own on loopback: the fake
 * Gemini API, the passthrough, the minimal translator, ours on the embedded store and on DynamoDB Local, and the Portkey
 * gateway with its Google provider pointed at the fake. A target that cannot start (no Java, the peer
 * not installed) is left out with a note, and the run goes on without its column.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startDynamoDbLocal } from '../../lambda/pool/testing/start-dynamodb-local.js';
import { buildServer } from './build-server.js';
import { type ChildServer, startChildServer } from './child-server.js';
import { type ChatBody, geminiExchange, openAiExchange, portkeyHeaders } from './exchanges.js';
import type { Exchange } from './measure.js';
import type { TargetKey } from './report.js';

export interface Target {
  key: TargetKey;
  /** The process between client and fake, whose CPU and memory are measured; none for direct. */
  server?: ChildServer;
  exchange(body: ChatBody): Exchange;
  /** Requests served so far, to put DynamoDB calls per request. */
  served: number;
}

export interface BenchTargets {
  targets: Target[];
  /** Whether the peer started, for the table's title. */
  hasPeer: boolean;
  stop(): Promise<void>;
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/**
 * @param profileDirectory when set, ours runs under `node --cpu-prof` and leaves its profiles there.
 * @example const { targets, stop } = await startTargets({ paceMs: 2, log: console.error });
 */
export async function startTargets({
  paceMs,
  profileDirectory,
  log,
}: {
  paceMs: number;
  profileDirectory?: string;
  log: (message: string) => void;
}): Promise<BenchTargets> {
  const fake = await startChildServer({
    args: await compiledServer('servers/fake-upstream.ts'),
    env: { BENCH_PACE_MS: String(paceMs) },
  });
  const upstream = { BENCH_UPSTREAM_URL: fake.url };
  const dynamoDbLocal = await startDynamoDbLocal().catch((error: unknown) => {
    log(`DynamoDB Local did not start, so ours runs on the embedded store only: ${String(error)}`);
    return undefined;
  });
  const startOurs = async (env: Record<string, string>) =>
    startChildServer({
      args: await compiledServer('servers/gateway.ts', profileDirectory),
      env: { ...upstream, ...env },
      ipc: true,
    });
  const started = await Promise.allSettled([
    startChildServer({ args: await compiledServer('servers/passthrough.ts'), env: upstream }),
    startChildServer({ args: await compiledServer('servers/minimal-translator.ts'), env: upstream }),
    startOurs({}),
    dynamoDbLocal ? startOurs({ BENCH_DYNAMODB_ENDPOINT: dynamoDbLocal.endpoint }) : undefined,
    startPortkey({ log }),
  ]);
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    // Nothing may keep running (and holding a port) after the benchmark gives up.
    await Promise.all(
      started.map((result) => (result.status === 'fulfilled' ? result.value?.stop() : undefined)),
    );
    await Promise.all([fake.stop(), dynamoDbLocal?.stop()]);
    throw failed.reason;
  }
  const [passthrough, translator, ours, oursDynamoDb, peer] = started.map((result) =>
    result.status === 'fulfilled' ? result.value : undefined,
  ) as [ChildServer, ChildServer, ChildServer, ChildServer | undefined, ChildServer | undefined];
  const gemini = (server: { url: string }) => (body: ChatBody) =>
    geminiExchange({ baseUrl: server.url, body });
  const openAi =
    (server: ChildServer, headers: Record<string, string> = {}) =>
    (body: ChatBody) =>
      openAiExchange({ baseUrl: server.url, body, headers });
  const targets: Target[] = [
    { key: 'direct', exchange: gemini(fake), served: 0 },
    { key: 'passthrough', server: passthrough, exchange: gemini(passthrough), served: 0 },
    { key: 'translator', server: translator, exchange: openAi(translator), served: 0 },
    { key: 'ours', server: ours, exchange: openAi(ours), served: 0 },
  ];
  if (oursDynamoDb)
    targets.push({ key: 'oursDynamoDb', server: oursDynamoDb, exchange: openAi(oursDynamoDb), served: 0 });
  if (peer) {
    const headers = portkeyHeaders({ upstreamUrl: fake.url });
    targets.push({ key: 'peer', server: peer, exchange: openAi(peer, headers), served: 0 });
  }
  return {
    targets,
    hasPeer: peer !== undefined,
    stop: async () => {
      await Promise.all(
        [fake, passthrough, translator, ours, oursDynamoDb, peer].map((server) => server?.stop()),
      );
      await dynamoDbLocal?.stop();
    },
  };
}

/** Node arguments for one of our servers, compiled first (build-server.ts). */
export async function compiledServer(file: string, profileDirectory?: string): Promise<() => string[]> {
  const script = await buildServer({ entry: here(file) });
  return () => [...(profileDirectory ? ['--cpu-prof', `--cpu-prof-dir=${profileDirectory}`] : []), script];
}

async function startPortkey({ log }: { log: (message: string) => void }): Promise<ChildServer | undefined> {
  const script = here('../../node_modules/@portkey-ai/gateway/build/start-server.js');
  if (!existsSync(script)) {
    log('Portkey is not installed (npm i -D @portkey-ai/gateway): the peer column stays empty');
    return undefined;
  }
  try {
    // It logs an error line for every streamed answer (its logger parses SSE as JSON): quiet.
    return await startChildServer({ args: (port) => [script, `--port=${port}`, '--headless'], quiet: true });
  } catch (error) {
    log(`Portkey did not start: ${String(error)}`);
    return undefined;
  }
}
