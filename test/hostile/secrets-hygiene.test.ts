/**
 * Secrets hygiene: hostile traffic through both compositions (chaos runs, revoked and expired tokens,
 * a refused token endpoint, wrong client keys), then every log line, every answer (status, headers,
 * body) and the synthesized CloudFormation template are searched for any refresh token, access token,
 * OAuth client secret, client key or account document: zero hits.
 */
import { describe, expect, it } from 'vitest';
import { synthesizeGateway } from '../../lib/testing/synthesize-gateway.js';
import { postChat } from '../e2e/raw-http.js';
import { startHarness } from '../e2e/start-harness.js';
import { fakeOAuthClient } from '../fakes/fake-google.js';
import { reset } from '../fakes/google-answers.js';
import type { ClientAnswer } from './judge-chaos-answer.js';
import { runChaos } from './run-chaos.js';
import { createScanningLogger } from './scanning-logger.js';

/** Where a secret turned up: the secret's name and the place, never the value. */
function findSecrets(texts: readonly string[], secrets: Record<string, string>): string[] {
  return texts.flatMap((text, index) =>
    Object.entries(secrets).flatMap(([name, value]) =>
      text.includes(value) ? [`${name} in text #${index}`] : [],
    ),
  );
}

function answerText(answer: ClientAnswer): string {
  return `${answer.status} ${JSON.stringify(answer.headers)} ${answer.body}`;
}

/** Credential shapes that must never be written into a template, whatever their value. */
const credentialPatterns: Array<[string, RegExp]> = [
  ['Google refresh token', /1\/\/0[\w-]{20,}/],
  ['Google access token', /ya29\.[\w-]{20,}/],
  ['Google OAuth client secret', /GOCSPX-[\w-]{10,}/],
  ['Google API key', /AIza[\w-]{35}/],
  ['AWS access key id', /\b(AKIA|ASIA)[A-Z0-9]{16}\b/],
  ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
];

describe('secrets hygiene', () => {
  it('leaves no secret in any log line or answer of hostile traffic through both compositions', {
    timeout: 180_000,
  }, async () => {
    // Prepare
    const logger = createScanningLogger();
    const answers: string[] = [];
    const onAnswer = (answer: ClientAnswer) => void answers.push(answerText(answer));

    // Act: chaos through the local server and the Lambda handler, with every fault in the mix.
    const local = await runChaos({
      target: 'local',
      requests: 300,
      concurrency: 50,
      seed: 11,
      logger,
      onAnswer,
    });
    const lambda = await runChaos({
      target: 'lambda',
      requests: 150,
      concurrency: 10,
      seed: 12,
      logger,
      onAnswer,
    });

    // Act: credentials going bad, and clients with wrong keys, through the local server.
    const accounts = {
      'acct-a': { projectId: 'p-a', credentials: { refresh_token: '1//0hygiene-refresh-a-7Qm2' } },
      'acct-b': { projectId: 'p-b', credentials: { refresh_token: '1//0hygiene-refresh-b-9Zk4' } },
    };
    const rig = await startHarness({ accounts, env: { GATEWAY_API_KEYS: 'sk-hygiene-client-key-31f8' } });
    const asClient = { authorization: 'Bearer sk-hygiene-client-key-31f8' };
    const chat = { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] };
    const send = async (headers: Record<string, string>, body: unknown = chat) => {
      const response = await postChat({ url: rig.url, body, headers });
      answers.push(`${response.status} ${JSON.stringify([...response.headers])} ${await response.text()}`);
    };
    await send(asClient);
    await send({ authorization: 'Bearer sk-hygiene-client-key-31f9' });
    await send({ 'x-api-key': 'sk-hygiene-client-key-31f' });
    rig.google.expireAccessTokens();
    await send(asClient, { ...chat, stream: true });
    rig.google.revokeRefreshToken('1//0hygiene-refresh-a-7Qm2');
    rig.google.expireAccessTokens();
    await send(asClient);
    await send(asClient);
    rig.google.enqueueTokenAnswer(reset(), reset());
    rig.google.expireAccessTokens();
    await send(asClient, { ...chat, model: 'gemini-2.5-pro' });
    const issuedTokens = rig.google.tokenCalls.length;
    const harnessLines = rig.logger.entries.map((entry) => JSON.stringify(entry, expandErrors));
    await rig.close();

    // Assess
    const harnessSecrets = {
      'client key': 'sk-hygiene-client-key-31f8',
      'refresh token of acct-a': accounts['acct-a'].credentials.refresh_token,
      'refresh token of acct-b': accounts['acct-b'].credentials.refresh_token,
      'access token': 'ya29.fake-',
      'OAuth client secret': fakeOAuthClient.clientSecret,
    };
    const chaosSecrets = { ...local.secrets, ...lambda.secrets };
    expect(issuedTokens).toBeGreaterThan(2);
    expect({
      logLeaks: logger.leaks,
      harnessLogLeaks: findSecrets(harnessLines, harnessSecrets),
      answerLeaks: findSecrets(answers, { ...chaosSecrets, ...harnessSecrets }),
    }).toStrictEqual({ logLeaks: [], harnessLogLeaks: [], answerLeaks: [] });
    console.info(
      `secrets scan: ${local.logLines + lambda.logLines + harnessLines.length} log lines and ${answers.length} answers, 0 secrets found`,
    );
  });

  it('writes no secret into the synthesized CloudFormation template', () => {
    // Act
    const synthesized = synthesizeGateway().template.toJSON() as {
      Resources: Record<string, { Type: string; Properties?: object }>;
    };
    const template = JSON.stringify(synthesized);

    // Assess: no credential of any known shape, and every secret's value generated or set after deploy.
    expect(
      credentialPatterns.filter(([, pattern]) => pattern.test(template)).map(([name]) => name),
    ).toStrictEqual([]);
    const secrets = Object.values(synthesized.Resources).filter(
      (resource) => resource.Type === 'AWS::SecretsManager::Secret',
    );
    expect(secrets.length).toBeGreaterThan(0);
    expect(secrets.filter((secret) => 'SecretString' in (secret.Properties ?? {}))).toStrictEqual([]);
  });
});

/** Errors as a real logger prints them, so a secret inside one is found too. */
function expandErrors(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  return { name: value.name, message: value.message, stack: value.stack, cause: value.cause };
}
