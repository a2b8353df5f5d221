import { afterEach, describe, expect, it } from 'vitest';
import { finishEvent, textEvent } from '../fakes/gemini-events.js';
import { quotaExhausted, stream } from '../fakes/google-answers.js';
import { oneAccount } from './accounts.js';
import { type Harness, startHarness } from './start-harness.js';

/** The only account is out of quota for gemini-2.5-pro for hours, and fine on gemini-2.5-flash. */
function proIsExhausted(rig: Harness): void {
  rig.google.setHandler((call) =>
    call.model === 'gemini-2.5-pro'
      ? quotaExhausted({ model: 'gemini-2.5-pro' })
      : stream(textEvent(`answered by ${call.model}`), finishEvent('STOP')),
  );
}

const question = { messages: [{ role: 'user' as const, content: 'hi' }] };

describe('model fallback (MODEL_FALLBACKS)', () => {
  let rig: Harness;
  afterEach(() => rig.close());

  it('serves the fallback model and says so in the body and a header', async () => {
    rig = await startHarness({
      accounts: oneAccount,
      env: { MODEL_FALLBACKS: '{"gemini-2.5-pro":["gemini-2.5-flash"]}' },
    });
    proIsExhausted(rig);

    const { data, response } = await rig.client.chat.completions
      .create({ model: 'gemini-2.5-pro', ...question })
      .withResponse();

    expect(data.model).toBe('gemini-2.5-flash');
    expect(data.choices[0]?.message.content).toBe('answered by gemini-2.5-flash');
    expect(response.headers.get('x-gateway-fallback-model')).toBe('gemini-2.5-flash');
    expect(rig.google.calls.map((call) => call.model)).toStrictEqual(['gemini-2.5-pro', 'gemini-2.5-flash']);
  });

  it('streams from the fallback model, every chunk naming it', async () => {
    rig = await startHarness({
      accounts: oneAccount,
      env: { MODEL_FALLBACKS: '{"gemini-2.5-pro":["gemini-2.5-flash"]}' },
    });
    proIsExhausted(rig);

    const chunks = await rig.client.chat.completions.create({
      model: 'gemini-2.5-pro',
      ...question,
      stream: true,
    });
    const models = new Set<string>();
    let text = '';
    for await (const chunk of chunks) {
      models.add(chunk.model);
      text += chunk.choices[0]?.delta?.content ?? '';
    }

    expect([...models]).toStrictEqual(['gemini-2.5-flash']);
    expect(text).toBe('answered by gemini-2.5-flash');
  });

  it('is off by default: the client gets the 429', async () => {
    rig = await startHarness({ accounts: oneAccount });
    proIsExhausted(rig);

    const failure = await rig.client.chat.completions
      .create({ model: 'gemini-2.5-pro', ...question })
      .catch((error) => error);

    expect(failure.status).toBe(429);
    expect(rig.google.calls.map((call) => call.model)).toStrictEqual(['gemini-2.5-pro']);
  });
});
