import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../core/http-error.js';
import { chatCompletionRequestSchema, parseChatCompletionRequest } from './chat-request.js';

const user = { role: 'user', content: 'Hi' };
const valid = { model: 'gemini-2.5-flash', messages: [user] };

function parseError(body: unknown): InvalidRequestError {
  try {
    parseChatCompletionRequest(body);
  } catch (error) {
    if (error instanceof InvalidRequestError) return error;
    throw error;
  }
  throw new Error('expected the body to be rejected');
}

/** What the gateway answers for `body`: the request, or the offending parameter and how many more. */
function outcomeOf(body: Record<string, unknown>): unknown {
  try {
    return { request: parseChatCompletionRequest(body) };
  } catch (error) {
    if (!(error instanceof InvalidRequestError)) throw error;
    return { param: error.param, more: Number(/and (\d+) more/.exec(error.message)?.[1] ?? 0) };
  }
}

/** The same, from the whole schema: what checking every key of it on every body would answer. */
function wholeSchemaOutcomeOf(body: Record<string, unknown>): unknown {
  const result = chatCompletionRequestSchema.safeParse(body);
  if (result.success) return { request: result.data };
  const [first, ...others] = result.error.issues;
  const param = (first?.path ?? [])
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
  return { param, more: others.length };
}

function nestedArray(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level += 1) value = [value];
  return value;
}

describe('parseChatCompletionRequest', () => {
  it('accepts a full OpenAI request and drops fields it does not know', () => {
    // Prepare
    const assistant = {
      role: 'assistant',
      content: null,
      refusal: null,
      function_call: null,
      tool_calls: [
        {
          id: 'call_1',
          type: 'function',
          function: { name: 'lookup', arguments: '{}' },
          extra_content: { google: { thought_signature: 'sig' } },
        },
      ],
    };
    const known = {
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Use metric units.' }] },
        {
          role: 'user',
          name: 'alice',
          content: [
            { type: 'text', text: 'What is in these?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA', detail: 'auto' } },
            { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBE', filename: 'a.pdf' } },
          ],
        },
        assistant,
        { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: 'done' }] },
      ],
      tools: [
        { type: 'function', function: { name: 'lookup', parameters: { type: 'object' }, strict: null } },
      ],
      tool_choice: { type: 'function', function: { name: 'lookup' } },
      response_format: { type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' } } },
      temperature: 0,
      top_p: 1,
      max_tokens: 10,
      stop: ['a', 'b'],
      seed: -3,
      presence_penalty: -2,
      frequency_penalty: 2,
      n: 1,
      stream: false,
      stream_options: null,
      reasoning_effort: 'xhigh',
      logprobs: null,
    };
    const body = {
      ...known,
      messages: [
        ...known.messages.slice(0, 3),
        { ...assistant, audio: null, annotations: [] },
        ...known.messages.slice(4),
      ],
      extra_body: { google: { thinking_config: {} } },
    };

    // Act
    const request = parseChatCompletionRequest(body);

    // Assess
    expect(request).toStrictEqual(known);
  });

  it.each<[string, unknown, string | null]>([
    ['a string body', 'hello', null],
    ['an array body', [valid], null],
    ['a null body', null, null],
    ['no model', { messages: [user] }, 'model'],
    ['a numeric model', { ...valid, model: 42 }, 'model'],
    ['an empty model', { ...valid, model: '' }, 'model'],
    ['no messages', { model: 'm' }, 'messages'],
    ['empty messages', { ...valid, messages: [] }, 'messages'],
    ['messages as a string', { ...valid, messages: 'Hi' }, 'messages'],
    ['an unknown role', { ...valid, messages: [{ role: 'robot', content: 'x' }] }, 'messages[0].role'],
    ['a message without role', { ...valid, messages: [{ content: 'x' }] }, 'messages[0].role'],
    ['a numeric content', { ...valid, messages: [{ role: 'user', content: 5 }] }, 'messages[0].content'],
    ['a missing user content', { ...valid, messages: [{ role: 'user' }] }, 'messages[0].content'],
    [
      'a text part without text',
      { ...valid, messages: [{ role: 'user', content: [{ type: 'text' }] }] },
      'messages[0].content[0].text',
    ],
    [
      'an unknown part type',
      { ...valid, messages: [{ role: 'user', content: [{ type: 'video', video: {} }] }] },
      'messages[0].content[0].type',
    ],
    [
      'an image part in a system message',
      {
        ...valid,
        messages: [{ role: 'system', content: [{ type: 'image_url', image_url: { url: 'x' } }] }, user],
      },
      'messages[0].content[0].type',
    ],
    [
      'an image without url',
      { ...valid, messages: [{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }] },
      'messages[0].content[0].image_url.url',
    ],
    [
      'an unknown audio format',
      {
        ...valid,
        messages: [
          { role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'x', format: 'midi' } }] },
        ],
      },
      'messages[0].content[0].input_audio.format',
    ],
    [
      'tool-call arguments as an object',
      {
        ...valid,
        messages: [
          user,
          {
            role: 'assistant',
            tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: {} } }],
          },
        ],
      },
      'messages[1].tool_calls[0].function.arguments',
    ],
    [
      'a tool message without tool_call_id',
      { ...valid, messages: [user, { role: 'tool', content: 'x' }] },
      'messages[1].tool_call_id',
    ],
    [
      'a legacy assistant function_call',
      { ...valid, messages: [user, { role: 'assistant', function_call: { name: 'f', arguments: '{}' } }] },
      'messages[1].function_call',
    ],
    ['temperature above 2', { ...valid, temperature: 3 }, 'temperature'],
    ['temperature below 0', { ...valid, temperature: -0.1 }, 'temperature'],
    ['temperature as text', { ...valid, temperature: 'hot' }, 'temperature'],
    ['top_p above 1', { ...valid, top_p: 1.5 }, 'top_p'],
    ['n of 0', { ...valid, n: 0 }, 'n'],
    ['a fractional n', { ...valid, n: 1.5 }, 'n'],
    ['max_tokens of 0', { ...valid, max_tokens: 0 }, 'max_tokens'],
    ['a negative max_completion_tokens', { ...valid, max_completion_tokens: -5 }, 'max_completion_tokens'],
    ['five stop sequences', { ...valid, stop: ['a', 'b', 'c', 'd', 'e'] }, 'stop'],
    ['a numeric stop sequence', { ...valid, stop: ['a', 1] }, 'stop[1]'],
    ['a fractional seed', { ...valid, seed: 1.5 }, 'seed'],
    ['presence_penalty below -2', { ...valid, presence_penalty: -3 }, 'presence_penalty'],
    ['a custom tool', { ...valid, tools: [{ type: 'custom', custom: { name: 'x' } }] }, 'tools[0].type'],
    [
      'a function name with spaces',
      { ...valid, tools: [{ type: 'function', function: { name: 'get weather' } }] },
      'tools[0].function.name',
    ],
    [
      'parameters that are not an object',
      { ...valid, tools: [{ type: 'function', function: { name: 'f', parameters: 'none' } }] },
      'tools[0].function.parameters',
    ],
    ['an unknown tool_choice', { ...valid, tool_choice: 'maybe' }, 'tool_choice'],
    ['an unknown response_format', { ...valid, response_format: { type: 'xml' } }, 'response_format.type'],
    [
      'a json_schema without name',
      { ...valid, response_format: { type: 'json_schema', json_schema: { schema: {} } } },
      'response_format.json_schema.name',
    ],
    ['an unknown reasoning_effort', { ...valid, reasoning_effort: 'extreme' }, 'reasoning_effort'],
    ['stream as text', { ...valid, stream: 'yes' }, 'stream'],
    [
      'include_usage as text',
      { ...valid, stream_options: { include_usage: 'yes' } },
      'stream_options.include_usage',
    ],
    ['logit_bias out of range', { ...valid, logit_bias: { '50256': 200 } }, 'logit_bias.50256'],
    ['top_logprobs above 20', { ...valid, top_logprobs: 21 }, 'top_logprobs'],
    ['numeric metadata', { ...valid, metadata: { team: 1 } }, 'metadata.team'],
    ['an unknown modality', { ...valid, modalities: ['video'] }, 'modalities[0]'],
    ['legacy functions', { ...valid, functions: [{ name: 'f' }] }, 'functions'],
    ['legacy function_call', { ...valid, function_call: 'auto' }, 'function_call'],
  ])('rejects %s', (_case, body, param) => {
    // Act
    const error = parseError(body);

    // Assess
    expect({ status: error.status, type: error.type, param: error.param }).toStrictEqual({
      status: 400,
      type: 'invalid_request_error',
      param,
    });
    expect(error.message.length).toBeLessThanOrEqual(300);
  });

  it('says what is wrong and where', () => {
    // Act
    const messages = [
      parseError({ ...valid, temperature: 3 }).message,
      parseError({ ...valid, messages: [{ role: 'user', content: 5 }] }).message,
      parseError({ ...valid, messages: [{ role: 'function', name: 'f', content: 'x' }] }).message,
      parseError('hello').message,
    ];

    // Assess
    expect(messages).toStrictEqual([
      "Too big: expected number to be <=2 at 'temperature'",
      "Invalid input: expected string or array at 'messages[0].content'",
      "role 'function' is deprecated: send tool results as role 'tool' with a 'tool_call_id' at 'messages[0].role'",
      'The request body must be a JSON object.',
    ]);
  });

  it('counts the other problems without listing them', () => {
    // Act
    const error = parseError({ model: 1, messages: [], temperature: 9 });

    // Assess
    expect(error.toJSON()).toStrictEqual({
      error: {
        message: "Invalid input: expected string, received number at 'model' (and 2 more problems)",
        type: 'invalid_request_error',
        param: 'model',
        code: null,
      },
    });
  });

  it('answers as the whole schema would, checking only the keys a body has and the required ones', () => {
    // Prepare: different sets of keys, valid and not, with a required key left out
    const bodies: Record<string, unknown>[] = [
      valid,
      { ...valid, temperature: 0.5, stream: true, stream_options: { include_usage: true } },
      { ...valid, tools: null, tool_choice: null, user: null, unknown_field: 1 },
      { ...valid, stop: ['a', 'b'], seed: 7, n: 1, metadata: { k: 'v' } },
      { messages: [user], temperature: 1 },
      { model: 'm', temperature: 1 },
      { ...valid, top_p: 2, max_tokens: 0 },
      { ...valid, functions: [], stream: 'yes' },
    ];

    // Act
    const outcomes = bodies.map(outcomeOf);

    // Assess
    expect(outcomes).toStrictEqual(bodies.map(wholeSchemaOutcomeOf));
    expect(outcomes[4]).toMatchObject({ param: 'model' });
    expect(outcomes[6]).toMatchObject({ param: 'top_p', more: 1 });
  });

  it('keeps answering the same once it has seen more sets of keys than it keeps schemas for', () => {
    // Prepare: 128 different sets of optional keys, then a bad body with a set not seen before
    const optional: Record<string, unknown> = {
      temperature: 1,
      top_p: 0.5,
      seed: 3,
      n: 1,
      user: 'u',
      store: false,
      logprobs: false,
    };
    const names = Object.keys(optional);
    const bodies = Array.from({ length: 2 ** names.length }, (_, subset) => {
      const body: Record<string, unknown> = { ...valid };
      names.forEach((name, bit) => {
        if (subset & (1 << bit)) body[name] = optional[name];
      });
      return body;
    });
    const bad = { ...valid, ...optional, presence_penalty: 5 };

    // Act
    const outcomes = bodies.map(outcomeOf);
    const rejected = outcomeOf(bad);

    // Assess
    expect(outcomes).toStrictEqual(bodies.map(wholeSchemaOutcomeOf));
    expect(rejected).toStrictEqual({ param: 'presence_penalty', more: 0 });
  });

  it('never echoes huge values or keys back', () => {
    // Prepare
    const huge = 'x'.repeat(1_000_000);

    // Act
    const errors = [
      parseError({ ...valid, reasoning_effort: huge }),
      parseError({ ...valid, logit_bias: { [huge]: 500 } }),
      parseError({ ...valid, tool_choice: huge }),
    ];

    // Assess
    for (const error of errors) {
      expect(error.message.length).toBeLessThanOrEqual(300);
      expect(error.message).not.toContain('x'.repeat(50));
      expect((error.param ?? '').length).toBeLessThanOrEqual(60);
    }
  });

  it('ignores __proto__ keys instead of following them', () => {
    // Prepare
    const body = JSON.parse(
      '{"__proto__":{"temperature":5,"polluted":true},"model":"m","messages":[{"role":"user","content":"Hi","__proto__":{"name":"x"}}]}',
    );
    const inherited = JSON.parse('{"model":"m","messages":[{"__proto__":{"role":"user","content":"Hi"}}]}');

    // Act
    const request = parseChatCompletionRequest(body);
    const error = parseError(inherited);

    // Assess
    expect(request).toStrictEqual({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(error.param).toBe('messages[0].role');
  });

  it('survives deep nesting and huge arrays', () => {
    // Prepare
    const deep = { ...valid, messages: [{ role: 'user', content: nestedArray(100_000) }] };
    const deepSchema = {
      ...valid,
      tools: [{ type: 'function', function: { name: 'f', parameters: { nested: nestedArray(100_000) } } }],
    };
    const many = {
      ...valid,
      messages: Array.from({ length: 100_000 }, () => ({ role: 'user', content: 1 })),
    };

    // Act
    const deepError = parseError(deep);
    const deepRequest = parseChatCompletionRequest(deepSchema);
    const manyError = parseError(many);

    // Assess
    expect(deepError.param).toBe('messages[0].content[0]');
    expect(deepRequest.tools).toHaveLength(1);
    expect(manyError.message).toBe(
      "Invalid input: expected string or array at 'messages[0].content' (and 99999 more problems)",
    );
  });
});
