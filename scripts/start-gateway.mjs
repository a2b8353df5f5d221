/**
 * `npm start`: compiles the local gateway (lambda/local/main.ts, compile-gateway.mjs) and runs it in this
 * process, on plain node. Under a TypeScript loader the gateway would carry the loader's thread and
 * transpile cache (about 40 MB more resident, and a slower start); compiled, it runs as the benchmark
 * measures it and as Lambda runs it.
 */
import { fileURLToPath } from 'node:url';
import { stop } from 'esbuild';
import { compileGateway } from './compile-gateway.mjs';

const output = new URL('../node_modules/.cache/gemini-gateway/local-gateway.mjs', import.meta.url);
await compileGateway({
  entry: fileURLToPath(new URL('../lambda/local/main.ts', import.meta.url)),
  outfile: fileURLToPath(output),
});
// The build service is a process of its own; nothing needs it once the gateway is compiled.
await stop();
await import(output.href);
