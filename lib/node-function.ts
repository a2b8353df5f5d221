import { fileURLToPath } from 'node:url';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ApplicationLogLevel, Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { createRequireBanner } from '../scripts/compile-gateway.mjs';
import { metricNamespace, serviceName } from './gateway-metrics.js';
import type { GatewaySettings } from './gateway-settings.js';

/** The repository root: esbuild resolves the handlers' imports against its package-lock.json. */
export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export interface NodeFunctionProps {
  /** The handler's TypeScript file, under {@link projectRoot}; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly logLevel: GatewaySettings['logLevel'];
  /** Variables of this function on top of the ones every function gets. */
  readonly environment: Readonly<Record<string, string>>;
  readonly reservedConcurrentExecutions?: number;
}

const applicationLogLevels = {
  debug: ApplicationLogLevel.DEBUG,
  info: ApplicationLogLevel.INFO,
  warn: ApplicationLogLevel.WARN,
  error: ApplicationLogLevel.ERROR,
} as const satisfies Record<GatewaySettings['logLevel'], ApplicationLogLevel>;

/**
 * A Lambda function as every function of this app is built: bundled by the local esbuild (no Docker)
 * into one minified ES module with a source map, arm64, Node 22, JSON logs in its own log group with a
 * retention, and a role that may write to that log group and nothing else until granted more.
 *
 * Every dependency is bundled, the AWS SDK v3 clients included, although the Node 22 runtime ships
 * one: the bundle then runs the SDK version the tests ran against rather than whatever the runtime
 * holds that week, tree-shaking keeps the few clients we use small, and one file loads faster at cold
 * start than the runtime's SDK spread over many files.
 *
 * @example
 * const gateway = new NodeFunction(this, 'Gateway', {
 *   entry: 'lambda/gateway/handler.ts', description: 'OpenAI-compatible gateway',
 *   memorySize: 512, timeout: Duration.minutes(15), logLevel: 'info', environment: { TABLE_NAME: name },
 * });
 */
export class NodeFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.ONE_MONTH,
      // Logs carry no state worth keeping after the stack is gone, and a kept group would block a
      // redeploy of the same function name.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // A role of our own instead of the AWSLambdaBasicExecutionRole managed policy, which lets the
    // function create log groups and write to any of them.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    this.logGroup.grantWrite(role);
    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      projectRoot,
      depsLockFilePath: `${projectRoot}package-lock.json`,
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      // Lambda drops JSON log lines below this level, so it must agree with the Powertools logger's
      // LOG_LEVEL (Powertools warns when the two differ).
      applicationLogLevelV2: applicationLogLevels[props.logLevel],
      environment: {
        LOG_LEVEL: props.logLevel,
        POWERTOOLS_SERVICE_NAME: serviceName,
        POWERTOOLS_METRICS_NAMESPACE: metricNamespace,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: createRequireBanner,
        minify: true,
        sourceMap: true,
        // Stack traces need line mappings only; embedding the sources would double the bundle.
        sourcesContent: false,
        externalModules: [],
      },
    });
    NagSuppressions.addResourceSuppressions(this.function, [
      {
        id: 'AwsSolutions-L1',
        reason:
          'Pinned to nodejs22.x on purpose: the code and its tests target Node 22, and the Node 24 runtime ' +
          'changes the streaming contract (it no longer waits for pending promises). Move up after the ' +
          'handler tests run on Node 24.',
      },
    ]);
  }
}
