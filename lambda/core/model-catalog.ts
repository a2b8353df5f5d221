import { HttpError } from './http-error.js';

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

/**
 * Resolves client model names: aliases (`MODEL_ALIASES`, e.g. `{"gpt-4o":"gemini-2.5-pro"}`), the
 * `models/` and `google/` prefixes some clients add, and any `gemini-*` id (so new models work before
 * this list learns of them; Google answers 404 for ones that do not exist).
 */
export class ModelCatalog {
  constructor(private readonly aliases: Readonly<Record<string, string>>) {}

  resolve(requested: string): ResolvedModel {
    const name = stripPrefix(requested.trim());
    const aliased = this.aliases[name] ?? this.aliases[requested];
    if (aliased) return { upstream: stripPrefix(aliased), requested };
    if (/^gemini-[a-z0-9][a-z0-9.-]*$/i.test(name)) return { upstream: name.toLowerCase(), requested };
    throw modelNotFound(requested);
  }

  /** Every advertised model, aliases included, in the `/v1/models` shape. */
  list(): ModelEntry[] {
    const ids = [...knownModels, ...Object.keys(this.aliases)];
    return [...new Set(ids)].map(entry);
  }

  /** One model in the `/v1/models/{id}` shape, or a 404. */
  get(id: string): ModelEntry {
    const name = stripPrefix(id);
    if (this.aliases[name] || (knownModels as readonly string[]).includes(name)) return entry(name);
    throw modelNotFound(id);
  }
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
