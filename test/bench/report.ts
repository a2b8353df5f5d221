/**
 * The benchmark's figures as one markdown table (a row per figure, a column per target, then ours
 * against the passthrough and the peer) and the targets checked from the same numbers. Pure:
 * run.ts measures, this file only computes and formats.
 */
import { percentile } from './measure.js';

export const targetKeys = ['direct', 'passthrough', 'translator', 'ours', 'oursDynamoDb', 'peer'] as const;
export type TargetKey = (typeof targetKeys)[number];
/** The two compositions of ours that the targets apply to. */
export const ourKeys = ['ours', 'oursDynamoDb'] as const;

export const targetLabels: Record<TargetKey, string> = {
  direct: 'direct',
  passthrough: 'passthrough',
  translator: 'minimal translator',
  ours: 'ours (embedded store)',
  oursDynamoDb: 'ours (DynamoDB Local)',
  peer: 'Portkey',
};

/** Samples of one sequential workload on one target. */
export interface LatencySamples {
  firstByteMs: number[];
  totalMs: number[];
  eventDelaysMs: number[];
}

/** One saturation workload on one target, summed over its passes. */
export interface SaturationFigures {
  /** Requests read to the end within the runs' windows. */
  completed: number;
  /** Every request answered, those that finished after a window closed included. */
  served: number;
  elapsedMs: number;
  /** CPU time of the target's process over the runs; undefined for direct (no process in between). */
  cpuMs: number | undefined;
  /** Highest resident set of the target's process in any run, in bytes. */
  peakRssBytes: number | undefined;
}

type PerTarget<T> = Partial<Record<TargetKey, T>>;

export interface BenchResults {
  latency: {
    short: PerTarget<LatencySamples>;
    stream: PerTarget<LatencySamples>;
    largePrompt: PerTarget<LatencySamples>;
    paced: PerTarget<LatencySamples>;
  };
  saturation: {
    short: PerTarget<SaturationFigures>;
    streams64: PerTarget<SaturationFigures>;
    streams256: PerTarget<SaturationFigures>;
  };
  /** Resident set of each target's process at rest: after start-up and an idle wait, before any load. */
  idleRssBytes: PerTarget<number>;
  /** Events in each stream of the saturation stream workloads. */
  eventsPerStream: number;
  /** The pause between paced events; an event held back for the next one would be late by this much. */
  paceMs: number;
}

export interface FigureRow {
  label: string;
  /** For direct: the absolute floor (latency rows), shown in parentheses. */
  values: PerTarget<number>;
  better: 'lower' | 'higher';
  decimals: number;
  /** The bound on ours ÷ passthrough, when it sets one. */
  passthroughBound?: { atLeast?: number; atMost?: number };
}

/** The figures, in the order the table shows them. */
export function computeFigures(results: BenchResults): FigureRow[] {
  const { latency, saturation, eventsPerStream } = results;
  return [
    ...addedLatencyRows({ name: 'short non-stream', samples: latency.short, pick: 'firstByteMs' }),
    ...addedLatencyRows({
      name: `stream of ${eventsPerStream}`,
      samples: latency.stream,
      pick: 'firstByteMs',
    }),
    addedLatencyRow({
      label: `+last byte p50 (ms), stream of ${eventsPerStream}`,
      samples: latency.stream,
      pick: 'totalMs',
      fraction: 0.5,
    }),
    ...addedLatencyRows({ name: '1 MB prompt + tools', samples: latency.largePrompt, pick: 'firstByteMs' }),
    addedLatencyRow({
      label: '+event delay p50 (ms), fake → client',
      samples: latency.paced,
      pick: 'eventDelaysMs',
      fraction: 0.5,
    }),
    addedLatencyRow({
      label: '+event delay p99 (ms), fake → client',
      samples: latency.paced,
      pick: 'eventDelaysMs',
      fraction: 0.99,
    }),
    ...saturationRows({ name: 'short non-stream @64', figures: saturation.short, eventsPerRequest: 1 }),
    ...saturationRows({
      name: `${eventsPerStream}-chunk streams @64`,
      figures: saturation.streams64,
      eventsPerRequest: eventsPerStream,
    }),
    ...saturationRows({
      name: `${eventsPerStream}-chunk streams @256`,
      figures: saturation.streams256,
      eventsPerRequest: eventsPerStream,
    }),
    {
      label: 'resident memory at rest (MB)',
      values: mapTargets(results.idleRssBytes, (bytes) => bytes / 1024 / 1024),
      better: 'lower',
      decimals: 1,
    },
    {
      label: `memory per stream @256, (peak − at rest) ÷ 256 (KB)`,
      values: mapTargets(saturation.streams256, (figures, key) => {
        const idle = results.idleRssBytes[key];
        if (figures.peakRssBytes === undefined || idle === undefined) return undefined;
        return (figures.peakRssBytes - idle) / 256 / 1024;
      }),
      better: 'lower',
      decimals: 0,
    },
  ];
}

function addedLatencyRows({
  name,
  samples,
  pick,
}: {
  name: string;
  samples: PerTarget<LatencySamples>;
  pick: keyof LatencySamples;
}): FigureRow[] {
  return [0.5, 0.99].map((fraction) =>
    addedLatencyRow({
      label: `+first byte p${fraction * 100} (ms), ${name}`,
      samples,
      pick,
      fraction,
      passthroughBound: fraction === 0.5 ? { atMost: 1.5 } : undefined,
    }),
  );
}

/** Each target's percentile minus direct's; direct's own cell holds the absolute floor. */
function addedLatencyRow({
  label,
  samples,
  pick,
  fraction,
  passthroughBound,
}: {
  label: string;
  samples: PerTarget<LatencySamples>;
  pick: keyof LatencySamples;
  fraction: number;
  passthroughBound?: FigureRow['passthroughBound'];
}): FigureRow {
  const floor = samples.direct ? percentile(samples.direct[pick], fraction) : 0;
  const values = mapTargets(samples, (target, key) => {
    const value = percentile(target[pick], fraction);
    return key === 'direct' ? value : value - floor;
  });
  return { label, values, better: 'lower', decimals: 2, ...(passthroughBound ? { passthroughBound } : {}) };
}

function saturationRows({
  name,
  figures,
  eventsPerRequest,
}: {
  name: string;
  figures: PerTarget<SaturationFigures>;
  eventsPerRequest: number;
}): FigureRow[] {
  const perSecond = (figure: SaturationFigures) => (figure.completed * 1000) / figure.elapsedMs;
  const rows: FigureRow[] = [
    {
      label: `requests/s, ${name}`,
      values: mapTargets(figures, perSecond),
      better: 'higher',
      decimals: 0,
      passthroughBound: { atLeast: 0.8 },
    },
  ];
  if (eventsPerRequest > 1) {
    rows.push({
      label: `chunks/s, ${name}`,
      values: mapTargets(figures, (figure) => perSecond(figure) * eventsPerRequest),
      better: 'higher',
      decimals: 0,
    });
  }
  rows.push({
    label: `CPU ms per request, ${name}`,
    values: mapTargets(figures, (figure) =>
      // The CPU reading covers the requests still in flight when a window closed, so all served count.
      figure.cpuMs === undefined ? undefined : figure.cpuMs / Math.max(1, figure.served),
    ),
    better: 'lower',
    decimals: 3,
  });
  if (eventsPerRequest > 1) {
    rows.push({
      label: `peak RSS (MB), ${name}`,
      values: mapTargets(figures, (figure) =>
        figure.peakRssBytes === undefined ? undefined : figure.peakRssBytes / 1024 / 1024,
      ),
      better: 'lower',
      decimals: 1,
    });
  }
  return rows;
}

function mapTargets<T>(
  perTarget: PerTarget<T>,
  map: (value: T, key: TargetKey) => number | undefined,
): PerTarget<number> {
  const values: PerTarget<number> = {};
  for (const key of targetKeys) {
    const value = perTarget[key];
    const mapped = value === undefined ? undefined : map(value, key);
    if (mapped !== undefined && Number.isFinite(mapped)) values[key] = mapped;
  }
  return values;
}

/** ours ÷ other; undefined when either is missing. */
export function ratio(row: FigureRow, ours: TargetKey, other: TargetKey): number | undefined {
  const mine = row.values[ours];
  const theirs = row.values[other];
  if (mine === undefined || theirs === undefined || theirs === 0) return undefined;
  return mine / theirs;
}

/**
 * The table: a row per figure, a column per target, then ours (embedded store) ÷ passthrough and ÷ peer,
 * and the minimal translator ÷ passthrough: the best ratio any translating gateway could show.
 */
export function formatTable(rows: readonly FigureRow[]): string {
  const ratioColumns = [
    { label: 'ours ÷ passthrough', mine: 'ours', other: 'passthrough' },
    { label: 'ours ÷ Portkey', mine: 'ours', other: 'peer' },
    { label: 'minimal translator ÷ passthrough', mine: 'translator', other: 'passthrough' },
  ] as const;
  const header = [...targetKeys.map((key) => targetLabels[key]), ...ratioColumns.map(({ label }) => label)];
  const lines = [`| figure | ${header.join(' | ')} |`, `|---|${header.map(() => '---:').join('|')}|`];
  for (const row of rows) {
    const cells = targetKeys.map((key) => {
      const value = row.values[key];
      if (value === undefined) return '—';
      const text = value.toFixed(row.decimals);
      return key === 'direct' && row.label.startsWith('+') ? `(${text})` : text;
    });
    const ratios = ratioColumns.map(({ mine, other }) => {
      const value = ratio(row, mine, other);
      return value === undefined ? '—' : `${value.toFixed(2)}×`;
    });
    lines.push(`| ${row.label} | ${[...cells, ...ratios].join(' | ')} |`);
  }
  return lines.join('\n');
}

export interface TargetCheck {
  target: string;
  met: boolean;
  detail: string;
}

/**
 * The ratio targets, for both compositions of ours: within the bounds set against the
 * passthrough, and ahead of the peer on every figure.
 */
export function checkRatioTargets(rows: readonly FigureRow[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const ours of ourKeys) {
    for (const row of rows) {
      const bound = row.passthroughBound;
      const versusPassthrough = ratio(row, ours, 'passthrough');
      if (bound && versusPassthrough !== undefined) {
        const met =
          (bound.atLeast === undefined || versusPassthrough >= bound.atLeast) &&
          (bound.atMost === undefined || versusPassthrough <= bound.atMost);
        const limit = bound.atLeast === undefined ? `≤ ${bound.atMost}×` : `≥ ${bound.atLeast}×`;
        checks.push({
          target: `${targetLabels[ours]} vs passthrough, ${row.label}: ${limit}`,
          met,
          detail: `${versusPassthrough.toFixed(2)}×`,
        });
      }
      const mine = row.values[ours];
      const peer = row.values.peer;
      if (mine !== undefined && peer !== undefined) {
        checks.push({
          target: `${targetLabels[ours]} ahead of Portkey, ${row.label}`,
          met: row.better === 'lower' ? mine < peer : mine > peer,
          detail: `${mine.toFixed(row.decimals)} vs ${peer.toFixed(row.decimals)}`,
        });
      }
    }
  }
  return checks;
}

/**
 * Events are forwarded as they arrive: for each composition of ours the median added delay stays under
 * half the pause between events. An event held back for the next one (batching) is late by about the
 * pause, so batching moves the median; the p99 (in the table) is jitter from garbage collection and
 * background work such as the pool's writes, which a 300-sample tail on a shared machine cannot tell apart.
 */
export function checkForwarding(results: BenchResults): TargetCheck[] {
  const direct = results.latency.paced.direct;
  if (!direct) return [];
  const floor = percentile(direct.eventDelaysMs, 0.5);
  const bound = results.paceMs / 2;
  return ourKeys.flatMap((ours) => {
    const samples = results.latency.paced[ours];
    if (!samples) return [];
    const added = percentile(samples.eventDelaysMs, 0.5) - floor;
    return [
      {
        target: `${targetLabels[ours]} forwards each event as it arrives (added p50 delay < ${bound} ms, half the pace)`,
        met: added < bound,
        detail: `+${added.toFixed(2)} ms`,
      },
    ];
  });
}

/** DynamoDB calls per request served, by kind: the pool may read (cached) once and write once. */
export function checkStoreCalls({
  label,
  calls,
  requests,
}: {
  label: string;
  calls: Record<string, number>;
  requests: number;
}): TargetCheck[] {
  const sum = (commands: readonly string[]) =>
    commands.reduce((total, command) => total + (calls[command] ?? 0), 0);
  const reads = sum(['QueryCommand', 'GetItemCommand']) / requests;
  const writes = sum(['UpdateItemCommand', 'PutItemCommand']) / requests;
  return [
    {
      target: `${label}: at most one DynamoDB read per request`,
      met: reads <= 1,
      detail: `${reads.toFixed(4)} reads/request`,
    },
    {
      target: `${label}: at most one DynamoDB write per request`,
      met: writes <= 1,
      detail: `${writes.toFixed(4)} writes/request`,
    },
  ];
}
