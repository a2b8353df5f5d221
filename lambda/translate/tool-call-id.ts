/**
 * Tool-call ids that carry Gemini 3's `thoughtSignature`. Google answers 400 when a function call comes
 * back without the signature it was issued with, and many OpenAI clients keep only `id`, `type` and
 * `function` of a tool call. So the signature rides inside the id, which every client must echo back
 * as `tool_call_id` and in the assistant turn's `tool_calls[].id`.
 *
 * Format: `call_<nonce>` or `call_<nonce>.<signature, base64url of its UTF-8 bytes>` (exact round trip
 * whatever the signature's own encoding).
 */
const prefix = 'call_';

export function encodeToolCallId(nonce: string, signature?: string): string {
  if (!signature) return `${prefix}${nonce}`;
  return `${prefix}${nonce}.${Buffer.from(signature, 'utf8').toString('base64url')}`;
}

/** The signature an id carries, or undefined for ids we did not issue or that carry none. */
export function decodeToolCallSignature(id: string): string | undefined {
  if (!id.startsWith(prefix)) return undefined;
  const dot = id.indexOf('.');
  if (dot < 0 || dot === id.length - 1) return undefined;
  const encoded = id.slice(dot + 1);
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return undefined;
  return Buffer.from(encoded, 'base64url').toString('utf8');
}
