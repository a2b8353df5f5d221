/**
 * One chaos run: a pool of accounts behind the fake Google in chaos mode, a stream of concurrent chat
 * requests (stream and non-stream) through the real local server or the Lambda handler, every answer
 * judged against what Google sent, and the run's figures. The test and `test/bench/chaos.ts` share it.
 *
 * @example
 * const figures = await runChaos({ target: 'local', requests: 5_000, concurrency: 50, seed: 1 });
 * figures.hung; // 0
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createSeededRandom } from '../../lambda/pool/seeded-random.js';
import { fakeOAuthClient, startFakeGoogle } from '../fakes/fake-google.js';
import { type ChaosFault, chaosFaults, defaultFaultWeights } from './chaos-faults.js';
import { installChaos } from './chaos-google.js';
import { type ChaosTargetKind, startChaosTarget } from './chaos-targets.js';
import { type ClientAnswer, type Judgement, judgeChaosAnswer } from './judge-chaos-answer.js';
import { createScanningLogger, type ScanningLogger } from './scanning-logger.js';

export interface ChaosOptions {
  target: ChaosTargetKind;
  requests: number;
  concurrency: number;
  seed: number;
  /** Accounts in the pool (default 5). */
  accounts?: number;
  /** How many of them never fault (default 1): "at least one account healthy at any moment". */
  healthyAccounts?: number;
  /** Share of stream requests (default one half). */
  streamShare?: number;
  firstEventTimeoutMs?: number;
  idleTimeoutMs?: number;
  failoverDeadlineMs?: number;
  weights?: Readonly<Record<ChaosFault, number>>;
  /** Receives every log line of the gateway; pass one to scan them for secrets afterwards. */
  logger?: ScanningLogger;
  /** Sees every answer a client got, e.g. to scan it for secrets. */
  onAnswer?: (answer: ClientAnswer) => void;
}

export interface ChaosFigures {
  target: ChaosTargetKind;
  requests: number;
  concurrency: number;
  accounts: number;
  healthyAccounts: number;
  streamRequests: number;
  successes: number;
  /** Streams whose serving attempt broke after the first event: text, then an error event. */
  brokenMidStream: number;
  /** OpenAI-shaped errors before any text, by status. */
  refusedByStatus: Record<string, number>;
  /** Upstream generate calls, and the most one request made. */
  upstreamAttempts: number;
  maxAttemptsPerRequest: number;
  faultsInjected: Partial<Record<ChaosFault, number>>;
  /** Requests with no answer by the hang limit: must be 0. */
  hung: number;
  /** Answers that broke a promise (wrong text, wrong status, bad shape, over budget): must be 0. */
  corrupted: number;
  /** Answers with text from two attempts or repeated text: must be 0. */
  duplicated: number;
  /** The first few broken promises, for the failure message. */
  violations: string[];
  /** Heap after a full GC at each tenth of the run, in MB. */
  heapSamplesMb: number[];
  /** Heap growth from the second sample (warm) to the last, in MB. */
  heapGrowthMb: number;
  /** The process's peak resident set (gateway, fake Google and clients together), in MB. */
  peakRssMb: number;
  durationMs: number;
  logLines: number;
  /** The gateway's secrets of this run, by name, for scans. */
  secrets: Record<string, string>;
}

const models = ['gemini-2.5-flash', 'gemini-2.5-pro'] as const;
const clientKey = 'sk-chaos-client-key-7f3a9c1e';

export async function runChaos(options: ChaosOptions): Promise<ChaosFigures> {
  const accountCount = options.accounts ?? 5;
  const healthyCount = options.healthyAccounts ?? 1;
  const firstEventTimeoutMs = options.firstEventTimeoutMs ?? 2_000;
  const idleTimeoutMs = options.idleTimeoutMs ?? 2_000;
  const failoverDeadlineMs = options.failoverDeadlineMs ?? 20_000;
  const maxAttempts = accountCount;
  // No request may take longer than the deadline, one more attempt's first-event wait and a stall.
  const hangLimitMs = failoverDeadlineMs + firstEventTimeoutMs + idleTimeoutMs + 5_000;
  const logger = options.logger ?? createScanningLogger();
  const gc = exposeGc();

  const google = await startFakeGoogle();
  const ids = Array.from({ length: accountCount }, (_, index) => `acct-${String.fromCharCode(97 + index)}`);
  const secrets: Record<string, string> = {
    'client key': clientKey,
    'OAuth client secret': fakeOAuthClient.clientSecret,
    'access token': 'ya29.chaos-',
  };
  const accounts: Record<string, Record<string, unknown>> = {};
  for (const id of ids) {
    const refreshToken = `1//chaos-refresh-${id}-${options.seed}`;
    google.addRefreshToken(refreshToken, { accessTokenPrefix: `ya29.chaos-${id}` });
    accounts[id] = {
      id,
      backend: 'code-assist',
      projectId: `p-${id}`,
      credentials: { refresh_token: refreshToken },
    };
    secrets[`refresh token of ${id}`] = refreshToken;
  }
  logger.watch(secrets);
  const healthyProjects = new Set(ids.slice(ids.length - healthyCount).map((id) => `p-${id}`));
  const chaos = installChaos({
    google,
    seed: options.seed,
    healthyProjects,
    weights: options.weights ?? defaultFaultWeights,
    timings: { stallMs: idleTimeoutMs * 2, dripMs: 25 },
    now: () => Date.now(),
  });
  const target = await startChaosTarget({
    kind: options.target,
    google,
    accounts,
    clientKey,
    env: {
      UPSTREAM_FIRST_EVENT_TIMEOUT_MS: String(firstEventTimeoutMs),
      UPSTREAM_IDLE_TIMEOUT_MS: String(idleTimeoutMs),
      FAILOVER_DEADLINE_MS: String(failoverDeadlineMs),
    },
    // Short freezes, so the faulty accounts keep coming back and keep being tried.
    pool: {
      rateLimitBaseMs: 50,
      failureBaseMs: 50,
      maxFreezeMs: 1_000,
      shortWaitMs: 200,
      halfLifeMs: 100,
      maxAttempts,
    },
    logger,
    seed: options.seed,
    concurrency: options.concurrency,
  });

  const figures = {
    successes: 0,
    brokenMidStream: 0,
    refusedByStatus: {} as Record<string, number>,
    upstreamAttempts: 0,
    maxAttemptsPerRequest: 0,
    faultsInjected: {} as Partial<Record<ChaosFault, number>>,
    hung: 0,
    corrupted: 0,
    duplicated: 0,
    violations: [] as string[],
    streamRequests: 0,
  };
  const heapSamplesMb: number[] = [];
  const sampleEvery = Math.max(1, Math.floor(options.requests / 10));
  const random = createSeededRandom(options.seed);
  const plan = Array.from({ length: options.requests }, () => ({
    stream: random.next() < (options.streamShare ?? 0.5),
    model: models[Math.floor(random.next() * models.length)] ?? models[0],
  }));
  const started = Date.now();
  let next = 0;
  let done = 0;

  const note = (violations: readonly string[]) => {
    figures.violations.push(...violations.slice(0, Math.max(0, 20 - figures.violations.length)));
  };
  const record = ({ verdict, status, violations, duplicated }: Judgement & { status: number }) => {
    if (verdict === 'success') figures.successes += 1;
    if (verdict === 'broken-mid-stream') figures.brokenMidStream += 1;
    if (verdict === 'refused') figures.refusedByStatus[status] = (figures.refusedByStatus[status] ?? 0) + 1;
    if (violations.length > 0) figures.corrupted += 1;
    if (duplicated) figures.duplicated += 1;
    note(violations);
  };

  async function worker(): Promise<void> {
    for (let index = next++; index < options.requests; index = next++) {
      const { stream, model } = plan[index] ?? { stream: false, model: models[0] };
      if (stream) figures.streamRequests += 1;
      const body = { model, stream, messages: [{ role: 'user', content: `chaos-${index}` }] };
      try {
        const answer = await target.send({ body, signal: AbortSignal.timeout(hangLimitMs) });
        options.onAnswer?.(answer);
        const attempts = chaos.attemptsOf(index);
        const judgement = judgeChaosAnswer({
          request: index,
          stream,
          answer,
          attempts,
          maxAttempts,
          healthyAccount: healthyCount > 0,
        });
        record({
          ...judgement,
          status: answer.status,
          violations: judgement.violations.map((text) => `#${index}: ${text}`),
        });
        figures.upstreamAttempts += attempts.length;
        figures.maxAttemptsPerRequest = Math.max(figures.maxAttemptsPerRequest, attempts.length);
        for (const { fault } of attempts)
          figures.faultsInjected[fault] = (figures.faultsInjected[fault] ?? 0) + 1;
      } catch (error) {
        // The client gave up waiting (a hang), or the connection broke under it (never acceptable).
        const hung = error instanceof DOMException && error.name === 'TimeoutError';
        if (hung) figures.hung += 1;
        else figures.corrupted += 1;
        note([`#${index}: ${hung ? 'no answer in time' : `the request failed: ${String(error)}`}`]);
      }
      chaos.forget(index);
      done += 1;
      if (done % sampleEvery === 0) heapSamplesMb.push(heapAfterGc(gc));
    }
  }

  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const durationMs = Date.now() - started;
  await target.close();
  await google.close();
  const warm = heapSamplesMb[1] ?? heapSamplesMb[0] ?? 0;
  return {
    target: options.target,
    requests: options.requests,
    concurrency: options.concurrency,
    accounts: accountCount,
    healthyAccounts: healthyCount,
    ...figures,
    faultsInjected: Object.fromEntries(
      chaosFaults.flatMap((fault) =>
        figures.faultsInjected[fault] ? [[fault, figures.faultsInjected[fault]]] : [],
      ),
    ),
    heapSamplesMb,
    heapGrowthMb: round((heapSamplesMb.at(-1) ?? warm) - warm),
    peakRssMb: round(process.resourceUsage().maxRSS / 1024),
    durationMs,
    logLines: Object.values(logger.counts).reduce((sum, count) => sum + count, 0),
    secrets,
  };
}

/** `global.gc`, made available without restarting Node with --expose-gc. */
function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function heapAfterGc(gc: () => void): number {
  gc();
  return round(process.memoryUsage().heapUsed / 1024 / 1024);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
