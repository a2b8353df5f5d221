import { describe, expect, it } from 'vitest';
import { createTestClock } from '../../test/fakes/test-clock.js';
import type { Account } from '../credentials/account.js';
import { HttpError } from './http-error.js';
import { knownModels, ModelCatalog } from './model-catalog.js';

const aliases = { 'gpt-4o': 'gemini-2.5-pro' };

function account(id: string, models?: string[]): Account {
  return { id, backend: 'gemini-api', apiKey: 'key', ...(models ? { models } : {}) };
}

/** A catalog over a list of accounts the test can change, counting the listings. */
function catalogOver(initial: Account[]) {
  const clock = createTestClock();
  const state = { accounts: initial, listings: 0, failNext: false };
  const catalog = new ModelCatalog(aliases, {
    clock,
    cacheMs: 10_000,
    listAccounts: async () => {
      state.listings += 1;
      if (state.failNext) {
        state.failNext = false;
        throw new Error('secrets unavailable');
      }
      return state.accounts;
    },
  });
  return { catalog, clock, state };
}

async function idsOf(catalog: ModelCatalog): Promise<string[]> {
  return (await catalog.list()).map((entry) => entry.id);
}

describe('ModelCatalog', () => {
  it('lists the known models and the aliases when it has no account source', async () => {
    // Act
    const ids = await idsOf(new ModelCatalog(aliases));

    // Assess
    expect(ids).toStrictEqual([...knownModels, 'gpt-4o']);
  });

  it('adds every allowlisted model to the known ones while some account serves any model', async () => {
    // Prepare
    const { catalog } = catalogOver([
      account('open'),
      account('flash-only', ['gemini-2.0-flash', 'gemini-2.5-flash']),
      account('exp', ['gemini-exp-1206']),
    ]);

    // Act
    const ids = await idsOf(catalog);

    // Assess
    expect(ids).toStrictEqual([...knownModels, 'gemini-2.0-flash', 'gemini-exp-1206', 'gpt-4o']);
  });

  it('lists only the union of the allowlists when every account has one', async () => {
    // Prepare
    const { catalog } = catalogOver([account('a', ['gemini-2.5-flash']), account('b', ['gemini-2.0-flash'])]);

    // Act
    const ids = await idsOf(catalog);

    // Assess
    expect(ids).toStrictEqual(['gemini-2.5-flash', 'gemini-2.0-flash', 'gpt-4o']);
  });

  it('lists the known models while there are no accounts yet', async () => {
    // Prepare
    const { catalog } = catalogOver([]);

    // Act
    const ids = await idsOf(catalog);

    // Assess
    expect(ids).toStrictEqual([...knownModels, 'gpt-4o']);
  });

  it('finds an allowlisted model by id (with a client prefix) and refuses one no account serves', async () => {
    // Prepare
    const { catalog } = catalogOver([account('a', ['gemini-2.0-flash'])]);

    // Act
    const found = await catalog.get('models/gemini-2.0-flash');
    const alias = await catalog.get('gpt-4o');
    const missing = await catalog.get('gemini-2.5-pro').catch((error: unknown) => error);

    // Assess
    expect([found.id, alias.id]).toStrictEqual(['gemini-2.0-flash', 'gpt-4o']);
    expect(missing).toBeInstanceOf(HttpError);
    expect((missing as HttpError).status).toStrictEqual(404);
  });

  it('lists the accounts once per cache period and picks up changes after it', async () => {
    // Prepare
    const { catalog, clock, state } = catalogOver([account('a', ['gemini-2.0-flash'])]);
    await catalog.list();
    state.accounts = [account('a', ['gemini-2.5-pro'])];

    // Act
    const cached = await idsOf(catalog);
    clock.advance(10_000);
    const refreshed = await idsOf(catalog);

    // Assess
    expect([cached, refreshed, state.listings]).toStrictEqual([
      ['gemini-2.0-flash', 'gpt-4o'],
      ['gemini-2.5-pro', 'gpt-4o'],
      2,
    ]);
  });

  it('lists the known models while the accounts cannot be read, and does not keep that listing', async () => {
    // Prepare
    const { catalog, state } = catalogOver([account('a', ['gemini-2.0-flash'])]);
    state.failNext = true;

    // Act
    const duringOutage = await idsOf(catalog);
    const ids = await idsOf(catalog);

    // Assess
    expect([duringOutage, ids, state.listings]).toStrictEqual([
      [...knownModels, 'gpt-4o'],
      ['gemini-2.0-flash', 'gpt-4o'],
      2,
    ]);
  });

  it('resolves aliases, prefixes and unlisted gemini ids without listing accounts', () => {
    // Prepare
    const { catalog, state } = catalogOver([account('a', ['gemini-2.0-flash'])]);

    // Act
    const resolved = ['gpt-4o', 'google/gemini-2.5-flash', 'Gemini-3-Pro-Preview'].map((name) =>
      catalog.resolve(name),
    );

    // Assess
    expect(resolved).toStrictEqual([
      { upstream: 'gemini-2.5-pro', requested: 'gpt-4o' },
      { upstream: 'gemini-2.5-flash', requested: 'google/gemini-2.5-flash' },
      { upstream: 'gemini-3-pro-preview', requested: 'Gemini-3-Pro-Preview' },
    ]);
    expect(state.listings).toStrictEqual(0);
  });
});
