/**
 * Starts a server under test as a child process on a port of our choosing and waits until it answers
 * HTTP, so load generation never shares its event loop. TypeScript children run under tsx's loader in
 * the same node process (no wrapper process), so the pid is the server's own, for /proc figures. The
 * child's stdout is dropped (access logs); its stderr is passed through unless `quiet`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { request } from 'undici';
import { findFreePort } from '../../lambda/pool/testing/start-dynamodb-local.js';

export interface ChildServer {
  url: string;
  pid: number;
  /** Sends `message` over IPC and resolves with the child's first answer (children started with `ipc`). */
  ask<T>(message: string): Promise<T>;
  stop(): Promise<void>;
}

export interface ChildServerOptions {
  /** Node arguments after the node binary, e.g. ['--import', 'tsx', 'servers/gateway.ts']. */
  args: (port: number) => string[];
  env?: Record<string, string>;
  /** Opens an IPC channel for `ask`. */
  ipc?: boolean;
  /** Drops the child's stderr too (the peer logs an error line for every streamed answer). */
  quiet?: boolean;
  /** A command that runs node, e.g. ['valgrind', '--tool=callgrind']; the pid is still the server's. */
  wrapper?: readonly string[];
  /** How long the server may take to answer its first request. */
  startTimeoutMs?: number;
}

/**
 * @example
 * const passthrough = await startChildServer({ args: (port) => ['--import', 'tsx', file], env: { BENCH_PORT: '…' } });
 */
export async function startChildServer({
  args,
  env = {},
  ipc = false,
  quiet = false,
  wrapper = [],
  startTimeoutMs = 30_000,
}: ChildServerOptions): Promise<ChildServer> {
  const port = await findFreePort();
  const [command, ...commandArgs] = [...wrapper, process.execPath, ...args(port)] as [string, ...string[]];
  const child = spawn(command, commandArgs, {
    // The AWS SDK's notice about Node 20 support would print once per child on every run.
    env: {
      ...process.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...env,
      BENCH_PORT: String(port),
    },
    stdio: ['ignore', 'ignore', quiet ? 'ignore' : 'inherit', ...(ipc ? (['ipc'] as const) : [])],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilAnswering({ url, child, startTimeoutMs });
  return {
    url,
    pid: child.pid ?? Number.NaN,
    ask: async <T>(message: string) => {
      const answer = once(child, 'message');
      child.send(message);
      const [value] = await answer;
      return value as T;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill();
      await once(child, 'exit');
    },
  };
}

async function waitUntilAnswering({
  url,
  child,
  startTimeoutMs,
}: {
  url: string;
  child: ChildProcess;
  startTimeoutMs: number;
}): Promise<void> {
  const giveUpAt = Date.now() + startTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode}`);
    try {
      const response = await request(url);
      await response.body.dump();
      return;
    } catch (error) {
      if (Date.now() > giveUpAt)
        throw new Error(`${url}: the server did not start in time`, { cause: error });
      await delay(50);
    }
  }
}
