import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const launcher = fileURLToPath(new URL('start-gateway.mjs', import.meta.url));

/**
 * Run before the launcher: reading one of Node's fetch globals loads Node's own copy of undici (about
 * 3 MB resident, and time at a Lambda cold start); this says so on stdout when the gateway reads one.
 */
const reportFetchGlobals = `
for (const name of ['fetch', 'Headers', 'Request', 'Response', 'FormData']) {
  const { get } = Object.getOwnPropertyDescriptor(globalThis, name);
  Object.defineProperty(globalThis, name, {
    configurable: true,
    get() {
      process.stdout.write('read globalThis.' + name + '\\n');
      return get.call(this);
    },
  });
}`;

describe('npm start (scripts/start-gateway.mjs)', () => {
  it("compiles the gateway, serves without loading Node's own undici, and stops cleanly on SIGTERM", async () => {
    // Prepare
    const accountsDir = await mkdtemp(join(tmpdir(), 'start-gateway-'));
    const child = spawn(
      process.execPath,
      [`--import=data:text/javascript,${encodeURIComponent(reportFetchGlobals)}`, launcher],
      {
        env: { ...process.env, PORT: '0', ACCOUNTS_DIR: accountsDir, STATE_DIR: 'memory', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = once(child, 'exit');

    // Act
    const [, url] = await new Promise<RegExpExecArray>((resolve, reject) => {
      child.stdout.on('data', () => {
        const listening = /listening on (http:\/\/\S+) /.exec(output);
        if (listening) resolve(listening);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code} before listening: ${output}`)));
    });
    const health = await fetch(`${url}/healthz`);
    child.kill('SIGTERM');
    const [code] = await exited;

    // Assess
    expect([health.status, await health.json(), code]).toStrictEqual([200, { status: 'ok' }, 0]);
    expect(output).not.toContain('read globalThis.');
  });
});
