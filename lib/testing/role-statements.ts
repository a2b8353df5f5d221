import type { Stack } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import type { CfnRole } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { GatewayStack } from '../gateway-stack.js';
import type { NodeFunction } from '../node-function.js';

/**
 * Every IAM policy statement attached to a function's role, found through the role's logical id as
 * the stack computes it, so tests never spell out hashed ids.
 *
 * @example
 * const statements = readRoleStatements({ stack, template, function: gatewayFunction });
 */
export function readRoleStatements({
  stack,
  template,
  function: lambdaFunction,
}: {
  stack: Stack;
  template: Template;
  function: IFunction;
}): unknown[] {
  const role = lambdaFunction.role?.node.defaultChild as CfnRole | undefined;
  if (!role) throw new Error(`${lambdaFunction.node.path} has no role`);
  const roleId = stack.getLogicalId(role);
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as {
    Properties: { Roles: { Ref: string }[]; PolicyDocument: { Statement: unknown[] } };
  }[];
  return policies
    .filter((policy) => policy.Properties.Roles.some((reference) => reference.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

/**
 * The statements both functions' roles start with, as the template should hold them: write to their
 * own log group, read and write pool items, use the table's key.
 *
 * @example
 * expect(statements.slice(0, 3)).toStrictEqual(createCommonStatements({ stack, nodeFunction }));
 */
export function createCommonStatements({
  stack,
  nodeFunction,
}: {
  stack: GatewayStack;
  nodeFunction: NodeFunction;
}): unknown[] {
  return [
    {
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Effect: 'Allow',
      Resource: stack.resolve(nodeFunction.logGroup.logGroupArn),
    },
    {
      Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
      Effect: 'Allow',
      Resource: stack.resolve(stack.poolTable.table.tableArn),
    },
    {
      Action: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      Effect: 'Allow',
      Resource: stack.resolve(stack.poolTable.key.keyArn),
    },
  ];
}
