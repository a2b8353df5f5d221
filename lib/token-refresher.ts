import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import type { GatewaySecrets } from './gateway-secrets.js';
import type { GatewaySettings } from './gateway-settings.js';
import { NodeFunction } from './node-function.js';
import type { PoolTable } from './pool-table.js';

// A token that expires before the next run, plus this margin for a late or slow run, is refreshed now.
const refreshMarginMinutes = 5;

export interface TokenRefresherProps {
  readonly entry: string;
  readonly settings: GatewaySettings;
  readonly poolTable: PoolTable;
  readonly secrets: GatewaySecrets;
}

/**
 * The scheduled refresher: renews access tokens that expire before its next run (they go to the pool
 * table, never to a new secret version) and marks accounts whose refresh token Google revoked. It
 * reads account secrets but writes none.
 *
 * @example
 * new TokenRefresher(this, 'Refresher', { entry, settings, poolTable, secrets });
 */
export class TokenRefresher extends Construct {
  readonly nodeFunction: NodeFunction;
  readonly schedule: Rule;

  constructor(scope: Construct, id: string, props: TokenRefresherProps) {
    super(scope, id);
    const { settings, poolTable, secrets } = props;
    const rate = Duration.minutes(settings.refreshRateMinutes);
    this.nodeFunction = new NodeFunction(this, 'Handler', {
      entry: props.entry,
      description: `Gemini Gateway: refreshes access tokens every ${settings.refreshRateMinutes} min (pool ${settings.poolName})`,
      memorySize: 256,
      // One token refresh takes about a second and they run side by side; two minutes leaves room for
      // Google being slow without letting one run reach the next.
      timeout: Duration.minutes(2),
      logLevel: settings.logLevel,
      environment: {
        TABLE_NAME: poolTable.table.tableName,
        POOL_NAME: settings.poolName,
        ACCOUNT_SECRET_PREFIX: secrets.accountSecretPrefix,
        REFRESH_WINDOW_MINUTES: String(settings.refreshRateMinutes + refreshMarginMinutes),
      },
    });
    const refresher = this.nodeFunction.function;
    poolTable.grantPoolAccess(refresher);
    secrets.grantReadAccounts(refresher);
    // The next scheduled run is the retry; Lambda's own retries of a failed run would only overlap it.
    refresher.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: rate });
    this.schedule = new Rule(this, 'Schedule', {
      description: `Runs the Gemini Gateway token refresher (pool ${settings.poolName})`,
      schedule: Schedule.rate(rate),
      targets: [new LambdaFunction(refresher, { retryAttempts: 0 })],
    });
  }
}
