/** The pool's event hook (metrics): what it reports for attempts, failovers, freezes, disables and 429s. */
import { describe, expect, it } from 'vitest';
import { createTestClock } from '../../test/fakes/test-clock.js';
import type { Account } from '../credentials/account.js';
import { UpstreamError } from '../upstream/upstream-error.js';
import { AccountPool } from './account-pool.js';
import { MemoryPoolStore } from './memory-pool-store.js';
import type { PoolEvent } from './pool-events.js';
import { createSeededRandom } from './seeded-random.js';

const start = Date.parse('2026-01-15T12:00:00.000Z');
const model = 'gemini-2.5-pro';

function prepare(accountIds: string[]) {
  const accounts: Account[] = accountIds.map((id) => ({ id, backend: 'code-assist' }));
  const events: PoolEvent[] = [];
  const clock = createTestClock({ start });
  const pool = new AccountPool({
    store: new MemoryPoolStore(),
    listAccounts: async () => accounts,
    clock,
    random: createSeededRandom(7),
    onEvent: (event) => events.push(event),
  });
  const input = { model, signal: new AbortController().signal, deadline: start + 60_000 };
  return { pool, events, input };
}

describe('AccountPool events', () => {
  it('reports each attempt, the freeze that caused a failover, and nothing for the success', async () => {
    // Prepare
    const { pool, events, input } = prepare(['acct-a', 'acct-b']);
    const failure = new UpstreamError({ failure: 'rate_limited', message: '429', retryDelayMs: 30_000 });

    // Act
    const lease = await pool.acquire(input, async ({ attempt, account }) => {
      if (attempt === 1) throw failure;
      return account.id;
    });
    await lease.settle({ ok: true });

    // Assess
    const [first, second] = events.filter((event) => event.kind === 'attempt');
    expect(events.map((event) => event.kind)).toStrictEqual(['attempt', 'freeze', 'attempt']);
    expect([first?.attempt, second?.attempt]).toStrictEqual([1, 2]);
    expect(events[1]).toStrictEqual({
      kind: 'freeze',
      accountId: first?.accountId,
      model,
      failure: 'rate_limited',
      frozenUntil: (events[1] as { frozenUntil: number }).frozenUntil,
    });
    expect(lease.value).toBe(second?.accountId);
  });

  it('reports a disabled account, then the answer that every account is cooling down', async () => {
    // Prepare
    const { pool, events, input } = prepare(['acct-a', 'acct-b']);
    const revoked = new UpstreamError({
      failure: 'credentials_revoked',
      message: 'invalid_grant',
      status: 400,
    });
    const limited = new UpstreamError({ failure: 'rate_limited', message: '429', retryDelayMs: 120_000 });

    // Act
    const failure = await pool
      .acquire(input, async ({ account }) => {
        throw account.id === 'acct-a' ? revoked : limited;
      })
      .catch((error: unknown) => error);

    // Assess
    expect((failure as { status?: number }).status).toBe(429);
    expect(events.map(({ kind, ...rest }) => (kind === 'attempt' ? kind : { kind, ...rest }))).toContainEqual(
      {
        kind: 'disable',
        accountId: 'acct-a',
      },
    );
    expect(events.at(-1)).toStrictEqual({ kind: 'all-frozen', model });
  });
});
