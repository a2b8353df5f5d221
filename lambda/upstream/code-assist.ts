/**
 * The Code Assist backend (the Gemini CLI's): `POST {endpoint}/{version}:streamGenerateContent?alt=sse`
 * with an OAuth bearer and the envelope `{model, project, user_prompt_id, request}`, whose `request` is
 * the standard GenerateContent request. Events arrive as `{"response": {...}, "traceId": ...}`.
 */
import { randomUUID } from 'node:crypto';
import type { Dispatcher } from 'undici';
import type { Clock, Logger } from '../core/ports.js';
import type { Backend } from './backend.js';
import { createProjectDiscovery } from './code-assist-project.js';

export interface CodeAssistBackendOptions {
  /** CODE_ASSIST_ENDPOINT, e.g. https://cloudcode-pa.googleapis.com */
  endpoint: string;
  /** CODE_ASSIST_API_VERSION, e.g. v1internal */
  apiVersion: string;
  dispatcher: Dispatcher;
  clock: Clock;
  logger: Logger;
  /** Onboarding poll interval, shortened in tests. */
  pollIntervalMs?: number;
}

/**
 * @example
 * const backend = createCodeAssistBackend({ endpoint, apiVersion: 'v1internal', dispatcher, clock, logger });
 * const call = await backend.prepareStream({ account, model, request, accessToken, signal });
 */
export function createCodeAssistBackend(options: CodeAssistBackendOptions): Backend {
  const baseUrl = `${options.endpoint.replace(/\/+$/, '')}/${options.apiVersion}`;
  const discovery = createProjectDiscovery({ ...options, baseUrl });
  return {
    authentication: 'oauth',
    async prepareStream({ account, model, request, accessToken, signal }) {
      const bearer = accessToken ?? '';
      const project = await discovery.projectFor({ account, accessToken: bearer, signal });
      return {
        url: `${baseUrl}:streamGenerateContent?alt=sse`,
        headers: { authorization: `Bearer ${bearer}`, accept: 'text/event-stream' },
        body: { model, project, user_prompt_id: randomUUID(), request },
      };
    },
    unwrapEvent(payload) {
      return typeof payload === 'object' && payload !== null && 'response' in payload
        ? payload.response
        : payload;
    },
  };
}
