import { describe, expect, it } from 'vitest';
import { createModelState } from './apply-outcome.js';
import { PoolView } from './pool-view.js';

const at = 1_767_225_600_000;
const row = createModelState({ accountId: 'acct-a', model: 'gemini-2.5-pro', at });

describe('PoolView', () => {
  it('takes counts from a fresh snapshot but keeps a later local freeze', () => {
    // Prepare
    const view = new PoolView();
    view.putModel({ ...row, failures: 1, frozenUntil: at + 30_000, version: 1 });

    // Act
    view.replace({ accounts: [], models: [{ ...row, successes: 7, frozenUntil: at + 5_000, version: 9 }] });

    // Assess
    expect(view.model('acct-a', 'gemini-2.5-pro')).toStrictEqual({
      ...row,
      successes: 7,
      frozenUntil: at + 30_000,
      version: 9,
    });
  });

  it('keeps rows the snapshot does not have yet', () => {
    // Prepare
    const view = new PoolView();
    const local = { ...row, failures: 1, version: 1 };
    view.putModel(local);

    // Act
    view.replace({ accounts: [], models: [] });

    // Assess
    expect(view.model('acct-a', 'gemini-2.5-pro')).toStrictEqual(local);
  });

  it('lets the snapshot decide whether an account is enabled', () => {
    // Prepare
    const view = new PoolView();
    view.putAccount({
      accountId: 'acct-a',
      enabled: false,
      disabledReason: 'credentials revoked',
      disabledAt: at,
    });

    // Act
    view.replace({ accounts: [{ accountId: 'acct-a', enabled: true }], models: [] });

    // Assess
    expect(view.account('acct-a')).toStrictEqual({ accountId: 'acct-a', enabled: true });
  });

  it('takes a row the store returned, keeping a later freeze already in the view', () => {
    // Prepare
    const view = new PoolView();
    view.putModel({ ...row, frozenUntil: at + 60_000 });

    // Act
    view.putModel({ ...row, failures: 3, frozenUntil: at + 1_000, version: 3 });

    // Assess
    expect(view.model('acct-a', 'gemini-2.5-pro')).toStrictEqual({
      ...row,
      failures: 3,
      frozenUntil: at + 60_000,
      version: 3,
    });
  });
});
