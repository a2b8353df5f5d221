/**
 * `npm run bench:cpu`: where the CPU time of a short non-stream request goes, ours (embedded store)
 * beside the minimal translator, in microseconds per request grouped by what the code does
 * (cpu-samples.ts). `npm run bench:instructions` counts instructions, which are steady from run to run
 * but leave out the kernel, V8's helper threads and the time lost to cache misses; this samples the
 * CPU time itself, all threads, so its totals move with the machine (by a third between runs)
 * while the groups' shares stay put.
 *
 * Each server runs on plain node with `--perf-basic-prof`, gets a warm-up (its hot paths compiled, as
 * in a long run), then `perf record -e cpu-clock -g` samples it over a fixed number of requests, 64 at
 * a time. Needs perf (`apt-get install linux-perf`); takes under a minute.
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildServer } from './build-server.js';
import { startChildServer } from './child-server.js';
import { parsePerfScript, tallyGroups } from './cpu-samples.js';
import { benchChat, openAiExchange } from './exchanges.js';
import { sendRequests } from './measure.js';
import { compiledServer } from './start-targets.js';

const concurrency = 64;
const warmup = 10_000;
const counted = 20_000;
const samplingHz = 4_000;
/** Groups under this many µs per request in every column share one row. */
const smallGroupUs = 0.5;
const body = benchChat({ events: 1, stream: false });

const run = promisify(execFile);
if ((await run('perf', ['--version']).catch(() => undefined)) === undefined) {
  console.error('perf is not installed: apt-get install linux-perf');
  process.exit(1);
}

const fake = await startChildServer({ args: await compiledServer('servers/fake-upstream.ts') });
const targets = [
  { label: 'minimal translator', script: 'servers/minimal-translator.ts' },
  { label: 'ours (embedded store)', script: 'servers/gateway.ts' },
];
const tallies = new Map<string, Map<string, number>>();
try {
  for (const target of targets) {
    tallies.set(target.label, await sampleTarget(target.script));
    console.error(`${target.label}: sampled`);
  }
} finally {
  await fake.stop();
}
printTable(tallies);

async function sampleTarget(file: string): Promise<Map<string, number>> {
  const script = await buildServer({ entry: fileURLToPath(new URL(file, import.meta.url)) });
  const server = await startChildServer({
    args: () => ['--perf-basic-prof', script],
    env: { BENCH_UPSTREAM_URL: fake.url },
    quiet: true,
  });
  const directory = await mkdtemp(join(tmpdir(), 'bench-perf-'));
  const data = join(directory, 'perf.data');
  try {
    const exchange = openAiExchange({ baseUrl: server.url, body });
    await sendRequests({ exchange, count: warmup, concurrency, expect: 'word0' });
    const recorder = spawn(
      'perf',
      ['record', '-e', 'cpu-clock', '-F', String(samplingHz), '-g', '-p', String(server.pid), '-o', data],
      { stdio: 'ignore' },
    );
    // perf gives no sign once it is attached; a second is ample, and samples before the load are idle.
    await delay(1_000);
    await sendRequests({ exchange, count: counted, concurrency, expect: 'word0' });
    recorder.kill('SIGINT');
    await once(recorder, 'exit');
    const { stdout } = await run('perf', ['script', '-i', data, '-F', 'tid,ip,sym'], {
      maxBuffer: 1 << 30,
    });
    const map = new SourceMap(JSON.parse(await readFile(`${script}.map`, 'utf8')));
    return tallyGroups({
      samples: parsePerfScript(stdout),
      mainThread: server.pid,
      sourceOf: ({ line, column }) => {
        const entry = map.findEntry(line, column);
        return 'originalSource' in entry ? entry.originalSource : undefined;
      },
      samplingHz,
      requests: counted,
    });
  } finally {
    await server.stop();
    await rm(directory, { recursive: true, force: true });
    // --perf-basic-prof leaves the process's symbol map behind.
    await rm(join(tmpdir(), `perf-${server.pid}.map`), { force: true });
  }
}

function printTable(byTarget: Map<string, Map<string, number>>): void {
  const small = `other (each under ${smallGroupUs} µs)`;
  const allGroups = new Set([...byTarget.values()].flatMap((tally) => [...tally.keys()]));
  const smallGroups = [...allGroups].filter((group) =>
    [...byTarget.values()].every((tally) => (tally.get(group) ?? 0) < smallGroupUs),
  );
  for (const tally of byTarget.values()) {
    for (const group of smallGroups) {
      tally.set(small, (tally.get(small) ?? 0) + (tally.get(group) ?? 0));
      tally.delete(group);
    }
  }
  const labels = [...byTarget.keys()];
  const groups = [...new Set([...byTarget.values()].flatMap((tally) => [...tally.keys()]))];
  const ours = byTarget.get('ours (embedded store)') ?? new Map<string, number>();
  groups.sort((a, b) => (b === small ? -1 : a === small ? 1 : (ours.get(b) ?? 0) - (ours.get(a) ?? 0)));
  const cell = (value: number | undefined) => (value === undefined ? '—' : value.toFixed(1));
  console.log(
    `\nCPU µs per short non-stream request, all threads, ${concurrency} at a time, after ${warmup.toLocaleString('en')} requests of warm-up (perf, ${samplingHz} Hz, ${counted.toLocaleString('en')} requests)\n`,
  );
  console.log(`| group | ${labels.join(' | ')} |\n|---|${labels.map(() => '---:').join('|')}|`);
  for (const group of groups) {
    console.log(`| ${group} | ${labels.map((label) => cell(byTarget.get(label)?.get(group))).join(' | ')} |`);
  }
  const totals = labels.map((label) => [...(byTarget.get(label)?.values() ?? [])].reduce((a, b) => a + b, 0));
  console.log(`| **total** | ${totals.map((total) => `**${total.toFixed(0)}**`).join(' | ')} |`);
}
