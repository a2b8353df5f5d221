/** The AWS SDK clients the setup wizard and `npm run status` use, on the operator's own AWS configuration. */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AwsClients } from './resolve-target.js';

export const defaultAwsClients: AwsClients = {
  cloudFormation: (region) => new CloudFormationClient(region ? { region } : {}),
  secretsManager: (region) => new SecretsManagerClient({ region }),
  dynamoDb: (region) => new DynamoDBClient({ region }),
};
