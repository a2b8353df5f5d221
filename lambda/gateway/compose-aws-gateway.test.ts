/**
 * The gateway's Lambda handler end to end: Function URL events in, bytes out through the `awslambda`
 * shim (JSON prelude + 8 NUL bytes, then the body), with the fake Google, dynalite for the pool table
 * and a mocked Secrets Manager behind it.
 */
import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { finishEvent, textEvent } from '../../test/fakes/gemini-events.js';
import { Gate, hang, rateLimited, stream } from '../../test/fakes/google-answers.js';
import { sseHeaders } from '../core/respond.js';
import { defaultPoolConfig } from '../pool/pool-config.js';
import { createGatewayHandler } from './compose-aws-gateway.js';
import { closingMarginMs, type FunctionUrlEvent } from './function-url-adapter.js';
import { clientKey, type RecordedMetric, useAwsRigs } from './testing/aws-rig.js';
import { collectResponse, lambdaContext } from './testing/collect-response.js';

const jsonHeaders = { 'content-type': 'application/json; charset=utf-8' };
const model = 'gemini-2.5-flash';
const messages = [{ role: 'user', content: 'hi' }];

/** A Function URL event for `POST /v1/chat/completions`, its body base64-encoded as Lambda sends JSON. */
function chatEvent(
  body: unknown,
  headers: Record<string, string> = { authorization: `Bearer ${clientKey}` },
) {
  return {
    rawPath: '/v1/chat/completions',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...headers },
    requestContext: { http: { method: 'POST', path: '/v1/chat/completions' } },
    body: Buffer.from(JSON.stringify(body)).toString('base64'),
    isBase64Encoded: true,
  } satisfies FunctionUrlEvent;
}

/** The `data` of every event of an SSE body, checking that each is one `data:` line and a blank line. */
function sseData(body: string): unknown[] {
  if (!body.endsWith('\n\n')) throw new Error(`SSE body does not end with a blank line: ${body.slice(-80)}`);
  return body
    .slice(0, -2)
    .split('\n\n')
    .map((event) => {
      if (!event.startsWith('data: ') || event.includes('\n')) throw new Error(`not one data line: ${event}`);
      const data = event.slice('data: '.length);
      return data === '[DONE]' ? data : JSON.parse(data);
    });
}

/** The text a stream of chat completion chunks carries. */
function streamedText(events: unknown[]): string {
  return events
    .map(
      (event) =>
        (event as { choices?: Array<{ delta?: { content?: string } }> }).choices?.[0]?.delta?.content,
    )
    .filter((content) => content !== undefined)
    .join('');
}

function countsOf(recorded: readonly RecordedMetric[], name: RecordedMetric['name']): RecordedMetric[] {
  return recorded.filter((entry) => entry.name === name);
}

describe('the gateway Lambda handler', () => {
  const startRig = useAwsRigs();

  async function prepare({ accounts = ['acct-a'] }: { accounts?: string[] } = {}) {
    const rig = await startRig();
    for (const accountId of accounts) {
      await rig.addAccount(accountId, {
        projectId: `project-${accountId}`,
        credentials: { refresh_token: `rt-${accountId}` },
      });
    }
    const handler = createGatewayHandler({ environment: rig.environment, dependencies: rig.dependencies });
    /** Starts an invocation; `done` resolves when the handler returns. */
    const begin = (event: FunctionUrlEvent, context = lambdaContext()) => {
      const response = collectResponse();
      return { response, done: handler(event, response.stream, context) };
    };
    const invoke = async (event: FunctionUrlEvent, context = lambdaContext()) => {
      const { response, done } = begin(event, context);
      await done;
      return response.parse();
    };
    return { rig, begin, invoke };
  }

  it('streams a completion: status and headers in the prelude, SSE chunks after the 8 NUL bytes', async () => {
    // Prepare
    const { rig, invoke } = await prepare();
    rig.google.enqueue(stream(textEvent('Hello '), textEvent('from Lambda.'), finishEvent('STOP')));

    // Act
    const { prelude, body } = await invoke(chatEvent({ model, messages, stream: true }));

    // Assess
    const events = sseData(body);
    expect(prelude).toStrictEqual({ statusCode: 200, headers: sseHeaders });
    expect(streamedText(events)).toBe('Hello from Lambda.');
    expect(events.at(-1)).toBe('[DONE]');
    expect(rig.google.calls.map((call) => [call.project, call.accessToken])).toStrictEqual([
      ['project-acct-a', 'at-acct-a-1'],
    ]);
  });

  it('answers a non-stream request with one JSON completion', async () => {
    // Prepare
    const { invoke } = await prepare();

    // Act
    const { prelude, body } = await invoke(chatEvent({ model: 'gpt-4o', messages }));

    // Assess
    const completion = JSON.parse(body);
    expect(prelude).toStrictEqual({ statusCode: 200, headers: jsonHeaders });
    expect([completion.object, completion.model, completion.choices[0].message.content]).toStrictEqual([
      'chat.completion',
      'gpt-4o',
      'Hello from fake Google.',
    ]);
  });

  it('refuses a request without the client key, with the header that says how to send one', async () => {
    // Prepare
    const { rig, invoke } = await prepare();

    // Act
    const { prelude, body } = await invoke(chatEvent({ model, messages }, {}));

    // Assess
    expect(prelude).toStrictEqual({
      statusCode: 401,
      headers: { ...jsonHeaders, 'www-authenticate': 'Bearer' },
    });
    expect(JSON.parse(body).error.code).toBe('missing_api_key');
    expect(rig.google.calls).toStrictEqual([]);
  });

  it('answers an invalid request with a 400 that names the parameter', async () => {
    // Prepare
    const { invoke } = await prepare();

    // Act
    const { prelude, body } = await invoke(chatEvent({ model, messages: [], temperature: 7 }));

    // Assess
    expect(prelude.statusCode).toBe(400);
    expect(JSON.parse(body).error.type).toBe('invalid_request_error');
  });

  it('accepts the key as x-api-key and serves /v1/models', async () => {
    // Prepare
    const { invoke } = await prepare();
    const event: FunctionUrlEvent = {
      rawPath: '/v1/models',
      headers: { 'x-api-key': clientKey },
      requestContext: { http: { method: 'GET', path: '/v1/models' } },
    };

    // Act
    const { prelude, body } = await invoke(event);

    // Assess
    expect(prelude.statusCode).toBe(200);
    expect(JSON.parse(body).data.map((entry: { id: string }) => entry.id)).toContain('gpt-4o');
  });

  it('fails over to the next account on a rate limit, before the client sees a byte', async () => {
    // Prepare
    const { rig, invoke } = await prepare({ accounts: ['acct-a', 'acct-b'] });
    rig.google.enqueue(rateLimited({ model }));

    // Act
    const { prelude, body } = await invoke(chatEvent({ model, messages, stream: true }));

    // Assess
    const projects = rig.google.calls.map((call) => call.project);
    expect(prelude.statusCode).toBe(200);
    expect(streamedText(sseData(body))).toBe('Hello from fake Google.');
    expect(new Set(projects)).toStrictEqual(new Set(['project-acct-a', 'project-acct-b']));
    const [first, second] = projects.map((project) => project?.replace('project-', ''));
    expect(countsOf(rig.metrics.recorded, 'UpstreamAttempts')).toStrictEqual([
      { kind: 'count', name: 'UpstreamAttempts', value: 1, dimensions: { accountId: first, model } },
      { kind: 'count', name: 'UpstreamAttempts', value: 1, dimensions: { accountId: second, model } },
    ]);
    expect([
      ...countsOf(rig.metrics.recorded, 'Freezes'),
      ...countsOf(rig.metrics.recorded, 'Failovers'),
    ]).toStrictEqual([
      { kind: 'count', name: 'Freezes', value: 1, dimensions: { accountId: first, model } },
      { kind: 'count', name: 'Failovers', value: 1, dimensions: { accountId: second, model } },
    ]);
  });

  it('records the request, its errors and its time to first token, and flushes once per invocation', async () => {
    // Prepare
    const { rig, invoke } = await prepare();

    // Act
    await invoke(chatEvent({ model, messages, stream: true }));
    await invoke({ rawPath: '/healthz', requestContext: { http: { method: 'GET' } } });

    // Assess
    const requestMetrics = rig.metrics.recorded.filter((entry) => entry.name !== 'UpstreamAttempts');
    expect(requestMetrics).toStrictEqual([
      { kind: 'count', name: 'Requests', value: 1, dimensions: { model } },
      { kind: 'count', name: 'RequestErrors', value: 0, dimensions: { model } },
      { kind: 'observe', name: 'TimeToFirstTokenMs', value: 0, dimensions: { model } },
    ]);
    expect(rig.metrics.flushes).toBe(2);
  });

  it('ends an invocation only once the pool state read it started is done, a refused request included', async () => {
    // Prepare: a first request reads the state; the next comes when the pool reads again in the background
    const { rig, begin, invoke } = await prepare();
    await invoke(chatEvent({ model, messages }));
    const client = rig.dependencies.dynamoDb;
    let releaseRead = () => {};
    const readHeld = new Promise<void>((resolve) => {
      releaseRead = resolve;
    });
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'QueryCommand') await readHeld;
        return next(args);
      },
      { step: 'initialize', name: 'holdStateReads' },
    );
    rig.clock.advance(defaultPoolConfig.stateCacheMs * 0.8);
    rig.google.enqueue(rateLimited({ retryDelay: '30s', model }));

    // Act: the only account is rate limited, so the request is refused without a lease
    const { response, done } = begin(chatEvent({ model, messages }));
    let ended = false;
    const ending = done.then(() => {
      ended = true;
    });
    await response.waitFor('rate_limit_exceeded');
    await new Promise((resolve) => setImmediate(resolve));
    const endedWhileReading = ended;
    releaseRead();
    await ending;
    client.middlewareStack.remove('holdStateReads');

    // Assess
    expect([response.parse().prelude.statusCode, endedWhileReading, ended]).toStrictEqual([429, false, true]);
  });

  it('keeps access tokens on the pool table and never writes a secret version for them', async () => {
    // Prepare
    const { rig, invoke } = await prepare();

    // Act
    await invoke(chatEvent({ model, messages }));

    // Assess
    expect(rig.secretsManager.commandCalls(PutSecretValueCommand)).toStrictEqual([]);
    expect(await rig.tokens.readAll()).toStrictEqual(
      new Map([
        [
          'acct-a',
          {
            accountId: 'acct-a',
            accessToken: 'at-acct-a-1',
            expiryDate: rig.clock.now() + 3_599_000,
          },
        ],
      ]),
    );
  });

  it('ends a hanging upstream call before the invocation runs out of time, with a 504 the client can read', async () => {
    // Prepare
    const { rig, invoke } = await prepare();
    rig.google.enqueue(hang());
    const answer = invoke(
      chatEvent({ model, messages, stream: true }),
      lambdaContext({ remainingMs: 60_000 }),
    );
    await rig.google.until(() => rig.google.calls.length === 1);

    // Act
    rig.timer.fire();
    const { prelude, body } = await answer;
    await rig.google.until(() => rig.google.abortedCalls === 1);

    // Assess
    expect(rig.timer.started).toStrictEqual([60_000 - closingMarginMs]);
    expect(prelude).toStrictEqual({ statusCode: 504, headers: jsonHeaders });
    expect(JSON.parse(body).error.code).toBe('gateway_timeout');
    expect(countsOf(rig.metrics.recorded, 'RequestErrors').map((entry) => entry.value)).toStrictEqual([1]);
  });

  it('closes a stream cut short by the time limit with an error event and [DONE]', async () => {
    // Prepare
    const { rig, begin } = await prepare();
    rig.google.enqueue(stream(textEvent('Hel'), new Gate()));
    const { response, done } = begin(chatEvent({ model, messages, stream: true }));
    await response.waitFor('Hel');

    // Act
    rig.timer.fire();
    await done;

    // Assess
    const { prelude, body } = response.parse();
    const events = sseData(body);
    expect(prelude.statusCode).toBe(200);
    expect(streamedText(events)).toBe('Hel');
    expect(events.slice(-2)).toStrictEqual([
      {
        error: {
          message: 'The gateway ran out of time for this request; try again, or ask for a shorter answer.',
          type: 'api_error',
          param: null,
          code: 'gateway_timeout',
        },
      },
      '[DONE]',
    ]);
  });

  it('bounds a request by REQUEST_TIMEOUT_MS when that comes before the invocation’s own limit', async () => {
    // Prepare
    const rig = await startRig();
    const environment = { ...rig.environment, REQUEST_TIMEOUT_MS: '30000' };
    const handler = createGatewayHandler({ environment, dependencies: rig.dependencies });
    const event: FunctionUrlEvent = { rawPath: '/healthz', requestContext: { http: { method: 'GET' } } };

    // Act
    await handler(event, collectResponse().stream, lambdaContext({ remainingMs: 900_000 }));
    await handler(event, collectResponse().stream, lambdaContext({ remainingMs: 20_000 }));

    // Assess
    expect(rig.timer.started).toStrictEqual([30_000, 20_000 - closingMarginMs]);
  });

  it('answers 500 and logs why when the client-keys secret holds no key', async () => {
    // Prepare
    const { rig, invoke } = await prepare();
    rig.setSecret(rig.environment.CLIENT_KEYS_SECRET_ID ?? '', ' ');

    // Act
    const { prelude, body } = await invoke(chatEvent({ model, messages }));

    // Assess
    expect(prelude).toStrictEqual({ statusCode: 500, headers: jsonHeaders });
    expect(JSON.parse(body).error.code).toBe('gateway_misconfigured');
    expect(rig.logger.entries.filter((entry) => entry.level === 'error')).toStrictEqual([
      {
        level: 'error',
        message: 'Cannot check client keys',
        fields: { error: 'The client-keys secret holds no key; the gateway refuses to serve without one' },
      },
    ]);
  });

  it('answers 500 for every request when the environment is invalid, naming the variable only in the log', async () => {
    // Prepare
    const rig = await startRig();
    const { TABLE_NAME: _missing, ...environment } = rig.environment;
    const handler = createGatewayHandler({ environment, dependencies: rig.dependencies });
    const response = collectResponse();

    // Act
    await handler(chatEvent({ model, messages }), response.stream, lambdaContext());

    // Assess
    const { prelude, body } = response.parse();
    expect([prelude.statusCode, JSON.parse(body).error.code]).toStrictEqual([500, 'gateway_misconfigured']);
    expect(rig.logger.entries[0]?.fields).toStrictEqual({
      error: 'Invalid function configuration: TABLE_NAME: Invalid input: expected string, received undefined',
    });
  });
});
