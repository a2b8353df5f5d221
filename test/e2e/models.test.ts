import { NotFoundError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestClock } from '../fakes/test-clock.js';
import { oneAccount } from './accounts.js';
import { readJsonAnswer } from './raw-http.js';
import { type Harness, startHarness } from './start-harness.js';

const aliases = { 'gpt-4o': 'gemini-2.5-pro', 'fast-model': 'models/gemini-2.5-flash' };
const model = (id: string) => ({ id, object: 'model', created: 1_735_689_600, owned_by: 'google' });

describe('models', () => {
  let rig: Harness;

  beforeAll(async () => {
    rig = await startHarness({
      accounts: oneAccount,
      clock: createTestClock(),
      env: { MODEL_ALIASES: JSON.stringify(aliases) },
    });
  });
  afterAll(() => rig.close());

  it('lists the 2.5 and 3.x models and the aliases', async () => {
    // Act
    const answer = await readJsonAnswer(await fetch(`${rig.url}/v1/models`));
    const viaSdk = [];
    for await (const entry of rig.client.models.list()) viaSdk.push(entry.id);

    // Assess
    const ids = [
      'gemini-2.5-pro',
      'gemini-2.5-flash',
      'gemini-2.5-flash-lite',
      'gemini-3-pro-preview',
      'gemini-3-flash-preview',
      'gpt-4o',
      'fast-model',
    ];
    expect(answer).toStrictEqual({
      status: 200,
      contentType: 'application/json; charset=utf-8',
      body: { object: 'list', data: ids.map(model) },
    });
    expect(viaSdk).toStrictEqual(ids);
  });

  it.each([
    { asked: 'gemini-2.5-pro', id: 'gemini-2.5-pro' },
    { asked: 'gpt-4o', id: 'gpt-4o' },
    { asked: 'models/gemini-3-pro-preview', id: 'gemini-3-pro-preview' },
    { asked: 'google/gemini-2.5-flash', id: 'gemini-2.5-flash' },
  ])('describes $asked at /v1/models/{id}', async ({ asked, id }) => {
    // Act
    const answer = await readJsonAnswer(await fetch(`${rig.url}/v1/models/${asked}`));
    const viaSdk = await rig.client.models.retrieve(asked);

    // Assess
    expect(answer).toStrictEqual({
      status: 200,
      contentType: 'application/json; charset=utf-8',
      body: model(id),
    });
    expect(viaSdk).toStrictEqual(model(id));
  });

  it('answers an unknown model id with a 404 that says how to map it', async () => {
    // Act
    const failure = await rig.client.models.retrieve('gpt-5').catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(NotFoundError);
    expect((failure as NotFoundError).error).toStrictEqual({
      message:
        "The model 'gpt-5' does not exist. Use a Gemini model id (see GET /v1/models) or map this name with MODEL_ALIASES.",
      type: 'not_found_error',
      param: 'model',
      code: 'model_not_found',
    });
  });

  it.each([
    { asked: 'gpt-4o', upstream: 'gemini-2.5-pro' },
    { asked: 'fast-model', upstream: 'gemini-2.5-flash' },
    { asked: 'models/gemini-2.5-flash', upstream: 'gemini-2.5-flash' },
    { asked: 'google/gemini-3-flash-preview', upstream: 'gemini-3-flash-preview' },
  ])(
    'sends $asked to Google as $upstream and reports the name the client asked for',
    async ({ asked, upstream }) => {
      // Prepare
      const callsBefore = rig.google.calls.length;

      // Act
      const completion = await rig.client.chat.completions.create({
        model: asked,
        messages: [{ role: 'user', content: 'hi' }],
      });
      const chunks = await rig.client.chat.completions.create({
        model: asked,
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
      });
      const streamedModels = new Set<string>();
      for await (const chunk of chunks) streamedModels.add(chunk.model);

      // Assess
      expect(completion.model).toStrictEqual(asked);
      expect(streamedModels).toStrictEqual(new Set([asked]));
      expect(rig.google.calls.slice(callsBefore).map((call) => call.model)).toStrictEqual([
        upstream,
        upstream,
      ]);
    },
  );
});
