/**
 * The seam between the one streaming client and Google's several front doors. Code Assist, the Gemini
 * API and Vertex AI take the same inner GenerateContent request and stream the same responses; they
 * differ only in URL, authentication, envelope and setup. Each backend says how to build its call and
 * how to unwrap one event; everything else (timeouts, errors, first-event priming) is shared.
 */

import type { AbortSignalLike } from '../core/light-abort-controller.js';
import type { Account } from '../credentials/account.js';
import type { GenerateContentRequest } from '../gemini/generate-content.js';

export interface PrepareStreamInput {
  account: Account;
  model: string;
  request: GenerateContentRequest;
  /** The OAuth bearer for `oauth` backends; undefined for `api-key` ones. */
  accessToken: string | undefined;
  signal: AbortSignalLike;
}

/** One streaming HTTP call, ready to send (the body is serialised as JSON). */
export interface BackendCall {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface Backend {
  /** `oauth`: needs an access token from the TokenProvider (and a 401 earns one refresh); `api-key`: uses `account.apiKey`. */
  readonly authentication: 'oauth' | 'api-key';
  /** Builds the streaming call for an account; may call Google first (Code Assist project discovery). */
  prepareStream(input: PrepareStreamInput): Promise<BackendCall>;
  /** The GenerateContent response inside one event's JSON (Code Assist wraps it in `response`). */
  unwrapEvent(payload: unknown): unknown;
}
