import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finishEvent, textEvent } from '../fakes/gemini-events.js';
import { stream } from '../fakes/google-answers.js';
import { createTestClock } from '../fakes/test-clock.js';
import { oneAccount } from './accounts.js';
import { type Harness, startHarness } from './start-harness.js';

describe('chat completions: structured output', () => {
  let rig: Harness;

  beforeEach(async () => {
    rig = await startHarness({ accounts: oneAccount, clock: createTestClock() });
  });
  afterEach(() => rig.close());

  it('sends a json_schema response_format as responseMimeType and a cleaned schema, and returns the JSON', async () => {
    // Prepare
    rig.google.enqueue(stream(textEvent('{"name":"Ada",'), textEvent('"age":36}'), finishEvent('STOP')));

    // Act
    const completion = await rig.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'Who wrote the first program?' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'person',
          strict: true,
          schema: {
            type: 'object',
            additionalProperties: false,
            properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 } },
            required: ['name', 'age'],
          },
        },
      },
    });

    // Assess
    expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toStrictEqual({ name: 'Ada', age: 36 });
    expect(rig.google.calls[0]?.request.generationConfig).toStrictEqual({
      responseMimeType: 'application/json',
      responseSchema: {
        type: 'object',
        properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 } },
        required: ['name', 'age'],
      },
      thinkingConfig: { includeThoughts: true },
    });
  });

  it('sends json_object as responseMimeType alone', async () => {
    // Act
    await rig.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'Answer in JSON' }],
      response_format: { type: 'json_object' },
    });

    // Assess
    expect(rig.google.calls[0]?.request.generationConfig).toStrictEqual({
      responseMimeType: 'application/json',
      thinkingConfig: { includeThoughts: true },
    });
  });
});
