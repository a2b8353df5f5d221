/**
 * OpenAI parameters Gemini cannot honour. Where ignoring one leaves the answer as the client meant
 * it (bookkeeping fields, hints), it is ignored with a warning; where the client would get something
 * else than it asked for (audio output), the request is a 400 naming the parameter.
 */
import { InvalidRequestError } from '../core/http-error.js';
import type { ChatCompletionRequest } from '../openai/chat-request.js';

interface IgnoredParameter {
  name: string;
  isSet: (request: ChatCompletionRequest) => boolean;
  reason: string;
}

const ignoredParameters: readonly IgnoredParameter[] = [
  { name: 'user', isSet: (request) => request.user != null, reason: 'Gemini has no end-user field' },
  {
    name: 'safety_identifier',
    isSet: (request) => request.safety_identifier != null,
    reason: 'Gemini has no end-user field',
  },
  {
    name: 'prompt_cache_key',
    isSet: (request) => request.prompt_cache_key != null,
    reason: 'Gemini caches prompts on its own',
  },
  { name: 'metadata', isSet: (request) => request.metadata != null, reason: 'completions are not stored' },
  { name: 'store', isSet: (request) => request.store === true, reason: 'completions are not stored' },
  {
    name: 'service_tier',
    isSet: (request) => request.service_tier != null && request.service_tier !== 'auto',
    reason: 'Gemini has no service tiers',
  },
  {
    name: 'parallel_tool_calls',
    isSet: (request) => request.parallel_tool_calls === false,
    reason: 'Gemini may still call several tools at once',
  },
  {
    name: 'logit_bias',
    isSet: (request) => Object.keys(request.logit_bias ?? {}).length > 0,
    reason: 'Gemini has no token biases',
  },
  {
    name: 'logprobs',
    isSet: (request) => request.logprobs === true || request.top_logprobs != null,
    reason: 'log probabilities are not returned',
  },
  {
    name: 'prediction',
    isSet: (request) => request.prediction != null,
    reason: 'Gemini has no predicted outputs',
  },
  {
    name: 'web_search_options',
    isSet: (request) => request.web_search_options != null,
    reason: 'web search is not offered through this gateway',
  },
  {
    name: 'verbosity',
    isSet: (request) => request.verbosity != null,
    reason: 'Gemini has no verbosity control',
  },
  { name: 'audio', isSet: (request) => request.audio != null, reason: 'answers are text only' },
];

/**
 * Warns once for each ignored parameter the request sets.
 *
 * @throws InvalidRequestError for parameters whose meaning would change if ignored.
 * @example
 * checkUnsupportedParameters({ request: { ...request, user: 'u-1' }, warn });
 * // warns "user is ignored: Gemini has no end-user field"
 */
export function checkUnsupportedParameters({
  request,
  warn,
}: {
  request: ChatCompletionRequest;
  warn: (message: string) => void;
}): void {
  if (request.modalities?.includes('audio')) {
    throw new InvalidRequestError('Audio output is not supported: answers are text only.', 'modalities');
  }
  for (const { name, isSet, reason } of ignoredParameters) {
    if (isSet(request)) warn(`${name} is ignored: ${reason}`);
  }
}
