import { HttpError, InvalidRequestError } from './http-error.js';

/**
 * Reads a JSON body, stopping as soon as it passes `maxBytes` so an oversized upload is refused while
 * it streams in, never buffered whole.
 */
export async function readJsonBody(body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<unknown> {
  const chunks: Uint8Array[] = [];
  let size = 0;
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
    chunks.push(chunk);
  }
  if (size === 0) throw new InvalidRequestError('Request body is empty; send a JSON object.');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new InvalidRequestError('Request body is not valid UTF-8.');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message.slice(0, 200)}` : '';
    throw new InvalidRequestError(`Request body is not valid JSON${detail}`);
  }
}
