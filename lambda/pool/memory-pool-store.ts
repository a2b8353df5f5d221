/**
 * A pool store held in this process only, for unit tests and the routing simulator. Production and
 * `npm start` (even with STATE_DIR=memory) use the DynamoDB store, so the code that ships is the code
 * that is tested over the wire.
 */
import { applyOutcome, createModelState } from './apply-outcome.js';
import type { AccountState, ModelState, PoolSnapshot } from './pool-state.js';
import { modelStateKey } from './pool-state.js';
import type {
  DisableAccountInput,
  PoolStore,
  RecordOutcomeInput,
  RegisterAccountInput,
} from './pool-store.js';

export class MemoryPoolStore implements PoolStore {
  private readonly accounts = new Map<string, AccountState>();
  private readonly models = new Map<string, ModelState>();

  async readPool(): Promise<PoolSnapshot> {
    return structuredClone({ accounts: [...this.accounts.values()], models: [...this.models.values()] });
  }

  async recordOutcome({
    accountId,
    model,
    at,
    halfLifeMs,
    outcome,
  }: RecordOutcomeInput): Promise<ModelState> {
    const key = modelStateKey({ accountId, model });
    const state = this.models.get(key) ?? createModelState({ accountId, model, at });
    const next = applyOutcome({ state, outcome, at, halfLifeMs });
    this.models.set(key, next);
    return structuredClone(next);
  }

  async disableAccount({
    accountId,
    reason,
    at,
    credentialsFingerprint,
  }: DisableAccountInput): Promise<void> {
    const { credentialsFingerprint: _earlier, ...current } = this.accounts.get(accountId) ?? {
      accountId,
      enabled: true,
    };
    this.accounts.set(accountId, {
      ...current,
      enabled: false,
      disabledReason: reason,
      disabledAt: at,
      ...(credentialsFingerprint === undefined ? {} : { credentialsFingerprint }),
    });
  }

  async enableAccount({ accountId }: { accountId: string }): Promise<void> {
    const {
      disabledReason: _reason,
      disabledAt: _at,
      credentialsFingerprint: _fingerprint,
      ...current
    } = this.accounts.get(accountId) ?? { accountId };
    this.accounts.set(accountId, { ...current, enabled: true });
  }

  async registerAccount({ accountId, backend, credentialsRef, at }: RegisterAccountInput): Promise<boolean> {
    if (this.accounts.has(accountId)) return false;
    this.accounts.set(accountId, {
      accountId,
      enabled: true,
      registration: { backend, credentialsRef, registeredAt: at },
    });
    return true;
  }
}
