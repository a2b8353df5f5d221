/**
 * The pool store on DynamoDB (layout in pool-rows.ts). Reads are one paginated Query of the pool's
 * partition. Writes never lose an update under concurrency:
 * - an outcome is a plain ADD of its forward-decay weight (forward-decay.ts), which commutes with
 *   every other writer's ADD; it is conditioned on the row's landmark, so it cannot land on a row
 *   that was rebased meanwhile;
 * - a freeze is a SET conditioned on `frozenUntil` being earlier, so it only ever extends;
 * - a rebase (landmark too old) rewrites the sums, conditioned on the row's version, which every
 *   write bumps.
 * When a condition fails the write is planned again from the row as it is (the item DynamoDB returns
 * with the failure, or a consistent read where the server does not return it, e.g. dynalite), so
 * the common case costs one write and a conflict costs one more.
 */
import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { applyOutcome } from './apply-outcome.js';
import { decayWeight, shouldRebase } from './forward-decay.js';
import {
  accountRowPrefix,
  accountSortKey,
  decodeItem,
  modelSortKey,
  parseModelRow,
  poolPartitionKey,
  toPoolSnapshot,
} from './pool-rows.js';
import type { ModelState, PoolSnapshot } from './pool-state.js';
import type {
  DisableAccountInput,
  PoolStore,
  RecordOutcomeInput,
  RegisterAccountInput,
} from './pool-store.js';
import { queryPartitionPrefix } from './query-partition-prefix.js';

/** Conflicts in a row before an outcome is given up (and logged by the pool); each needs a rival writer. */
const maxWriteAttempts = 8;

export interface DynamoDbPoolStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  /** Several pools may share a table, one partition each. */
  poolName: string;
}

export class DynamoDbPoolStore implements PoolStore {
  private readonly documents: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly partitionKey: string;

  /**
   * @example
   * const store = new DynamoDbPoolStore({ client: new DynamoDBClient({}), tableName: 'gateway-pool', poolName: 'default' });
   */
  constructor({ client, tableName, poolName }: DynamoDbPoolStoreOptions) {
    this.documents = DynamoDBDocumentClient.from(client);
    this.tableName = tableName;
    this.partitionKey = poolPartitionKey(poolName);
  }

  async readPool(): Promise<PoolSnapshot> {
    return toPoolSnapshot(
      await queryPartitionPrefix({
        documents: this.documents,
        tableName: this.tableName,
        partitionKey: this.partitionKey,
        prefix: accountRowPrefix,
      }),
    );
  }

  async recordOutcome(input: RecordOutcomeInput): Promise<ModelState> {
    let known = input.known;
    // The caller's row may be its own view; only a row read back from the table proves a freeze is set.
    let storedFreeze = 0;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const { Attributes } = await this.documents.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: this.partitionKey, sk: modelSortKey(input) },
            ...planOutcomeWrite({ input, known, storedFreeze }),
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        const stored = parseModelRow(Attributes);
        if (!stored) {
          throw new Error(`pool row ${input.accountId}/${input.model} did not parse after the write`);
        }
        return stored;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException) || attempt >= maxWriteAttempts) throw error;
        known = error.Item ? parseModelRow(decodeItem(error.Item)) : await this.readModelRow(input);
        storedFreeze = known?.frozenUntil ?? 0;
      }
    }
  }

  async disableAccount({
    accountId,
    reason,
    at,
    credentialsFingerprint,
  }: DisableAccountInput): Promise<void> {
    const set =
      'SET #kind = :kind, accountId = :accountId, enabled = :false, disabledReason = :reason, disabledAt = :at';
    // A disable by hand carries no fingerprint and must not keep one from an earlier disable.
    const fingerprint =
      credentialsFingerprint === undefined
        ? { update: `${set} REMOVE credentialsFingerprint`, values: {} }
        : {
            update: `${set}, credentialsFingerprint = :fingerprint`,
            values: { ':fingerprint': credentialsFingerprint },
          };
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: this.partitionKey, sk: accountSortKey(accountId) },
        UpdateExpression: fingerprint.update,
        ExpressionAttributeNames: { '#kind': 'kind' },
        ExpressionAttributeValues: {
          ':kind': 'account',
          ':accountId': accountId,
          ':false': false,
          ':reason': reason,
          ':at': at,
          ...fingerprint.values,
        },
      }),
    );
  }

  async enableAccount({ accountId }: { accountId: string }): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: this.partitionKey, sk: accountSortKey(accountId) },
        UpdateExpression:
          'SET #kind = :kind, accountId = :accountId, enabled = :true REMOVE disabledReason, disabledAt, credentialsFingerprint',
        ExpressionAttributeNames: { '#kind': 'kind' },
        ExpressionAttributeValues: { ':kind': 'account', ':accountId': accountId, ':true': true },
      }),
    );
  }

  async registerAccount({ accountId, backend, credentialsRef, at }: RegisterAccountInput): Promise<boolean> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: this.partitionKey,
            sk: accountSortKey(accountId),
            kind: 'account',
            accountId,
            enabled: true,
            backend,
            credentialsRef,
            registeredAt: at,
          },
          ConditionExpression: 'attribute_not_exists(sk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  private async readModelRow(key: { accountId: string; model: string }): Promise<ModelState | undefined> {
    const { Item } = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: this.partitionKey, sk: modelSortKey(key) },
        ConsistentRead: true,
      }),
    );
    return parseModelRow(Item);
  }
}

interface WritePlan {
  UpdateExpression: string;
  ConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

/** The update for one outcome given the row as last seen: an ADD in the common case, a rebase now and then. */
function planOutcomeWrite({
  input,
  known,
  storedFreeze,
}: {
  input: RecordOutcomeInput;
  known: ModelState | undefined;
  /** The freeze the table is known to hold already (0 when unknown). */
  storedFreeze: number;
}): WritePlan {
  const { at, halfLifeMs, outcome } = input;
  if (known && shouldRebase({ at, epoch: known.epoch, halfLifeMs })) {
    return planRebase({
      next: applyOutcome({ state: known, outcome, at, halfLifeMs }),
      expectedVersion: known.version,
    });
  }
  const expression = new ExpressionBuilder();
  const epoch = known?.epoch ?? at;
  const set = [
    `${expression.name('kind')} = ${expression.value('model')}`,
    `${expression.name('accountId')} = ${expression.value(input.accountId)}`,
    `${expression.name('model')} = ${expression.value(input.model)}`,
    `${expression.name('epoch')} = ${expression.value(epoch)}`,
  ];
  // A success may stand for several coalesced ones (coalesce-successes.ts).
  const count = outcome.ok ? (outcome.count ?? 1) : 1;
  const weight = expression.value(decayWeight({ at, epoch, halfLifeMs }) * count);
  const one = expression.value(1);
  const add = [`${expression.name('version')} ${one}`];
  const conditions = [
    `(attribute_not_exists(${expression.name('epoch')}) OR ${expression.name('epoch')} = ${expression.value(epoch)})`,
  ];
  if (outcome.ok) {
    add.push(`${expression.name('successes')} ${weight}`);
    set.push(`${expression.name('consecutiveFailures')} = ${expression.value(0)}`);
  } else {
    add.push(`${expression.name('failures')} ${weight}`, `${expression.name('consecutiveFailures')} ${one}`);
    set.push(
      `${expression.name('lastFailure')} = ${expression.value(outcome.failure)}`,
      `${expression.name('lastFailureAt')} = ${expression.value(at)}`,
    );
    // A freeze no later than the one the table holds is dropped rather than failing the write again.
    if (outcome.frozenUntil !== undefined && outcome.frozenUntil > storedFreeze) {
      const frozenUntil = expression.name('frozenUntil');
      const until = expression.value(outcome.frozenUntil);
      set.push(`${frozenUntil} = ${until}`);
      conditions.push(`(attribute_not_exists(${frozenUntil}) OR ${frozenUntil} < ${until})`);
    }
  }
  return expression.plan({
    update: `SET ${set.join(', ')} ADD ${add.join(', ')}`,
    condition: conditions.join(' AND '),
  });
}

/** Rewrites the whole row from `next`, valid only if nobody wrote since `expectedVersion`. */
function planRebase({ next, expectedVersion }: { next: ModelState; expectedVersion: number }): WritePlan {
  const expression = new ExpressionBuilder();
  const { lastFailure, ...fields } = next;
  const values: Record<string, unknown> = {
    ...fields,
    kind: 'model',
    ...(lastFailure ? { lastFailure: lastFailure.failure, lastFailureAt: lastFailure.at } : {}),
  };
  const set = Object.entries(values).map(
    ([attribute, value]) => `${expression.name(attribute)} = ${expression.value(value)}`,
  );
  const condition = `${expression.name('version')} = ${expression.value(expectedVersion)}`;
  return expression.plan({ update: `SET ${set.join(', ')}`, condition });
}

/** Collects placeholder names and values, so an expression never carries one it does not use. */
class ExpressionBuilder {
  private readonly names: Record<string, string> = {};
  private readonly values: Record<string, unknown> = {};

  name(attribute: string): string {
    this.names[`#${attribute}`] = attribute;
    return `#${attribute}`;
  }

  value(value: unknown): string {
    const existing = Object.entries(this.values).find(([, known]) => Object.is(known, value));
    if (existing) return existing[0];
    const placeholder = `:v${Object.keys(this.values).length}`;
    this.values[placeholder] = value;
    return placeholder;
  }

  plan({ update, condition }: { update: string; condition: string }): WritePlan {
    return {
      UpdateExpression: update,
      ConditionExpression: condition,
      ExpressionAttributeNames: this.names,
      ExpressionAttributeValues: this.values,
    };
  }
}
