import { describe, expect, it } from 'vitest';
import { applyOutcome, createModelState, decayedCounts } from './apply-outcome.js';
import { rebaseAfterHalfLives } from './forward-decay.js';

const halfLifeMs = 60_000;
const start = 1_700_000_000_000;
const fresh = createModelState({ accountId: 'acct-a', model: 'gemini-2.5-pro', at: start });

describe('applyOutcome', () => {
  it('counts a success and resets the failure streak', () => {
    // Prepare
    const state = { ...fresh, consecutiveFailures: 3, version: 4 };

    // Act
    const next = applyOutcome({ state, outcome: { ok: true }, at: start + halfLifeMs, halfLifeMs });

    // Assess
    expect(next).toStrictEqual({ ...state, successes: 2, consecutiveFailures: 0, version: 5 });
  });

  it('counts a batch of coalesced successes as that many, in one version', () => {
    // Prepare
    const state = { ...fresh, successes: 1, consecutiveFailures: 2, version: 4 };

    // Act
    const next = applyOutcome({ state, outcome: { ok: true, count: 3 }, at: start + halfLifeMs, halfLifeMs });

    // Assess
    expect(next).toStrictEqual({ ...state, successes: 7, consecutiveFailures: 0, version: 5 });
  });

  it('counts a failure, its class and time, and freezes', () => {
    // Act
    const next = applyOutcome({
      state: fresh,
      outcome: { ok: false, failure: 'rate_limited', frozenUntil: start + 30_000 },
      at: start,
      halfLifeMs,
    });

    // Assess
    expect(next).toStrictEqual({
      ...fresh,
      failures: 1,
      consecutiveFailures: 1,
      frozenUntil: start + 30_000,
      lastFailure: { failure: 'rate_limited', at: start },
      version: 1,
    });
  });

  it('never shortens a freeze', () => {
    // Prepare
    const state = { ...fresh, frozenUntil: start + 60_000 };

    // Act
    const next = applyOutcome({
      state,
      outcome: { ok: false, failure: 'timeout', frozenUntil: start + 1_000 },
      at: start,
      halfLifeMs,
    });

    // Assess
    expect(next.frozenUntil).toBe(start + 60_000);
  });

  it('rebases an old landmark without changing the decayed counts', () => {
    // Prepare
    const state = { ...fresh, successes: 6, failures: 2 };
    const at = start + rebaseAfterHalfLives * halfLifeMs;
    const before = decayedCounts({ state, now: at, halfLifeMs });

    // Act
    const next = applyOutcome({ state, outcome: { ok: true }, at, halfLifeMs });

    // Assess
    expect(next.epoch).toBe(at);
    expect(decayedCounts({ state: next, now: at, halfLifeMs })).toStrictEqual({
      successes: before.successes + 1,
      failures: before.failures,
    });
  });
});

describe('decayedCounts', () => {
  it('halves the evidence every half-life', () => {
    // Prepare
    const state = { ...fresh, successes: 8, failures: 4 };

    // Act
    const counts = decayedCounts({ state, now: start + 2 * halfLifeMs, halfLifeMs });

    // Assess
    expect(counts).toStrictEqual({ successes: 2, failures: 1 });
  });
});
