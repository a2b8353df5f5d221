import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { createCommonStatements, readRoleStatements } from './testing/role-statements.js';
import { synthesizeGateway } from './testing/synthesize-gateway.js';

const { stack, template } = synthesizeGateway();
const refresherFunction = stack.refresher.nodeFunction.function;
const functionId = stack.getLogicalId(refresherFunction.node.defaultChild as CfnFunction);

describe('TokenRefresher', () => {
  it('runs every 10 minutes by default, once per tick, with no retries to overlap the next run', () => {
    // Assess
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(10 minutes)',
      State: 'ENABLED',
      Targets: [
        {
          Arn: { 'Fn::GetAtt': [functionId, 'Arn'] },
          Id: 'Target0',
          RetryPolicy: { MaximumRetryAttempts: 0 },
        },
      ],
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: functionId },
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 600,
    });
  });

  it('follows the configured rate and refreshes what expires before the next run plus a margin', () => {
    // Prepare
    const { stack: fiveMinuteStack, template: fiveMinuteTemplate } = synthesizeGateway({
      context: { refreshRateMinutes: '5' },
    });
    const otherFunction = fiveMinuteStack.refresher.nodeFunction.function;
    const otherId = fiveMinuteStack.getLogicalId(otherFunction.node.defaultChild as CfnFunction);

    // Act
    const variables = fiveMinuteTemplate.toJSON().Resources[otherId].Properties.Environment.Variables;

    // Assess
    fiveMinuteTemplate.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)' });
    expect(variables.REFRESH_WINDOW_MINUTES).toStrictEqual('10');
  });

  it('runs Node 22 on arm64 with JSON logs and no reserved concurrency of its own', () => {
    // Act
    const properties = template.toJSON().Resources[functionId].Properties;

    // Assess
    expect({
      runtime: properties.Runtime,
      architectures: properties.Architectures,
      reservedConcurrency: properties.ReservedConcurrentExecutions,
      logFormat: properties.LoggingConfig.LogFormat,
    }).toStrictEqual({
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      reservedConcurrency: undefined,
      logFormat: 'JSON',
    });
  });

  it('hands the handler exactly the variables it reads', () => {
    // Act
    const properties = template.toJSON().Resources[functionId].Properties;

    // Assess
    expect(properties.Environment.Variables).toStrictEqual({
      TABLE_NAME: stack.resolve(stack.poolTable.table.tableName),
      POOL_NAME: 'default',
      ACCOUNT_SECRET_PREFIX: 'gemini-gateway/default/accounts/',
      REFRESH_WINDOW_MINUTES: '15',
      LOG_LEVEL: 'info',
      POWERTOOLS_SERVICE_NAME: 'gemini-gateway',
      POWERTOOLS_METRICS_NAMESPACE: 'GeminiGateway',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('may write pool items and read account secrets, but not the client keys nor write any secret', () => {
    // Act
    const statements = readRoleStatements({ stack, template, function: refresherFunction });

    // Assess
    expect(statements).toStrictEqual([
      ...createCommonStatements({ stack, nodeFunction: stack.refresher.nodeFunction }),
      {
        Action: 'secretsmanager:GetSecretValue',
        Effect: 'Allow',
        Resource: stack.resolve(stack.secrets.accountSecretArnPattern()),
      },
    ]);
  });
});
