/**
 * The two ways the benchmark loads its targets. Sequential: one request at a time with a short pause
 * after each, the targets interleaved request by request (who goes first rotates), for latency. Saturation: a closed loop of
 * concurrent requests for a fixed time on each target back to back, after a warm-up, twice in opposite
 * orders, for throughput, CPU per request and memory. Drift on a busy machine hits every target alike.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { ChatBody } from './exchanges.js';
import { type Exchange, type Sample, type SaturationResult, saturate, timeExchange } from './measure.js';
import { readCpuMs, readPeakRssBytes, resetPeakRss } from './process-stats.js';
import type { LatencySamples, SaturationFigures, TargetKey } from './report.js';
import type { Target } from './start-targets.js';

export interface SequentialWorkload {
  body: ChatBody;
  rounds: number;
  /** Rounds run first and not counted (JIT, connection set-up, caches). */
  warmup: number;
  /** Text every answer must contain. */
  expect?: string;
  /** Paced: how many stamped events every answer must carry. */
  expectEvents?: number;
}

/** The pause after each sequential request. */
const pauseMs = 5;

/** Every answer is checked, so a target that answers wrongly cannot look fast. */
export async function runSequential(
  targets: readonly Target[],
  workload: SequentialWorkload,
): Promise<Partial<Record<TargetKey, LatencySamples>>> {
  const exchanges = targets.map((target) => target.exchange(workload.body));
  const samples = new Map<TargetKey, LatencySamples>(
    targets.map((target) => [target.key, { firstByteMs: [], totalMs: [], eventDelaysMs: [] }]),
  );
  for (let round = 0; round < workload.warmup + workload.rounds; round += 1) {
    for (let offset = 0; offset < targets.length; offset += 1) {
      const index = (round + offset) % targets.length;
      const target = targets[index] as Target;
      const sample = await timeExchange(exchanges[index] as Exchange);
      target.served += 1;
      // What a server does after answering (ours records the outcome, the peer processes its logs)
      // finishes before the next request, so each one meets an idle machine, as at low traffic.
      await delay(pauseMs);
      checkAnswer({ target, sample, workload });
      if (round < workload.warmup) continue;
      const collected = samples.get(target.key) as LatencySamples;
      collected.firstByteMs.push(sample.firstByteMs);
      collected.totalMs.push(sample.totalMs);
      collected.eventDelaysMs.push(...sample.eventDelaysMs);
    }
  }
  return Object.fromEntries(samples);
}

function checkAnswer({
  target,
  sample,
  workload,
}: {
  target: Target;
  sample: Sample;
  workload: SequentialWorkload;
}): void {
  const complete =
    (workload.expect === undefined || sample.text.includes(workload.expect)) &&
    (workload.expectEvents === undefined || sample.eventDelaysMs.length === workload.expectEvents);
  if (!complete) throw new Error(`${target.key} gave an incomplete answer: ${sample.text.slice(0, 300)}`);
}

/**
 * Runs `body` on each target under concurrency for `durationMs`, not counted: a server's hot paths are
 * still being compiled for a second or two of load (a larger server's longer), and the benchmark's
 * figures are of the steady state of a server in use, not of its start-up.
 */
export async function warmUp(
  targets: readonly Target[],
  { body, concurrency, durationMs }: { body: ChatBody; concurrency: number; durationMs: number },
): Promise<void> {
  for (const target of targets) await load(target, { body, concurrency, durationMs });
}

/**
 * CPU from /proc over each run; the peak resident set is reset before each run and read after it.
 * Each target is first warmed up with the same load for `warmupMs`.
 */
export async function runSaturation(
  targets: readonly Target[],
  {
    body,
    concurrency,
    durationMs,
    warmupMs,
  }: { body: ChatBody; concurrency: number; durationMs: number; warmupMs: number },
): Promise<Partial<Record<TargetKey, SaturationFigures>>> {
  await warmUp(targets, { body, concurrency, durationMs: warmupMs });
  const figures = new Map<TargetKey, SaturationFigures>();
  for (const order of [targets, [...targets].reverse()]) {
    for (const target of order) {
      const pid = target.server?.pid;
      if (pid !== undefined) resetPeakRss(pid);
      const cpuBefore = pid === undefined ? undefined : readCpuMs(pid);
      const run = await load(target, { body, concurrency, durationMs });
      const cpuMs = pid === undefined || cpuBefore === undefined ? undefined : readCpuMs(pid) - cpuBefore;
      const peakRssBytes = pid === undefined ? undefined : readPeakRssBytes(pid);
      const sum = figures.get(target.key);
      figures.set(target.key, {
        completed: (sum?.completed ?? 0) + run.completed,
        served: (sum?.served ?? 0) + run.served,
        elapsedMs: (sum?.elapsedMs ?? 0) + run.elapsedMs,
        cpuMs: cpuMs === undefined ? undefined : (sum?.cpuMs ?? 0) + cpuMs,
        peakRssBytes: peakRssBytes === undefined ? undefined : Math.max(sum?.peakRssBytes ?? 0, peakRssBytes),
      });
    }
  }
  return Object.fromEntries(figures);
}

/** One closed-loop run on a target, counted in what it served; any failed request stops the benchmark. */
async function load(
  target: Target,
  { body, concurrency, durationMs }: { body: ChatBody; concurrency: number; durationMs: number },
): Promise<SaturationResult> {
  const run = await saturate({ exchange: target.exchange(body), concurrency, durationMs });
  if (run.failed > 0) throw new Error(`${target.key}: ${run.failed} requests failed under load`);
  target.served += run.served;
  return run;
}
