import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { CfnFunction, CfnUrl } from 'aws-cdk-lib/aws-lambda';
import type { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { createCorsOptions, gatewayMemorySize } from './gateway-function.js';
import { createCommonStatements, readRoleStatements } from './testing/role-statements.js';
import { synthesizeGateway } from './testing/synthesize-gateway.js';

const { stack, template } = synthesizeGateway();
const gatewayFunction = stack.gateway.nodeFunction.function;
const functionId = stack.getLogicalId(gatewayFunction.node.defaultChild as CfnFunction);

function readFunctionProperties(synthesized: ReturnType<typeof synthesizeGateway>) {
  const { stack: otherStack, template: otherTemplate } = synthesized;
  const otherFunction = otherStack.gateway.nodeFunction.function;
  const id = otherStack.getLogicalId(otherFunction.node.defaultChild as CfnFunction);
  return otherTemplate.toJSON().Resources[id].Properties;
}

describe('GatewayFunction', () => {
  it('runs Node 22 on arm64 with the chosen memory, a 15-minute timeout and reserved concurrency', () => {
    // Act
    const properties = template.toJSON().Resources[functionId].Properties;

    // Assess
    expect({
      runtime: properties.Runtime,
      architectures: properties.Architectures,
      memorySize: properties.MemorySize,
      timeout: properties.Timeout,
      reservedConcurrency: properties.ReservedConcurrentExecutions,
      handler: properties.Handler,
    }).toStrictEqual({
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      memorySize: gatewayMemorySize,
      timeout: 900,
      reservedConcurrency: 20,
      handler: 'index.handler',
    });
  });

  it('logs JSON at the configured level into its own log group kept for a month', () => {
    // Prepare
    const logGroup = stack.gateway.nodeFunction.logGroup;
    const logGroupId = stack.getLogicalId(logGroup.node.defaultChild as CfnLogGroup);

    // Act
    const properties = template.toJSON().Resources[functionId].Properties;
    const logGroupResource = template.toJSON().Resources[logGroupId];

    // Assess
    expect([properties.LoggingConfig, logGroupResource.Properties]).toStrictEqual([
      { LogFormat: 'JSON', ApplicationLogLevel: 'INFO', LogGroup: { Ref: logGroupId } },
      { RetentionInDays: 30 },
    ]);
  });

  it('hands the handler exactly the variables it reads', () => {
    // Act
    const properties = template.toJSON().Resources[functionId].Properties;

    // Assess
    expect(properties.Environment.Variables).toStrictEqual({
      TABLE_NAME: stack.resolve(stack.poolTable.table.tableName),
      POOL_NAME: 'default',
      ACCOUNT_SECRET_PREFIX: 'gemini-gateway/default/accounts/',
      CLIENT_KEYS_SECRET_ID: stack.resolve(stack.secrets.clientKeys.secretArn),
      MODEL_ALIASES: '{}',
      LOG_LEVEL: 'info',
      POWERTOOLS_SERVICE_NAME: 'gemini-gateway',
      POWERTOOLS_METRICS_NAMESPACE: 'GeminiGateway',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('passes model aliases as JSON and the log level to Lambda and Powertools alike', () => {
    // Act
    const properties = readFunctionProperties(
      synthesizeGateway({ context: { modelAliases: '{"gpt-4o":"gemini-2.5-pro"}', logLevel: 'warn' } }),
    );

    // Assess
    expect([
      properties.Environment.Variables.MODEL_ALIASES,
      properties.Environment.Variables.LOG_LEVEL,
      properties.LoggingConfig.ApplicationLogLevel,
    ]).toStrictEqual(['{"gpt-4o":"gemini-2.5-pro"}', 'warn', 'WARN']);
  });

  it('takes its reserved concurrency from context, or none at all', () => {
    // Act
    const fifty = readFunctionProperties(synthesizeGateway({ context: { reservedConcurrency: '50' } }));
    const none = readFunctionProperties(synthesizeGateway({ context: { reservedConcurrency: 'none' } }));

    // Assess
    expect([fifty.ReservedConcurrentExecutions, none.ReservedConcurrentExecutions]).toStrictEqual([
      50,
      undefined,
    ]);
  });

  it('serves a streaming Function URL without IAM auth and without CORS by default', () => {
    // Prepare
    const urlId = stack.getLogicalId(stack.gateway.url.node.defaultChild as CfnUrl);

    // Act
    const url = template.toJSON().Resources[urlId];

    // Assess
    expect(url.Properties).toStrictEqual({
      AuthType: 'NONE',
      InvokeMode: 'RESPONSE_STREAM',
      TargetFunctionArn: { 'Fn::GetAtt': [functionId, 'Arn'] },
    });
  });

  it('lets anyone reach the function through its URL only', () => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunctionUrl',
      Principal: '*',
      FunctionUrlAuthType: 'NONE',
      FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: '*',
      InvokedViaFunctionUrl: true,
      FunctionName: { 'Fn::GetAtt': [functionId, 'Arn'] },
    });
  });

  it('puts the configured origins on the Function URL', () => {
    // Act
    const { template: withCors } = synthesizeGateway({
      context: { corsAllowedOrigins: 'https://chat.example.com' },
    });

    // Assess
    withCors.hasResourceProperties('AWS::Lambda::Url', {
      InvokeMode: 'RESPONSE_STREAM',
      Cors: Match.objectLike({ AllowOrigins: ['https://chat.example.com'], AllowMethods: ['GET', 'POST'] }),
    });
  });

  it('may query and write pool items, use the table key, and read the account and client-key secrets', () => {
    // Act
    const statements = readRoleStatements({ stack, template, function: gatewayFunction });

    // Assess
    expect(statements).toStrictEqual([
      ...createCommonStatements({ stack, nodeFunction: stack.gateway.nodeFunction }),
      {
        Action: 'secretsmanager:GetSecretValue',
        Effect: 'Allow',
        Resource: [
          stack.resolve(stack.secrets.accountSecretArnPattern()),
          stack.resolve(stack.secrets.clientKeys.secretArn),
        ],
      },
    ]);
  });
});

describe('createCorsOptions', () => {
  it('sets no CORS at all when no origin is allowed', () => {
    // Act
    const options = createCorsOptions({ allowedOrigins: [] });

    // Assess
    expect(options).toStrictEqual(undefined);
  });

  it('allows the OpenAI headers, including Authorization by name, from the given origins', () => {
    // Act
    const options = createCorsOptions({ allowedOrigins: ['https://chat.example.com'] });

    // Assess
    expect(options).toStrictEqual({
      allowedOrigins: ['https://chat.example.com'],
      allowedMethods: ['GET', 'POST'],
      allowedHeaders: ['authorization', 'content-type', 'x-api-key', '*'],
      exposedHeaders: ['retry-after'],
      maxAge: Duration.hours(2),
    });
  });
});
