/**
 * The body of `POST /v1/chat/completions`, validated at the edge so the translator can trust its types.
 * Faithful to OpenAI's API (https://platform.openai.com/docs/api-reference/chat/create): unknown fields
 * are dropped (clients send extras), known fields with the wrong type or out of OpenAI's ranges are a
 * 400 naming the parameter. Optional fields accept `null` because many clients send it for "not set".
 */
import * as z from 'zod';
import { InvalidRequestError } from '../core/http-error.js';

/** Audio formats Gemini documents for inline audio (https://ai.google.dev/gemini-api/docs/audio). */
export const audioFormats = ['wav', 'mp3', 'aiff', 'aac', 'ogg', 'flac'] as const;

const reasoningEfforts = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const;
export type ReasoningEffort = (typeof reasoningEfforts)[number];

/** Rejects any value but `null` (clients echo `"function_call": null` back) with a message saying why. */
function retired(message: string) {
  return z.null({ error: message }).optional();
}

const textPartSchema = z.object({ type: z.literal('text'), text: z.string() });

const imagePartSchema = z.object({
  type: z.literal('image_url'),
  image_url: z.object({ url: z.string(), detail: z.enum(['auto', 'low', 'high']).nullish() }),
});

const audioPartSchema = z.object({
  type: z.literal('input_audio'),
  input_audio: z.object({ data: z.string(), format: z.enum(audioFormats) }),
});

const filePartSchema = z.object({
  type: z.literal('file'),
  file: z.object({
    file_data: z.string().nullish(),
    file_id: z.string().nullish(),
    filename: z.string().nullish(),
  }),
});

const refusalPartSchema = z.object({ type: z.literal('refusal'), refusal: z.string() });

const textContentSchema = z.union([z.string(), z.array(textPartSchema)]);

const userContentSchema = z.union([
  z.string(),
  z.array(z.discriminatedUnion('type', [textPartSchema, imagePartSchema, audioPartSchema, filePartSchema])),
]);

const assistantContentSchema = z.union([
  z.string(),
  z.array(z.discriminatedUnion('type', [textPartSchema, refusalPartSchema])),
]);

const toolCallSchema = z.object({
  id: z.string(),
  // OpenAI always sends 'function'; some clients leave it out when echoing history.
  type: z.literal('function').optional(),
  function: z.object({ name: z.string(), arguments: z.string() }),
  /** Google's own OpenAI-compatibility field for the thought signature. */
  extra_content: z
    .object({ google: z.object({ thought_signature: z.string().nullish() }).nullish() })
    .nullish(),
});

const nameSchema = z.string().nullish();

const systemMessageSchema = z.object({
  role: z.literal('system'),
  content: textContentSchema,
  name: nameSchema,
});

const developerMessageSchema = z.object({
  role: z.literal('developer'),
  content: textContentSchema,
  name: nameSchema,
});

const userMessageSchema = z.object({ role: z.literal('user'), content: userContentSchema, name: nameSchema });

const assistantMessageSchema = z.object({
  role: z.literal('assistant'),
  content: assistantContentSchema.nullish(),
  refusal: z.string().nullish(),
  name: nameSchema,
  tool_calls: z.array(toolCallSchema).nullish(),
  function_call: retired("assistant 'function_call' is deprecated: send 'tool_calls' instead"),
});

const toolMessageSchema = z.object({
  role: z.literal('tool'),
  tool_call_id: z.string(),
  content: textContentSchema,
});

const messageSchema = z.discriminatedUnion(
  'role',
  [systemMessageSchema, developerMessageSchema, userMessageSchema, assistantMessageSchema, toolMessageSchema],
  {
    error: (issue) =>
      isLegacyFunctionMessage(issue.input)
        ? "role 'function' is deprecated: send tool results as role 'tool' with a 'tool_call_id'"
        : undefined,
  },
);

function isLegacyFunctionMessage(input: unknown): boolean {
  return typeof input === 'object' && input !== null && 'role' in input && input.role === 'function';
}

const toolSchema = z.object({
  type: z.literal('function'),
  function: z.object({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, {
      error: 'function names are 1 to 64 letters, digits, underscores or dashes',
    }),
    description: z.string().nullish(),
    parameters: z.record(z.string(), z.unknown()).nullish(),
    strict: z.boolean().nullish(),
  }),
});

const toolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string() }) }),
]);

const responseFormatSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({
      name: z.string(),
      description: z.string().nullish(),
      schema: z.record(z.string(), z.unknown()).nullish(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

const positiveIntegerSchema = z.int().min(1);

export const chatCompletionRequestSchema = z.object({
  model: z.string().min(1, { error: 'model is required' }),
  messages: z.array(messageSchema).min(1, { error: 'messages must contain at least one message' }),
  tools: z.array(toolSchema).max(128).nullish(),
  tool_choice: toolChoiceSchema.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  response_format: responseFormatSchema.nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  max_tokens: positiveIntegerSchema.nullish(),
  max_completion_tokens: positiveIntegerSchema.nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  seed: z.int().nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  n: z.int().min(1).max(128).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z
    .object({ include_usage: z.boolean().nullish(), include_obfuscation: z.boolean().nullish() })
    .nullish(),
  reasoning_effort: z.enum(reasoningEfforts).nullish(),
  verbosity: z.enum(['low', 'medium', 'high']).nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.int().min(0).max(20).nullish(),
  logit_bias: z.record(z.string(), z.number().min(-100).max(100)).nullish(),
  user: z.string().nullish(),
  safety_identifier: z.string().nullish(),
  prompt_cache_key: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  store: z.boolean().nullish(),
  service_tier: z.string().nullish(),
  modalities: z.array(z.enum(['text', 'audio'])).nullish(),
  audio: z.looseObject({}).nullish(),
  prediction: z.object({ type: z.literal('content'), content: textContentSchema }).nullish(),
  web_search_options: z.looseObject({}).nullish(),
  functions: retired("'functions' is deprecated: send 'tools' instead"),
  function_call: retired("'function_call' is deprecated: send 'tool_choice' instead"),
});

export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;
export type ChatMessage = ChatCompletionRequest['messages'][number];
type AssistantMessage = Extract<ChatMessage, { role: 'assistant' }>;
export type ChatToolCall = NonNullable<AssistantMessage['tool_calls']>[number];
export type ChatTool = NonNullable<ChatCompletionRequest['tools']>[number];
export type ChatToolChoice = NonNullable<ChatCompletionRequest['tool_choice']>;
export type ChatResponseFormat = NonNullable<ChatCompletionRequest['response_format']>;
/** Every content part any role may send; each role's content is a subset. */
export type ChatContentPart =
  | z.infer<typeof textPartSchema>
  | z.infer<typeof imagePartSchema>
  | z.infer<typeof audioPartSchema>
  | z.infer<typeof filePartSchema>
  | z.infer<typeof refusalPartSchema>;

/**
 * Validates a parsed JSON body as a chat completion request.
 *
 * @throws InvalidRequestError naming the first offending parameter (e.g. `messages[2].content`). The
 * message is short and never echoes the client's values back.
 * @example
 * const request = parseChatCompletionRequest(JSON.parse(body));
 */
export function parseChatCompletionRequest(body: unknown): ChatCompletionRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidRequestError('The request body must be a JSON object.');
  }
  const result = schemaForKeysOf(body).safeParse(body);
  if (result.success) return result.data;
  throw toInvalidRequestError(result.error.issues);
}

/*
 * zod runs the schema of every key of an object on each parse, present or not: 36 keys here, where a
 * request carries a handful. Warm, that costs under a microsecond; cold (after an idle pause, which is
 * how a gateway in real use mostly runs), each key's schema is a trip to memory, and the parse took
 * 70–100 µs. So a body is checked against the schema narrowed to the keys it has plus the required
 * ones: the same checks, in the same order, on everything it carries, so the same result. One request
 * at a time, that brought the first byte 65 µs sooner at the median (README, Performance). The
 * narrowed schemas are kept per set of keys, up to a bound, so that a client inventing key sets
 * cannot grow memory; past it, the whole schema.
 */
const shape = chatCompletionRequestSchema.shape;
type RequestKey = keyof typeof shape;
const requestKeys = Object.keys(shape) as RequestKey[];
/** Keys whose schema refuses `undefined` (zod's documented test for optional). */
const requiredKeys = new Set(requestKeys.filter((key) => !shape[key].safeParse(undefined).success));
const maxNarrowedSchemas = 64;
const narrowedSchemas = new Map<string, z.ZodType<ChatCompletionRequest>>();

function schemaForKeysOf(body: object): z.ZodType<ChatCompletionRequest> {
  const keys = requestKeys.filter((key) => requiredKeys.has(key) || Object.hasOwn(body, key));
  const id = keys.join(',');
  const cached = narrowedSchemas.get(id);
  if (cached) return cached;
  if (narrowedSchemas.size >= maxNarrowedSchemas) return chatCompletionRequestSchema;
  const mask: Partial<Record<RequestKey, true>> = {};
  for (const key of keys) mask[key] = true;
  const narrowed = chatCompletionRequestSchema.pick(mask);
  narrowedSchemas.set(id, narrowed);
  return narrowed;
}

const maxMessageLength = 300;
const maxKeyLength = 40;

function toInvalidRequestError(issues: readonly z.core.$ZodIssue[]): InvalidRequestError {
  const [first] = issues;
  if (!first) return new InvalidRequestError('Invalid request body.');
  const { message, path } = describeIssue(first, first.path);
  const param = path.length > 0 ? formatPath(path) : null;
  const more =
    issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  const where = param ? ` at '${param}'` : '';
  return new InvalidRequestError(truncate(`${message}${where}${more}`, maxMessageLength), param);
}

/**
 * A failed union says only "Invalid input"; the branch that got furthest into the value says what is
 * actually wrong (e.g. a content array whose part lacks `text`), so report that one. When every branch
 * failed on the value itself, list what the branches expected.
 */
function describeIssue(
  issue: z.core.$ZodIssue,
  path: readonly PropertyKey[],
): { message: string; path: readonly PropertyKey[] } {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { message: issue.message, path };
  const candidates = issue.errors.flatMap((branch) => (branch[0] ? [branch[0]] : []));
  const deepest = candidates.reduce<z.core.$ZodIssue | undefined>(
    (best, candidate) => (!best || candidate.path.length > best.path.length ? candidate : best),
    undefined,
  );
  if (deepest && deepest.path.length > 0) return describeIssue(deepest, [...path, ...deepest.path]);
  const expected = candidates.flatMap((candidate) => {
    if (candidate.code === 'invalid_type') return [candidate.expected];
    if (candidate.code === 'invalid_value') return candidate.values.map((value) => JSON.stringify(value));
    return [];
  });
  return {
    message: expected.length > 0 ? `Invalid input: expected ${expected.join(' or ')}` : issue.message,
    path,
  };
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) => {
      if (typeof key === 'number') return `[${key}]`;
      const name = truncate(String(key), maxKeyLength);
      return index === 0 ? name : `.${name}`;
    })
    .join('');
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
