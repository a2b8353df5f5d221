import { describe, expect, it } from 'vitest';
import { formatStatusTable, toStatusJson } from './format-pool-status.js';
import type { AccountStatus } from './summarize-pool.js';

const now = Date.parse('2026-07-04T12:00:00Z');

const statuses: AccountStatus[] = [
  {
    id: 'acct-a',
    backend: 'code-assist',
    configured: true,
    enabled: true,
    tokenExpiresAt: now + 42 * 60_000,
    models: [
      {
        model: 'gemini-2.5-flash',
        successProbability: 0.333,
        successes: 0,
        failures: 1,
        consecutiveFailures: 1,
        frozenUntil: now + 150_000,
        lastFailure: { failure: 'rate_limited', at: now - 1_000 },
      },
      {
        model: 'gemini-2.5-pro',
        successProbability: 0.917,
        successes: 10,
        failures: 0,
        consecutiveFailures: 0,
      },
    ],
  },
  {
    id: 'b',
    backend: 'gemini-api',
    configured: true,
    enabled: false,
    disabledReason: 'credentials revoked (invalid_grant)',
    disabledAt: now - 7_200_000,
    models: [],
  },
  {
    id: 'gone',
    configured: false,
    enabled: true,
    tokenExpiresAt: now - 60_000,
    models: [
      {
        model: 'gemini-2.5-pro',
        successProbability: 0.5,
        successes: 0.5,
        failures: 0.5,
        consecutiveFailures: 0,
        lastFailure: { failure: 'timeout', at: now - 300_000 },
      },
    ],
  },
];

describe('formatStatusTable', () => {
  it('shows one line per account and one per model, with a bar, the counts and any freeze', () => {
    // Act
    const table = formatStatusTable({ statuses, now, heading: 'local: accounts in ./accounts' });

    // Assess
    expect(table.split('\n')).toStrictEqual([
      'local: accounts in ./accounts — 2026-07-04T12:00:00.000Z',
      '',
      'acct-a  code-assist  enabled  token expires in 42m',
      '    gemini-2.5-flash  ███░░░░░░░   33%  ok 0.0  failed 1.0  FROZEN 2m 30s (rate_limited)',
      '    gemini-2.5-pro    █████████░   92%  ok 10.0  failed 0.0',
      'b       gemini-api   DISABLED: credentials revoked (invalid_grant) (2h ago)',
      '    no requests yet',
      'gone    ?            no credentials (pool rows only)  token expired 1m ago',
      '    gemini-2.5-pro    █████░░░░░   50%  ok 0.5  failed 0.5  last failure 5m ago (timeout)',
    ]);
  });

  it('says how to add an account when there is none', () => {
    // Act
    const table = formatStatusTable({ statuses: [], now, heading: 'AWS: pool default in eu-west-1' });

    // Assess
    expect(table).toStrictEqual(
      'AWS: pool default in eu-west-1 — 2026-07-04T12:00:00.000Z\n\nNo accounts yet. Add one: npm run setup -- add',
    );
  });
});

describe('toStatusJson', () => {
  it('gives every field, times as ISO 8601 and absent values as null', () => {
    // Act
    const json = toStatusJson({ statuses: statuses.slice(0, 1), now, target: 'local' });

    // Assess
    expect(json).toStrictEqual({
      target: 'local',
      generatedAt: '2026-07-04T12:00:00.000Z',
      accounts: [
        {
          id: 'acct-a',
          backend: 'code-assist',
          configured: true,
          enabled: true,
          disabledReason: null,
          disabledAt: null,
          tokenExpiresAt: '2026-07-04T12:42:00.000Z',
          models: [
            {
              model: 'gemini-2.5-flash',
              successProbability: 0.333,
              successes: 0,
              failures: 1,
              consecutiveFailures: 1,
              frozenUntil: '2026-07-04T12:02:30.000Z',
              frozenBecause: 'rate_limited',
              lastFailure: { failure: 'rate_limited', at: '2026-07-04T11:59:59.000Z' },
            },
            {
              model: 'gemini-2.5-pro',
              successProbability: 0.917,
              successes: 10,
              failures: 0,
              consecutiveFailures: 0,
              frozenUntil: null,
              frozenBecause: null,
              lastFailure: null,
            },
          ],
        },
      ],
    });
  });
});
