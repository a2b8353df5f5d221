/**
 * Child process: the least any OpenAI → Gemini gateway must do, as a floor for ours. On BENCH_PORT it
 * takes an OpenAI chat request, writes the Gemini API request (messages, system prompt, tools), and
 * translates the answer: each upstream event parsed and written as an OpenAI chunk, or the whole answer
 * as one completion. No validation, no accounts, no failover, no timeouts, no logging: what it costs
 * over the passthrough is the cost of translating itself, which no gateway can avoid.
 */
import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import { createParser } from 'eventsource-parser';
import { Agent, request } from 'undici';

interface ChatRequest {
  model: string;
  stream?: boolean;
  messages: Array<{ role: string; content: string }>;
  tools?: Array<{ function: { name: string; description?: string; parameters?: unknown } }>;
}

interface GeminiAnswer {
  candidates?: Array<{ content?: { parts?: Array<{ text?: string }> }; finishReason?: string }>;
  usageMetadata?: { promptTokenCount?: number; candidatesTokenCount?: number; totalTokenCount?: number };
}

const upstream = String(process.env.BENCH_UPSTREAM_URL);
const dispatcher = new Agent({ keepAliveTimeout: 60_000 });

const server = createServer(async (incoming, response) => {
  try {
    let raw = '';
    incoming.setEncoding('utf8');
    for await (const piece of incoming) raw += piece;
    const chat = JSON.parse(raw) as ChatRequest;
    const method = chat.stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
    const answer = await request(`${upstream}/v1beta/models/${chat.model}:${method}`, {
      dispatcher,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'bench-key' },
      body: JSON.stringify(toGemini(chat)),
    });
    const identity = {
      id: `chatcmpl-${crypto.randomUUID()}`,
      created: Math.floor(Date.now() / 1000),
      model: chat.model,
    };
    if (!chat.stream) {
      const whole = (await answer.body.json()) as GeminiAnswer;
      const message = { role: 'assistant', content: textOf(whole) };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          ...identity,
          object: 'chat.completion',
          choices: [{ index: 0, message, finish_reason: 'stop' }],
          usage: usageOf(whole),
        }),
      );
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.socket?.setNoDelay(true);
    await streamChunks({ source: answer.body, identity, response });
  } catch (error) {
    if (!response.headersSent) response.writeHead(502);
    response.end(String(error));
  }
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.BENCH_PORT), '127.0.0.1');
// A clean exit, so `--cpu-prof` writes its profile.
process.once('SIGTERM', () => process.exit(0));

/** Every event that one read completes goes out in one write, as soon as that read is parsed. */
async function streamChunks({
  source,
  identity,
  response,
}: {
  source: AsyncIterable<Uint8Array>;
  identity: { id: string; created: number; model: string };
  response: ServerResponse;
}): Promise<void> {
  let pending = '';
  const parser = createParser({
    onEvent: (event) => {
      const answer = JSON.parse(event.data) as GeminiAnswer;
      const finishReason = answer.candidates?.[0]?.finishReason ? 'stop' : null;
      const choices = [{ index: 0, delta: { content: textOf(answer) }, finish_reason: finishReason }];
      pending += `data: ${JSON.stringify({ ...identity, object: 'chat.completion.chunk', choices })}\n\n`;
    },
  });
  const decoder = new TextDecoder();
  for await (const piece of source) {
    parser.feed(decoder.decode(piece, { stream: true }));
    if (pending === '') continue;
    const written = response.write(pending);
    pending = '';
    if (!written) await once(response, 'drain');
  }
  response.end('data: [DONE]\n\n');
}

function toGemini(chat: ChatRequest): Record<string, unknown> {
  const system = chat.messages
    .filter(({ role }) => role === 'system')
    .map(({ content }) => ({ text: content }));
  const contents = chat.messages
    .filter(({ role }) => role !== 'system')
    .map(({ role, content }) => ({
      role: role === 'assistant' ? 'model' : 'user',
      parts: [{ text: content }],
    }));
  const functionDeclarations = chat.tools?.map(({ function: { name, description, parameters } }) => ({
    name,
    description,
    parametersJsonSchema: parameters,
  }));
  return {
    contents,
    ...(system.length > 0 ? { systemInstruction: { parts: system } } : {}),
    ...(functionDeclarations ? { tools: [{ functionDeclarations }] } : {}),
  };
}

function textOf(answer: GeminiAnswer): string {
  return (answer.candidates?.[0]?.content?.parts ?? []).map(({ text }) => text ?? '').join('');
}

function usageOf({ usageMetadata: usage }: GeminiAnswer): Record<string, number> | undefined {
  if (!usage) return undefined;
  return {
    prompt_tokens: usage.promptTokenCount ?? 0,
    completion_tokens: usage.candidatesTokenCount ?? 0,
    total_tokens: usage.totalTokenCount ?? 0,
  };
}
