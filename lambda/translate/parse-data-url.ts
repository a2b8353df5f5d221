/**
 * `data:<mime type>[;parameter]*;base64,<data>` (RFC 2397) → Gemini's inline data. Only the header
 * is inspected, never the (possibly megabytes long) payload. Percent-encoded data URLs are not
 * accepted: Gemini wants base64, and every client sends images and files that way.
 */
export interface InlineData {
  mimeType: string;
  data: string;
}

/** The inline data a base64 data URL carries, or undefined when `url` is not one. */
export function parseDataUrl(url: string): InlineData | undefined {
  if (url.slice(0, 5).toLowerCase() !== 'data:') return undefined;
  const comma = url.indexOf(',');
  if (comma < 0) return undefined;
  const [mimeType = '', ...parameters] = url.slice(5, comma).split(';');
  if (parameters.at(-1)?.trim().toLowerCase() !== 'base64') return undefined;
  const normalized = mimeType.trim().toLowerCase();
  if (!/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(normalized)) return undefined;
  return { mimeType: normalized, data: url.slice(comma + 1) };
}
