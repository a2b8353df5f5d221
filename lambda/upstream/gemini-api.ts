/**
 * The Gemini API backend (Google AI Studio keys): `POST {endpoint}/v1beta/models/{model}:streamGenerateContent?alt=sse`
 * with the key in the `x-goog-api-key` header, never in the URL (URLs end up in proxy and access logs).
 * The body is the GenerateContent request as it is, and events are bare GenerateContent responses.
 * https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
 */
import type { Backend } from './backend.js';
import { UpstreamError } from './upstream-error.js';

export interface GeminiApiBackendOptions {
  /** GEMINI_API_ENDPOINT, e.g. https://generativelanguage.googleapis.com */
  endpoint: string;
}

/**
 * @example
 * const backend = createGeminiApiBackend({ endpoint: 'https://generativelanguage.googleapis.com' });
 * const call = await backend.prepareStream({ account, model, request, accessToken: undefined, signal });
 */
export function createGeminiApiBackend(options: GeminiApiBackendOptions): Backend {
  const modelsUrl = `${options.endpoint.replace(/\/+$/, '')}/v1beta/models`;
  return {
    authentication: 'api-key',
    async prepareStream({ account, model, request }) {
      if (!account.apiKey) {
        throw new UpstreamError({
          failure: 'credentials_revoked',
          message: `Account ${account.id} uses the gemini-api backend but has no "apiKey"; add the key from Google AI Studio to its document`,
        });
      }
      return {
        url: `${modelsUrl}/${encodeURIComponent(model)}:streamGenerateContent?alt=sse`,
        headers: { 'x-goog-api-key': account.apiKey, accept: 'text/event-stream' },
        body: request,
      };
    },
    unwrapEvent: (payload) => payload,
  };
}
