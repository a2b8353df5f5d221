/**
 * fast-check arbitraries for hostile requests: bodies that are almost a chat request (one field swapped
 * for something absurd), any JSON at all, raw bytes that are not UTF-8, deep nesting, giant strings and
 * arrays, prototype-pollution keys; paths, methods and headers clients should never send.
 */
import fc from 'fast-check';

const pollutingKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** Values of every JSON type, absurd numbers and strings included. */
const absurdValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, -1e308, 5e-324, 2 ** 53 + 1, -0, 1.5, ''),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    'x'.repeat(100_000),
    '\u0000',
    '\ud800',
    '\ufeff',
    '{"a":',
    'data:',
    'http://169.254.169.254/',
  ),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
  fc.dictionary(fc.constantFrom(...pollutingKeys, 'a', 'type', 'role'), fc.jsonValue({ maxDepth: 2 }), {
    maxKeys: 4,
  }),
  fc.jsonValue({ maxDepth: 3 }),
);

const role = fc.constantFrom('system', 'developer', 'user', 'assistant', 'tool', 'function', 'robot');

const contentPart = fc.oneof(
  fc.record({ type: fc.constant('text'), text: fc.string() }),
  fc.record({
    type: fc.constant('image_url'),
    image_url: fc.record({ url: fc.oneof(fc.webUrl(), fc.string()) }),
  }),
  fc.record({
    type: fc.constant('input_audio'),
    input_audio: fc.record({ data: fc.base64String(), format: fc.string() }),
  }),
  fc.record({
    type: fc.constant('file'),
    file: fc.record({ file_data: fc.string(), filename: fc.string() }),
  }),
  fc.dictionary(fc.string({ maxLength: 8 }), absurdValue, { maxKeys: 3 }),
);

const message = fc.record(
  {
    role,
    content: fc.oneof(fc.string(), fc.array(contentPart, { maxLength: 4 }), absurdValue),
    tool_call_id: fc.string({ maxLength: 10 }),
    tool_calls: fc.array(
      fc.record({
        id: fc.string({ maxLength: 10 }),
        type: fc.constant('function'),
        function: fc.record({
          name: fc.string({ maxLength: 10 }),
          arguments: fc.oneof(fc.json(), fc.string()),
        }),
      }),
      { maxLength: 3 },
    ),
  },
  { requiredKeys: ['role'] },
);

const tool = fc.record({
  type: fc.constantFrom('function', 'code_interpreter'),
  function: fc.record({
    name: fc.oneof(fc.constant('get_weather'), fc.string({ maxLength: 70 })),
    parameters: fc.oneof(
      fc.constant({ type: 'object', properties: { city: { type: 'string' } } }),
      fc.jsonValue({ maxDepth: 4 }),
      deepSchema(),
    ),
  }),
});

/** A valid request to start from. */
const baseline = {
  model: 'gemini-2.5-flash',
  messages: [{ role: 'user', content: 'hi' }],
};

const chatFields = [
  'model',
  'messages',
  'tools',
  'tool_choice',
  'response_format',
  'temperature',
  'top_p',
  'max_tokens',
  'stop',
  'n',
  'stream',
  'stream_options',
  'reasoning_effort',
  'logit_bias',
  'metadata',
  'seed',
] as const;

/** A chat request object: the baseline with some fields replaced by hostile values. */
export const chatRequestObject: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    overrides: fc.dictionary(fc.constantFrom(...chatFields, ...pollutingKeys), absurdValue, { maxKeys: 3 }),
    messages: fc.oneof(
      fc.array(message, { minLength: 1, maxLength: 6 }),
      fc.constant(Array.from({ length: 20_000 }, () => ({ role: 'user', content: 'x' }))),
    ),
    tools: fc.option(
      fc.oneof(fc.array(tool, { maxLength: 3 }), fc.constant(Array(200).fill(baselineTool()))),
      {
        nil: undefined,
      },
    ),
    stream: fc.boolean(),
  })
  .map(({ overrides, messages, tools, stream }) => ({
    ...baseline,
    messages,
    stream,
    ...(tools ? { tools } : {}),
    ...overrides,
  }));

/** A request body as bytes: JSON of a hostile request, any JSON, nested deep, or not UTF-8 at all. */
export const requestBody: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 6, arbitrary: chatRequestObject.map((value) => encode(JSON.stringify(value))) },
  { weight: 1, arbitrary: fc.json().map(encode) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1_000, max: 200_000 })
      .map((depth) =>
        encode(`{"model":"gemini-2.5-flash","messages":${'['.repeat(depth)}${']'.repeat(depth)}}`),
      ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(pollutionBody(), '', '{}', 'null', '[]', '"', '{"model":').map(encode),
  },
);

/** Paths, including ones near the real routes, percent-encoding gone wrong and traversal. */
export const requestPath: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '/v1/chat/completions',
    '/v1/chat/completions/',
    '/v1/models',
    '/v1/models/gemini-2.5-pro',
    '/v1/models/%',
    '/v1/models/%E0%A4%A',
    '/v1/models/__proto__',
    '/v1/models/constructor',
    '/healthz',
    '/../../etc/passwd',
    '//v1//models',
    `/v1/models/${'a'.repeat(10_000)}`,
  ),
  fc.webPath(),
  fc.string({ maxLength: 60 }).map((text) => `/${text}`),
);

export const requestMethod = fc.constantFrom(
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'HEAD',
  'TRACE',
);

/** Header maps with absurd authorization headers and content types. */
export const requestHeaders: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    authorization: fc.oneof(
      fc.constant('Bearer sk-fuzz-key'),
      fc.constant('Bearer '),
      fc.string({ maxLength: 80 }).map((text) => `Bearer ${text}`),
      fc.string({ maxLength: 80 }),
      fc.constant(`Bearer ${'k'.repeat(100_000)}`),
    ),
    'x-api-key': fc.string({ maxLength: 40 }),
    'content-type': fc.constantFrom('application/json', 'text/plain', 'multipart/form-data', ''),
    'content-length': fc.nat().map(String),
  },
  { requiredKeys: [] },
);

function encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function baselineTool() {
  return { type: 'function', function: { name: 'f', parameters: { type: 'object' } } };
}

/** A JSON Schema nested deeper than any sane one. */
function deepSchema(): fc.Arbitrary<unknown> {
  return fc.integer({ min: 50, max: 1_500 }).map((depth) => {
    let schema: Record<string, unknown> = { type: 'string' };
    for (let level = 0; level < depth; level += 1) schema = { type: 'object', properties: { a: schema } };
    return schema;
  });
}

/** Keys that pollute prototypes when a parser or merge is careless, written as JSON text. */
function pollutionBody(): string {
  return (
    '{"__proto__":{"polluted":true,"stream":true},"constructor":{"prototype":{"polluted":true}},' +
    '"model":"gemini-2.5-flash","messages":[{"role":"user","content":"hi","__proto__":{"role":"system"}}],' +
    '"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"__proto__":{"type":"object"}}}}}'
  );
}
