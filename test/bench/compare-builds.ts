/**
 * `npm run bench:compare -- <git revision>`: the CPU time of a short non-stream request, ours as the
 * working tree has it against ours at another revision, as a ratio that can tell a change of 3% from
 * noise.
 *
 * CPU time per request on this kind of VM moves by a third from minute to minute, for every process at
 * once (`npm run bench` shows it). So the two builds are measured at the same time, on the same core:
 * both servers pinned to the last core, the fake and the load on the others, the same load on both,
 * in rounds; each round gives one ratio. Measured so, one build against itself gave a median of 1.000
 * over 20 rounds, single rounds 0.91–1.07. Instructions (`npm run bench:instructions`) are steadier
 * still, but leave out the kernel, V8's helper threads and the time lost to cache misses; this counts
 * them all.
 *
 * Needs git and taskset (util-linux), and two cores or more; takes about two minutes.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { buildServer } from './build-server.js';
import { type ChildServer, startChildServer } from './child-server.js';
import { benchChat, openAiExchange } from './exchanges.js';
import { percentile, sendRequests } from './measure.js';
import { readCpuMs } from './process-stats.js';
import { compiledServer } from './start-targets.js';

const concurrency = 64;
const warmup = 8_000;
const rounds = 20;
const perRound = 4_000;
const body = benchChat({ events: 1, stream: false });

const run = promisify(execFile);
const revision = process.argv[2];
if (!revision) {
  console.error('usage: npm run bench:compare -- <git revision>   (e.g. HEAD, main~3, a commit)');
  process.exit(1);
}
if (availableParallelism() < 2) {
  console.error('needs two cores or more: the servers get one to themselves');
  process.exit(1);
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const serverCore = String(availableParallelism() - 1);
const otherCores = `0-${availableParallelism() - 2}`;
// The load generator is this process: keep it, and the fake it starts, off the servers' core.
await run('taskset', ['-a', '-p', '-c', otherCores, String(process.pid)]).catch(() => {
  console.error('taskset is not installed: apt-get install util-linux');
  process.exit(1);
});

const { sha, script: baseline } = await compileRevision(revision).catch((error: unknown) => {
  console.error(`cannot build ${revision}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
const current = await buildServer({ entry: fileURLToPath(new URL('servers/gateway.ts', import.meta.url)) });
const fake = await startChildServer({ args: await compiledServer('servers/fake-upstream.ts') });
const startPinned = (script: string) =>
  startChildServer({
    args: () => [script],
    env: { BENCH_UPSTREAM_URL: fake.url },
    wrapper: ['taskset', '-c', serverCore],
    quiet: true,
  });
const servers: ChildServer[] = [];
try {
  servers.push(await startPinned(baseline), await startPinned(current));
  const [before, after] = servers as [ChildServer, ChildServer];
  const load = (count: number) =>
    Promise.all(
      [before, after].map((server) =>
        sendRequests({
          exchange: openAiExchange({ baseUrl: server.url, body }),
          count,
          concurrency,
          expect: 'word0',
        }),
      ),
    );
  await load(warmup);
  const ratios: number[] = [];
  const lines: string[] = [];
  for (let round = 1; round <= rounds; round += 1) {
    const cpuBefore = [readCpuMs(before.pid), readCpuMs(after.pid)];
    await load(perRound);
    const [baselineUs, currentUs] = [before.pid, after.pid].map(
      (pid, index) => ((readCpuMs(pid) - (cpuBefore[index] as number)) * 1000) / perRound,
    ) as [number, number];
    ratios.push(currentUs / baselineUs);
    lines.push(`round ${round}: ${sha} ${baselineUs.toFixed(0)} µs, working tree ${currentUs.toFixed(0)} µs`);
  }
  console.error(lines.join('\n'));
  const sorted = [...ratios].sort((a, b) => a - b);
  console.log(
    `\nCPU per short non-stream request, working tree ÷ ${revision} (${sha}), ${rounds} rounds of ${perRound.toLocaleString('en')}: ` +
      `median ${percentile(ratios, 0.5).toFixed(3)}, range ${sorted[0]?.toFixed(3)}–${sorted.at(-1)?.toFixed(3)}`,
  );
} finally {
  await Promise.all([...servers, fake].map((server) => server.stop()));
}

/** The bench gateway at `revision`, compiled by that revision's own compiler, from a git worktree. */
async function compileRevision(revision: string): Promise<{ sha: string; script: string }> {
  const { stdout } = await run('git', ['-C', root, 'rev-parse', '--short', `${revision}^{commit}`]);
  const sha = stdout.trim();
  const worktree = await mkdtemp(join(tmpdir(), 'bench-compare-'));
  await run('git', ['-C', root, 'worktree', 'add', '--detach', worktree, sha]);
  try {
    await symlink(join(root, 'node_modules'), join(worktree, 'node_modules'));
    const script = join(root, 'node_modules/.cache/gemini-gateway-bench', `gateway-${sha}.mjs`);
    const { compileGateway } = await import(
      pathToFileURL(join(worktree, 'scripts/compile-gateway.mjs')).href
    );
    await compileGateway({ entry: join(worktree, 'test/bench/servers/gateway.ts'), outfile: script });
    return { sha, script };
  } finally {
    await run('git', ['-C', root, 'worktree', 'remove', '--force', worktree]);
    await rm(worktree, { recursive: true, force: true });
  }
}
