/**
 * The chaos scenario of test/hostile/chaos.test.ts at full size, with its figures as a Markdown table
 * (the README's Reliability section): 5,000 requests at concurrency 50 through the local server with
 * one healthy account of five, 1,000 through the Lambda handler, and 1,000 with no healthy account.
 *
 *   npx tsx test/bench/chaos.ts [requests=5000]
 */
import { formatChaosFigures } from '../hostile/format-chaos-figures.js';
import { type ChaosFigures, runChaos } from '../hostile/run-chaos.js';

const requests = Number(process.argv[2] ?? 5_000);
const runs: ChaosFigures[] = [];
runs.push(await runChaos({ target: 'local', requests, concurrency: 50, seed: 1 }));
runs.push(await runChaos({ target: 'lambda', requests: Math.ceil(requests / 5), concurrency: 20, seed: 2 }));
runs.push(
  await runChaos({
    target: 'local',
    requests: Math.ceil(requests / 5),
    concurrency: 50,
    seed: 3,
    healthyAccounts: 0,
  }),
);
process.stdout.write(`${formatChaosFigures(runs)}\n`);
const broken = runs.some((run) => run.hung > 0 || run.corrupted > 0 || run.duplicated > 0);
for (const violation of runs.flatMap((run) => run.violations)) process.stderr.write(`${violation}\n`);
process.exitCode = broken ? 1 : 0;
