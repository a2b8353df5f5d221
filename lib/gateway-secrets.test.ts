import type { CfnSecret } from 'aws-cdk-lib/aws-secretsmanager';
import { describe, expect, it } from 'vitest';
import { synthesizeGateway } from './testing/synthesize-gateway.js';

const { stack, template } = synthesizeGateway({ context: { poolName: 'team-a' } });

describe('GatewaySecrets', () => {
  it('has Secrets Manager generate the client key at deploy time, so the template holds no value', () => {
    // Prepare
    const secretId = stack.getLogicalId(stack.secrets.clientKeys.node.defaultChild as CfnSecret);

    // Act
    const secret = template.toJSON().Resources[secretId];

    // Assess
    expect(secret.Properties).toStrictEqual({
      Name: 'gemini-gateway/team-a/client-keys',
      Description: 'Bearer keys accepted by the Gemini Gateway (comma-separated)',
      GenerateSecretString: { PasswordLength: 48, ExcludePunctuation: true, IncludeSpace: false },
    });
  });

  it('creates no account secret: the setup script does, under the pool prefix', () => {
    // Act
    const secrets = Object.keys(template.findResources('AWS::SecretsManager::Secret'));

    // Assess
    expect([secrets.length, stack.secrets.accountSecretPrefix]).toStrictEqual([
      1,
      'gemini-gateway/team-a/accounts/',
    ]);
  });

  it('matches account secrets of this pool only, whatever suffix Secrets Manager adds', () => {
    // Act
    const pattern = stack.resolve(stack.secrets.accountSecretArnPattern());

    // Assess
    expect(pattern).toStrictEqual({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':secretsmanager:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ':secret:gemini-gateway/team-a/accounts/*',
        ],
      ],
    });
  });
});
