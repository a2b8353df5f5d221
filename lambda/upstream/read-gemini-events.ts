/**
 * Bytes of a Google stream → validated GenerateContent responses, in the batches the bytes arrived in
 * (sse.ts): SSE → JSON → the backend's unwrap → the tolerant response schema. An error object inside
 * the stream (Google sends `data: {"error": {...}}` when it fails after the 200) is classified like an
 * error answer. A bad event ends the stream with its error after the good events before it.
 */
import { type GenerateContentResponse, generateContentResponseSchema } from '../gemini/generate-content.js';
import { classifyGoogleError } from './classify-google-error.js';
import { parseSseJson } from './sse.js';
import { UpstreamError } from './upstream-error.js';

export interface ReadGeminiEventsInput {
  source: AsyncIterable<Uint8Array>;
  unwrapEvent: (payload: unknown) => unknown;
  now: () => number;
  /** What a failure of `source` is thrown as (a broken connection as `UpstreamError` `network`). */
  mapFailure: (error: unknown) => unknown;
}

export async function* readGeminiEvents(
  input: ReadGeminiEventsInput,
): AsyncGenerator<GenerateContentResponse[]> {
  try {
    for await (const payloads of parseSseJson({ source: input.source })) {
      const batch: GenerateContentResponse[] = [];
      for (const payload of payloads) {
        const event = readEvent(payload, input);
        if (event instanceof UpstreamError) {
          if (batch.length > 0) yield batch;
          throw event;
        }
        batch.push(event);
      }
      yield batch;
    }
  } catch (error) {
    throw input.mapFailure(error);
  }
}

function readEvent(payload: unknown, input: ReadGeminiEventsInput): GenerateContentResponse | UpstreamError {
  const failure = readStreamedError(payload);
  if (failure) return classifyGoogleError({ status: failure.status, body: payload, now: input.now() });
  const parsed = generateContentResponseSchema.safeParse(input.unwrapEvent(payload));
  if (parsed.success) return parsed.data;
  return new UpstreamError({
    failure: 'malformed_response',
    message: `Google streamed an event of an unexpected shape at ${parsed.error.issues
      .map((issue) => issue.path.join('.') || '(root)')
      .join(', ')}`,
  });
}

function readStreamedError(payload: unknown): { status: number } | undefined {
  if (typeof payload !== 'object' || payload === null || !('error' in payload)) return undefined;
  const { error } = payload as { error: unknown };
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return { status: typeof code === 'number' ? code : 500 };
}
