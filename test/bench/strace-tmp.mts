import { execFileSync, spawn } from 'node:child_process';
import { startChildServer } from './child-server.js';
import { openAiExchange } from './exchanges.js';
import { saturate } from './measure.js';

const tsx = (file: string) => () => [
  '--disable-warning=NodeVersionSupportWarning',
  '--import',
  'tsx',
  new URL(file, import.meta.url).pathname,
];
const fake = await startChildServer({ args: tsx('servers/fake-upstream.ts') });
const ours = await startChildServer({
  args: tsx('servers/gateway.ts'),
  env: { BENCH_UPSTREAM_URL: fake.url },
  ipc: true,
});
const body = { model: 'gemini-bench-200', stream: true, messages: [{ role: 'user', content: 'hi' }] };
await saturate({ exchange: openAiExchange({ baseUrl: ours.url, body }), concurrency: 16, durationMs: 1500 });
const strace = spawn('strace', ['-c', '-f', '-p', String(ours.pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
let out = '';
strace.stderr.on('data', (d) => {
  out += d;
});
await new Promise((r) => setTimeout(r, 500));
const r = await saturate({
  exchange: openAiExchange({ baseUrl: ours.url, body }),
  concurrency: Number(process.env.CONC ?? 64),
  durationMs: 3000,
});
strace.kill('SIGINT');
await new Promise((r) => strace.on('exit', r));
console.log('served', r.served);
console.log(
  out
    .split('\n')
    .filter((l) => /writev|write$|read|epoll|calls|total/.test(l))
    .join('\n'),
);
await ours.stop();
await fake.stop();
