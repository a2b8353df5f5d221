/**
 * `npm run bench`: what the gateway costs next to the model, measured side by side in one run against
 * the same fake Gemini API over loopback, and checked against the targets of the performance issue.
 *
 * Targets, each a process of its own (the load generator here never shares an event loop with them):
 * direct (the client calls the fake: the floor), passthrough (a byte-for-byte proxy: the limit of
 * proxying in Node), ours with the pool on the embedded store and on DynamoDB Local, and the Portkey
 * gateway (the peer) with its Google provider pointed at the fake. Sequential workloads interleave the
 * targets request by request; saturation workloads run each target back to back, twice, in opposite
 * orders, so drift on a busy machine hits all alike. Also: the stream transformer alone, DynamoDB calls
 * per request, and the Lambda bundle's size and cold start when test/bench/lambda-cold-start.ts exists.
 *
 * BENCH_PROFILE=<dir> starts ours under `node --cpu-prof` and leaves its profiles in <dir>.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startDynamoDbLocal } from '../../lambda/pool/testing/start-dynamodb-local.js';
import { buildServer } from './build-server.js';
import { type ChildServer, startChildServer } from './child-server.js';
import {
  benchTools,
  type ChatBody,
  geminiExchange,
  largePrompt,
  openAiExchange,
  portkeyHeaders,
} from './exchanges.js';
import { benchModel } from './gemini-stream.js';
import { type Exchange, type Sample, saturate, timeExchange } from './measure.js';
import { readCpuMs, readPeakRssBytes, readRssBytes, resetPeakRss } from './process-stats.js';
import {
  type BenchResults,
  checkForwarding,
  checkRatioTargets,
  checkStoreCalls,
  computeFigures,
  formatTable,
  type LatencySamples,
  type SaturationFigures,
  type TargetCheck,
  type TargetKey,
  targetLabels,
} from './report.js';
import { measureTranslationThroughput } from './translation-throughput.js';

const paceMs = 2;
const streamEvents = 200;
const saturationMs = 2_000;
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const startedAt = performance.now();

interface Target {
  key: TargetKey;
  /** The process between client and fake, whose CPU and memory are measured. */
  server?: ChildServer;
  exchange(body: ChatBody): Exchange;
  /** Requests served, to put DynamoDB calls per request. */
  served: number;
}

/** Node arguments for one of our servers, compiled first (build-server.ts). */
const compiledChild = async (file: string, profile?: string) => {
  const script = await buildServer({ entry: here(file) });
  return () => [
    '--disable-warning=NodeVersionSupportWarning',
    '--enable-source-maps',
    ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
    script,
  ];
};

log('starting the fake upstream, passthrough, ours (two stores), DynamoDB Local and Portkey');
const fake = await startChildServer({
  args: await compiledChild('servers/fake-upstream.ts'),
  env: { BENCH_PACE_MS: String(paceMs) },
});
const upstream = { BENCH_UPSTREAM_URL: fake.url };
const dynamoDbLocal = await startDynamoDbLocal().catch((error: unknown) => {
  log(`DynamoDB Local did not start, so ours runs on the embedded store only: ${String(error)}`);
  return undefined;
});
const [passthrough, ours, oursDynamoDb, peer] = await Promise.all([
  startChildServer({ args: await compiledChild('servers/passthrough.ts'), env: upstream }),
  startOurs({}),
  dynamoDbLocal ? startOurs({ BENCH_DYNAMODB_ENDPOINT: dynamoDbLocal.endpoint }) : undefined,
  startPortkey(),
]);

const targets: Target[] = [
  { key: 'direct', exchange: (body) => geminiExchange({ baseUrl: fake.url, body }), served: 0 },
  {
    key: 'passthrough',
    server: passthrough,
    exchange: (body) => geminiExchange({ baseUrl: passthrough.url, body }),
    served: 0,
  },
  { key: 'ours', server: ours, exchange: (body) => openAiExchange({ baseUrl: ours.url, body }), served: 0 },
  ...(oursDynamoDb
    ? [
        {
          key: 'oursDynamoDb' as const,
          server: oursDynamoDb,
          exchange: (body: ChatBody) => openAiExchange({ baseUrl: oursDynamoDb.url, body }),
          served: 0,
        },
      ]
    : []),
  ...(peer
    ? [
        {
          key: 'peer' as const,
          server: peer,
          exchange: (body: ChatBody) =>
            openAiExchange({ baseUrl: peer.url, body, headers: portkeyHeaders({ upstreamUrl: fake.url }) }),
          served: 0,
        },
      ]
    : []),
];

const chat = (model: string, stream: boolean, extra: Record<string, unknown> = {}): ChatBody => ({
  model,
  stream,
  messages: [{ role: 'user', content: 'Say something.' }],
  ...extra,
});
const shortBody = chat(benchModel({ events: 1, paced: false }), false);
const streamBody = chat(benchModel({ events: streamEvents, paced: false }), true);
const largeBody = chat(benchModel({ events: 20, paced: false }), true, {
  messages: [
    { role: 'system', content: 'You are a careful reader.' },
    { role: 'user', content: largePrompt({ bytes: 1024 * 1024 }) },
  ],
  tools: benchTools({ count: 16 }),
});
const pacedEvents = 50;
const pacedBody = chat(benchModel({ events: pacedEvents, paced: true }), true);

const idleRssBytes = Object.fromEntries(
  targets.flatMap((target) => (target.server ? [[target.key, readRssBytes(target.server.pid)]] : [])),
);
const storeCallsBefore = await readStoreCalls();

log('sequential workloads (targets interleaved request by request)');
const latency: BenchResults['latency'] = {
  short: await runSequential({ body: shortBody, rounds: 300, warmup: 50, expect: 'word0' }),
  stream: await runSequential({
    body: streamBody,
    rounds: 80,
    warmup: 10,
    expect: `word${streamEvents - 1}`,
  }),
  largePrompt: await runSequential({ body: largeBody, rounds: 15, warmup: 3, expect: 'word19' }),
  paced: await runSequential({ body: pacedBody, rounds: 6, warmup: 1, expectEvents: pacedEvents }),
};

log('saturation workloads (each target back to back, two passes in opposite orders)');
const saturation: BenchResults['saturation'] = {
  short: await runSaturation({ body: shortBody, concurrency: 64 }),
  streams64: await runSaturation({ body: streamBody, concurrency: 64 }),
  streams256: await runSaturation({ body: streamBody, concurrency: 256 }),
};

const storeCallsAfter = await readStoreCalls();

log('the stream transformer alone');
const translation = await measureTranslationThroughput({ streams: 100, events: streamEvents, rounds: 5 });

const coldStart = await runLambdaColdStart();

await Promise.all([fake, passthrough, ours, oursDynamoDb, peer].map((server) => server?.stop()));
await dynamoDbLocal?.stop();

const results: BenchResults = { latency, saturation, idleRssBytes, eventsPerStream: streamEvents, paceMs };
const figures = computeFigures(results);
const storeChecks = targets.flatMap((target) => {
  const before = storeCallsBefore.get(target.key);
  const after = storeCallsAfter.get(target.key);
  if (!before || !after) return [];
  const calls = Object.fromEntries(
    Object.entries(after).map(([command, count]) => [command, count - (before[command] ?? 0)]),
  );
  return checkStoreCalls({ label: targetLabels[target.key], calls, requests: target.served });
});
const checks: TargetCheck[] = [...checkRatioTargets(figures), ...checkForwarding(results), ...storeChecks];

const print = (line = '') => process.stdout.write(`${line}\n`);
print();
print(
  `Gateway cost, ${process.version}, ${availableParallelism()} cores, loopback, fake Gemini API, ` +
    `${peer ? 'Portkey @portkey-ai/gateway' : 'no peer (Portkey did not start)'}; ` +
    `latency figures are added over direct (direct's own in parentheses).`,
);
print();
print(formatTable(figures));
print();
print(
  `Stream transformer alone (SSE → events → chunks → data: lines, one core): ` +
    `${translation.megabytesPerSecond.toFixed(1)} MB/s of upstream SSE, ${Math.round(translation.eventsPerSecond)} events/s`,
);
if (coldStart) print(`Lambda bundle and cold start (test/bench/lambda-cold-start.ts):\n${coldStart}`);
else print('Lambda bundle and cold start: test/bench/lambda-cold-start.ts is not there yet.');
print();
for (const check of checks) print(`${check.met ? 'PASS' : 'FAIL'} ${check.target}: ${check.detail}`);
print();
print(`Run took ${((performance.now() - startedAt) / 1000).toFixed(0)} s.`);
if (checks.some((check) => !check.met)) process.exitCode = 1;

async function startOurs(env: Record<string, string>): Promise<ChildServer> {
  return startChildServer({
    args: await compiledChild('servers/gateway.ts', process.env.BENCH_PROFILE),
    env: { ...upstream, ...env },
    ipc: true,
  });
}

async function startPortkey(): Promise<ChildServer | undefined> {
  const script = here('../../node_modules/@portkey-ai/gateway/build/start-server.js');
  if (!existsSync(script)) {
    log('Portkey is not installed (npm i -D @portkey-ai/gateway): the peer column stays empty');
    return undefined;
  }
  try {
    return await startChildServer({ args: (port) => [script, `--port=${port}`, '--headless'], quiet: true });
  } catch (error) {
    log(`Portkey did not start: ${String(error)}`);
    return undefined;
  }
}

async function readStoreCalls(): Promise<Map<TargetKey, Record<string, number>>> {
  const calls = new Map<TargetKey, Record<string, number>>();
  for (const target of targets) {
    if (target.key !== 'ours' && target.key !== 'oursDynamoDb') continue;
    calls.set(target.key, (await target.server?.ask<Record<string, number>>('dynamodb-calls')) ?? {});
  }
  return calls;
}

async function runSequential({
  body,
  rounds,
  warmup,
  expect,
  expectEvents,
}: {
  body: ChatBody;
  rounds: number;
  warmup: number;
  /** Text every answer must contain. */
  expect?: string;
  /** Paced: how many stamped events every answer must carry. */
  expectEvents?: number;
}): Promise<Partial<Record<TargetKey, LatencySamples>>> {
  const exchanges = targets.map((target) => target.exchange(body));
  const samples = new Map<TargetKey, LatencySamples>(
    targets.map((target) => [target.key, { firstByteMs: [], totalMs: [], eventDelaysMs: [] }]),
  );
  for (let round = 0; round < warmup + rounds; round += 1) {
    // Rotating who goes first: whatever the previous request left behind (GC, a busy core) is shared.
    for (let offset = 0; offset < targets.length; offset += 1) {
      const index = (round + offset) % targets.length;
      const target = targets[index] as Target;
      const sample = await timeExchange(exchanges[index] as Exchange);
      target.served += 1;
      checkAnswer({ target, sample, expect, expectEvents });
      if (round < warmup) continue;
      const collected = samples.get(target.key) as LatencySamples;
      collected.firstByteMs.push(sample.firstByteMs);
      collected.totalMs.push(sample.totalMs);
      collected.eventDelaysMs.push(...sample.eventDelaysMs);
    }
  }
  return Object.fromEntries(samples);
}

function checkAnswer({
  target,
  sample,
  expect,
  expectEvents,
}: {
  target: Target;
  sample: Sample;
  expect?: string;
  expectEvents?: number;
}): void {
  const complete =
    (expect === undefined || sample.text.includes(expect)) &&
    (expectEvents === undefined || sample.eventDelaysMs.length === expectEvents);
  if (!complete) throw new Error(`${target.key} gave an incomplete answer: ${sample.text.slice(0, 300)}`);
}

async function runSaturation({
  body,
  concurrency,
}: {
  body: ChatBody;
  concurrency: number;
}): Promise<Partial<Record<TargetKey, SaturationFigures>>> {
  const figures = new Map<TargetKey, SaturationFigures>();
  for (const order of [targets, [...targets].reverse()]) {
    for (const target of order) {
      const pid = target.server?.pid;
      if (pid !== undefined) resetPeakRss(pid);
      const cpuBefore = pid === undefined ? undefined : readCpuMs(pid);
      const run = await saturate({ exchange: target.exchange(body), concurrency, durationMs: saturationMs });
      if (run.failed > 0) throw new Error(`${target.key}: ${run.failed} requests failed under load`);
      const cpuMs = pid === undefined || cpuBefore === undefined ? undefined : readCpuMs(pid) - cpuBefore;
      const peakRssBytes = pid === undefined ? undefined : readPeakRssBytes(pid);
      target.served += run.served;
      const sum = figures.get(target.key);
      figures.set(target.key, {
        completed: (sum?.completed ?? 0) + run.completed,
        elapsedMs: (sum?.elapsedMs ?? 0) + run.elapsedMs,
        cpuMs: cpuMs === undefined ? undefined : (sum?.cpuMs ?? 0) + cpuMs,
        peakRssBytes: peakRssBytes === undefined ? undefined : Math.max(sum?.peakRssBytes ?? 0, peakRssBytes),
      });
    }
  }
  return Object.fromEntries(figures);
}

/** Runs the Lambda cold-start benchmark in a fresh process (a cold start needs one) and returns its output. */
async function runLambdaColdStart(): Promise<string | undefined> {
  const script = here('lambda-cold-start.ts');
  if (!existsSync(script)) return undefined;
  log('the Lambda bundle and its cold start');
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  await once(child, 'exit');
  return output.trim();
}

function log(message: string): void {
  process.stderr.write(`[bench ${((performance.now() - startedAt) / 1000).toFixed(1)}s] ${message}\n`);
}
