/**
 * The routing benchmark (`npx tsx test/bench/routing.ts`): runs the seeded scenario through each
 * strategy, prints a markdown table and the targets, and exits non-zero when a target is missed.
 */
import { checkTargets, formatTable } from './routing/format-report.js';
import { runSimulation } from './routing/run-simulation.js';
import { defaultScenario } from './routing/scenario.js';
import {
  oracle,
  randomWithFreezes,
  roundRobin,
  roundRobinWithFreezes,
  thompsonSampling,
  uniformRandom,
} from './routing/strategies.js';

const startedAt = performance.now();
const strategies = [
  thompsonSampling,
  roundRobinWithFreezes,
  randomWithFreezes,
  roundRobin,
  uniformRandom,
  oracle,
];
const rows = [];
for (const createStrategy of strategies)
  rows.push(await runSimulation({ scenario: defaultScenario, createStrategy }));
const [ours, , , plainRoundRobin, plainRandom, best] = rows;
if (!ours || !plainRoundRobin || !plainRandom || !best) throw new Error('a strategy did not run');

const minutes = defaultScenario.durationMs / 60_000;
console.log(
  `Routing benchmark: ${ours.requests} requests over ${minutes} simulated minutes, ` +
    `${defaultScenario.accounts.length} accounts, seed ${defaultScenario.seed}.\n`,
);
console.log(formatTable(rows));
console.log('');
const checks = checkTargets({ ours, oracle: best, baselines: [plainRoundRobin, plainRandom] });
for (const check of checks) console.log(`${check.met ? 'PASS' : 'FAIL'} ${check.target}: ${check.detail}`);
console.log(`\n(${((performance.now() - startedAt) / 1000).toFixed(1)} s)`);
if (checks.some((check) => !check.met)) process.exitCode = 1;
