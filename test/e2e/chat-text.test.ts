import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockedPromptEvent, finishEvent, textEvent, usage } from '../fakes/gemini-events.js';
import { Gate, stream } from '../fakes/google-answers.js';
import { createTestClock } from '../fakes/test-clock.js';
import { firstIssuedToken, oneAccount } from './accounts.js';
import { collect, postChat, readSseChunks, readSseIncrementally } from './raw-http.js';
import { type Harness, startHarness } from './start-harness.js';

describe('chat completions: text', () => {
  let created: number;
  let rig: Harness;

  beforeEach(async () => {
    const clock = createTestClock();
    created = Math.floor(clock.now() / 1000);
    rig = await startHarness({ accounts: oneAccount, clock });
  });
  afterEach(() => rig.close());

  it('answers a non-stream request and sends Google the translated request in the Code Assist envelope', async () => {
    // Prepare
    rig.google.enqueue(
      stream(textEvent('Hel'), textEvent('lo'), finishEvent('STOP', usage({ prompt: 3, candidates: 2 }))),
    );

    // Act
    const completion = await rig.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'hi' }],
    });

    // Assess
    expect(completion).toStrictEqual({
      id: 'chatcmpl-id0000',
      object: 'chat.completion',
      created,
      model: 'gemini-2.5-flash',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello', refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: 3,
        completion_tokens: 2,
        total_tokens: 5,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    });
    expect(rig.google.calls).toHaveLength(1);
    const [call] = rig.google.calls;
    expect({
      path: call?.path,
      search: call?.search,
      accessToken: call?.accessToken,
      body: call?.body,
    }).toStrictEqual({
      path: '/v1internal:streamGenerateContent',
      search: '?alt=sse',
      accessToken: firstIssuedToken,
      body: {
        model: 'gemini-2.5-flash',
        project: 'p-a',
        user_prompt_id: expect.any(String),
        request: {
          contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
          generationConfig: { thinkingConfig: { includeThoughts: true } },
        },
      },
    });
  });

  it('sends a non-stream answer whole, with its length rather than in chunks', async () => {
    // Prepare
    rig.google.enqueue(stream(textEvent('Hello'), finishEvent('STOP')));

    // Act
    const response = await postChat({
      url: rig.url,
      body: { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] },
    });
    const body = await response.text();

    // Assess
    expect({
      contentLength: response.headers.get('content-length'),
      transferEncoding: response.headers.get('transfer-encoding'),
    }).toStrictEqual({ contentLength: String(Buffer.byteLength(body)), transferEncoding: null });
  });

  it('streams text as chunks sharing one id, the role first, the finish reason alone, then [DONE]', async () => {
    // Prepare
    rig.google.enqueue(stream(textEvent('Hel'), textEvent('lo'), finishEvent('STOP')));

    // Act
    const response = await postChat({
      url: rig.url,
      body: { model: 'gemini-2.5-pro', messages: [{ role: 'user', content: 'hi' }], stream: true },
    });

    // Assess
    expect(response.status).toStrictEqual(200);
    expect(response.headers.get('content-type')).toStrictEqual('text/event-stream; charset=utf-8');
    const identity = {
      id: 'chatcmpl-id0000',
      object: 'chat.completion.chunk',
      created,
      model: 'gemini-2.5-pro',
    };
    expect(await readSseChunks(response)).toStrictEqual([
      {
        ...identity,
        choices: [
          { index: 0, delta: { role: 'assistant', content: 'Hel' }, logprobs: null, finish_reason: null },
        ],
      },
      { ...identity, choices: [{ index: 0, delta: { content: 'lo' }, logprobs: null, finish_reason: null }] },
      { ...identity, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }] },
    ]);
  });

  it('forwards each event as it arrives instead of waiting for the whole answer', async () => {
    // Prepare
    const gate = new Gate();
    rig.google.enqueue(stream(textEvent('Hel'), gate, textEvent('lo'), finishEvent('STOP')));

    // Act
    const response = await postChat({
      url: rig.url,
      body: { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }], stream: true },
    });
    const events = readSseIncrementally(response);
    const beforeRelease = await events.next();
    gate.release();
    const afterRelease: string[] = [];
    for (let event = await events.next(); event !== undefined; event = await events.next()) {
      afterRelease.push(event);
    }

    // Assess
    expect(JSON.parse(beforeRelease ?? '').choices[0].delta).toStrictEqual({
      role: 'assistant',
      content: 'Hel',
    });
    expect(
      afterRelease.map((event) => (event === '[DONE]' ? event : JSON.parse(event).choices[0])),
    ).toStrictEqual([
      { index: 0, delta: { content: 'lo' }, logprobs: null, finish_reason: null },
      { index: 0, delta: {}, logprobs: null, finish_reason: 'stop' },
      '[DONE]',
    ]);
  });

  it('streams through the openai SDK', async () => {
    // Prepare
    rig.google.enqueue(
      stream(textEvent('One, '), textEvent('two, '), textEvent('three.'), finishEvent('STOP')),
    );

    // Act
    const chunks = await collect(
      await rig.client.chat.completions.create({
        model: 'gemini-2.5-flash',
        messages: [{ role: 'user', content: 'count' }],
        stream: true,
      }),
    );

    // Assess
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? null)).toStrictEqual([
      'One, ',
      'two, ',
      'three.',
      null,
    ]);
    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason)).toStrictEqual([null, null, null, 'stop']);
  });

  it('sends every system and developer message, in order, and the turns of a conversation', async () => {
    // Act
    await rig.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in English.' }] },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello.' },
        { role: 'system', content: 'Never use emoji.' },
        { role: 'user', content: [{ type: 'text', text: 'How are you?' }] },
      ],
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 100,
      stop: ['END'],
      seed: 7,
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
    });

    // Assess
    expect(rig.google.calls[0]?.request).toStrictEqual({
      systemInstruction: {
        parts: [{ text: 'You are terse.' }, { text: 'Answer in English.' }, { text: 'Never use emoji.' }],
      },
      contents: [
        { role: 'user', parts: [{ text: 'Hi' }] },
        { role: 'model', parts: [{ text: 'Hello.' }] },
        { role: 'user', parts: [{ text: 'How are you?' }] },
      ],
      generationConfig: {
        temperature: 0.2,
        topP: 0.9,
        maxOutputTokens: 100,
        stopSequences: ['END'],
        seed: 7,
        presencePenalty: 0.5,
        frequencyPenalty: -0.5,
        thinkingConfig: { includeThoughts: true },
      },
    });
  });

  it('ends a stream with a usage chunk with no choices when include_usage is asked for', async () => {
    // Prepare
    rig.google.enqueue(
      stream(
        textEvent('Hi'),
        finishEvent('STOP', usage({ prompt: 10, candidates: 4, thoughts: 6, cached: 2 })),
      ),
    );

    // Act
    const chunks = await collect(
      await rig.client.chat.completions.create({
        model: 'gemini-2.5-flash',
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
        stream_options: { include_usage: true },
      }),
    );

    // Assess
    expect(chunks.map((chunk) => [chunk.choices.length, chunk.usage])).toStrictEqual([
      [1, null],
      [1, null],
      [
        0,
        {
          prompt_tokens: 10,
          completion_tokens: 10,
          total_tokens: 20,
          prompt_tokens_details: { cached_tokens: 2 },
          completion_tokens_details: { reasoning_tokens: 6 },
        },
      ],
    ]);
  });

  it('leaves usage out of stream chunks unless it is asked for', async () => {
    // Prepare
    rig.google.enqueue(stream(textEvent('Hi'), finishEvent('STOP', usage({ prompt: 1, candidates: 1 }))));

    // Act
    const response = await postChat({
      url: rig.url,
      body: { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }], stream: true },
    });

    // Assess
    const chunks = (await readSseChunks(response)) as Array<Record<string, unknown>>;
    expect(chunks.map((chunk) => 'usage' in chunk)).toStrictEqual([false, false]);
  });

  it.each([
    { google: 'STOP', openai: 'stop' },
    { google: 'MAX_TOKENS', openai: 'length' },
    { google: 'SAFETY', openai: 'content_filter' },
    { google: 'RECITATION', openai: 'content_filter' },
    { google: 'PROHIBITED_CONTENT', openai: 'content_filter' },
  ])('maps finish reason $google to $openai in both stream and non-stream answers', async (reasons) => {
    // Prepare
    const answer = () => stream(textEvent('Some text'), finishEvent(reasons.google));
    rig.google.enqueue(answer(), answer());
    const request = { model: 'gemini-2.5-flash', messages: [{ role: 'user' as const, content: 'hi' }] };

    // Act
    const completion = await rig.client.chat.completions.create(request);
    const chunks = await collect(await rig.client.chat.completions.create({ ...request, stream: true }));

    // Assess
    expect([completion.choices[0]?.finish_reason, chunks.at(-1)?.choices[0]?.finish_reason]).toStrictEqual([
      reasons.openai,
      reasons.openai,
    ]);
  });

  it('answers a prompt blocked by safety with no content and finish reason content_filter', async () => {
    // Prepare
    const blocked = () => stream(blockedPromptEvent('SAFETY'));
    rig.google.enqueue(blocked(), blocked());
    const request = { model: 'gemini-2.5-flash', messages: [{ role: 'user' as const, content: 'bad' }] };

    // Act
    const completion = await rig.client.chat.completions.create(request);
    const chunks = await collect(await rig.client.chat.completions.create({ ...request, stream: true }));

    // Assess
    expect(completion.choices).toStrictEqual([
      {
        index: 0,
        message: { role: 'assistant', content: null, refusal: 'Gemini blocked the prompt (SAFETY).' },
        logprobs: null,
        finish_reason: 'content_filter',
      },
    ]);
    expect(chunks.map((chunk) => chunk.choices)).toStrictEqual([
      [
        {
          index: 0,
          delta: { role: 'assistant', refusal: 'Gemini blocked the prompt (SAFETY).' },
          logprobs: null,
          finish_reason: null,
        },
      ],
      [{ index: 0, delta: {}, logprobs: null, finish_reason: 'content_filter' }],
    ]);
  });
});
