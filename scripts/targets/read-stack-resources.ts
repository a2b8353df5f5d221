/**
 * The deployed stack's resources from its CloudFormation outputs (lib/gateway-stack.ts:
 * PoolTableName, AccountSecretPrefix, ClientKeysSecretName, Region) and its `pool` tag
 * (lib/build-gateway-app.ts), so the operator types nothing but, at most, the stack name.
 */
import { type CloudFormationClient, DescribeStacksCommand, type Stack } from '@aws-sdk/client-cloudformation';
import { SetupError } from '../setup/setup-error.js';
import type { AwsResources } from './aws-target.js';
import { describeAwsError } from './describe-aws-error.js';

/**
 * @example
 * const resources = await readStackResources({ cloudFormation: new CloudFormationClient({}), stackName: 'GeminiGateway' });
 * @throws SetupError when there are no credentials or region, the stack does not exist, or it lacks an output.
 */
export async function readStackResources({
  cloudFormation,
  stackName,
}: {
  cloudFormation: CloudFormationClient;
  stackName: string;
}): Promise<AwsResources> {
  let stack: Stack | undefined;
  try {
    const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stackName }));
    stack = Stacks?.[0];
  } catch (error) {
    if (error instanceof Error && error.name === 'ValidationError' && /does not exist/.test(error.message)) {
      throw await stackNotFound({ cloudFormation, stackName });
    }
    throw describeAwsError(error) ?? error;
  }
  if (!stack) throw await stackNotFound({ cloudFormation, stackName });
  const outputs = new Map((stack.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]));
  const required = (key: string) => {
    const value = outputs.get(key);
    if (!value)
      throw new SetupError(`Stack ${stackName} has no ${key} output: is it a Gemini Gateway stack?`);
    return value;
  };
  const poolName = stack.Tags?.find((tag) => tag.Key === 'pool')?.Value;
  if (!poolName) throw new SetupError(`Stack ${stackName} has no "pool" tag: pass --pool`);
  return {
    region: outputs.get('Region') ?? (await cloudFormation.config.region()),
    tableName: required('PoolTableName'),
    poolName,
    secretPrefix: required('AccountSecretPrefix'),
    clientKeysSecretName: required('ClientKeysSecretName'),
    stackName,
  };
}

async function stackNotFound({
  cloudFormation,
  stackName,
}: {
  cloudFormation: CloudFormationClient;
  stackName: string;
}): Promise<SetupError> {
  const region = await cloudFormation.config.region();
  return new SetupError(
    `Stack ${stackName} not found in ${region}: deploy it (npx cdk deploy), pass --stack or --region, or use --target local`,
  );
}
