import { describe, expect, it } from 'vitest';
import {
  type BenchResults,
  checkForwarding,
  checkRatioTargets,
  checkStoreCalls,
  computeFigures,
  type FigureRow,
  formatTable,
  type LatencySamples,
  type SaturationFigures,
} from './report.js';

const samples = (firstByteMs: number, eventDelayMs = 0): LatencySamples => ({
  firstByteMs: [firstByteMs, firstByteMs, firstByteMs],
  totalMs: [firstByteMs + 1, firstByteMs + 1, firstByteMs + 1],
  eventDelaysMs: [eventDelayMs, eventDelayMs],
});

const saturation = (completed: number, cpuMs?: number, peakMegabytes?: number): SaturationFigures => ({
  completed,
  served: completed,
  elapsedMs: 2_000,
  cpuMs,
  peakRssBytes: peakMegabytes === undefined ? undefined : peakMegabytes * 1024 * 1024,
});

const latency = {
  direct: samples(1, 0.1),
  passthrough: samples(1.2, 0.2),
  ours: samples(1.5, 0.3),
  peer: samples(3, 5),
};

const results: BenchResults = {
  latency: { short: latency, stream: latency, largePrompt: latency, paced: latency },
  saturation: {
    short: {
      direct: saturation(8_000),
      passthrough: saturation(2_000, 1_000),
      ours: saturation(1_000, 2_000),
      peer: saturation(400, 2_000),
    },
    streams64: {
      passthrough: saturation(800, 1_000, 100),
      ours: saturation(400, 2_000, 120),
      peer: saturation(200, 2_000, 150),
    },
    streams256: {
      passthrough: saturation(800, 1_000, 110),
      ours: saturation(400, 2_000, 130),
      peer: saturation(200, 2_000, 190),
    },
  },
  idleRssBytes: { passthrough: 40 * 1024 * 1024, ours: 66 * 1024 * 1024, peer: 90 * 1024 * 1024 },
  eventsPerStream: 200,
  paceMs: 2,
};

function row(rows: readonly FigureRow[], label: string): FigureRow {
  const found = rows.find((candidate) => candidate.label === label);
  if (!found) throw new Error(`no row ${label}`);
  return found;
}

describe('computeFigures', () => {
  it('puts latency as added over direct, with direct’s own as the floor', () => {
    // Act
    const figures = computeFigures(results);

    // Assess
    const firstByte = row(figures, '+first byte p50 (ms), short non-stream');
    expect(firstByte.values.direct).toBe(1);
    expect(firstByte.values.passthrough).toBeCloseTo(0.2);
    expect(firstByte.values.ours).toBeCloseTo(0.5);
    expect(firstByte.values.peer).toBeCloseTo(2);
    expect(firstByte.passthroughBound).toStrictEqual({ atMost: 1.5 });
    expect(row(figures, '+event delay p99 (ms), fake → client').values.ours).toBeCloseTo(0.2);
  });

  it('turns saturation runs into rates, CPU per request and memory', () => {
    // Act
    const figures = computeFigures(results);

    // Assess
    expect(row(figures, 'requests/s, short non-stream @64').values).toStrictEqual({
      direct: 4_000,
      passthrough: 1_000,
      ours: 500,
      peer: 200,
    });
    expect(row(figures, 'chunks/s, 200-chunk streams @64').values.ours).toBe(40_000);
    expect(row(figures, 'CPU ms per request, 200-chunk streams @256').values).toStrictEqual({
      passthrough: 1.25,
      ours: 5,
      peer: 10,
    });
    expect(row(figures, 'resident memory at rest (MB)').values).toStrictEqual({
      passthrough: 40,
      ours: 66,
      peer: 90,
    });
    expect(row(figures, 'memory per stream @256, (peak − at rest) ÷ 256 (KB)').values).toStrictEqual({
      passthrough: 280,
      ours: 256,
      peer: 400,
    });
  });
});

describe('formatTable', () => {
  it('shows each figure per target, direct’s floor in parentheses, ours against passthrough and peer, and the translation floor against passthrough', () => {
    // Prepare
    const rows: FigureRow[] = [
      {
        label: '+first byte p50 (ms), x',
        values: { direct: 1, passthrough: 0.2, translator: 0.25, ours: 0.3, peer: 0.6 },
        better: 'lower',
        decimals: 2,
      },
    ];

    // Act
    const table = formatTable(rows).split('\n');

    // Assess
    expect(table[0]).toBe(
      '| figure | direct | passthrough | minimal translator | ours (embedded store) | ours (DynamoDB Local) | Portkey | ours ÷ passthrough | ours ÷ Portkey | minimal translator ÷ passthrough |',
    );
    expect(table[2]).toBe(
      '| +first byte p50 (ms), x | (1.00) | 0.20 | 0.25 | 0.30 | — | 0.60 | 1.50× | 0.50× | 1.25× |',
    );
  });
});

describe('checkRatioTargets', () => {
  it('checks the bounds against passthrough and being ahead of the peer, for each composition of ours', () => {
    // Prepare
    const rows: FigureRow[] = [
      {
        label: 'requests/s, x',
        values: { passthrough: 100, ours: 85, oursDynamoDb: 70, peer: 80 },
        better: 'higher',
        decimals: 0,
        passthroughBound: { atLeast: 0.8 },
      },
    ];

    // Act
    const checks = checkRatioTargets(rows).map(({ met, detail }) => ({ met, detail }));

    // Assess
    expect(checks).toStrictEqual([
      { met: true, detail: '0.85×' },
      { met: true, detail: '85 vs 80' },
      { met: false, detail: '0.70×' },
      { met: false, detail: '70 vs 80' },
    ]);
  });
});

describe('checkForwarding', () => {
  it('passes when the added median event delay stays under half the pace, and fails past it', () => {
    // Prepare
    const late = {
      ...results,
      latency: { ...results.latency, paced: { ...latency, oursDynamoDb: samples(1, 2.5) } },
    };

    // Act
    const checks = checkForwarding(late).map(({ met, detail }) => ({ met, detail }));

    // Assess
    expect(checks).toStrictEqual([
      { met: true, detail: '+0.20 ms' },
      { met: false, detail: '+2.40 ms' },
    ]);
  });
});

describe('checkStoreCalls', () => {
  it('counts reads and writes per request', () => {
    // Act
    const checks = checkStoreCalls({
      label: 'ours',
      calls: { QueryCommand: 2, GetItemCommand: 1, UpdateItemCommand: 150 },
      requests: 100,
    }).map(({ met, detail }) => ({ met, detail }));

    // Assess
    expect(checks).toStrictEqual([
      { met: true, detail: '0.0300 reads/request' },
      { met: false, detail: '1.5000 writes/request' },
    ]);
  });
});
