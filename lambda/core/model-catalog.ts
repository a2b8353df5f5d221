import type { Account } from '../credentials/account.js';
import { HttpError } from './http-error.js';
import type { Clock } from './ports.js';

/** The Gemini models the gateway advertises (the 2.5 and 3.x families Code Assist and the API serve). */
export const knownModels = [
  'gemini-2.5-pro',
  'gemini-2.5-flash',
  'gemini-2.5-flash-lite',
  'gemini-3-pro-preview',
  'gemini-3-flash-preview',
] as const;

export interface ResolvedModel {
  /** The Gemini model id sent upstream. */
  upstream: string;
  /** The name the client asked for, reported back in `model`. */
  requested: string;
}

export interface ModelEntry {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

/** Where the catalog learns which models the pool's accounts serve (their `models` allowlists). */
export interface AccountSource {
  listAccounts: () => Promise<Account[]>;
  clock: Clock;
  /** How long one listing of the accounts serves `/v1/models` (default 10 s). */
  cacheMs?: number;
}

const defaultCacheMs = 10_000;

/**
 * Resolves client model names: aliases (`MODEL_ALIASES`, e.g. `{"gpt-4o":"gemini-2.5-pro"}`), the
 * `models/` and `google/` prefixes some clients add, and any `gemini-*` id (so new models work before
 * this list learns of them; Google answers 404 for ones that do not exist).
 *
 * Lists what the pool serves: the union over its accounts of their `models` allowlist, where an account
 * without one serves every known model, plus the aliases. With no account source (or no accounts yet)
 * that is the known models and the aliases.
 *
 * @example
 * const models = new ModelCatalog(config.modelAliases, { listAccounts: () => accounts.list(), clock });
 * models.resolve('gpt-4o'); // { upstream: 'gemini-2.5-pro', requested: 'gpt-4o' }
 * await models.list();     // [{ id: 'gemini-2.5-pro', object: 'model', ... }, ...]
 */
export class ModelCatalog {
  private cached: { at: number; models: Promise<string[]> } | undefined;

  constructor(
    private readonly aliases: Readonly<Record<string, string>>,
    private readonly accounts?: AccountSource,
  ) {}

  resolve(requested: string): ResolvedModel {
    const name = stripPrefix(requested.trim());
    const aliased = this.aliases[name] ?? this.aliases[requested];
    if (aliased) return { upstream: stripPrefix(aliased), requested };
    if (/^gemini-[a-z0-9][a-z0-9.-]*$/i.test(name)) return { upstream: name.toLowerCase(), requested };
    throw modelNotFound(requested);
  }

  /** Every advertised model, aliases included, in the `/v1/models` shape. */
  async list(): Promise<ModelEntry[]> {
    const ids = [...(await this.servedModels()), ...Object.keys(this.aliases)];
    return [...new Set(ids)].map(entry);
  }

  /** One model in the `/v1/models/{id}` shape, or a 404. */
  async get(id: string): Promise<ModelEntry> {
    const name = stripPrefix(id);
    if (this.aliases[name] || (await this.servedModels()).includes(name)) return entry(name);
    throw modelNotFound(id);
  }

  /** The models some account serves, from an account listing at most `cacheMs` old. */
  private servedModels(): Promise<string[]> {
    const source = this.accounts;
    if (!source) return Promise.resolve([...knownModels]);
    const now = source.clock.now();
    if (this.cached && now - this.cached.at < (source.cacheMs ?? defaultCacheMs)) return this.cached.models;
    const models = source.listAccounts().then(unionOfModels);
    const cached = { at: now, models };
    this.cached = cached;
    // A failed listing is not kept: the next request asks again.
    models.catch(() => {
      if (this.cached === cached) this.cached = undefined;
    });
    // An account list that cannot be read (its store is down) is no reason to fail a model listing.
    return models.catch(() => [...knownModels]);
  }
}

function unionOfModels(accounts: readonly Account[]): string[] {
  const unrestricted = accounts.length === 0 || accounts.some((account) => account.models === undefined);
  const allowlisted = accounts.flatMap((account) => account.models ?? []);
  return [...new Set([...(unrestricted ? knownModels : []), ...allowlisted])];
}

function stripPrefix(name: string): string {
  return name.replace(/^(models\/|google\/)+/i, '');
}

function entry(id: string): ModelEntry {
  // A fixed timestamp: clients only display it, and a stable list caches well.
  return { id, object: 'model', created: 1_735_689_600, owned_by: 'google' };
}

function modelNotFound(requested: string): HttpError {
  const shown = requested.length > 100 ? `${requested.slice(0, 100)}…` : requested;
  return new HttpError({
    status: 404,
    type: 'not_found_error',
    code: 'model_not_found',
    param: 'model',
    message: `The model '${shown}' does not exist. Use a Gemini model id (see GET /v1/models) or map this name with MODEL_ALIASES.`,
  });
}
