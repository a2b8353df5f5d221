/**
 * Child process: the benchmark's fake Gemini API (bench-upstream.ts) on BENCH_PORT, in a process of its
 * own so its work never shares an event loop with a gateway under test or the load generator.
 */
import { startBenchUpstream } from '../bench-upstream.js';

await startBenchUpstream({
  port: Number(process.env.BENCH_PORT),
  paceMs: Number(process.env.BENCH_PACE_MS ?? 2),
  now: () => performance.timeOrigin + performance.now(),
});
