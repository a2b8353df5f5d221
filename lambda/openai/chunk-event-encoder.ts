/**
 * `chat.completion.chunk`s as server-sent events, the hot end of every stream. Every chunk of one
 * completion repeats its id, object, created and model, so those are serialised once and only the
 * choices and usage per chunk: the same bytes as `JSON.stringify`, at about half its cost.
 */
import type { ChatCompletionChunk, CompletionIdentity } from './chat-response.js';

/**
 * @example
 * const encode = chunkEventEncoder({ id, created, model });
 * sink.write(chunks.map(encode).join('')); // 'data: {"id":…}\n\n' per chunk
 */
export function chunkEventEncoder(identity: CompletionIdentity): (chunk: ChatCompletionChunk) => string {
  // Key order as in buildChunk, so the output equals JSON.stringify of the chunk.
  const head = `data: {"id":${JSON.stringify(identity.id)},"object":"chat.completion.chunk","created":${JSON.stringify(identity.created)},"model":${JSON.stringify(identity.model)},"choices":`;
  return (chunk) => {
    if (chunk.id !== identity.id || chunk.created !== identity.created || chunk.model !== identity.model) {
      return `data: ${JSON.stringify(chunk)}\n\n`;
    }
    const usage = chunk.usage === undefined ? '' : `,"usage":${JSON.stringify(chunk.usage)}`;
    return `${head}${JSON.stringify(chunk.choices)}${usage}}\n\n`;
  };
}
