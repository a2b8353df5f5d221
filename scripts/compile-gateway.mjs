/**
 * How the gateway is compiled to run on plain node: one ES module by esbuild, dependencies left in
 * node_modules (the output goes under node_modules/.cache, so node finds them from there). `npm start`
 * runs its output, and the benchmark measures servers compiled the same way. Plain JavaScript, because
 * it runs before anything is compiled.
 */
import { build } from 'esbuild';

/**
 * @param {{ entry: string; outfile: string }} paths absolute paths of the TypeScript entry and the output
 * @returns {Promise<void>}
 */
export async function compileGateway({ entry, outfile }) {
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
}
