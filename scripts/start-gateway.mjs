/**
 * `npm start`: compiles the local gateway (lambda/local/main.ts) to one ES module with esbuild and runs
 * it in this process, on plain node. Under a TypeScript loader the gateway would carry the loader's
 * thread and transpile cache (about 40 MB more resident, and a slower start); compiled, it runs as the
 * benchmark measures it and as Lambda runs it. Plain JavaScript, because it runs before anything is
 * compiled. Dependencies stay in node_modules: the output sits under node_modules/.cache so node finds
 * them from there.
 */
import { fileURLToPath } from 'node:url';
import { build, stop } from 'esbuild';

const entry = new URL('../lambda/local/main.ts', import.meta.url);
const output = new URL('../node_modules/.cache/gemini-gateway/local-gateway.mjs', import.meta.url);

await build({
  entryPoints: [fileURLToPath(entry)],
  outfile: fileURLToPath(output),
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
// The build service is a process of its own; nothing needs it once the gateway is compiled.
await stop();
await import(output.href);
