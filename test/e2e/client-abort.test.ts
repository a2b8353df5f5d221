import { APIUserAbortError } from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { finishEvent, textEvent } from '../fakes/gemini-events.js';
import { Gate, hang, stream } from '../fakes/google-answers.js';
import { createTestClock } from '../fakes/test-clock.js';
import { oneAccount } from './accounts.js';
import { postChat } from './raw-http.js';
import { type Harness, startHarness } from './start-harness.js';

const chat = { model: 'gemini-2.5-flash', messages: [{ role: 'user' as const, content: 'hi' }] };

describe('client abort', () => {
  let rig: Harness;

  beforeEach(async () => {
    rig = await startHarness({ accounts: oneAccount, clock: createTestClock() });
  });
  afterEach(() => rig.close());

  /** The account was not blamed: the next request is served by it at once. */
  async function expectAccountStillServes(): Promise<void> {
    const completion = await rig.client.chat.completions.create(chat);
    expect(completion.choices[0]?.message.content).toStrictEqual('Hello from fake Google.');
  }

  it('logs no stream failure when the client leaves mid-stream: nobody is there to tell', async () => {
    // Prepare
    const gate = new Gate();
    rig.google.enqueue(stream(textEvent('Hel'), gate, textEvent('lo'), finishEvent('STOP')));
    const chunks = await rig.client.chat.completions.create({ ...chat, stream: true });

    // Act
    for await (const _chunk of chunks) break;
    await rig.google.until(() => rig.google.abortedCalls === 1);
    gate.release();
    await rig.restart(); // waits for the request's handler to finish

    // Assess
    const failures = rig.logger.entries.filter((entry) => entry.message.startsWith('stream failed'));
    expect(failures).toStrictEqual([]);
  });

  it('cancels the upstream request when the client leaves mid-stream', async () => {
    // Prepare
    const gate = new Gate();
    rig.google.enqueue(stream(textEvent('Hel'), gate, textEvent('lo'), finishEvent('STOP')));

    // Act
    const chunks = await rig.client.chat.completions.create({ ...chat, stream: true });
    const received: string[] = [];
    for await (const chunk of chunks) {
      received.push(chunk.choices[0]?.delta.content ?? '');
      break; // the SDK aborts its request when the loop is left
    }
    await rig.google.until(() => rig.google.abortedCalls === 1);
    gate.release();

    // Assess
    expect(received).toStrictEqual(['Hel']);
    expect(rig.google.abortedCalls).toStrictEqual(1);
    await expectAccountStillServes();
  });

  it('cancels the upstream request when the client leaves before the first event', async () => {
    // Prepare
    const gate = new Gate();
    rig.google.enqueue(stream(gate, textEvent('Hello'), finishEvent('STOP')));
    const client = new AbortController();

    // Act
    const response = postChat({ url: rig.url, body: { ...chat, stream: true }, signal: client.signal });
    await gate.reached;
    client.abort();
    const failure = await response.catch((error: unknown) => error);
    await rig.google.until(() => rig.google.abortedCalls === 1);
    gate.release();

    // Assess
    expect(failure).toMatchObject({ name: 'AbortError' });
    expect(rig.google.abortedCalls).toStrictEqual(1);
    await expectAccountStillServes();
  });

  it('cancels a non-stream request to Google that has not answered at all', async () => {
    // Prepare
    rig.google.enqueue(hang());
    const client = new AbortController();

    // Act
    const completion = rig.client.chat.completions.create(chat, { signal: client.signal });
    await rig.google.until(() => rig.google.calls.length === 1);
    client.abort();
    const failure = await completion.catch((error: unknown) => error);
    await rig.google.until(() => rig.google.abortedCalls === 1);

    // Assess
    expect(failure).toBeInstanceOf(APIUserAbortError);
    expect(rig.google.abortedCalls).toStrictEqual(1);
    await expectAccountStillServes();
  });
});
