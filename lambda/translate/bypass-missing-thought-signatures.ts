/**
 * Gemini 3 answers 400 when the first function call of a model turn comes back without its thought
 * signature. History written by another model or client has none to restore, so such a call gets
 * the value Google documents for exactly this case, which skips the check
 * (https://ai.google.dev/gemini-api/docs/thought-signatures#faqs).
 */
import type { GeminiContent } from '../gemini/generate-content.js';

export const skipThoughtSignatureValidator = 'skip_thought_signature_validator';

/**
 * `contents` with the bypass signature on every model turn whose first function call has none.
 *
 * @example
 * bypassMissingThoughtSignatures({ contents }); // for Gemini 3 models only
 */
export function bypassMissingThoughtSignatures({ contents }: { contents: GeminiContent[] }): GeminiContent[] {
  return contents.map((content) => {
    if (content.role !== 'model') return content;
    const first = content.parts.findIndex((part) => part.functionCall);
    const part = content.parts[first];
    if (!part || part.thoughtSignature) return content;
    const parts = content.parts.with(first, { ...part, thoughtSignature: skipThoughtSignatureValidator });
    return { ...content, parts };
  });
}
