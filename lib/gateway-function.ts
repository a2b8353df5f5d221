import { Duration } from 'aws-cdk-lib';
import {
  type FunctionUrl,
  FunctionUrlAuthType,
  type FunctionUrlCorsOptions,
  HttpMethod,
  InvokeMode,
} from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { GatewaySecrets } from './gateway-secrets.js';
import type { GatewaySettings } from './gateway-settings.js';
import { NodeFunction } from './node-function.js';
import type { PoolTable } from './pool-table.js';

/**
 * Memory of the gateway function, in MB. Measured (`npm run bench`): about 100 MB resident at rest and
 * well under 1 MB more per stream, and a container serves one request at a time, so memory is never the
 * limit. CPU comes with memory, though: 512 MB buys about a third of a vCPU, enough that the ~250 ms
 * module initialisation and the 1.6–5 ms of CPU per request stay small next to the model's latency, at
 * a quarter of the 2 GB price (README, Cost).
 */
export const gatewayMemorySize = 512;

// Long answers of thinking models stream for minutes; Function URLs allow 15 minutes when streaming.
// The handler bounds its upstream calls by the time left, so a stalled upstream ends cleanly.
const gatewayTimeout = Duration.minutes(15);

export interface GatewayFunctionProps {
  readonly entry: string;
  readonly settings: GatewaySettings;
  readonly poolTable: PoolTable;
  readonly secrets: GatewaySecrets;
}

/**
 * The OpenAI-compatible API: the gateway function behind a streaming Function URL. The URL has no IAM
 * auth (OpenAI clients cannot sign requests); the handler checks the client keys, and reserved
 * concurrency caps what an abuser could spend.
 *
 * @example
 * const gateway = new GatewayFunction(this, 'Gateway', { entry, settings, poolTable, secrets });
 * new CfnOutput(this, 'FunctionUrl', { value: gateway.url.url });
 */
export class GatewayFunction extends Construct {
  readonly nodeFunction: NodeFunction;
  readonly url: FunctionUrl;

  constructor(scope: Construct, id: string, props: GatewayFunctionProps) {
    super(scope, id);
    const { settings, poolTable, secrets } = props;
    this.nodeFunction = new NodeFunction(this, 'Handler', {
      entry: props.entry,
      description: `Gemini Gateway: OpenAI-compatible API (pool ${settings.poolName})`,
      memorySize: gatewayMemorySize,
      timeout: gatewayTimeout,
      logLevel: settings.logLevel,
      reservedConcurrentExecutions: settings.reservedConcurrency,
      environment: {
        TABLE_NAME: poolTable.table.tableName,
        POOL_NAME: settings.poolName,
        ACCOUNT_SECRET_PREFIX: secrets.accountSecretPrefix,
        CLIENT_KEYS_SECRET_ID: secrets.clientKeys.secretArn,
        MODEL_ALIASES: JSON.stringify(settings.modelAliases),
      },
    });
    const gatewayFunction = this.nodeFunction.function;
    poolTable.grantPoolAccess(gatewayFunction);
    secrets.grantReadAccounts(gatewayFunction);
    secrets.grantReadClientKeys(gatewayFunction);
    this.url = gatewayFunction.addFunctionUrl({
      authType: FunctionUrlAuthType.NONE,
      invokeMode: InvokeMode.RESPONSE_STREAM,
      cors: createCorsOptions({ allowedOrigins: settings.corsAllowedOrigins }),
    });
  }
}

/**
 * The gateway's CORS rules, the only place they are set: the handler writes no CORS headers, since
 * the Function URL answers preflights and adds them itself. No origins means no CORS at all, which
 * server-side clients do not need.
 */
export function createCorsOptions({
  allowedOrigins,
}: {
  allowedOrigins: readonly string[];
}): FunctionUrlCorsOptions | undefined {
  if (allowedOrigins.length === 0) return undefined;
  return {
    allowedOrigins: [...allowedOrigins],
    allowedMethods: [HttpMethod.GET, HttpMethod.POST],
    // `*` covers the OpenAI SDK's x-stainless-* headers, but browsers never let it cover
    // Authorization, which must be listed by name.
    allowedHeaders: ['authorization', 'content-type', 'x-api-key', '*'],
    exposedHeaders: ['retry-after'],
    // Browsers cap preflight caching at two hours (Chromium) or less.
    maxAge: Duration.hours(2),
  };
}
