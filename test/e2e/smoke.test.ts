import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishEvent, textEvent, usage } from '../fakes/gemini-events.js';
import { stream } from '../fakes/google-answers.js';
import { type Harness, startHarness } from './start-harness.js';

describe('smoke', () => {
  let rig: Harness;
  beforeAll(async () => {
    rig = await startHarness({
      accounts: { 'acct-a': { projectId: 'p-a', credentials: { refresh_token: 'rt-a' } } },
    });
  });
  afterAll(() => rig.close());

  it('streams text through the gateway', async () => {
    rig.google.enqueue(
      stream(textEvent('Hel'), textEvent('lo'), finishEvent('STOP', usage({ prompt: 3, candidates: 2 }))),
    );
    const chunks = await rig.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of chunks) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('Hello');
  });
});
