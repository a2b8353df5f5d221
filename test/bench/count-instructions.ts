/**
 * `npm run bench:instructions`: the CPU work of one request, counted in instructions with valgrind's
 * callgrind, for the passthrough, the minimal translator and ours (embedded store), side by side: a
 * short non-stream answer, and a stream of 200 chunks. On a shared VM, CPU time per request moves by a
 * third between runs of the same build; this count moves by a few percent, so it can tell whether a
 * change of some percent is real.
 *
 * Each server runs under callgrind with counting off through a warm-up (its hot paths compiled, as in
 * a long run), then counts the main thread (the event loop, where a request's work happens) over a
 * fixed number of requests. Kernel time is not counted (syscalls), nor are V8's helper threads.
 * Under valgrind a server runs some 50 times slower, so work done once a second would weigh 50 times
 * as much on each request: ours runs with the pool's state read and success writes an hour apart.
 *
 * Needs valgrind (`apt-get install valgrind`); takes about 15 minutes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMainThreadInstructions } from './callgrind.js';
import { type ChildServer, startChildServer } from './child-server.js';
import { benchChat, type ChatBody, geminiExchange, openAiExchange } from './exchanges.js';
import { type Exchange, sendRequests } from './measure.js';
import { compiledServer } from './start-targets.js';

interface Workload {
  label: string;
  body: ChatBody;
  /** Enough for the hot paths to reach V8's optimising compiler (short: 14% fewer than after 2,000). */
  warmup: number;
  counted: number;
  /** Text every answer must contain. */
  expect: string;
}

const concurrency = 64;
/** Node alone takes about 15 s to start under callgrind; the gateway several times that. */
const startTimeoutMs = 5 * 60_000;
const hour = 60 * 60_000;

const workloads: Workload[] = [
  {
    label: 'short non-stream',
    body: benchChat({ events: 1, stream: false }),
    warmup: 8_000,
    counted: 1_000,
    expect: 'word0',
  },
  {
    label: '200-chunk stream',
    body: benchChat({ events: 200, stream: true }),
    warmup: 1_000,
    counted: 100,
    expect: 'word199',
  },
];

interface CountedTarget {
  label: string;
  script: string;
  env?: Record<string, string>;
  exchange: (server: ChildServer, body: ChatBody) => Exchange;
}

if (spawnSync('valgrind', ['--version']).status !== 0) {
  console.error('valgrind is not installed: apt-get install valgrind (it brings callgrind_control too)');
  process.exit(1);
}
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const fake = await startChildServer({ args: await compiledServer('servers/fake-upstream.ts') });
const upstream = { BENCH_UPSTREAM_URL: fake.url };
const targets: CountedTarget[] = [
  {
    label: 'passthrough',
    script: 'servers/passthrough.ts',
    env: upstream,
    exchange: (server, body) => geminiExchange({ baseUrl: server.url, body }),
  },
  {
    label: 'minimal translator',
    script: 'servers/minimal-translator.ts',
    env: upstream,
    exchange: (server, body) => openAiExchange({ baseUrl: server.url, body }),
  },
  {
    label: 'ours (embedded store)',
    script: 'servers/gateway.ts',
    env: {
      ...upstream,
      BENCH_POOL_CONFIG: JSON.stringify({ stateCacheMs: hour, successWriteSpacingMs: hour }),
    },
    exchange: (server, body) => openAiExchange({ baseUrl: server.url, body }),
  },
];
const counts = new Map<string, number[]>(targets.map(({ label }) => [label, []]));
try {
  for (const workload of workloads) {
    for (const target of targets) {
      const perRequest = await countPerRequest(target, workload);
      console.error(`${target.label}, ${workload.label}: ${Math.round(perRequest)} instructions per request`);
      counts.get(target.label)?.push(perRequest);
    }
  }
} finally {
  await fake.stop();
}
console.log(`\nInstructions per request, main thread (${concurrency} concurrent, after a warm-up)\n`);
const header = workloads.flatMap(({ label }) => [label, '÷ passthrough', '÷ minimal translator']);
console.log(`| target | ${header.join(' | ')} |\n|---|${header.map(() => '---:').join('|')}|`);
const [passthrough, translator] = [...counts.values()] as [number[], number[]];
for (const [label, perRequest] of counts) {
  const cells = perRequest.flatMap((count, index) => [
    Math.round(count).toLocaleString('en'),
    `${(count / (passthrough[index] as number)).toFixed(2)}×`,
    `${(count / (translator[index] as number)).toFixed(2)}×`,
  ]);
  console.log(`| ${label} | ${cells.join(' | ')} |`);
}

async function countPerRequest(target: CountedTarget, workload: Workload): Promise<number> {
  const directory = await mkdtemp(join(tmpdir(), 'bench-callgrind-'));
  const server = await startChildServer({
    args: await compiledServer(target.script),
    env: target.env,
    wrapper: [
      'valgrind',
      '--tool=callgrind',
      '--instr-atstart=no',
      '--separate-threads=yes',
      `--callgrind-out-file=${join(directory, 'callgrind.%p')}`,
    ],
    quiet: true,
    startTimeoutMs,
  });
  try {
    const exchange = target.exchange(server, workload.body);
    await sendRequests({ exchange, count: workload.warmup, concurrency, expect: workload.expect });
    await callgrindControl(['--instr=on', String(server.pid)]);
    await sendRequests({ exchange, count: workload.counted, concurrency, expect: workload.expect });
    await callgrindControl(['--dump', String(server.pid)]);
    return (await readMainThreadInstructions({ directory, pid: server.pid })) / workload.counted;
  } finally {
    await server.stop();
    await rm(directory, { recursive: true, force: true });
  }
}

async function callgrindControl(args: string[]): Promise<void> {
  const child = spawn('callgrind_control', args, { stdio: 'ignore' });
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`callgrind_control ${args.join(' ')} exited with ${code}`);
}
