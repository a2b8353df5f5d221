/**
 * One end-to-end rig: the fake Google on loopback, a temporary ACCOUNTS_DIR, and the real local
 * gateway (configured through the same environment parsing as `npm start`) with an official `openai`
 * SDK client pointed at it.
 *
 * @example
 * const rig = await startHarness({ accounts: { 'acct-a': { credentials: { refresh_token: 'rt-a' } } } });
 * const completion = await rig.client.chat.completions.create({ model: 'gemini-2.5-flash', messages });
 * await rig.close();
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { Clock, Random } from '../../lambda/core/ports.js';
import { readLocalConfig } from '../../lambda/local/local-config.js';
import { type LocalGatewayOverrides, startLocalGateway } from '../../lambda/local/start-local-gateway.js';
import { createSeededRandom } from '../../lambda/pool/seeded-random.js';
import { type FakeGoogle, fakeOAuthClient, startFakeGoogle } from '../fakes/fake-google.js';
import { createRecordingLogger, type RecordingLogger } from '../fakes/recording-logger.js';

export interface HarnessOptions {
  /** Account documents by file name (without `.json`). Refresh tokens named here are registered with the fake. */
  accounts?: Record<string, Record<string, unknown>>;
  /** Extra environment for the gateway, e.g. GATEWAY_API_KEYS. */
  env?: Record<string, string>;
  clock?: Clock;
  random?: Random;
  pool?: LocalGatewayOverrides['pool'];
  /** STATE_DIR a temporary folder (removed by `close`) instead of memory, so the pool state outlives `restart`. */
  persistentState?: boolean;
}

export interface Harness {
  google: FakeGoogle;
  /** The gateway's address; `restart` moves it to another port. */
  readonly url: string;
  /** A client of the gateway as it runs now (read it again after `restart`). */
  readonly client: OpenAI;
  accountsDir: string;
  logger: RecordingLogger;
  readAccount(id: string): Promise<Record<string, unknown>>;
  /**
   * Stops the gateway and starts it again as a new process would: same configuration, accounts,
   * STATE_DIR, fake Google, clock and logger; nothing kept in memory.
   */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const google = await startFakeGoogle(options.clock ? { clock: options.clock } : {});
  const accountsDir = await mkdtemp(join(tmpdir(), 'gateway-accounts-'));
  for (const [id, document] of Object.entries(options.accounts ?? {})) {
    const refreshToken = (document.credentials as { refresh_token?: string } | undefined)?.refresh_token;
    if (refreshToken) google.addRefreshToken(refreshToken);
    await writeFile(join(accountsDir, `${id}.json`), JSON.stringify(document, null, 2));
  }
  const stateDir = options.persistentState ? await mkdtemp(join(tmpdir(), 'gateway-state-')) : 'memory';
  const config = readLocalConfig({
    PORT: '0',
    ACCOUNTS_DIR: accountsDir,
    STATE_DIR: stateDir,
    CODE_ASSIST_ENDPOINT: google.baseUrl,
    GEMINI_API_ENDPOINT: google.baseUrl,
    VERTEX_ENDPOINT: google.baseUrl,
    GOOGLE_OAUTH_TOKEN_URL: google.tokenUrl,
    OAUTH_CLIENT_ID: fakeOAuthClient.clientId,
    OAUTH_CLIENT_SECRET: fakeOAuthClient.clientSecret,
    ...options.env,
  });
  const logger = createRecordingLogger();
  let nextId = 0;
  const overrides: LocalGatewayOverrides = {
    logger,
    random: options.random ?? createSeededRandom(42),
    newId: () => `id${(nextId++).toString().padStart(4, '0')}`,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.pool ? { pool: options.pool } : {}),
  };
  let gateway = await startLocalGateway(config, overrides);
  const apiKey = config.apiKeys[0] ?? 'unused';
  const connect = (url: string) => new OpenAI({ baseURL: `${url}/v1`, apiKey, maxRetries: 0 });
  let client = connect(gateway.url);
  return {
    google,
    get url() {
      return gateway.url;
    },
    get client() {
      return client;
    },
    accountsDir,
    logger,
    readAccount: async (id) => JSON.parse(await readFile(join(accountsDir, `${id}.json`), 'utf8')),
    restart: async () => {
      await gateway.close();
      gateway = await startLocalGateway(config, overrides);
      client = connect(gateway.url);
    },
    close: async () => {
      await gateway.close();
      await google.close();
      await rm(accountsDir, { recursive: true, force: true });
      // After the gateway, which flushes the state to disk as it closes.
      if (stateDir !== 'memory') await rm(stateDir, { recursive: true, force: true });
    },
  };
}
