import type { CfnTable } from 'aws-cdk-lib/aws-dynamodb';
import type { CfnKey } from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import { synthesizeGateway } from './testing/synthesize-gateway.js';

const { stack, template } = synthesizeGateway();
const tableId = stack.getLogicalId(stack.poolTable.table.node.defaultChild as CfnTable);
const keyId = stack.getLogicalId(stack.poolTable.key.node.defaultChild as CfnKey);

describe('PoolTable', () => {
  it('is keyed by pk and sk, billed on demand, recoverable to the second and encrypted with its own key', () => {
    // Act
    const table = template.toJSON().Resources[tableId];

    // Assess
    expect(table.Properties).toStrictEqual({
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: {
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      },
      DeletionProtectionEnabled: true,
    });
  });

  it('outlives the stack, and so does its key, without which the data cannot be read', () => {
    // Act
    const resources = template.toJSON().Resources;

    // Assess
    expect([
      resources[tableId].DeletionPolicy,
      resources[tableId].UpdateReplacePolicy,
      resources[keyId].DeletionPolicy,
      resources[keyId].UpdateReplacePolicy,
    ]).toStrictEqual(['Retain', 'Retain', 'Retain', 'Retain']);
  });

  it('rotates its key every year', () => {
    // Act
    const key = template.toJSON().Resources[keyId];

    // Assess
    expect(key.Properties.EnableKeyRotation).toStrictEqual(true);
  });
});
