/**
 * Wires the gateway for a local run: account files, token refresh written back to them, the Code
 * Assist client, the pool on an embedded DynamoDB-compatible store, and node:http. `main.ts` calls it
 * with the environment; end-to-end tests call it with a fake clock and random source.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClientAuth } from '../core/client-auth.js';
import { ClientRateLimit } from '../core/client-rate-limit.js';
import { createLogger } from '../core/create-logger.js';
import { createGateway } from '../core/gateway.js';
import { ModelCatalog } from '../core/model-catalog.js';
import {
  type Clock,
  type Logger,
  mathRandom,
  type Random,
  silentLogger,
  systemClock,
} from '../core/ports.js';
import { randomId } from '../core/random-id.js';
import { createLocalAccountStore } from '../credentials/local-account-store.js';
import { createTokenProvider } from '../credentials/token-provider.js';
import { AccountPool } from '../pool/account-pool.js';
import { DynamoDbPoolStore } from '../pool/dynamodb-pool-store.js';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../pool/embedded-dynamodb.js';
import type { PoolConfig } from '../pool/pool-config.js';
import { createGeminiClient } from '../upstream/gemini-client.js';
import { sharedDispatcher } from '../upstream/http-client.js';
import { enableReaddedAccounts } from './enable-readded-accounts.js';
import { ConfigError, type LocalConfig } from './local-config.js';
import { localPoolName, localPoolTableName, publishLocalPoolEndpoint } from './local-pool-state.js';
import { toNodeListener } from './node-http-adapter.js';

export interface LocalGatewayOverrides {
  clock?: Clock;
  random?: Random;
  logger?: Logger;
  newId?: () => string;
  pool?: Partial<PoolConfig>;
  /**
   * The pool's DynamoDB, its table created, closed with the gateway: DynamoDB Local, or a client whose
   * calls a benchmark counts. Default: the embedded store under STATE_DIR.
   */
  database?: EmbeddedDynamoDb;
}

export interface LocalGateway {
  /** e.g. http://127.0.0.1:3000 */
  url: string;
  close(): Promise<void>;
}

const tableName = localPoolTableName;

/**
 * Successes on one (account, model) are written at most once a second, however busy it is: under load
 * one write per second instead of one per few requests, each an SDK call of about a millisecond of
 * CPU. The store is a second stale anyway (the pool reads it every `stateCacheMs`, a second), and next
 * to a ten-minute half-life a second's successes change no routing decision; `close` writes the last.
 */
const successWriteSpacingMs = 1_000;

/** How long the gateway keeps an idle client connection open. */
const idleConnectionMs = 65_000;

export async function startLocalGateway(
  config: LocalConfig,
  overrides: LocalGatewayOverrides = {},
): Promise<LocalGateway> {
  if (config.apiKeys.length === 0 && !isLoopback(config.host) && !config.allowAnonymous) {
    throw new ConfigError(
      `Refusing to listen on ${config.host} without client keys: set GATEWAY_API_KEYS, or ALLOW_ANONYMOUS=true to accept anyone.`,
    );
  }
  const clock = overrides.clock ?? systemClock;
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const accounts = createLocalAccountStore({ directory: config.accountsDir, logger });
  // The same files read apart, for spotting re-added accounts: silent, since `accounts` already warns
  // about invalid files, and apart, since each listing rebuilds the map refreshed tokens are saved by.
  const accountFiles = createLocalAccountStore({ directory: config.accountsDir, logger: silentLogger });
  const dispatcher = sharedDispatcher({ proxyUrl: config.upstream.proxyUrl });
  const tokens = createTokenProvider({
    tokenUrl: config.upstream.tokenUrl,
    oauthClient: config.upstream.oauthClient,
    store: accounts,
    dispatcher,
    clock,
    logger,
  });
  const database =
    overrides.database ?? (await startEmbeddedDynamoDb({ stateDir: config.stateDir, tableName }));
  const pool = new AccountPool({
    store: enableReaddedAccounts({
      store: new DynamoDbPoolStore({ client: database.client, tableName, poolName: localPoolName }),
      listAccounts: () => accountFiles.list(),
      logger,
    }),
    listAccounts: () => accounts.list(),
    clock,
    random: overrides.random ?? mathRandom,
    logger,
    config: { successWriteSpacingMs, ...overrides.pool },
  });
  const gateway = createGateway({
    auth: new ClientAuth(config.apiKeys),
    ...(config.clientKeyRateLimit > 0
      ? { rateLimit: new ClientRateLimit({ requestsPerMinute: config.clientKeyRateLimit, clock }) }
      : {}),
    models: new ModelCatalog(config.modelAliases, { listAccounts: () => accounts.list(), clock }),
    pool,
    gemini: createGeminiClient(config.upstream, { tokens, clock, logger, dispatcher }),
    clock,
    logger,
    newId: overrides.newId ?? randomId,
    maxBodyBytes: config.maxBodyBytes,
    failoverDeadlineMs: config.failoverDeadlineMs,
    modelFallbacks: config.modelFallbacks,
  });

  // A handler may still be recording its outcome in the pool after its answer went out, and the pool
  // holds successes back for the spacing: `close` waits for every handler and flushes the pool before
  // it closes the store under them.
  const running = new Set<Promise<void>>();
  const server = createServer(
    toNodeListener((request, sink) => {
      const handled = gateway(request, sink);
      running.add(handled);
      const forget = () => running.delete(handled);
      handled.then(forget, forget);
      return handled;
    }),
  );
  // A proxy or load balancer in front keeps an idle connection a minute by default (nginx, AWS's load
  // balancers), some clients longer. At node's 5 s the gateway would close one just as it is reused,
  // and that request would meet a reset; so the gateway keeps idle connections longer than they do.
  server.keepAliveTimeout = idleConnectionMs;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, resolve);
    });
  } catch (error) {
    await database.close();
    throw error;
  }
  // `npm run status` and the setup wizard reach the pool state through this while the gateway holds it.
  const withdrawEndpoint =
    config.stateDir === 'memory'
      ? async () => {}
      : await publishLocalPoolEndpoint({ stateDir: config.stateDir, endpoint: database.endpoint });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled(running);
      await pool.flush();
      await withdrawEndpoint();
      await database.close();
    },
  };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
