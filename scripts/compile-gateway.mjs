/**
 * How the gateway is compiled to run on plain node: one minified ES module by esbuild, its
 * dependencies inside, as the Lambda bundle is built (lib/node-function.ts). `npm start` runs its
 * output, and the benchmark measures servers compiled the same way. Plain JavaScript, because it runs
 * before anything is compiled.
 *
 * Why one minified module: node keeps the source of every module it loads, and the dependencies are
 * hundreds of modules (the AWS SDK alone is dozens of packages). Loaded from node_modules, the gateway
 * rests at about 10 MB more than bundled and minified; bundled without minifying, it is worse still.
 * The output goes under node_modules/.cache, so what stays outside it is found from there. A source
 * map is written beside it: `NODE_OPTIONS=--enable-source-maps npm start` gives readable stack traces.
 */
import { build } from 'esbuild';

/**
 * The first line of every ES module bundle of the gateway, here and on Lambda (lib/node-function.ts):
 * bundled CommonJS dependencies call require() at load time, which an ES module does not have; this
 * gives them Node's own. The alias avoids clashing with a bundled module's own `createRequire` import.
 */
export const createRequireBanner =
  "import { createRequire as topLevelCreateRequire } from 'node:module'; " +
  'const require = topLevelCreateRequire(import.meta.url);';

/**
 * @param {{ entry: string; outfile: string }} paths absolute paths of the TypeScript entry and the output
 * @returns {Promise<void>}
 */
export async function compileGateway({ entry, outfile }) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    banner: { js: createRequireBanner },
    // Loaded on the first token refresh only (an API-key pool never loads it), so left to node.
    external: ['google-auth-library'],
    logLevel: 'warning',
  });
}
