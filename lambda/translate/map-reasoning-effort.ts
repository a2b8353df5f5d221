/**
 * OpenAI `reasoning_effort` → Gemini `thinkingConfig` (https://ai.google.dev/gemini-api/docs/thinking).
 *
 * Gemini 2.5 takes a token budget: Pro thinks 128..32768 tokens and cannot stop thinking; Flash and
 * Flash-Lite take 0 (off) or up to 24576 (Flash-Lite's floor when on is 512, so `minimal` uses 512
 * everywhere). Gemini 3 takes a level: Flash models accept minimal/low/medium/high, Pro only low/high,
 * so on Pro `minimal` rounds up to `low` and `medium` rounds up to `high` (a client that asks for
 * medium effort wants real reasoning more than it wants to save tokens). `xhigh` is OpenAI's level
 * above high; Gemini has nothing above high.
 *
 * Thoughts are asked for (`includeThoughts`) whenever thinking is on, so they can become
 * `reasoning_content`; with effort `none` they are not, even where the model cannot stop thinking.
 */
import type { GeminiThinkingConfig } from '../gemini/generate-content.js';
import type { ReasoningEffort } from '../openai/chat-request.js';
import { describeGeminiModel, type GeminiTier } from './describe-gemini-model.js';

type ThinkingLevel = NonNullable<GeminiThinkingConfig['thinkingLevel']>;

const allLevels: Record<ReasoningEffort, ThinkingLevel> = {
  none: 'minimal',
  minimal: 'minimal',
  low: 'low',
  medium: 'medium',
  high: 'high',
  xhigh: 'high',
};

const lowOrHighLevels: Record<ReasoningEffort, ThinkingLevel> = {
  none: 'low',
  minimal: 'low',
  low: 'low',
  medium: 'high',
  high: 'high',
  xhigh: 'high',
};

const proBudgets: Record<ReasoningEffort, number> = {
  none: 128,
  minimal: 128,
  low: 1024,
  medium: 8192,
  high: 32768,
  xhigh: 32768,
};

const flashBudgets: Record<ReasoningEffort, number> = {
  none: 0,
  minimal: 512,
  low: 1024,
  medium: 8192,
  high: 24576,
  xhigh: 24576,
};

/**
 * The thinking configuration for `model`, or undefined when the model does not think.
 *
 * @example
 * mapReasoningEffort({ effort: 'low', model: 'gemini-2.5-flash', warn });
 * // → { thinkingBudget: 1024, includeThoughts: true }
 */
export function mapReasoningEffort({
  effort,
  model,
  warn,
}: {
  effort: ReasoningEffort | undefined;
  model: string;
  warn: (message: string) => void;
}): GeminiThinkingConfig | undefined {
  const { thinkingControl, tier } = describeGeminiModel(model);
  if (thinkingControl === 'none') {
    if (effort) warn(`reasoning_effort is ignored: ${model} has no thinking control`);
    return undefined;
  }
  if (!effort) return { includeThoughts: true };
  const thoughts = effort === 'none' ? {} : { includeThoughts: true };
  if (effort === 'none' && tier === 'pro') {
    warn(`reasoning_effort 'none' cannot turn thinking off on ${model}; it thinks as little as it can`);
  }
  if (thinkingControl === 'level') return { thinkingLevel: levelsFor(tier)[effort], ...thoughts };
  return { thinkingBudget: budgetsFor(tier)[effort], ...thoughts };
}

function levelsFor(tier: GeminiTier): Record<ReasoningEffort, ThinkingLevel> {
  return tier === 'flash' || tier === 'flash-lite' ? allLevels : lowOrHighLevels;
}

function budgetsFor(tier: GeminiTier): Record<ReasoningEffort, number> {
  return tier === 'pro' ? proBudgets : flashBudgets;
}
