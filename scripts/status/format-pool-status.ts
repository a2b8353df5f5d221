/**
 * Two renderings of the pool's status: a table for people (one line per account, one per model with a
 * bar of its success probability) and JSON for machines (`--json`, times as ISO 8601).
 */
import { formatDuration } from '../../lambda/pool/format-duration.js';
import type { AccountStatus, ModelStatus } from './summarize-pool.js';

const barCells = 10;

/**
 * @example
 * formatStatusTable({ statuses, now, heading: 'local: accounts in ./accounts' });
 */
export function formatStatusTable({
  statuses,
  now,
  heading,
}: {
  statuses: readonly AccountStatus[];
  now: number;
  heading: string;
}): string {
  const lines = [`${heading} — ${new Date(now).toISOString()}`, ''];
  if (statuses.length === 0) return [...lines, 'No accounts yet. Add one: npm run setup -- add'].join('\n');
  const idWidth = Math.max(...statuses.map((status) => status.id.length));
  const modelWidth = Math.max(
    0,
    ...statuses.flatMap((status) => status.models.map(({ model }) => model.length)),
  );
  for (const status of statuses) {
    const columns = [
      status.id.padEnd(idWidth),
      (status.backend ?? '?').padEnd(11),
      describeState(status, now),
    ];
    const token = describeToken(status, now);
    lines.push(token ? [...columns, token].join('  ') : columns.join('  '));
    if (status.models.length === 0) lines.push('    no requests yet');
    for (const model of status.models) lines.push(`    ${describeModel({ model, now, modelWidth })}`);
  }
  return lines.join('\n');
}

/** @example JSON.stringify(toStatusJson({ statuses, now, target: 'local' }), null, 2) */
export function toStatusJson({
  statuses,
  now,
  target,
}: {
  statuses: readonly AccountStatus[];
  now: number;
  target: string;
}): object {
  const iso = (time: number | undefined) => (time === undefined ? null : new Date(time).toISOString());
  return {
    target,
    generatedAt: iso(now),
    accounts: statuses.map((status) => ({
      id: status.id,
      backend: status.backend ?? null,
      configured: status.configured,
      enabled: status.enabled,
      disabledReason: status.disabledReason ?? null,
      disabledAt: iso(status.disabledAt),
      tokenExpiresAt: iso(status.tokenExpiresAt),
      models: status.models.map((model) => ({
        model: model.model,
        successProbability: model.successProbability,
        successes: model.successes,
        failures: model.failures,
        consecutiveFailures: model.consecutiveFailures,
        frozenUntil: iso(model.frozenUntil),
        frozenBecause: model.frozenUntil === undefined ? null : (model.lastFailure?.failure ?? null),
        lastFailure: model.lastFailure
          ? { failure: model.lastFailure.failure, at: iso(model.lastFailure.at) }
          : null,
      })),
    })),
  };
}

function describeState(status: AccountStatus, now: number): string {
  if (!status.configured) return 'no credentials (pool rows only)';
  if (status.enabled) return 'enabled';
  const since = status.disabledAt === undefined ? '' : ` (${formatDuration(now - status.disabledAt)} ago)`;
  return `DISABLED: ${status.disabledReason ?? 'no reason given'}${since}`;
}

function describeToken(status: AccountStatus, now: number): string | undefined {
  if (status.tokenExpiresAt === undefined) return undefined;
  const left = status.tokenExpiresAt - now;
  return left > 0 ? `token expires in ${formatDuration(left)}` : `token expired ${formatDuration(-left)} ago`;
}

function describeModel({
  model,
  now,
  modelWidth,
}: {
  model: ModelStatus;
  now: number;
  modelWidth: number;
}): string {
  const filled = Math.round(model.successProbability * barCells);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(barCells - filled)}`;
  const percent = `${Math.round(model.successProbability * 100)}%`.padStart(4);
  const counts = `ok ${model.successes.toFixed(1)}  failed ${model.failures.toFixed(1)}`;
  const parts = [model.model.padEnd(modelWidth), bar, percent, counts];
  if (model.frozenUntil !== undefined) {
    parts.push(
      `FROZEN ${formatDuration(model.frozenUntil - now)} (${model.lastFailure?.failure ?? 'unknown'})`,
    );
  } else if (model.lastFailure) {
    parts.push(
      `last failure ${formatDuration(now - model.lastFailure.at)} ago (${model.lastFailure.failure})`,
    );
  }
  return parts.join('  ');
}
