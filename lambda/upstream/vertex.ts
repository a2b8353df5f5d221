/**
 * The Vertex AI backend: `POST {base}/v1/projects/{project}/locations/{location}/publishers/google/models/{model}:streamGenerateContent?alt=sse`
 * with an OAuth bearer (a user's refresh token or a service-account key, both through the token
 * provider). The body is the GenerateContent request as it is, and events are bare GenerateContent
 * responses. `base` is `https://{location}-aiplatform.googleapis.com`, or `https://aiplatform.googleapis.com`
 * for the `global` location, unless VERTEX_ENDPOINT overrides it (tests, private endpoints).
 * https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference
 */
import type { Account } from '../credentials/account.js';
import type { Backend } from './backend.js';
import { UpstreamError } from './upstream-error.js';

/**
 * Where an account without `location` sends its requests. `global` rather than a region: Google
 * recommends it for availability and fewer 429s, and it is the only location serving the Gemini 3
 * previews. Accounts with data-residency needs set a region such as `us-central1`.
 * https://cloud.google.com/vertex-ai/generative-ai/docs/learn/locations#global-endpoint
 */
export const defaultVertexLocation = 'global';

export interface VertexBackendOptions {
  /** VERTEX_ENDPOINT: replaces the base URL derived from the location. */
  endpoint?: string;
}

/**
 * @example
 * const backend = createVertexBackend({});
 * const call = await backend.prepareStream({ account, model, request, accessToken, signal });
 * // call.url: https://aiplatform.googleapis.com/v1/projects/my-project/locations/global/publishers/google/models/gemini-2.5-pro:streamGenerateContent?alt=sse
 */
export function createVertexBackend(options: VertexBackendOptions): Backend {
  return {
    authentication: 'oauth',
    async prepareStream({ account, model, request, accessToken }) {
      const location = account.location ?? defaultVertexLocation;
      const project = account.projectId ?? account.serviceAccount?.project_id;
      if (!project)
        throw unusableAccount(account, 'has no "projectId" (nor a service-account key naming one)');
      if (!/^[a-z][a-z0-9-]*$/.test(location)) {
        throw unusableAccount(account, `has a "location" that is not a Google Cloud location: ${location}`);
      }
      const base = options.endpoint?.replace(/\/+$/, '') ?? vertexBaseUrl({ location });
      const path = [
        'v1/projects',
        encodeURIComponent(project),
        'locations',
        location,
        'publishers/google/models',
        `${encodeURIComponent(model)}:streamGenerateContent`,
      ].join('/');
      return {
        url: `${base}/${path}?alt=sse`,
        headers: { authorization: `Bearer ${accessToken ?? ''}`, accept: 'text/event-stream' },
        body: request,
      };
    },
    unwrapEvent: (payload) => payload,
  };
}

/** The regional host, or the global one (which has no location prefix). */
export function vertexBaseUrl({ location }: { location: string }): string {
  return location === 'global'
    ? 'https://aiplatform.googleapis.com'
    : `https://${location}-aiplatform.googleapis.com`;
}

/** A setup mistake no retry fixes: the pool disables the account with this reason. */
function unusableAccount(account: Account, problem: string): UpstreamError {
  return new UpstreamError({
    failure: 'credentials_revoked',
    message: `Vertex account ${account.id} ${problem}`,
  });
}
