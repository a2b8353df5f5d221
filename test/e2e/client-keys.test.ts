import { AuthenticationError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../lambda/core/ports.js';
import { ConfigError, readLocalConfig } from '../../lambda/local/local-config.js';
import { startLocalGateway } from '../../lambda/local/start-local-gateway.js';
import { createTestClock } from '../fakes/test-clock.js';
import { oneAccount } from './accounts.js';
import { postChat, readJsonAnswer } from './raw-http.js';
import { type Harness, startHarness } from './start-harness.js';

const chat = { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] };
const unauthorized = (message: string, code: string) => ({
  status: 401,
  contentType: 'application/json; charset=utf-8',
  body: { error: { message, type: 'authentication_error', param: null, code } },
});
const missingKey = unauthorized(
  'Missing API key. Send it as "Authorization: Bearer <key>" or "x-api-key: <key>".',
  'missing_api_key',
);
const wrongKey = unauthorized('Incorrect API key provided.', 'invalid_api_key');

describe('client keys', () => {
  let rig: Harness;

  beforeAll(async () => {
    rig = await startHarness({
      accounts: oneAccount,
      clock: createTestClock(),
      env: { GATEWAY_API_KEYS: 'sk-gateway-one, sk-gateway-two' },
    });
  });
  afterAll(() => rig.close());

  it('serves a client with a configured key, as Authorization: Bearer or as x-api-key', async () => {
    // Act
    const viaSdk = await rig.client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'hi' }],
    });
    const viaHeader = await postChat({
      url: rig.url,
      body: chat,
      headers: { 'x-api-key': 'sk-gateway-two' },
    });

    // Assess
    expect(viaSdk.choices[0]?.message.content).toStrictEqual('Hello from fake Google.');
    expect(viaHeader.status).toStrictEqual(200);
  });

  it.each<{ name: string; headers: Record<string, string>; answer: typeof missingKey }>([
    { name: 'no key', headers: {}, answer: missingKey },
    { name: 'an empty bearer', headers: { authorization: 'Bearer ' }, answer: missingKey },
    { name: 'a wrong bearer', headers: { authorization: 'Bearer sk-gateway-three' }, answer: wrongKey },
    { name: 'a wrong x-api-key', headers: { 'x-api-key': 'sk-gateway' }, answer: wrongKey },
    { name: 'a key with a suffix', headers: { authorization: 'Bearer sk-gateway-onee' }, answer: wrongKey },
  ])('answers $name with 401 and WWW-Authenticate, never calling Google', async ({ headers, answer }) => {
    // Prepare
    const callsBefore = rig.google.calls.length;

    // Act
    const response = await postChat({ url: rig.url, body: chat, headers });

    // Assess
    expect(response.headers.get('www-authenticate')).toStrictEqual('Bearer');
    expect(await readJsonAnswer(response)).toStrictEqual(answer);
    expect(rig.google.calls.length).toStrictEqual(callsBefore);
  });

  it('guards /v1/models too, and tells the SDK the key is wrong', async () => {
    // Act
    const models = await readJsonAnswer(await fetch(`${rig.url}/v1/models`));
    const failure = await rig.client.chat.completions
      .create(
        { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] },
        { headers: { authorization: 'Bearer nope' } },
      )
      .catch((error: unknown) => error);

    // Assess
    expect(models).toStrictEqual(missingKey);
    expect(failure).toBeInstanceOf(AuthenticationError);
  });

  it('leaves /healthz open', async () => {
    // Act
    const health = await readJsonAnswer(await fetch(`${rig.url}/healthz`));

    // Assess
    expect(health).toStrictEqual({
      status: 200,
      contentType: 'application/json; charset=utf-8',
      body: { status: 'ok' },
    });
  });

  it('never logs a client key, right or wrong', async () => {
    // Act
    await postChat({ url: rig.url, body: chat, headers: { authorization: 'Bearer sk-gateway-wrong' } });
    await postChat({ url: rig.url, body: chat, headers: { 'x-api-key': 'sk-gateway-two' } });

    // Assess
    expect(rig.logger.text()).not.toMatch(/sk-gateway/);
  });
});

describe('listening beyond loopback', () => {
  const environment = { PORT: '0', STATE_DIR: 'memory', ACCOUNTS_DIR: '/nonexistent/accounts' };

  it('refuses a non-loopback HOST without client keys, naming both ways out', async () => {
    // Prepare
    const config = readLocalConfig({ ...environment, HOST: '0.0.0.0' });

    // Act
    const failure = await startLocalGateway(config, { logger: silentLogger }).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toBeInstanceOf(ConfigError);
    expect((failure as Error).message).toStrictEqual(
      'Refusing to listen on 0.0.0.0 without client keys: set GATEWAY_API_KEYS, or ALLOW_ANONYMOUS=true to accept anyone.',
    );
  });

  it.each([
    { name: 'ALLOW_ANONYMOUS=true', extra: { ALLOW_ANONYMOUS: 'true' } },
    { name: 'client keys', extra: { GATEWAY_API_KEYS: 'sk-gateway-one' } },
  ])('listens on 0.0.0.0 with $name', async ({ extra }) => {
    // Prepare
    const config = readLocalConfig({ ...environment, HOST: '0.0.0.0', ...extra });

    // Act
    const gateway = await startLocalGateway(config, { logger: silentLogger });
    const port = new URL(gateway.url).port;
    const health = await fetch(`http://127.0.0.1:${port}/healthz`).finally(() => gateway.close());

    // Assess
    expect(gateway.url).toStrictEqual(`http://0.0.0.0:${port}`);
    expect(health.status).toStrictEqual(200);
  });
});
