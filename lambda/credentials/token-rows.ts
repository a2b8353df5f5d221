/**
 * Access tokens on the pool table (DESIGN.md §6): Secrets Manager keeps each account's refresh token,
 * but a new secret version per hourly token would break AWS's advice (at most one write per secret
 * every ten minutes), so the short-lived access token lives here, encrypted at rest with the table's
 * customer-managed key. One row per account in the pool's partition, `sk = TOKEN#<id>`: the pool's
 * Query reads only the `ACCOUNT#` prefix, so these rows never reach it. The row also carries the
 * refresher's lease, so two refreshers never refresh one account at once.
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { poolPartitionKey } from '../pool/pool-rows.js';
import { queryPartitionPrefix } from '../pool/query-partition-prefix.js';

export const tokenRowPrefix = 'TOKEN#';

export function tokenSortKey(accountId: string): string {
  return `${tokenRowPrefix}${accountId}`;
}

const tokenRowSchema = z.object({
  kind: z.literal('token'),
  accountId: z.string().min(1),
  accessToken: z.string().min(1).optional(),
  expiryDate: z.number().optional(),
  leaseOwner: z.string().min(1).optional(),
  leaseUntil: z.number().optional(),
});

/** One account's token row. Its `accessToken` is a credential: never log it. */
export type StoredToken = Omit<z.infer<typeof tokenRowSchema>, 'kind'>;

export interface TokenRowsOptions {
  client: DynamoDBClient;
  tableName: string;
  poolName: string;
}

export class TokenRows {
  private readonly documents: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly partitionKey: string;

  /**
   * @example
   * const tokens = new TokenRows({ client: createPoolStoreClient(), tableName, poolName: 'default' });
   * const stored = await tokens.readAll();
   */
  constructor({ client, tableName, poolName }: TokenRowsOptions) {
    this.documents = DynamoDBDocumentClient.from(client);
    this.tableName = tableName;
    this.partitionKey = poolPartitionKey(poolName);
  }

  /** Every token row of the pool, by account id (one paginated Query); rows that do not parse are skipped. */
  async readAll(): Promise<Map<string, StoredToken>> {
    const items = await queryPartitionPrefix({
      documents: this.documents,
      tableName: this.tableName,
      partitionKey: this.partitionKey,
      prefix: tokenRowPrefix,
    });
    const tokens = new Map<string, StoredToken>();
    for (const item of items) {
      const token = parseTokenRow(item);
      if (token) tokens.set(token.accountId, token);
    }
    return tokens;
  }

  /**
   * Stores an access token unless the row already holds one that expires as late or later (another
   * process refreshed meanwhile). Resolves whether this token was stored.
   */
  async save({
    accountId,
    accessToken,
    expiryDate,
    at,
  }: {
    accountId: string;
    accessToken: string;
    expiryDate: number;
    at: number;
  }): Promise<boolean> {
    return this.conditionalUpdate({
      accountId,
      update:
        'SET #kind = :kind, #accountId = :accountId, #accessToken = :accessToken, #expiryDate = :expiryDate, #updatedAt = :at',
      condition: 'attribute_not_exists(#expiryDate) OR #expiryDate < :expiryDate',
      names: ['kind', 'accountId', 'accessToken', 'expiryDate', 'updatedAt'],
      values: {
        ':kind': 'token',
        ':accountId': accountId,
        ':accessToken': accessToken,
        ':expiryDate': expiryDate,
        ':at': at,
      },
    }).then(Boolean);
  }

  /**
   * Takes the refresh lease on an account until `now + durationMs`, unless another owner holds one that
   * has not run out. Resolves the row as it stands with the lease (check its expiry again: the previous
   * holder may have just refreshed), or undefined when someone else holds the lease.
   */
  async acquireLease({
    accountId,
    owner,
    now,
    durationMs,
  }: {
    accountId: string;
    owner: string;
    now: number;
    durationMs: number;
  }): Promise<StoredToken | undefined> {
    return this.conditionalUpdate({
      accountId,
      update: 'SET #kind = :kind, #accountId = :accountId, #leaseOwner = :owner, #leaseUntil = :until',
      condition: 'attribute_not_exists(#leaseUntil) OR #leaseUntil <= :now',
      names: ['kind', 'accountId', 'leaseOwner', 'leaseUntil'],
      values: {
        ':kind': 'token',
        ':accountId': accountId,
        ':owner': owner,
        ':until': now + durationMs,
        ':now': now,
      },
    });
  }

  /** Gives the lease back, if `owner` still holds it. */
  async releaseLease({ accountId, owner }: { accountId: string; owner: string }): Promise<void> {
    await this.conditionalUpdate({
      accountId,
      update: 'REMOVE #leaseOwner, #leaseUntil',
      condition: '#leaseOwner = :owner',
      names: ['leaseOwner', 'leaseUntil'],
      values: { ':owner': owner },
    });
  }

  /** One update of a token row; undefined when its condition failed. */
  private async conditionalUpdate({
    accountId,
    update,
    condition,
    names,
    values,
  }: {
    accountId: string;
    update: string;
    condition: string;
    names: string[];
    values: Record<string, unknown>;
  }): Promise<StoredToken | undefined> {
    try {
      const { Attributes } = await this.documents.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: this.partitionKey, sk: tokenSortKey(accountId) },
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])),
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return parseTokenRow(Attributes) ?? { accountId };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }
}

function parseTokenRow(item: unknown): StoredToken | undefined {
  const parsed = tokenRowSchema.safeParse(item);
  if (!parsed.success) return undefined;
  const { kind: _kind, ...token } = parsed.data;
  return token;
}
