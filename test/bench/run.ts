/**
 * `npm run bench`: what the gateway adds to a request, measured side by side in one run against the
 * same lean fake upstream on loopback. "direct" is the client calling the upstream itself (the floor);
 * "gateway" is the same exchange through the local gateway (translation, pool, token check included).
 * Direct and gateway requests alternate so drift on the machine hits both alike.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLocalConfig } from '../../lambda/local/local-config.js';
import { startLocalGateway } from '../../lambda/local/start-local-gateway.js';
import { startBenchUpstream } from './bench-upstream.js';
import { percentile, type Sample, timeRequest } from './measure.js';

interface Workload {
  name: string;
  events: number;
  stream: boolean;
  requests: number;
}

const workloads: Workload[] = [
  { name: 'short answer, non-stream', events: 1, stream: false, requests: 400 },
  { name: 'stream of 50 chunks', events: 50, stream: true, requests: 300 },
  { name: 'stream of 200 chunks', events: 200, stream: true, requests: 150 },
];
const warmup = 50;

let currentEvents = 1;
const upstream = await startBenchUpstream({ events: () => currentEvents });
const accountsDir = await mkdtemp(join(tmpdir(), 'bench-accounts-'));
await writeFile(
  join(accountsDir, 'bench.json'),
  JSON.stringify({
    projectId: 'bench-project',
    credentials: {
      access_token: 'bench-token',
      refresh_token: 'bench-refresh',
      expiry_date: Date.now() + 86_400_000,
    },
  }),
);
const gateway = await startLocalGateway(
  readLocalConfig({
    PORT: '0',
    ACCOUNTS_DIR: accountsDir,
    STATE_DIR: 'memory',
    CODE_ASSIST_ENDPOINT: upstream.url,
    LOG_LEVEL: 'error',
  }),
);

const directUrl = `${upstream.url}/v1internal:streamGenerateContent?alt=sse`;
const directBody = JSON.stringify({
  model: 'gemini-2.5-flash',
  project: 'bench-project',
  request: { contents: [{ role: 'user', parts: [{ text: 'Say something.' }] }] },
});
const jsonHeaders = { 'content-type': 'application/json' };
const directHeaders = { ...jsonHeaders, authorization: 'Bearer bench-token' };

const rows: string[][] = [];
for (const workload of workloads) {
  currentEvents = workload.events;
  const gatewayBody = JSON.stringify({
    model: 'gemini-2.5-flash',
    messages: [{ role: 'user', content: 'Say something.' }],
    stream: workload.stream,
  });
  const direct: Sample[] = [];
  const viaGateway: Sample[] = [];
  for (let index = 0; index < warmup + workload.requests; index += 1) {
    const directSample = await timeRequest(directUrl, directBody, directHeaders);
    const gatewaySample = await timeRequest(`${gateway.url}/v1/chat/completions`, gatewayBody, jsonHeaders);
    if (index < warmup) continue;
    direct.push(directSample);
    viaGateway.push(gatewaySample);
  }
  rows.push(row(workload.name, 'direct', direct));
  rows.push(row(workload.name, 'gateway', viaGateway));
  rows.push(addedRow(workload.name, direct, viaGateway));
}

await gateway.close();
await upstream.close();
await rm(accountsDir, { recursive: true, force: true });

const header = ['workload', 'path', 'first byte p50', 'first byte p99', 'total p50', 'total p99'];
process.stdout.write(`\nGateway overhead (ms, ${process.version}, loopback, sequential requests)\n\n`);
process.stdout.write(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|\n`);
for (const cells of rows) process.stdout.write(`| ${cells.join(' | ')} |\n`);

function stats(samples: readonly Sample[]) {
  const first = samples.map((sample) => sample.firstByteMs);
  const total = samples.map((sample) => sample.totalMs);
  return [percentile(first, 0.5), percentile(first, 0.99), percentile(total, 0.5), percentile(total, 0.99)];
}

function row(workload: string, path: string, samples: readonly Sample[]): string[] {
  return [workload, path, ...stats(samples).map((value) => value.toFixed(2))];
}

function addedRow(workload: string, direct: readonly Sample[], viaGateway: readonly Sample[]): string[] {
  const base = stats(direct);
  const ours = stats(viaGateway);
  return [
    workload,
    '**added by gateway**',
    ...ours.map((value, index) => `+${(value - (base[index] ?? 0)).toFixed(2)}`),
  ];
}
