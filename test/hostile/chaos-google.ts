/**
 * The chaos mode of the fake Google: every generate call for a chaos request (its user message is
 * `chaos-<n>`) is answered with a fault drawn for that request and attempt from a seeded source, so a
 * run's faults do not depend on how concurrent calls interleave. Healthy accounts never fault. What was
 * sent for each attempt is kept until the request has been judged.
 */
import { createSeededRandom } from '../../lambda/pool/seeded-random.js';
import type { FakeGoogle, GenerateCall } from '../fakes/fake-google.js';
import {
  buildChaosAnswer,
  type ChaosAnswer,
  type ChaosFault,
  type ChaosTimings,
  drawFault,
} from './chaos-faults.js';

export interface ChaosAttempt extends ChaosAnswer {
  /** The account's project, which tells the account apart (`p-<account id>`). */
  project: string;
  fault: ChaosFault;
  /** `r<request>a<attempt>`: the text of this attempt carries it. */
  marker: string;
}

export interface ChaosGoogle {
  /**
   * The attempts Google saw for a request, in the order their bodies arrived: under load a call the
   * gateway already gave up on may arrive after the next one, so order says nothing about which served.
   */
  attemptsOf(request: number): readonly ChaosAttempt[];
  /** Drops a judged request's records, so a long run holds only the requests in flight. */
  forget(request: number): void;
}

export interface InstallChaosInput {
  google: FakeGoogle;
  seed: number;
  /** Projects of the accounts that never fault. */
  healthyProjects: ReadonlySet<string>;
  weights: Readonly<Record<ChaosFault, number>>;
  timings: Omit<ChaosTimings, 'now'>;
  now: () => number;
}

const chaosMessage = /^chaos-(\d+)$/;

export function installChaos({
  google,
  seed,
  healthyProjects,
  weights,
  timings,
  now,
}: InstallChaosInput): ChaosGoogle {
  const attempts = new Map<number, ChaosAttempt[]>();
  const judged = new Set<number>();
  google.setHandler((call) => {
    const request = chaosRequestOf(call);
    // A call the gateway gave up on can reach the fake after its request was judged: nobody reads it.
    if (request === undefined || judged.has(request)) return undefined;
    const seen = attempts.get(request) ?? [];
    attempts.set(request, seen);
    const attempt = seen.length + 1;
    // One source per request and attempt: the same seed gives the same faults however calls interleave.
    const random = createSeededRandom(seed * 1_000_003 + request * 101 + attempt);
    const project = call.project ?? 'unknown';
    const fault = healthyProjects.has(project) ? healthyFault(random) : drawFault({ random, weights });
    const marker = `r${request}a${attempt}`;
    const chunks = 1 + Math.floor(random.next() * 6);
    const built = buildChaosAnswer({ fault, marker, chunks, timings: { ...timings, now: now() } });
    seen.push({ ...built, project, fault, marker });
    // The fake records every call; a long run keeps only what it judges.
    google.calls.splice(0);
    return built.answer;
  });
  return {
    attemptsOf: (request) => attempts.get(request) ?? [],
    forget: (request) => {
      attempts.delete(request);
      judged.add(request);
    },
  };
}

/** A healthy account answers in full, sometimes slowly. */
function healthyFault(random: { next(): number }): ChaosFault {
  return random.next() < 0.1 ? 'slow-drip' : 'none';
}

function chaosRequestOf(call: GenerateCall): number | undefined {
  const contents = call.request.contents as Array<{ parts?: Array<{ text?: unknown }> }> | undefined;
  const text = contents?.[0]?.parts?.[0]?.text;
  const match = typeof text === 'string' ? chaosMessage.exec(text) : null;
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
