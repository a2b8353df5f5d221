import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClock } from '../fakes/test-clock.js';
import { oneAccount } from './accounts.js';
import { postChat, readJsonAnswer } from './raw-http.js';
import { type Harness, startHarness } from './start-harness.js';

const maxBodyBytes = 64 * 1024;
const user = { role: 'user', content: 'hi' };
const valid = { model: 'gemini-2.5-flash', messages: [user] };

/** JSON text of `depth` arrays inside each other (too deep for JSON.stringify to write). */
function deepArrayJson(depth: number): string {
  return `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}

interface Case {
  name: string;
  body: unknown;
  status: number;
  param?: string | null;
  message?: string;
}

const cases: Case[] = [
  { name: 'an empty body', body: '', status: 400, message: 'Request body is empty; send a JSON object.' },
  { name: 'invalid JSON', body: '{"model": "gemini-2.5-flash",', status: 400 },
  { name: 'a JSON array', body: [valid], status: 400, message: 'The request body must be a JSON object.' },
  { name: 'JSON null', body: 'null', status: 400, message: 'The request body must be a JSON object.' },
  { name: 'a JSON string', body: '"hello"', status: 400, message: 'The request body must be a JSON object.' },
  { name: 'no model', body: { messages: [user] }, status: 400, param: 'model' },
  { name: 'a numeric model', body: { ...valid, model: 42 }, status: 400, param: 'model' },
  { name: 'an unknown model', body: { ...valid, model: 'gpt-4o' }, status: 404, param: 'model' },
  { name: 'no messages', body: { model: 'gemini-2.5-flash' }, status: 400, param: 'messages' },
  { name: 'empty messages', body: { ...valid, messages: [] }, status: 400, param: 'messages' },
  { name: 'messages as an object', body: { ...valid, messages: user }, status: 400, param: 'messages' },
  {
    name: 'a message that is a string',
    body: { ...valid, messages: ['hi'] },
    status: 400,
    param: 'messages[0]',
  },
  { name: 'an unknown role', body: { ...valid, messages: [{ role: 'robot', content: 'x' }] }, status: 400 },
  { name: 'numeric content', body: { ...valid, messages: [{ role: 'user', content: 7 }] }, status: 400 },
  {
    name: 'a content part without text',
    body: { ...valid, messages: [{ role: 'user', content: [{ type: 'text' }] }] },
    status: 400,
    param: 'messages[0].content[0].text',
  },
  {
    name: 'only a system message',
    body: { ...valid, messages: [{ role: 'system', content: 'x' }] },
    status: 400,
  },
  {
    name: 'temperature as a string',
    body: { ...valid, temperature: 'hot' },
    status: 400,
    param: 'temperature',
  },
  { name: 'temperature out of range', body: { ...valid, temperature: 3 }, status: 400, param: 'temperature' },
  { name: 'a fractional max_tokens', body: { ...valid, max_tokens: 1.5 }, status: 400, param: 'max_tokens' },
  { name: 'stream as a string', body: { ...valid, stream: 'yes' }, status: 400, param: 'stream' },
  { name: 'too many candidates', body: { ...valid, n: 9 }, status: 400, param: 'n' },
  {
    name: 'tools as an object',
    body: { ...valid, tools: { type: 'function' } },
    status: 400,
    param: 'tools',
  },
  {
    name: 'a function name with spaces',
    body: { ...valid, tools: [{ type: 'function', function: { name: 'get weather' } }] },
    status: 400,
    param: 'tools[0].function.name',
  },
  {
    name: 'tool_choice naming a missing function',
    body: {
      ...valid,
      tools: [{ type: 'function', function: { name: 'a' } }],
      tool_choice: { type: 'function', function: { name: 'b' } },
    },
    status: 400,
    param: 'tool_choice.function.name',
  },
  {
    name: 'tool call arguments that are not JSON',
    body: {
      ...valid,
      messages: [
        user,
        {
          role: 'assistant',
          tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{oops' } }],
        },
      ],
    },
    status: 400,
    param: 'messages[1].tool_calls[0].function.arguments',
  },
  {
    name: 'tool call arguments nested 10,000 deep',
    body: {
      ...valid,
      messages: [
        user,
        {
          role: 'assistant',
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'f', arguments: `{"a":${deepArrayJson(10_000)}}` },
            },
          ],
        },
      ],
    },
    status: 400,
    param: 'messages[1].tool_calls[0].function.arguments',
  },
  {
    name: 'content nested 10,000 deep',
    body: `{"model":"gemini-2.5-flash","messages":[{"role":"user","content":${deepArrayJson(10_000)}}]}`,
    status: 400,
  },
  {
    name: 'a huge role',
    body: { ...valid, messages: [{ role: 'x'.repeat(50_000), content: 'hi' }] },
    status: 400,
    param: 'messages[0].role',
  },
  { name: 'a huge model name', body: { ...valid, model: 'm'.repeat(50_000) }, status: 404, param: 'model' },
  { name: 'a huge unknown key', body: { ...valid, ['k'.repeat(50_000)]: 1, temperature: 'x' }, status: 400 },
  {
    name: 'the deprecated functions parameter',
    body: { ...valid, functions: [] },
    status: 400,
    param: 'functions',
  },
  {
    name: 'a legacy function role',
    body: { ...valid, messages: [user, { role: 'function', name: 'f', content: 'x' }] },
    status: 400,
    param: 'messages[1].role',
  },
  { name: 'a body over MAX_BODY_BYTES', body: { ...valid, padding: 'x'.repeat(maxBodyBytes) }, status: 413 },
];

describe('malformed input', () => {
  let rig: Harness;

  beforeAll(async () => {
    rig = await startHarness({
      accounts: oneAccount,
      clock: createTestClock(),
      env: { MAX_BODY_BYTES: String(maxBodyBytes) },
    });
  });
  afterAll(() => rig.close());

  it.each(cases)(
    'answers $name with $status in OpenAI’s error shape, never calling Google',
    async (testCase) => {
      // Act
      const answer = await readJsonAnswer(await postChat({ url: rig.url, body: testCase.body }));

      // Assess
      expect(answer).toStrictEqual({
        status: testCase.status,
        contentType: 'application/json; charset=utf-8',
        body: {
          error: {
            message: testCase.message ?? expect.any(String),
            type: testCase.status === 404 ? 'not_found_error' : 'invalid_request_error',
            param:
              testCase.param === undefined ? expect.toBeOneOf([expect.any(String), null]) : testCase.param,
            code: expect.toBeOneOf([expect.any(String), null]),
          },
        },
      });
      // Error messages never echo a client's huge values back.
      expect(JSON.stringify(answer.body).length).toBeLessThan(1_000);
      expect(rig.google.calls).toStrictEqual([]);
      expect(rig.logger.entries.filter((entry) => entry.level === 'error')).toStrictEqual([]);
    },
  );

  it('answers 413 to oversized bodies one after another, closing a connection whose body is still coming instead of resetting the next', async () => {
    // Prepare
    const sizes = [100_000, 1_000_000, 10_000_000, 30_000_000];

    // Act
    const answers: string[] = [];
    for (const size of sizes) {
      const answer = await postChat({ url: rig.url, body: 'x'.repeat(size) }).then(
        async (response) => {
          await response.body?.cancel();
          return `${response.status} connection: ${response.headers.get('connection')}`;
        },
        (error: unknown) => `failed: ${String((error as Error).cause ?? error)}`,
      );
      answers.push(answer);
    }

    // Assess: a body far past the limit cannot have all come by the time it is refused, so its
    // connection closes; a smaller one may have come whole by then, and its connection may stay
    expect(answers.map((answer) => answer.slice(0, 3))).toStrictEqual(Array(sizes.length).fill('413'));
    expect(answers.slice(2)).toStrictEqual(['413 connection: close', '413 connection: close']);
  });

  it('keeps the connection open after answering a whole body that is not a valid request', async () => {
    // Act: the body has all come by its content-length when it is refused, so the connection can carry more
    const answers: string[] = [];
    for (const body of ['{"model":', { ...valid, temperature: 'hot' }]) {
      const response = await postChat({ url: rig.url, body });
      await response.body?.cancel();
      answers.push(`${response.status} connection: ${response.headers.get('connection')}`);
    }

    // Assess
    expect(answers).toStrictEqual(['400 connection: keep-alive', '400 connection: keep-alive']);
  });

  it('answers a body that is not UTF-8 with a 400', async () => {
    // Act
    const response = await fetch(`${rig.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    });

    // Assess
    expect(await readJsonAnswer(response)).toStrictEqual({
      status: 400,
      contentType: 'application/json; charset=utf-8',
      body: {
        error: {
          message: 'Request body is not valid UTF-8.',
          type: 'invalid_request_error',
          param: null,
          code: null,
        },
      },
    });
  });

  it('keeps __proto__ keys as plain data: nothing is polluted and the request is served', async () => {
    // Prepare
    const body = `{
      "__proto__": { "polluted": true, "stream": true },
      "constructor": { "prototype": { "polluted": true } },
      "model": "gemini-2.5-flash",
      "messages": [{ "role": "user", "content": "hi", "__proto__": { "role": "system" } }],
      "tools": [{ "type": "function", "function": { "name": "f", "parameters": {
        "type": "object",
        "properties": { "__proto__": { "type": "string" }, "constructor": { "type": "number" } }
      } } }]
    }`;

    // Act
    const answer = await readJsonAnswer(await postChat({ url: rig.url, body }));

    // Assess
    expect(answer.status).toStrictEqual(200);
    expect(answer.contentType).toStrictEqual('application/json; charset=utf-8');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const request = rig.google.calls.at(-1)?.request;
    expect(request?.contents).toStrictEqual([{ role: 'user', parts: [{ text: 'hi' }] }]);
    // Compared as JSON text: an object literal would turn `__proto__` into a prototype.
    expect(JSON.stringify(request?.tools)).toStrictEqual(
      '[{"functionDeclarations":[{"name":"f","parameters":{"type":"object","properties":' +
        '{"__proto__":{"type":"string"},"constructor":{"type":"number"}}}}]}]',
    );
  });

  it('answers an unknown path with 404 and a wrong method with 405 and Allow', async () => {
    // Act
    const unknown = await fetch(`${rig.url}/v1/completions`, { method: 'POST', body: '{}' });
    const wrongMethod = await fetch(`${rig.url}/v1/chat/completions`);
    const allow = wrongMethod.headers.get('allow');

    // Assess
    expect([await readJsonAnswer(unknown), await readJsonAnswer(wrongMethod), allow]).toStrictEqual([
      {
        status: 404,
        contentType: 'application/json; charset=utf-8',
        body: {
          error: {
            message:
              'Unknown request URL: POST /v1/completions. Supported: POST /v1/chat/completions, GET /v1/models, GET /v1/models/{id}, GET /healthz.',
            type: 'not_found_error',
            param: null,
            code: 'unknown_url',
          },
        },
      },
      {
        status: 405,
        contentType: 'application/json; charset=utf-8',
        body: {
          error: {
            message: 'Method GET is not allowed on /v1/chat/completions; use POST.',
            type: 'invalid_request_error',
            param: null,
            code: 'method_not_allowed',
          },
        },
      },
      'POST',
    ]);
  });
});
