import type { Dispatcher } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGoogle, startFakeGoogle } from '../../test/fakes/fake-google.js';
import { createRecordingLogger } from '../../test/fakes/recording-logger.js';
import { createTestClock, type TestClock } from '../../test/fakes/test-clock.js';
import type { Account } from '../credentials/account.js';
import { createProjectDiscovery, discoverCodeAssistSetup } from './code-assist-project.js';
import { createDispatcher } from './http-client.js';
import { UpstreamError } from './upstream-error.js';

describe('Code Assist project discovery', () => {
  let google: FakeGoogle;
  let clock: TestClock;
  let dispatcher: Dispatcher;
  const account: Account = { id: 'acct-a', backend: 'code-assist' };

  beforeEach(async () => {
    clock = createTestClock();
    google = await startFakeGoogle({ clock });
    google.acceptAccessToken('ya29.preset');
    dispatcher = createDispatcher({});
  });

  afterEach(async () => {
    await dispatcher.close();
    await google.close();
  });

  function discovery() {
    return createProjectDiscovery({
      baseUrl: `${google.baseUrl}/v1internal`,
      dispatcher,
      clock,
      logger: createRecordingLogger(),
      pollIntervalMs: 2_000,
      maxPolls: 3,
    });
  }

  it('uses a configured projectId without calling Google', async () => {
    // Act
    const project = await discovery().projectFor({
      account: { ...account, projectId: 'mine' },
      accessToken: 'ya29.preset',
      signal: new AbortController().signal,
    });

    // Assess
    expect([project, google.setupCalls]).toStrictEqual(['mine', []]);
  });

  it('gives up with timeout when onboarding never finishes within the poll budget', async () => {
    // Prepare
    google.setCodeAssistUser({ onboarded: false, operationPolls: 100 });

    // Act
    const error = await discovery()
      .projectFor({ account, accessToken: 'ya29.preset', signal: new AbortController().signal })
      .catch((caught: unknown) => caught);

    // Assess
    expect((error as UpstreamError).failure).toStrictEqual('timeout');
    expect(clock.sleeps).toStrictEqual([2_000, 2_000, 2_000]);
  });

  it('lets one waiting caller give up without cancelling the discovery others share', async () => {
    // Prepare
    google.setCodeAssistUser({ onboarded: true, project: 'shared-1' });
    const shared = discovery();
    const impatient = new AbortController();
    impatient.abort(new Error('client went away'));

    // Act
    const [gaveUp, waited] = await Promise.allSettled([
      shared.projectFor({ account, accessToken: 'ya29.preset', signal: impatient.signal }),
      shared.projectFor({ account, accessToken: 'ya29.preset', signal: new AbortController().signal }),
    ]);

    // Assess
    expect(gaveUp).toStrictEqual({ status: 'rejected', reason: new Error('client went away') });
    expect(waited).toStrictEqual({ status: 'fulfilled', value: 'shared-1' });
    expect(google.setupCalls.length).toStrictEqual(1);
  });

  it('reports a 401 from loadCodeAssist as unauthorized, so the client refreshes and retries', async () => {
    // Act
    const error = await discovery()
      .projectFor({ account, accessToken: 'ya29.unknown', signal: new AbortController().signal })
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).failure).toStrictEqual('unauthorized');
  });

  it('onboards a new user on the default tier without a project and names the tier', async () => {
    // Prepare
    google.setCodeAssistUser({
      onboarded: false,
      tierId: 'free-tier',
      project: 'managed-7',
      operationPolls: 1,
    });

    // Act
    const setup = await discoverCodeAssistSetup({
      baseUrl: `${google.baseUrl}/v1internal`,
      dispatcher,
      clock,
      accessToken: 'ya29.preset',
      signal: new AbortController().signal,
    });

    // Assess
    expect(setup).toStrictEqual({
      project: 'managed-7',
      tier: { id: 'free-tier', name: 'Gemini Code Assist for individuals' },
    });
    expect(google.setupCalls.map((call) => [call.method, call.body?.cloudaicompanionProject])).toStrictEqual([
      ['loadCodeAssist', undefined],
      ['onboardUser', undefined],
      ['getOperation', undefined],
    ]);
  });

  it('verifies a project of the user’s own, sending it to loadCodeAssist and onboardUser', async () => {
    // Prepare
    google.setCodeAssistUser({ onboarded: false, tierId: 'standard-tier', project: 'my-project' });

    // Act
    const setup = await discoverCodeAssistSetup({
      baseUrl: `${google.baseUrl}/v1internal`,
      dispatcher,
      clock,
      accessToken: 'ya29.preset',
      signal: new AbortController().signal,
      project: 'my-project',
    });

    // Assess
    expect(setup).toStrictEqual({
      project: 'my-project',
      tier: { id: 'standard-tier', name: 'Gemini Code Assist' },
    });
    expect(google.setupCalls.map((call) => [call.method, call.body?.cloudaicompanionProject])).toStrictEqual([
      ['loadCodeAssist', 'my-project'],
      ['onboardUser', 'my-project'],
    ]);
  });
});
