/**
 * Where a server's CPU time goes, from `perf record -e cpu-clock -g` samples of a node process run with
 * `--perf-basic-prof` (which names V8's compiled JavaScript in perf's output). Each sample is charged to
 * the nearest JavaScript frame on its stack, so the builtins, runtime functions and system calls a
 * function calls count as that function's. The frame's source file (through the bundle's source map)
 * puts the sample in one of a few groups: what the gateway does, named for a reader.
 * https://man7.org/linux/man-pages/man1/perf-script.1.html
 */

/** One sample of `perf script -F tid,ip,sym`: its thread and its frames' symbols, innermost first. */
export interface CpuSample {
  thread: number;
  frames: string[];
}

/**
 * @example
 * parsePerfScript('42 \n\tffff Builtins_LoadIC\n\t7f00 JS:*f file:///s.mjs:1:2\n') // → [{ thread: 42, frames: ['Builtins_LoadIC', 'JS:*f file:///s.mjs:1:2'] }]
 */
export function parsePerfScript(text: string): CpuSample[] {
  const samples: CpuSample[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const [header, ...lines] = block.split('\n').filter((line) => line.trim() !== '');
    if (header === undefined) continue;
    const frames = lines.map((line) => line.trim().replace(/^[0-9a-f]+\s+/, ''));
    samples.push({ thread: Number(header.trim()), frames });
  }
  return samples;
}

/** Where a compiled script's position came from: a path as the source map names it, or undefined. */
export type SourceOf = (position: { line: number; column: number }) => string | undefined;

/** The groups, in the order a sample's source is tried against them. */
const groups: ReadonlyArray<readonly [RegExp, string]> = [
  [/^node:internal\/process\/(task_queues|promises)$/, 'promises and async functions (microtasks)'],
  [/^node:/, "node's HTTP server, sockets and streams"],
  [/(^|\/)undici\/|^wasm$/, 'undici (the call to Google)'],
  [/(^|\/)zod\/|^generated$|lambda\/openai\/chat-request\.ts$|lambda\/gemini\//, 'validation (zod)'],
  [/@aws-lambda-powertools\/|lambda\/core\/create-logger\.ts$/, 'log lines (Powertools)'],
  // The AWS SDK on the main thread is the pool's store client.
  [/lambda\/pool\/|@aws-sdk\/|@smithy\//, 'the pool (choosing an account, bookkeeping)'],
  [/lambda\/upstream\/|(^|\/)eventsource-parser\//, "reading Google's answer (SSE, watchdog, priming)"],
  [/lambda\/translate\/|lambda\/openai\//, 'translation'],
  [/lambda\//, 'the rest of the request path (routing, body, response)'],
  [/test\/bench\/servers\//, "the benchmark server's own code"],
  [/^gc$/, 'garbage collection on the main thread'],
  [/^native$/, 'the event loop and system calls (no JavaScript on the stack)'],
  [/^helper$/, "helper threads (garbage collection, compiling, the store's worker)"],
];

/**
 * The group of one sample. `mainThread` is the process id (node's event loop runs on its first
 * thread); `sourceOf` maps a position in the compiled script.
 */
export function groupOf(
  sample: CpuSample,
  { mainThread, sourceOf }: { mainThread: number; sourceOf: SourceOf },
): string {
  const source = sample.thread === mainThread ? sourceOfSample(sample, sourceOf) : 'helper';
  return groups.find(([pattern]) => pattern.test(source))?.[1] ?? `other JavaScript (${packageOf(source)})`;
}

/** `@scope/name` or `name` of a path inside a package; the path itself otherwise. */
function packageOf(path: string): string {
  const [first, second] = path.split('/');
  return first?.startsWith('@') ? `${first}/${second}` : (first ?? path);
}

function sourceOfSample({ frames }: CpuSample, sourceOf: SourceOf): string {
  const frame = frames.find((symbol) => symbol.startsWith('JS:'));
  if (frame === undefined) {
    return frames.some((symbol) => /Scavenge|MarkCompact|Heap::/.test(symbol)) ? 'gc' : 'native';
  }
  if (frame.includes('wasm')) return 'wasm';
  const script = /file:\/\/\S+?:(\d+):(\d+)$/.exec(frame);
  if (script) {
    const path = sourceOf({ line: Number(script[1]) - 1, column: Number(script[2]) - 1 });
    return path === undefined ? 'script' : path.replace(/^(\.\.\/)+/, '').replace(/^.*node_modules\//, '');
  }
  const builtin = /\s(node:[^:\s]+)/.exec(frame);
  if (builtin) return builtin[1] as string;
  const file = /\s(\/\S+?):\d+:\d+$/.exec(frame);
  if (file) return (file[1] as string).replace(/^.*node_modules\//, '');
  // zod compiles a parser for each object schema with `new Function`: code with no script name.
  return /^JS:\S*\s+:\d+:\d+$/.test(frame) ? 'generated' : 'script';
}

/** Microseconds per request of each group, largest first. */
export function tallyGroups({
  samples,
  mainThread,
  sourceOf,
  samplingHz,
  requests,
}: {
  samples: readonly CpuSample[];
  mainThread: number;
  sourceOf: SourceOf;
  samplingHz: number;
  requests: number;
}): Map<string, number> {
  const counts = new Map<string, number>();
  for (const sample of samples) {
    const group = groupOf(sample, { mainThread, sourceOf });
    counts.set(group, (counts.get(group) ?? 0) + 1);
  }
  const perSampleUs = 1e6 / samplingHz;
  return new Map(
    [...counts]
      .sort(([, a], [, b]) => b - a)
      .map(([group, count]) => [group, (count * perSampleUs) / requests] as const),
  );
}
