import type { Metrics } from '../core/metrics.js';
import { assertNever } from '../pool/assert-never.js';
import type { PoolEvent } from '../pool/pool-events.js';

/**
 * The metrics one pool event adds: every attempt, a failover for every attempt after the first, a
 * freeze, and the all-frozen 429. A disable adds none here: the refresher reports dead accounts as a
 * gauge, and the pool logs the disable.
 *
 * @example
 * const pool = new AccountPool({ ...options, onEvent: (event) => recordPoolEvent({ event, metrics }) });
 */
export function recordPoolEvent({ event, metrics }: { event: PoolEvent; metrics: Metrics }): void {
  switch (event.kind) {
    case 'attempt': {
      const dimensions = { accountId: event.accountId, model: event.model };
      metrics.count('UpstreamAttempts', dimensions);
      if (event.attempt > 1) metrics.count('Failovers', dimensions);
      return;
    }
    case 'freeze':
      metrics.count('Freezes', { accountId: event.accountId, model: event.model });
      return;
    case 'all-frozen':
      metrics.count('AllAccountsFrozen', { model: event.model });
      return;
    case 'disable':
      return;
    default:
      assertNever(event);
  }
}
