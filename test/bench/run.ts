/**
 * `npm run bench`: what the gateway costs next to the model, measured side by side in one run against
 * the same fake Gemini API over loopback, and checked against the targets of the performance issue.
 *
 * Targets (start-targets.ts), each a process of its own so the load generator here never shares an
 * event loop with them: direct (the client calls the fake: the floor), passthrough (a byte-for-byte
 * proxy: the limit of proxying in Node), the minimal translator (the least any translating gateway
 * does: the floor of translating), ours with the pool on the embedded store and on DynamoDB Local, and
 * the Portkey gateway (the peer). Workloads (run-workloads.ts): short non-stream answers,
 * streams of 200 chunks, a 1 MB prompt with tools, paced streams for the forwarding delay, and
 * saturation at 64 and 256 concurrent requests. Also: the stream transformer alone, DynamoDB calls
 * per request, and the Lambda bundle's size and cold start (test/bench/lambda-cold-start.ts).
 *
 * Exits with 1 when a target is missed. BENCH_PROFILE=<dir> runs ours under `node --cpu-prof`.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { benchTools, type ChatBody, largePrompt } from './exchanges.js';
import { benchModel } from './gemini-stream.js';
import { readRssBytes } from './process-stats.js';
import {
  type BenchResults,
  checkForwarding,
  checkRatioTargets,
  checkStoreCalls,
  computeFigures,
  formatTable,
  type TargetKey,
  targetLabels,
} from './report.js';
import { measureRequestJsonFloor } from './request-json-floor.js';
import { runSaturation, runSequential, warmUp } from './run-workloads.js';
import { startTargets, type Target } from './start-targets.js';
import { measureTranslationThroughput } from './translation-throughput.js';

const paceMs = 2;
const streamEvents = 200;
const pacedEvents = 50;
const saturationMs = 2_000;
const saturationWarmupMs = 2_000;
/**
 * Idle time before memory at rest is read. V8 shrinks an idle process's heap some seconds after its
 * allocation calms down (its memory reducer); read earlier, the figure is mostly start-up garbage, and
 * differs by when each process happened to collect last.
 */
const restMs = 20_000;
const startedAt = performance.now();
// The AWS SDK's notice that it will need Node 22 would otherwise print once per process.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

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
const pacedBody = chat(benchModel({ events: pacedEvents, paced: true }), true);

log(
  'starting the fake upstream, passthrough, minimal translator, ours (two stores), DynamoDB Local and Portkey',
);
const { targets, hasPeer, stop } = await startTargets({
  paceMs,
  profileDirectory: process.env.BENCH_PROFILE,
  log,
});
log(`waiting ${restMs / 1000} s for every server to come to rest`);
await delay(restMs);
const idleRssBytes = Object.fromEntries(
  targets.flatMap((target) => (target.server ? [[target.key, readRssBytes(target.server.pid)]] : [])),
);
const measured = await measureWorkloads(targets).finally(stop);

log('the stream transformer alone');
const translation = await measureTranslationThroughput({ streams: 100, events: streamEvents, rounds: 5 });
const largeRequestFloorMs = measureRequestJsonFloor({ body: JSON.stringify(largeBody), rounds: 15 });
const coldStart = await runLambdaColdStart();

const { latency, saturation, storeCallsBefore, storeCallsAfter } = measured;
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
const checks = [...checkRatioTargets(figures), ...checkForwarding(results), ...storeChecks];

const print = (line = '') => process.stdout.write(`${line}\n`);
print();
print(
  `Gateway cost, ${process.version}, ${availableParallelism()} cores, loopback, fake Gemini API, ` +
    `${hasPeer ? 'peer: Portkey (@portkey-ai/gateway)' : 'no peer (Portkey did not start)'}. ` +
    `Latency rows are added over direct (direct's own in parentheses).`,
);
print();
print(formatTable(figures));
print();
print(
  `Stream transformer alone (SSE → events → chunks → data: lines, one core): ` +
    `${translation.megabytesPerSecond.toFixed(1)} MB/s of upstream SSE, ${Math.round(translation.eventsPerSecond)} events/s`,
);
print(
  `1 MB prompt + tools: the JSON work any translating gateway does before it can send the request on ` +
    `(UTF-8 decode, parse, serialise, encode; the passthrough does none): ${largeRequestFloorMs.toFixed(2)} ms on one core`,
);
print(coldStart ?? 'Lambda bundle and cold start: test/bench/lambda-cold-start.ts is not there.');
print();
for (const check of checks) print(`${check.met ? 'PASS' : 'FAIL'} ${check.target}: ${check.detail}`);
print();
print(`Run took ${((performance.now() - startedAt) / 1000).toFixed(0)} s.`);
if (checks.some((check) => !check.met)) process.exitCode = 1;

/** Every workload on every target, and the DynamoDB calls ours made meanwhile. */
async function measureWorkloads(all: Target[]) {
  const storeCallsBefore = await readStoreCalls(all);
  // One request at a time, a server that has just started is still compiling its hot paths for
  // hundreds of requests, a larger one for longer: the latency rows are of servers already in use.
  log('warming every target up with short answers and streams under load');
  for (const body of [shortBody, streamBody]) {
    await warmUp(all, { body, concurrency: 64, durationMs: saturationWarmupMs });
  }
  log('sequential workloads (targets interleaved request by request)');
  const latency: BenchResults['latency'] = {
    short: await runSequential(all, { body: shortBody, rounds: 300, warmup: 50, expect: 'word0' }),
    stream: await runSequential(all, {
      body: streamBody,
      rounds: 80,
      warmup: 10,
      expect: `word${streamEvents - 1}`,
    }),
    largePrompt: await runSequential(all, { body: largeBody, rounds: 15, warmup: 3, expect: 'word19' }),
    paced: await runSequential(all, { body: pacedBody, rounds: 6, warmup: 1, expectEvents: pacedEvents }),
  };
  log('saturation workloads (each target back to back, two passes in opposite orders)');
  const saturate = (body: ChatBody, concurrency: number) =>
    runSaturation(all, { body, concurrency, durationMs: saturationMs, warmupMs: saturationWarmupMs });
  const saturation: BenchResults['saturation'] = {
    short: await saturate(shortBody, 64),
    streams64: await saturate(streamBody, 64),
    streams256: await saturate(streamBody, 256),
  };
  return { latency, saturation, storeCallsBefore, storeCallsAfter: await readStoreCalls(all) };
}

/** DynamoDB calls so far of each composition of ours, by command (count-dynamodb-calls.ts). */
async function readStoreCalls(all: readonly Target[]): Promise<Map<TargetKey, Record<string, number>>> {
  const calls = new Map<TargetKey, Record<string, number>>();
  for (const target of all) {
    if (target.key !== 'ours' && target.key !== 'oursDynamoDb') continue;
    calls.set(target.key, (await target.server?.ask<Record<string, number>>('dynamodb-calls')) ?? {});
  }
  return calls;
}

/** The Lambda cold-start benchmark's output, from a fresh process (a cold start needs one). */
async function runLambdaColdStart(): Promise<string | undefined> {
  const script = fileURLToPath(new URL('lambda-cold-start.ts', import.meta.url));
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
