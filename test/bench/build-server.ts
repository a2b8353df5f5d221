/**
 * Compiles a benchmark server (TypeScript) as `npm start` compiles the gateway
 * (scripts/compile-gateway.mjs), so each child runs on plain node: no loader thread and no transpiling
 * at run time, whose memory and CPU would be counted against our servers and not against the peer
 * (which ships as JavaScript).
 */
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileGateway } from '../../scripts/compile-gateway.mjs';

const outputDirectory = fileURLToPath(
  new URL('../../node_modules/.cache/gemini-gateway-bench/', import.meta.url),
);

/**
 * @example
 * const script = await buildServer({ entry: fileURLToPath(new URL('servers/gateway.ts', import.meta.url)) });
 * spawn(process.execPath, [script]);
 */
export async function buildServer({ entry }: { entry: string }): Promise<string> {
  const outfile = join(outputDirectory, basename(entry).replace(/\.ts$/, '.mjs'));
  await compileGateway({ entry, outfile });
  return outfile;
}
