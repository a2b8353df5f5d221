/**
 * Builders for GenerateContent response events as Google streams them, so tests read as a script:
 * `stream(textEvent('Hel'), textEvent('lo'), finishEvent('STOP', usage({ prompt: 3, candidates: 2 })))`.
 * The shapes follow recorded Code Assist / Gemini API events (inside the Code Assist `response` envelope).
 */
import type { GenerateContentResponse } from '../../lambda/gemini/generate-content.js';

export const fakeModelVersion = 'gemini-2.5-pro';

function modelEvent(parts: Array<Record<string, unknown>>): GenerateContentResponse {
  return {
    candidates: [{ content: { role: 'model', parts }, index: 0 }],
    modelVersion: fakeModelVersion,
  };
}

/** A chunk of answer text. */
export function textEvent(text: string): GenerateContentResponse {
  return modelEvent([{ text }]);
}

/** A chunk of reasoning (asked for with `thinkingConfig.includeThoughts`). */
export function thoughtEvent(text: string): GenerateContentResponse {
  return modelEvent([{ text, thought: true }]);
}

/** A function call part; Gemini 3 attaches a `thoughtSignature` that must come back unchanged. */
export function functionCallEvent(
  name: string,
  args: Record<string, unknown>,
  thoughtSignature?: string,
): GenerateContentResponse {
  return modelEvent([{ functionCall: { name, args }, ...(thoughtSignature ? { thoughtSignature } : {}) }]);
}

export interface UsageCounts {
  prompt: number;
  candidates: number;
  thoughts?: number;
  cached?: number;
}

/** `usageMetadata` with Google's arithmetic: the total includes thought tokens. */
export function usage({ prompt, candidates, thoughts, cached }: UsageCounts): Record<string, number> {
  return {
    promptTokenCount: prompt,
    candidatesTokenCount: candidates,
    totalTokenCount: prompt + candidates + (thoughts ?? 0),
    ...(thoughts === undefined ? {} : { thoughtsTokenCount: thoughts }),
    ...(cached === undefined ? {} : { cachedContentTokenCount: cached }),
  };
}

/**
 * The last event: a finish reason (STOP, MAX_TOKENS, SAFETY, MALFORMED_FUNCTION_CALL, ...) with an
 * empty text part, as Google sends it, and usage when given.
 */
export function finishEvent(
  finishReason: string,
  usageMetadata?: Record<string, number>,
): GenerateContentResponse {
  return {
    candidates: [{ content: { role: 'model', parts: [{ text: '' }] }, finishReason, index: 0 }],
    ...(usageMetadata ? { usageMetadata } : {}),
    modelVersion: fakeModelVersion,
  };
}

/** A prompt blocked before any candidate: no content, only `promptFeedback`. */
export function blockedPromptEvent(blockReason: string): GenerateContentResponse {
  return { promptFeedback: { blockReason }, modelVersion: fakeModelVersion };
}
