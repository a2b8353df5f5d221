import { startChildServer } from './child-server.js';
import { openAiExchange } from './exchanges.js';
import { saturate } from './measure.js';
import { readCpuMs } from './process-stats.js';

const dir = process.argv[2] ?? '/tmp/prof';
const mode = process.argv[3] ?? 'short';
const tsx =
  (file: string, prof = false) =>
  () => [
    '--disable-warning=NodeVersionSupportWarning',
    ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []),
    '--import',
    'tsx',
    new URL(file, import.meta.url).pathname,
  ];
const fake = await startChildServer({ args: tsx('servers/fake-upstream.ts') });
const ours = await startChildServer({
  args: tsx('servers/gateway.ts', !process.env.NOPROF),
  env: {
    BENCH_UPSTREAM_URL: fake.url,
    ...(process.env.DDB ? { BENCH_DYNAMODB_ENDPOINT: process.env.DDB } : {}),
  },
  ipc: true,
});
const body =
  mode === 'short'
    ? { model: 'gemini-bench-1', stream: false, messages: [{ role: 'user', content: 'hi' }] }
    : { model: 'gemini-bench-200', stream: true, messages: [{ role: 'user', content: 'hi' }] };
await saturate({ exchange: openAiExchange({ baseUrl: ours.url, body }), concurrency: 16, durationMs: 2000 });
const c0 = readCpuMs(ours.pid);
const r = await saturate({
  exchange: openAiExchange({ baseUrl: ours.url, body }),
  concurrency: Number(process.env.CONC ?? 64),
  durationMs: Number(process.env.DUR ?? 6000),
});
const c1 = readCpuMs(ours.pid);
console.log(
  mode,
  r,
  'cpu ms/req',
  ((c1 - c0) / r.completed).toFixed(3),
  'rps',
  ((r.completed / r.elapsedMs) * 1000).toFixed(0),
);
console.log(await ours.ask('dynamodb-calls'));
await ours.stop();
await fake.stop();
