import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

export interface PoolTableProps {
  /** Named in the key's description so the key can be told apart from other pools' keys. */
  readonly poolName: string;
}

// The only item operations the pool store and the refresher use: one Query reads the whole pool
// partition, GetItem/UpdateItem/PutItem keep per-account state with conditional writes. No Scan, no
// DeleteItem, no batch or transaction operations.
const poolItemActions = ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem'];

// DynamoDB uses the table's KMS key on the caller's behalf: reads need Decrypt, writes also need the
// encrypt actions. These are the same key actions aws-cdk-lib grants for table writes.
const tableKeyActions = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
];

/**
 * The pool-state table (DESIGN.md §6): one partition per pool (`pk`), one item per account or
 * account-and-model (`sk`). It holds short-lived access tokens, so it is encrypted with a
 * customer-managed key; on-demand billing because traffic is bursty and small; kept (RETAIN and
 * deletion protection) when the stack is deleted, together with its key, since the data cannot be read
 * without it.
 *
 * @example
 * const poolTable = new PoolTable(this, 'PoolTable', { poolName: 'default' });
 * poolTable.grantPoolAccess(gatewayFunction);
 */
export class PoolTable extends Construct {
  readonly table: Table;
  readonly key: Key;

  constructor(scope: Construct, id: string, props: PoolTableProps) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: `Encrypts the Gemini Gateway pool table (pool ${props.poolName}), which holds access tokens`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Table rather than TableV2: TableV2 cannot render a customer-managed key in a stack that is not
    // bound to a region, and this stack stays region-agnostic so `cdk synth` needs no AWS account.
    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** Lets a function read and conditionally write pool items, and use the table's key for that. */
  grantPoolAccess(grantee: IGrantable): void {
    this.table.grant(grantee, ...poolItemActions);
    this.table.grantOnKey(grantee, ...tableKeyActions);
    const principal = grantee.grantPrincipal;
    if (!(principal instanceof Construct)) return;
    NagSuppressions.addResourceSuppressions(
      principal,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            "The key actions DynamoDB needs on the caller's behalf to read and write items encrypted with the " +
            "pool table's key (the set aws-cdk-lib grants for table writes); the resource is that one key.",
          appliesTo: tableKeyActions
            .filter((action) => action.endsWith('*'))
            .map((action) => `Action::${action}`),
        },
      ],
      true,
    );
  }
}
