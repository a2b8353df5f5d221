/**
 * How the pool lies in its DynamoDB table (DESIGN.md §6): one partition per pool, `pk = POOL#<name>`;
 * an account row `sk = ACCOUNT#<id>` (enabled switch, registry fields) and one row per model it has
 * served, `sk = ACCOUNT#<id>#MODEL#<model>`, so a single Query on the `ACCOUNT#` prefix reads it all
 * and other row kinds may share the partition. Rows say what they are in `kind` and carry their ids,
 * so nothing is parsed out of a key. Rows are validated when read; a row that does not parse (written
 * by some other version, or by hand) is skipped rather than breaking the pool.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { backendKinds } from '../credentials/account.js';
import type { AccountState, ModelState, PoolSnapshot } from './pool-state.js';

export const accountRowPrefix = 'ACCOUNT#';

export function poolPartitionKey(poolName: string): string {
  return `POOL#${poolName}`;
}

export function accountSortKey(accountId: string): string {
  return `${accountRowPrefix}${accountId}`;
}

export function modelSortKey({ accountId, model }: { accountId: string; model: string }): string {
  return `${accountRowPrefix}${accountId}#MODEL#${model}`;
}

const accountRowSchema = z.object({
  kind: z.literal('account'),
  accountId: z.string().min(1),
  enabled: z.boolean().default(true),
  disabledReason: z.string().optional(),
  disabledAt: z.number().optional(),
  credentialsFingerprint: z.string().optional(),
  backend: z.enum(backendKinds).optional(),
  credentialsRef: z.string().optional(),
  registeredAt: z.number().optional(),
});

const modelRowSchema = z.object({
  kind: z.literal('model'),
  accountId: z.string().min(1),
  model: z.string().min(1),
  epoch: z.number(),
  successes: z.number().default(0),
  failures: z.number().default(0),
  frozenUntil: z.number().default(0),
  consecutiveFailures: z.number().default(0),
  version: z.number().default(0),
  lastFailure: z.string().optional(),
  lastFailureAt: z.number().optional(),
});

const poolRowSchema = z.discriminatedUnion('kind', [accountRowSchema, modelRowSchema]);

/** Query results (already unmarshalled) as a snapshot. */
export function toPoolSnapshot(items: readonly unknown[]): PoolSnapshot {
  const snapshot: PoolSnapshot = { accounts: [], models: [] };
  for (const item of items) {
    const parsed = poolRowSchema.safeParse(item);
    if (!parsed.success) continue;
    if (parsed.data.kind === 'account') snapshot.accounts.push(toAccountState(parsed.data));
    else snapshot.models.push(toModelState(parsed.data));
  }
  return snapshot;
}

/** One (account, model) row, or undefined when `item` is absent or not such a row. */
export function parseModelRow(item: unknown): ModelState | undefined {
  const parsed = modelRowSchema.safeParse(item);
  return parsed.success ? toModelState(parsed.data) : undefined;
}

/**
 * A raw item (as ConditionalCheckFailedException.Item carries it: the document client does not
 * unmarshall errors) as plain values; only the attribute types pool rows use.
 */
export function decodeItem(item: Record<string, AttributeValue>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(item).map(([name, value]) => {
      if (value.N !== undefined) return [name, Number(value.N)];
      if (value.S !== undefined) return [name, value.S];
      if (value.BOOL !== undefined) return [name, value.BOOL];
      return [name, undefined];
    }),
  );
}

function toAccountState(row: z.infer<typeof accountRowSchema>): AccountState {
  const { accountId, enabled, disabledReason, disabledAt, credentialsFingerprint } = row;
  const { backend, credentialsRef, registeredAt } = row;
  return {
    accountId,
    enabled,
    ...(disabledReason === undefined ? {} : { disabledReason }),
    ...(disabledAt === undefined ? {} : { disabledAt }),
    ...(credentialsFingerprint === undefined ? {} : { credentialsFingerprint }),
    ...(backend === undefined || credentialsRef === undefined || registeredAt === undefined
      ? {}
      : { registration: { backend, credentialsRef, registeredAt } }),
  };
}

function toModelState(row: z.infer<typeof modelRowSchema>): ModelState {
  const { lastFailure, lastFailureAt, kind: _kind, ...state } = row;
  return {
    ...state,
    ...(lastFailure === undefined || lastFailureAt === undefined
      ? {}
      : { lastFailure: { failure: lastFailure, at: lastFailureAt } }),
  };
}
