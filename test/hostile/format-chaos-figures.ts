/** Chaos runs' figures as a Markdown table, one column per run, for the console and the README. */
import type { ChaosFigures } from './run-chaos.js';

export function formatChaosFigures(runs: readonly ChaosFigures[]): string {
  const rows: Array<[string, (figures: ChaosFigures) => string]> = [
    ['target', (figures) => (figures.target === 'local' ? 'local server' : 'Lambda handler (shim)')],
    [
      'requests (stream / non-stream)',
      (f) => `${f.requests} (${f.streamRequests} / ${f.requests - f.streamRequests})`,
    ],
    ['concurrency', (figures) => String(figures.concurrency)],
    ['accounts (healthy)', (figures) => `${figures.accounts} (${figures.healthyAccounts})`],
    [
      'upstream attempts (faults injected)',
      (f) =>
        `${f.upstreamAttempts} (${f.upstreamAttempts - (f.faultsInjected.none ?? 0) - (f.faultsInjected['slow-drip'] ?? 0)})`,
    ],
    ['complete answers', (f) => `${f.successes} (${percent(f.successes, f.requests)})`],
    ['streams broken after the first byte (error event)', (f) => String(f.brokenMidStream)],
    ['refused before the first byte, by status', (f) => describeCounts(f.refusedByStatus)],
    ['max upstream attempts per request', (f) => String(f.maxAttemptsPerRequest)],
    ['hung requests', (f) => String(f.hung)],
    ['corrupted or duplicated answers', (f) => `${f.corrupted} / ${f.duplicated}`],
    ['heap growth after warm-up (MB)', (f) => String(f.heapGrowthMb)],
    ['peak RSS (MB)', (f) => String(f.peakRssMb)],
    ['duration (s)', (f) => (f.durationMs / 1000).toFixed(1)],
  ];
  const header = `| | ${runs.map((_, index) => `run ${index + 1}`).join(' | ')} |`;
  const divider = `|---|${runs.map(() => '---').join('|')}|`;
  const lines = rows.map(([label, value]) => `| ${label} | ${runs.map(value).join(' | ')} |`);
  return [header, divider, ...lines].join('\n');
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((part / whole) * 100).toFixed(2)}%`;
}

function describeCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts);
  return entries.length === 0 ? 'none' : entries.map(([status, count]) => `${status}: ${count}`).join(', ');
}
