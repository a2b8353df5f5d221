/**
 * Picks where the wizard and `npm run status` work. `--target local` and `--target aws` say it; with
 * neither, the deployed stack wins when its outputs can be read (credentials, region and stack all
 * present), and local mode otherwise, with a line saying why. Resources named by flags (`--table` and
 * `--secret-prefix`) skip CloudFormation.
 */
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Clock } from '../../lambda/core/ports.js';
import type { LocalConfig } from '../../lambda/local/local-config.js';
import type { Output } from '../setup/prompter.js';
import { SetupError } from '../setup/setup-error.js';
import type { AccountTarget } from './account-target.js';
import { type AwsResources, createAwsTarget } from './aws-target.js';
import { describeAwsError } from './describe-aws-error.js';
import { createLocalTarget } from './local-target.js';
import { readStackResources } from './read-stack-resources.js';
import { defaultStackName, type TargetOptions } from './target-options.js';

/** Makes the AWS clients; tests hand in clients for mocks and a local DynamoDB. */
export interface AwsClients {
  cloudFormation(region: string | undefined): CloudFormationClient;
  secretsManager(region: string): SecretsManagerClient;
  dynamoDb(region: string): DynamoDBClient;
}

export interface ResolveTargetInput {
  options: TargetOptions;
  /** Local mode's settings from the environment (ACCOUNTS_DIR, STATE_DIR, GATEWAY_API_KEYS). */
  local: Pick<LocalConfig, 'accountsDir' | 'stateDir' | 'apiKeys'>;
  aws: AwsClients;
  clock: Clock;
  output: Output;
}

/**
 * @example
 * const target = await resolveTarget({ options, local: readEnvironmentConfig(process.env), aws: defaultAwsClients, clock: systemClock, output });
 * @throws SetupError when `--target aws` cannot find its stack, credentials or region.
 */
export async function resolveTarget(input: ResolveTargetInput): Promise<AccountTarget> {
  const { options, output } = input;
  if (options.target === 'local') return localTarget(input);
  if (options.table !== undefined || options.secretPrefix !== undefined) {
    return awsTarget(input, await namedResources(input));
  }
  const cloudFormation = input.aws.cloudFormation(options.region);
  try {
    const stackName = options.stack ?? defaultStackName;
    return awsTarget(input, await readStackResources({ cloudFormation, stackName }));
  } catch (error) {
    if (options.target === 'aws') throw error;
    output.print(`Using local mode (${shortReason(error)}; --target aws insists on the stack).`);
    return localTarget(input);
  } finally {
    cloudFormation.destroy();
  }
}

function localTarget({ options, local, output }: ResolveTargetInput): AccountTarget {
  return createLocalTarget({
    accountsDir: options.accountsDir ?? local.accountsDir,
    stateDir: options.stateDir ?? local.stateDir,
    apiKeys: local.apiKeys,
    output,
  });
}

function awsTarget(input: ResolveTargetInput, resources: AwsResources): AccountTarget {
  return createAwsTarget({
    ...resources,
    secrets: input.aws.secretsManager(resources.region),
    dynamoDb: input.aws.dynamoDb(resources.region),
    clock: input.clock,
  });
}

/** Resources named by flags; the pool defaults as the stack's does (lib/gateway-settings.ts). */
async function namedResources({ options, aws }: ResolveTargetInput): Promise<AwsResources> {
  const { table, secretPrefix } = options;
  if (table === undefined || secretPrefix === undefined) {
    throw new SetupError(
      '--table and --secret-prefix go together (they name the resources the stack outputs)',
    );
  }
  const poolName = options.pool ?? 'default';
  return {
    region: options.region ?? (await regionOf(aws)),
    tableName: table,
    poolName,
    secretPrefix,
    clientKeysSecretName: options.clientKeysSecret ?? `gemini-gateway/${poolName}/client-keys`,
  };
}

async function regionOf(aws: AwsClients): Promise<string> {
  const client = aws.cloudFormation(undefined);
  try {
    return await client.config.region();
  } catch (error) {
    throw describeAwsError(error) ?? error;
  } finally {
    client.destroy();
  }
}

/** "No AWS credentials found", "Stack X not found in R", or an error code (offline, say). */
function shortReason(error: unknown): string {
  if (error instanceof SetupError) return error.message.replace(/:.*$/s, '');
  const code = (error as { code?: unknown }).code;
  return `the stack could not be read: ${typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown error'}`;
}
