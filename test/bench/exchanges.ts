/**
 * The same chat request in each target's language: OpenAI chat completions for the gateways (ours and
 * the peer), and for direct and passthrough the GenerateContent request our own translator makes of
 * it, so every target asks the fake for exactly the same thing.
 */
import { parseChatCompletionRequest } from '../../lambda/openai/chat-request.js';
import { convertChatRequest } from '../../lambda/translate/convert-chat-request.js';
import { benchModel } from './gemini-stream.js';
import type { Exchange } from './measure.js';

/** An OpenAI chat completions body. */
export type ChatBody = Record<string, unknown> & { model: string; stream: boolean };

/**
 * The benchmark's chat: a one-line prompt, answered by the fake with `events` events at once.
 *
 * @example benchChat({ events: 1, stream: false }) // a short non-stream answer
 */
export function benchChat({ events, stream }: { events: number; stream: boolean }): ChatBody {
  return {
    model: benchModel({ events, paced: false }),
    stream,
    messages: [{ role: 'user', content: 'Say something.' }],
  };
}

const geminiApiKey = 'bench-key';

/**
 * An OpenAI request to a gateway's `/v1/chat/completions`.
 *
 * @example openAiExchange({ baseUrl: ours.url, body: { model, stream: true, messages } });
 */
export function openAiExchange({
  baseUrl,
  body,
  headers = {},
}: {
  baseUrl: string;
  body: ChatBody;
  headers?: Record<string, string>;
}): Exchange {
  return {
    url: `${baseUrl}/v1/chat/completions`,
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  };
}

/**
 * The Gemini API request for the same chat, to the fake itself or through the passthrough:
 * streamGenerateContent with `alt=sse` for a stream, generateContent otherwise.
 */
export function geminiExchange({ baseUrl, body }: { baseUrl: string; body: ChatBody }): Exchange {
  const request = convertChatRequest({
    request: parseChatCompletionRequest(body),
    model: body.model,
    warn: () => {},
  });
  const method = body.stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
  return {
    url: `${baseUrl}/v1beta/models/${body.model}:${method}`,
    body: JSON.stringify(request),
    headers: { 'content-type': 'application/json', 'x-goog-api-key': geminiApiKey },
  };
}

/**
 * What the Portkey gateway needs to send a request to the fake as its Google (Gemini API) provider:
 * the provider, the API key, and the fake as custom host (loopback is on its trusted list).
 * https://portkey.ai/docs/api-reference/inference-api/headers
 */
export function portkeyHeaders({ upstreamUrl }: { upstreamUrl: string }): Record<string, string> {
  return {
    'x-portkey-provider': 'google',
    authorization: `Bearer ${geminiApiKey}`,
    'x-portkey-custom-host': upstreamUrl,
  };
}

/**
 * About `bytes` of prose for the 1 MB prompt: quotes, newlines and non-ASCII letters included, so JSON
 * escaping and UTF-8 handling are part of the cost, as in real pasted documents.
 */
export function largePrompt({ bytes }: { bytes: number }): string {
  const paragraph =
    'The "gateway" reads this line, translates it, and forwards it — café, naïve, 東京.\n' +
    'Tabs\tand backslashes \\ appear too, as in code pasted into a chat.\n';
  return paragraph.repeat(Math.ceil(bytes / Buffer.byteLength(paragraph))).slice(0, bytes);
}

/** `count` function tools with small JSON schemas, as coding agents send them. */
export function benchTools({ count }: { count: number }): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, index) => ({
    type: 'function',
    function: {
      name: `tool_${index}`,
      description: `Benchmark tool number ${index}: reads a file and returns lines.`,
      parameters: {
        type: 'object',
        properties: {
          path: { type: 'string', description: 'File path.' },
          start: { type: 'integer', minimum: 1 },
          end: { type: 'integer', minimum: 1 },
          mode: { type: 'string', enum: ['text', 'lines', 'bytes'] },
        },
        required: ['path'],
        additionalProperties: false,
      },
    },
  }));
}
