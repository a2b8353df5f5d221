/**
 * Runs one strategy through a scenario on a simulated clock and measures what the client and Google
 * saw. Requests are served one after another at their arrival times; an upstream call takes no
 * simulated time, so the clock moves only between arrivals and while the pool waits out a thaw.
 */
import { createSeededRandom } from '../../../lambda/pool/seeded-random.js';
import { createTestClock } from '../../fakes/test-clock.js';
import type { Scenario } from './scenario.js';
import { SimulatedAccount } from './simulated-account.js';
import type { CallAccount, StrategyFactory } from './strategies.js';

export interface SimulationMetrics {
  strategy: string;
  requests: number;
  /** Share of requests the client got an answer for. */
  clientSuccessRate: number;
  /** Upstream calls per client request (1 is perfect). */
  attemptsPerRequest: number;
  /** Calls sent to an account that was over its per-minute limit or out of daily quota (answered 429). */
  limitedAttempts: number;
  /**
   * Requests after the bad account turned bad until it gets under 5% of first attempts in each of the
   * next five runs of 50 requests (a blip of luck does not count); undefined when that never happens.
   */
  requestsToShift: number | undefined;
  /** Mean time a request spent waiting for a thaw. */
  meanWaitMs: number;
}

const shiftWindow = 50;
const shiftWindows = 5;
const shiftShare = 0.05;

export async function runSimulation({
  scenario,
  createStrategy,
}: {
  scenario: Scenario;
  createStrategy: StrategyFactory;
}): Promise<SimulationMetrics> {
  const clock = createTestClock({ start: scenario.start });
  const accounts = scenario.accounts.map(
    (profile, index) =>
      new SimulatedAccount(profile, createSeededRandom(scenario.seed + index + 1), scenario.start),
  );
  const byId = new Map(accounts.map((account) => [account.id, account]));
  const strategy = createStrategy({
    scenario,
    clock,
    accounts,
    random: createSeededRandom(scenario.seed - 1),
  });
  const arrivals = generateArrivals(scenario);
  const firstChoices: Array<string | undefined> = [];
  let attempts = 0;
  let limitedAttempts = 0;
  let succeeded = 0;
  let waitedMs = 0;

  for (const arrival of arrivals) {
    // A request that waited for a thaw may have pushed the clock past this arrival: time never runs back.
    clock.advance(Math.max(0, arrival - clock.now()));
    let first: string | undefined;
    const call: CallAccount = async (accountId) => {
      attempts += 1;
      first ??= accountId;
      const failure = byId.get(accountId)?.call(clock.now());
      if (!failure) return;
      if (failure.failure === 'rate_limited' || failure.failure === 'quota_exhausted') limitedAttempts += 1;
      throw failure;
    };
    const before = clock.now();
    if (await strategy.serve(call)) succeeded += 1;
    waitedMs += clock.now() - before;
    firstChoices.push(first);
  }

  return {
    strategy: strategy.name,
    requests: arrivals.length,
    clientSuccessRate: succeeded / arrivals.length,
    attemptsPerRequest: attempts / arrivals.length,
    limitedAttempts,
    requestsToShift: countRequestsToShift({ scenario, arrivals, firstChoices }),
    meanWaitMs: waitedMs / arrivals.length,
  };
}

/** A Poisson arrival process at the scenario's rate, from its seed. */
function generateArrivals({ start, durationMs, requestsPerSecond, seed }: Scenario): number[] {
  const random = createSeededRandom(seed);
  const arrivals: number[] = [];
  for (let at = start; ; ) {
    at += (-Math.log(1 - random.next()) / requestsPerSecond) * 1000;
    if (at >= start + durationMs) return arrivals;
    arrivals.push(at);
  }
}

function countRequestsToShift({
  scenario,
  arrivals,
  firstChoices,
}: {
  scenario: Scenario;
  arrivals: readonly number[];
  firstChoices: ReadonlyArray<string | undefined>;
}): number | undefined {
  const { accountId, atMs } = scenario.goesBad;
  const from = arrivals.findIndex((arrival) => arrival >= scenario.start + atMs);
  if (from < 0) return undefined;
  const shareFrom = (index: number) =>
    firstChoices.slice(index, index + shiftWindow).filter((choice) => choice === accountId).length /
    shiftWindow;
  for (let index = from; index + shiftWindow * shiftWindows <= firstChoices.length; index += 1) {
    const windows = Array.from({ length: shiftWindows }, (_, window) =>
      shareFrom(index + window * shiftWindow),
    );
    if (windows.every((share) => share < shiftShare)) return index - from;
  }
  return undefined;
}
