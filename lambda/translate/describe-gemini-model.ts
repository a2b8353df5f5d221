/**
 * What the translator needs to know about a Gemini model, read from its id. Google's ids follow
 * `gemini-<major>[.<minor>]-<tier>[-<suffix>]` (e.g. `gemini-2.5-flash-lite`, `gemini-3-pro-preview`).
 */
export type GeminiTier = 'pro' | 'flash' | 'flash-lite' | 'other';

export interface GeminiModelTraits {
  /**
   * How thinking is controlled: Gemini 3 and later take `thinkingLevel`, Gemini 2.5 takes
   * `thinkingBudget`, older models do not think. https://ai.google.dev/gemini-api/docs/thinking
   */
  thinkingControl: 'level' | 'budget' | 'none';
  tier: GeminiTier;
  /**
   * Gemini 3 answers 400 when a function call in the current turn comes back without its thought
   * signature. https://ai.google.dev/gemini-api/docs/thought-signatures
   */
  requiresThoughtSignatures: boolean;
}

/** Traits of a resolved Gemini model id, e.g. `describeGeminiModel('gemini-2.5-pro')`. */
export function describeGeminiModel(model: string): GeminiModelTraits {
  const match = /^gemini-(\d+)(?:\.(\d+))?-(.*)$/.exec(model);
  if (!match) return { thinkingControl: 'none', tier: 'other', requiresThoughtSignatures: false };
  const major = Number(match[1]);
  const minor = Number(match[2] ?? 0);
  return {
    thinkingControl: major >= 3 ? 'level' : major === 2 && minor >= 5 ? 'budget' : 'none',
    tier: readTier(match[3] ?? ''),
    requiresThoughtSignatures: major >= 3,
  };
}

function readTier(rest: string): GeminiTier {
  if (rest.startsWith('flash-lite')) return 'flash-lite';
  if (rest.startsWith('flash')) return 'flash';
  if (rest.startsWith('pro')) return 'pro';
  return 'other';
}
