import { describe, expect, it } from 'vitest';
import { groupOf, parsePerfScript, type SourceOf, tallyGroups } from './cpu-samples.js';

/** `perf script -F tid,ip,sym` as perf prints it: the thread, then a tab-indented frame per line. */
const perfScript = [
  '100 ',
  '\t14d45a2 Builtins_KeyedLoadIC_Megamorphic',
  '\t7f67ef8ad3f2 JS:*pick file:///srv/gateway.mjs:3:10',
  '\t7f67efa0e8d5 JS:^listOnTimeout node:internal/timers:524:25',
  '',
  '100 ',
  '\tffffffff8171f20d tcp_sendmsg_locked',
  '\t14ce0dc Builtins_CallApiCallback',
  '\t7f67efa372fc JS:*clearBuffer node:internal/streams/writable:744:21',
  '',
  '100 ',
  '\t1005301 v8::internal::Scavenger::ScavengeObject',
  '\t14a8be2 uv_run',
  '',
  '101 ',
  '\t1005301 v8::internal::ConcurrentMarking::RunMajor',
  '',
].join('\n');

/** Line 3 of the bundle is the pool; everything else has no mapping. */
const sourceOf: SourceOf = ({ line }) => (line === 2 ? '../../../lambda/pool/account-pool.ts' : undefined);

describe('parsePerfScript', () => {
  it('reads each sample with its thread and its frames, innermost first', () => {
    // Act
    const samples = parsePerfScript(perfScript);

    // Assess
    expect(samples).toHaveLength(4);
    expect(samples[0]).toStrictEqual({
      thread: 100,
      frames: [
        'Builtins_KeyedLoadIC_Megamorphic',
        'JS:*pick file:///srv/gateway.mjs:3:10',
        'JS:^listOnTimeout node:internal/timers:524:25',
      ],
    });
  });
});

describe('groupOf', () => {
  it('charges a sample to the nearest JavaScript frame, through the source map', () => {
    // Prepare
    const samples = parsePerfScript(perfScript);
    const options = { mainThread: 100, sourceOf };

    // Act
    const groups = samples.map((sample) => groupOf(sample, options));

    // Assess
    expect(groups).toStrictEqual([
      'the pool (choosing an account, bookkeeping)',
      "node's HTTP server, sockets and streams",
      'garbage collection on the main thread',
      "helper threads (garbage collection, compiling, the store's worker)",
    ]);
  });

  it("names zod's generated parsers, and a dependency outside the bundle by its package", () => {
    // Prepare
    const generated = { thread: 1, frames: ['Builtins_LoadIC', 'JS:* :3:17'] };
    const outside = {
      thread: 1,
      frames: ['JS:^checkType /app/node_modules/dynalite/validations/index.js:42:22'],
    };

    // Act
    const groups = [generated, outside].map((sample) => groupOf(sample, { mainThread: 1, sourceOf }));

    // Assess
    expect(groups).toStrictEqual(['validation (zod)', 'other JavaScript (dynalite)']);
  });
});

describe('tallyGroups', () => {
  it('turns sample counts into microseconds per request at the sampling rate', () => {
    // Prepare
    const samples = parsePerfScript(perfScript);

    // Act
    const tally = tallyGroups({ samples, mainThread: 100, sourceOf, samplingHz: 4000, requests: 10 });

    // Assess: each sample is 250 µs of CPU, shared by 10 requests.
    expect([...tally.values()]).toStrictEqual([25, 25, 25, 25]);
    expect(tally.has('the pool (choosing an account, bookkeeping)')).toBe(true);
  });
});
