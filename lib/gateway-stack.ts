import { CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { GatewayAlarms } from './gateway-alarms.js';
import { GatewayDashboard } from './gateway-dashboard.js';
import { GatewayFunction } from './gateway-function.js';
import { GatewaySecrets } from './gateway-secrets.js';
import type { GatewaySettings } from './gateway-settings.js';
import { projectRoot } from './node-function.js';
import { PoolTable } from './pool-table.js';
import { TokenRefresher } from './token-refresher.js';

/** The handler files the two functions are bundled from. */
export interface HandlerEntries {
  readonly gateway: string;
  readonly refresher: string;
}

export const defaultHandlerEntries: HandlerEntries = {
  gateway: `${projectRoot}lambda/gateway/handler.ts`,
  refresher: `${projectRoot}lambda/refresher/handler.ts`,
};

export interface GatewayStackProps extends StackProps {
  readonly settings: GatewaySettings;
  /** Where the handlers are; tests point these at stubs so they do not depend on the handlers' code. */
  readonly handlerEntries?: HandlerEntries;
}

/**
 * Everything the gateway needs in one AWS account and region: the streaming gateway function and its
 * URL, the pool table with its key, the client-keys secret, the scheduled token refresher, alarms and
 * a dashboard. The outputs are what a client and the setup script need.
 *
 * @example
 * new GatewayStack(app, 'GeminiGateway', { settings: readGatewaySettings({ context: {} }) });
 */
export class GatewayStack extends Stack {
  readonly poolTable: PoolTable;
  readonly secrets: GatewaySecrets;
  readonly gateway: GatewayFunction;
  readonly refresher: TokenRefresher;
  readonly alarms: GatewayAlarms;
  readonly dashboard: GatewayDashboard;

  constructor(scope: Construct, id: string, props: GatewayStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const entries = props.handlerEntries ?? defaultHandlerEntries;
    this.poolTable = new PoolTable(this, 'PoolTable', { poolName: settings.poolName });
    this.secrets = new GatewaySecrets(this, 'Secrets', { poolName: settings.poolName });
    const shared = { settings, poolTable: this.poolTable, secrets: this.secrets };
    this.gateway = new GatewayFunction(this, 'Gateway', { entry: entries.gateway, ...shared });
    this.refresher = new TokenRefresher(this, 'Refresher', { entry: entries.refresher, ...shared });
    const gatewayFunction = this.gateway.nodeFunction.function;
    const refresherFunction = this.refresher.nodeFunction.function;
    this.alarms = new GatewayAlarms(this, 'Alarms', {
      gatewayFunction,
      refresherFunction,
      refreshRateMinutes: settings.refreshRateMinutes,
      alarmEmail: settings.alarmEmail,
    });
    this.dashboard = new GatewayDashboard(this, 'Dashboard', {
      gatewayFunction,
      refresherFunction,
      alarms: this.alarms.alarms,
    });

    const url = this.gateway.url.url;
    new CfnOutput(this, 'FunctionUrl', { description: 'Function URL of the gateway', value: url });
    new CfnOutput(this, 'OpenAiBaseUrl', {
      description: 'Base URL for OpenAI clients (the Function URL followed by v1)',
      value: Fn.join('', [url, 'v1']),
    });
    new CfnOutput(this, 'ClientKeysSecretName', {
      description: 'Secret holding the client key(s): aws secretsmanager get-secret-value --secret-id <this>',
      value: this.secrets.clientKeysSecretName,
    });
    new CfnOutput(this, 'PoolTableName', {
      description: 'DynamoDB table with the pool state',
      value: this.poolTable.table.tableName,
    });
    new CfnOutput(this, 'AccountSecretPrefix', {
      description: 'Name prefix of the per-account secrets the setup script creates',
      value: this.secrets.accountSecretPrefix,
    });
    new CfnOutput(this, 'Region', { description: 'Region of this deployment', value: this.region });
    new CfnOutput(this, 'DashboardName', {
      description: 'CloudWatch dashboard with the gateway metrics',
      value: this.dashboard.dashboard.dashboardName,
    });
    if (this.alarms.topic) {
      new CfnOutput(this, 'AlarmTopicArn', {
        description: 'SNS topic the alarms notify',
        value: this.alarms.topic.topicArn,
      });
    }
  }
}
