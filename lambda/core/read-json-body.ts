import { HttpError, InvalidRequestError } from './http-error.js';
import { Utf8ChunkDecoder } from './utf8-chunk-decoder.js';

/**
 * Reads a JSON body, stopping as soon as it passes `maxBytes` so an oversized upload is refused while
 * it streams in, never buffered whole.
 */
export async function readJsonBody(body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<unknown> {
  // Decoded as it arrives, so a large body's decoding overlaps its upload instead of following it.
  const decoder = new Utf8ChunkDecoder({ fatal: true });
  let text = '';
  let size = 0;
  try {
    for await (const chunk of body) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        throw new HttpError({
          status: 413,
          type: 'invalid_request_error',
          code: 'request_too_large',
          message: `Request body is larger than the limit of ${maxBytes} bytes.`,
        });
      }
      text += decoder.decode(chunk);
    }
    text += decoder.end();
  } catch (error) {
    if (isInvalidUtf8(error)) throw new InvalidRequestError('Request body is not valid UTF-8.');
    throw error;
  }
  if (size === 0) throw new InvalidRequestError('Request body is empty; send a JSON object.');
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message.slice(0, 200)}` : '';
    throw new InvalidRequestError(`Request body is not valid JSON${detail}`);
  }
}

function isInvalidUtf8(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === 'ERR_ENCODING_INVALID_ENCODED_DATA';
}
