/**
 * A `tool` message → a Gemini `functionResponse` part. Gemini wants the response as a JSON object:
 * output that is one is sent as it is; anything else (text, arrays, numbers, invalid JSON) is wrapped
 * as `{ output }`, the key Google's docs use for a function's output. Output nested too deeply to
 * send as JSON goes as its text.
 */
import type { GeminiPart } from '../gemini/generate-content.js';
import { isJsonObject, readJson } from './read-json.js';

/**
 * @param name the function's name, taken from the assistant tool call the message answers.
 * @example
 * convertToolResult({ name: 'get_weather', content: '{"temp":21}' });
 * // → { functionResponse: { name: 'get_weather', response: { temp: 21 } } }
 */
export function convertToolResult({
  name,
  content,
}: {
  name: string;
  content: string | readonly { text: string }[];
}): GeminiPart {
  const text = typeof content === 'string' ? content : content.map((part) => part.text).join('');
  return { functionResponse: { name, response: toResponse(text) } };
}

function toResponse(text: string): Record<string, unknown> {
  const parsed = readJson(text);
  if (!parsed) return { output: text };
  return isJsonObject(parsed.value) ? parsed.value : { output: parsed.value };
}
