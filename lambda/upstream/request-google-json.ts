/**
 * A small JSON call to Google (Code Assist setup methods): classified errors on a non-2xx answer,
 * `malformed_response` when a 2xx answer is not JSON.
 */
import type { Dispatcher } from 'undici';
import type { AbortSignalLike } from '../core/light-abort-controller.js';
import { classifyGoogleError } from './classify-google-error.js';
import { readBodyText, sendRequest, toNetworkError } from './http-client.js';
import { UpstreamError } from './upstream-error.js';

export interface RequestGoogleJsonInput {
  dispatcher: Dispatcher;
  method: 'GET' | 'POST';
  url: string;
  accessToken: string;
  body?: unknown;
  signal: AbortSignalLike;
  /** Epoch ms, for the classification of rate limits. */
  now: () => number;
}

export async function requestGoogleJson(input: RequestGoogleJsonInput): Promise<unknown> {
  const { dispatcher, method, url, accessToken, body, signal, now } = input;
  const response = await sendRequest({
    dispatcher,
    url,
    method,
    headers: { authorization: `Bearer ${accessToken}` },
    body,
    signal,
  });
  const text = await readBodyText({ body: response.body }).catch((error: unknown) => {
    throw toNetworkError({ error, url, signal });
  });
  if (response.statusCode < 200 || response.statusCode > 299) {
    throw classifyGoogleError({ status: response.statusCode, body: text, now: now() });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UpstreamError({
      failure: 'malformed_response',
      status: response.statusCode,
      message: `Google answered ${new URL(url).pathname} with something that is not JSON`,
    });
  }
}
