/**
 * Figures for the gateway function's cold start (`npx tsx test/bench/lambda-cold-start.ts`): bundles
 * lambda/gateway/handler.ts as the stack does (lib/node-function.ts: esbuild, one minified ES module,
 * Node 22, the createRequire banner, a source map without sources, every dependency bundled), reports
 * its size (raw and zipped, as Lambda stores it) and the packages that weigh most, then imports the
 * bundle in fresh `node` processes with the function's environment and reports the median time of
 * the import, which is the module initialisation Lambda runs in its init phase. Runs with and without
 * `--enable-source-maps`, which the stack sets in NODE_OPTIONS.
 *
 * This machine is not a Lambda: at 512 MB an arm64 function gets about a third of a vCPU, so expect
 * Lambda's figures to be a few times these. The point is the comparison between builds.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { createRequireBanner } from '../../scripts/compile-gateway.mjs';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const runs = Number(process.env.RUNS ?? 15);

/** The function's environment as the stack sets it (values are placeholders; nothing is contacted). */
const functionEnvironment = {
  TABLE_NAME: 'GeminiGateway-PoolTable',
  POOL_NAME: 'default',
  ACCOUNT_SECRET_PREFIX: 'gemini-gateway/default/accounts/',
  CLIENT_KEYS_SECRET_ID:
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:gemini-gateway/default/client-keys',
  MODEL_ALIASES: '{}',
  LOG_LEVEL: 'info',
  POWERTOOLS_SERVICE_NAME: 'gemini-gateway',
  POWERTOOLS_METRICS_NAMESPACE: 'GeminiGateway',
  AWS_REGION: 'us-east-1',
  AWS_LAMBDA_FUNCTION_NAME: 'GeminiGateway-Gateway',
};

/** The same esbuild options lib/node-function.ts gives NodejsFunction. */
async function bundleGateway(outdir: string): Promise<{ file: string; metafile: Metafile }> {
  const file = join(outdir, 'index.mjs');
  const result = await build({
    entryPoints: [join(projectRoot, 'lambda/gateway/handler.ts')],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    mainFields: ['module', 'main'],
    banner: { js: createRequireBanner },
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    outfile: file,
    metafile: true,
    logLevel: 'warning',
  });
  return { file, metafile: result.metafile };
}

/** Bytes in the bundle per package (or `project` for our own code), largest first. */
function weighPackages(metafile: Metafile): Array<[string, number]> {
  const weights = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
      const name = match?.[1] ?? 'project';
      weights.set(name, (weights.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...weights].sort(([, left], [, right]) => right - left);
}

/** One fresh process: ms to import the bundle (init), and the process's whole wall time. */
function timeImport({ file, nodeOptions }: { file: string; nodeOptions: string }): {
  importMs: number;
  processMs: number;
} {
  const script = `const started = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - started);`;
  const started = performance.now();
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...functionEnvironment, NODE_OPTIONS: nodeOptions, PATH: process.env.PATH ?? '' },
    encoding: 'utf8',
  });
  return { importMs: Number(output.trim().split('\n').at(-1)), processMs: performance.now() - started };
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

async function main(): Promise<void> {
  const outdir = await mkdtemp(join(tmpdir(), 'gateway-bundle-'));
  try {
    const { file, metafile } = await bundleGateway(outdir);
    const code = await readFile(file);
    const map = await stat(`${file}.map`);
    const lines = [
      `Gateway bundle (lambda/gateway/handler.ts, as the stack builds it):`,
      `  index.mjs      ${kilobytes(code.length)} (${kilobytes(gzipSync(code).length)} gzipped)`,
      `  index.mjs.map  ${kilobytes(map.size)}`,
      '  heaviest packages:',
      ...weighPackages(metafile)
        .slice(0, 10)
        .map(([name, bytes]) => `    ${name.padEnd(40)} ${kilobytes(bytes).padStart(9)}`),
    ];
    // Node's own start, for scale: the same process importing nothing.
    const emptyFile = join(outdir, 'empty.mjs');
    await writeFile(emptyFile, '');
    const variants = [
      { label: 'empty module (node baseline)', file: emptyFile, nodeOptions: '' },
      { label: 'bundle', file, nodeOptions: '' },
      { label: 'bundle, --enable-source-maps', file, nodeOptions: '--enable-source-maps' },
    ];
    // Interleaved, so a busy machine slows every variant alike.
    const measured = variants.map((variant) => ({
      variant,
      imports: [] as number[],
      processes: [] as number[],
    }));
    for (let run = 0; run < runs; run += 1) {
      for (const { variant, imports, processes } of measured) {
        const { importMs, processMs } = timeImport(variant);
        imports.push(importMs);
        processes.push(processMs);
      }
    }
    for (const { variant, imports, processes } of measured) {
      lines.push(
        `${variant.label.padEnd(30)} import median ${median(imports).toFixed(0).padStart(4)} ms (min ${Math.min(...imports).toFixed(0)}), ` +
          `whole process median ${median(processes).toFixed(0)} ms, ${runs} runs`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

await main();
