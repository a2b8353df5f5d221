/**
 * The OpenAI parameters that shape one answer → Gemini `generationConfig`
 * (https://ai.google.dev/api/generate-content#generationconfig): sampling, length, stop sequences,
 * structured output and thinking. Nine request fields feed this one object, so it is written out
 * rather than driven by a table.
 */
import { InvalidRequestError } from '../core/http-error.js';
import type { GeminiGenerationConfig } from '../gemini/generate-content.js';
import type { ChatCompletionRequest, ChatResponseFormat } from '../openai/chat-request.js';
import { cleanJsonSchema } from './clean-json-schema.js';
import { mapReasoningEffort } from './map-reasoning-effort.js';

/** Gemini's `candidateCount` ceiling. */
const maxCandidates = 8;

/**
 * The generation config for `request` on `model`, or undefined when nothing needs setting.
 *
 * @throws InvalidRequestError when `n` asks for more candidates than Gemini returns.
 * @example
 * mapGenerationConfig({ request: { ...request, temperature: 0.2, stop: 'END' }, model: 'gemini-2.5-flash', warn });
 * // → { temperature: 0.2, stopSequences: ['END'], thinkingConfig: { includeThoughts: true } }
 */
export function mapGenerationConfig({
  request,
  model,
  warn,
}: {
  request: ChatCompletionRequest;
  model: string;
  warn: (message: string) => void;
}): GeminiGenerationConfig | undefined {
  if (request.n != null && request.n > maxCandidates) {
    throw new InvalidRequestError(
      `n must be at most ${maxCandidates}: Gemini returns no more candidates.`,
      'n',
    );
  }
  const stop = typeof request.stop === 'string' ? [request.stop] : (request.stop ?? []);
  const stopSequences = stop.filter((sequence) => sequence !== '');
  const config: GeminiGenerationConfig = {
    temperature: request.temperature ?? undefined,
    topP: request.top_p ?? undefined,
    maxOutputTokens: request.max_completion_tokens ?? request.max_tokens ?? undefined,
    stopSequences: stopSequences.length > 0 ? stopSequences : undefined,
    // Gemini's seed is an int32; OpenAI's may be any integer. Wrapping keeps it deterministic.
    seed: request.seed == null ? undefined : request.seed | 0,
    presencePenalty: request.presence_penalty ?? undefined,
    frequencyPenalty: request.frequency_penalty ?? undefined,
    candidateCount: request.n != null && request.n > 1 ? request.n : undefined,
    ...mapResponseFormat(request.response_format ?? undefined),
    thinkingConfig: mapReasoningEffort({ effort: request.reasoning_effort ?? undefined, model, warn }),
  };
  return withoutUndefinedFields(config);
}

/**
 * `config` without the fields left undefined, or undefined when none is set. A loop over the keys,
 * not `Object.entries`: V8 (Node 20) builds those entries in its runtime, some 6,000 instructions here.
 */
function withoutUndefinedFields(config: GeminiGenerationConfig): GeminiGenerationConfig | undefined {
  const set: Record<string, unknown> = {};
  let any = false;
  for (const key of Object.keys(config) as Array<keyof GeminiGenerationConfig>) {
    if (config[key] === undefined) continue;
    set[key] = config[key];
    any = true;
  }
  return any ? (set as GeminiGenerationConfig) : undefined;
}

function mapResponseFormat(format: ChatResponseFormat | undefined): GeminiGenerationConfig {
  switch (format?.type) {
    case undefined:
    case 'text':
      return {};
    case 'json_object':
      return { responseMimeType: 'application/json' };
    case 'json_schema': {
      const schema = format.json_schema.schema
        ? cleanJsonSchema({ schema: format.json_schema.schema })
        : undefined;
      return { responseMimeType: 'application/json', responseSchema: schema };
    }
    default: {
      const unexpected: never = format;
      throw new Error(`unknown response format ${JSON.stringify(unexpected)}`);
    }
  }
}
