/**
 * `POST /v1/chat/completions`: validate, translate, let the pool pick an account and open Google's
 * stream (failing over until the first good event), then translate events back as they arrive.
 * Nothing is written to the client before the pool commits, so failover never duplicates text; after
 * that, an upstream failure ends the stream with an OpenAI-shaped error event.
 */
import type { Account } from '../credentials/account.js';
import type { GenerateContentRequest, GenerateContentResponse } from '../gemini/generate-content.js';
import { type ChatCompletionRequest, parseChatCompletionRequest } from '../openai/chat-request.js';
import type { ChatCompletionChunk } from '../openai/chat-response.js';
import { chunkEventEncoder } from '../openai/chunk-event-encoder.js';
import type { Lease, Outcome, Pool } from '../pool/pool.js';
import { aggregateCompletion } from '../translate/aggregate-completion.js';
import { ChunkTranslator } from '../translate/chunk-translator.js';
import { convertChatRequest } from '../translate/convert-chat-request.js';
import { UpstreamError } from '../upstream/upstream-error.js';
import type { GatewayRequest, ResponseSink } from './http.js';
import { HttpError } from './http-error.js';
import { describe, internalError } from './internal-error.js';
import type { AbortSignalLike } from './light-abort-controller.js';
import type { ModelCatalog } from './model-catalog.js';
import type { Clock, Logger } from './ports.js';
import { readJsonBody } from './read-json-body.js';
import { sendJson, sseEvent, sseHeaders } from './respond.js';
import { upstreamErrorResponse } from './upstream-error-response.js';

export interface PrimedStream {
  first: GenerateContentResponse;
  /** The events after `first`, in the batches they arrived in: each batch is translated and written as one. */
  rest: AsyncIterable<GenerateContentResponse[]>;
}

/** Opens Google's stream for one account and resolves after its first good event. */
export interface GeminiStreamOpener {
  open(input: {
    account: Account;
    model: string;
    request: GenerateContentRequest;
    signal: AbortSignalLike;
  }): Promise<PrimedStream>;
}

export interface ChatCompletionsDeps {
  pool: Pool;
  gemini: GeminiStreamOpener;
  models: ModelCatalog;
  clock: Clock;
  logger: Logger;
  /** A fresh random id fragment (hex); injected so tests can pin ids. */
  newId: () => string;
  maxBodyBytes: number;
  /** How long failover may go on before the request gives up, in ms. */
  failoverDeadlineMs: number;
  /** MODEL_FALLBACKS: models to serve instead, in order, when every account is out of quota for one. */
  modelFallbacks: Readonly<Record<string, readonly string[]>>;
}

export async function handleChatCompletions(
  deps: ChatCompletionsDeps,
  request: GatewayRequest,
  sink: ResponseSink,
): Promise<void> {
  const body = await readJsonBody(request.body, deps.maxBodyBytes);
  const chat = parseChatCompletionRequest(body);
  const model = deps.models.resolve(chat.model);
  const identity = { id: `chatcmpl-${deps.newId()}`, created: Math.floor(deps.clock.now() / 1000) };
  const deadline = deps.clock.now() + deps.failoverDeadlineMs;
  const fallbacks = deps.modelFallbacks[model.upstream] ?? [];
  for (const [index, upstreamModel] of [model.upstream, ...fallbacks].entries()) {
    const isFallback = index > 0;
    try {
      return await serve(deps, request, sink, {
        chat,
        upstreamModel,
        // A fallback names the model that really answered, in the body and in a header.
        reportedModel: isFallback ? upstreamModel : model.requested,
        headers: isFallback ? { 'x-gateway-fallback-model': upstreamModel } : {},
        identity,
        deadline,
      });
    } catch (error) {
      if (index === fallbacks.length || !isOutOfQuota(error)) throw error;
      deps.logger.info('serving a fallback model: every account is cooling down for the requested one', {
        requested: upstreamModel,
        fallback: fallbacks[index],
      });
    }
  }
}

interface ServeInput {
  chat: ChatCompletionRequest;
  upstreamModel: string;
  reportedModel: string;
  headers: Record<string, string>;
  identity: { id: string; created: number };
  deadline: number;
}

async function serve(
  deps: ChatCompletionsDeps,
  request: GatewayRequest,
  sink: ResponseSink,
  { chat, upstreamModel, reportedModel, headers, identity, deadline }: ServeInput,
): Promise<void> {
  const geminiRequest = convertChatRequest({
    request: chat,
    model: upstreamModel,
    warn: (message) => deps.logger.warn(message, { model: upstreamModel }),
  });
  // Named, not `{ ...identity, model, … }`: on Node 20, V8 takes a slow path (some 2 µs) for every new
  // key after a spread. Where a spread stays below, it comes last for the same reason.
  const translatorOptions = {
    id: identity.id,
    created: identity.created,
    model: reportedModel,
    newToolCallNonce: deps.newId,
  };
  const acquireInput = { model: upstreamModel, signal: request.signal, deadline };
  const open = (account: Account, signal: AbortSignalLike) =>
    deps.gemini.open({ account, model: upstreamModel, request: geminiRequest, signal });

  if (!chat.stream) {
    // The whole answer is collected inside the attempt, so a failure anywhere in it still fails over.
    const lease = await deps.pool.acquire(acquireInput, async ({ account, signal }) =>
      collect(await open(account, signal)),
    );
    await sendJson(sink, 200, aggregateCompletion({ responses: lease.value, ...translatorOptions }), headers);
    // Recorded after the client has its answer, but still awaited: Lambda does not wait for stray work.
    await lease.settle({ ok: true });
    return;
  }

  const lease = await deps.pool.acquire(acquireInput, ({ account, signal }) => open(account, signal));
  await streamToClient(deps, lease, request, sink, headers, {
    includeUsage: chat.stream_options?.include_usage === true,
    ...translatorOptions,
  });
}

/** Every account is cooling down or out of quota for the model (not: the request is wrong). */
function isOutOfQuota(error: unknown): boolean {
  if (error instanceof HttpError) return error.status === 429;
  if (error instanceof UpstreamError) {
    return (
      error.failure === 'rate_limited' || error.failure === 'quota_exhausted' || error.failure === 'capacity'
    );
  }
  return false;
}

async function collect(stream: PrimedStream): Promise<GenerateContentResponse[]> {
  const responses = [stream.first];
  for await (const batch of stream.rest) responses.push(...batch);
  return responses;
}

async function streamToClient(
  deps: ChatCompletionsDeps,
  lease: Lease<PrimedStream>,
  request: GatewayRequest,
  sink: ResponseSink,
  headers: Record<string, string>,
  options: ConstructorParameters<typeof ChunkTranslator>[0],
): Promise<void> {
  const translator = new ChunkTranslator(options);
  const encode = chunkEventEncoder(options);
  const events = (chunks: ChatCompletionChunk[]) => chunks.map(encode).join('');
  const send = async (text: string) => {
    if (text !== '') await sink.write(text);
  };
  sink.start(200, { ...sseHeaders, ...headers });
  let outcome: Outcome = { ok: true };
  /** What ends the stream: the closing chunks, or the error that cut it short (none once the client left). */
  let ending = '';
  try {
    await send(events(translator.translate(lease.value.first)));
    // What arrived with the first event is translated after the first chunk has left: a write is only
    // handed to the socket once the current task ends, and the first token is the wait users feel.
    await new Promise((resolve) => setImmediate(resolve));
    for await (const batch of lease.value.rest) await send(events(translator.translateAll(batch)));
    ending = events(translator.finish());
  } catch (error) {
    // The account did its part unless Google's stream itself broke.
    if (error instanceof UpstreamError) outcome = { ok: false, error };
    if (!request.signal.aborted) ending = sseEvent(streamFailure(deps, lease, error).toJSON());
  }
  await sink.end(request.signal.aborted ? undefined : `${ending}${sseEvent('[DONE]')}`);
  await lease.settle(outcome);
}

function streamFailure(deps: ChatCompletionsDeps, lease: Lease<PrimedStream>, error: unknown): HttpError {
  if (error instanceof UpstreamError) {
    deps.logger.warn('stream failed after the first byte', {
      account: lease.account.id,
      failure: error.failure,
    });
    return upstreamErrorResponse(error, deps.clock.now());
  }
  deps.logger.error('stream failed after the first byte', {
    account: lease.account.id,
    error: describe(error),
  });
  return internalError();
}
