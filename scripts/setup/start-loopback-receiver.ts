/**
 * The OAuth redirect target for installed apps: an HTTP server on 127.0.0.1 (any port for a Desktop
 * OAuth client) that takes the first `/oauth2callback`, shows the browser a short page saying whether
 * it worked, and hands the code over. Loopback only, so nothing outside this machine can reach it.
 * https://developers.google.com/identity/protocols/oauth2/native-app#redirect-uri_loopback
 */
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readAuthorizationCode } from './read-authorization-code.js';
import { SetupError } from './setup-error.js';

const callbackPath = '/oauth2callback';

export interface LoopbackReceiver {
  /** e.g. http://127.0.0.1:53682/oauth2callback */
  redirectUri: string;
  /** The code from the first callback, or its `SetupError` (denied, state mismatch). */
  code: Promise<string>;
  close(): Promise<void>;
}

/**
 * @example
 * const receiver = await startLoopbackReceiver({ port: 0, expectedState: state });
 * try { const code = await receiver.code; } finally { await receiver.close(); }
 * @throws SetupError when the port is taken.
 */
export async function startLoopbackReceiver({
  port,
  expectedState,
}: {
  /** 0 picks a free port. */
  port: number;
  expectedState: string;
}): Promise<LoopbackReceiver> {
  let settle: { resolve: (code: string) => void; reject: (error: unknown) => void } | undefined;
  const code = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Rejections are for whoever awaits `code`; nobody may, when the flow ends another way first.
  code.catch(() => {});

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method !== 'GET' || url.pathname !== callbackPath) {
      return answer({ response, status: 404, text: 'Not found.' });
    }
    if (!settle) return answer({ response, status: 410, text: 'This sign-in is already over.' });
    const { resolve, reject } = settle;
    settle = undefined;
    try {
      resolve(readAuthorizationCode({ params: url.searchParams, expectedState }));
      answer({
        response,
        status: 200,
        text: 'Signed in. You can close this tab and return to the terminal.',
      });
    } catch (error) {
      reject(error);
      answer({ response, status: 400, text: error instanceof Error ? error.message : 'Sign-in failed.' });
    }
  });
  try {
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
  } catch (error) {
    throw toListenError({ error, port });
  }
  const address = server.address() as AddressInfo;
  return {
    redirectUri: `http://127.0.0.1:${address.port}${callbackPath}`,
    code,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

function answer({
  response,
  status,
  text,
}: {
  response: ServerResponse;
  status: number;
  text: string;
}): void {
  const escaped = text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', connection: 'close' });
  response.end(`<!doctype html><title>Gemini Gateway setup</title><p>${escaped}</p>`);
}

function toListenError({ error, port }: { error: unknown; port: number }): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'EADDRINUSE') {
    return new SetupError(
      `Port ${port} on 127.0.0.1 is already in use: pick another with --port, or stop the program using it`,
    );
  }
  if (code === 'EACCES') return new SetupError(`Not allowed to listen on port ${port}: pick one above 1023`);
  return error;
}
