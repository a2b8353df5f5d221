/**
 * Compiles a benchmark server (TypeScript) to one ES module, as the Lambda bundle is built, so each
 * child runs on plain node: no loader thread and no transpiling at run time, whose memory and CPU
 * would be counted against our servers and not against the peer (which ships as JavaScript).
 * Dependencies stay in node_modules (`packages: 'external'`): the output lives under
 * node_modules/.cache so node finds them.
 */
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const outputDirectory = fileURLToPath(
  new URL('../../node_modules/.cache/gemini-gateway-bench/', import.meta.url),
);

/**
 * @example
 * const script = await buildServer({ entry: fileURLToPath(new URL('servers/gateway.ts', import.meta.url)) });
 * spawn(process.execPath, [script]);
 */
export async function buildServer({ entry }: { entry: string }): Promise<string> {
  await mkdir(outputDirectory, { recursive: true });
  const outfile = join(outputDirectory, basename(entry).replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  return outfile;
}
