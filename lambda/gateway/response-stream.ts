/**
 * Lambda response streaming, with a faithful stand-in for tests and local runs. In the Lambda runtime
 * the global `awslambda` provides `streamifyResponse` and `HttpResponseStream`; elsewhere the shim
 * below reproduces the wire behaviour: the first write sends a JSON prelude
 * (`{"statusCode","headers"}`) followed by 8 NUL bytes, then the body.
 * https://docs.aws.amazon.com/lambda/latest/dg/response-streaming-tutorial.html
 */
import { Writable } from 'node:stream';

export interface LambdaContext {
  getRemainingTimeInMillis(): number;
  awsRequestId: string;
}

export interface ResponsePrelude {
  statusCode: number;
  headers: Record<string, string>;
}

export type StreamingHandler<Event> = (
  event: Event,
  responseStream: Writable,
  context: LambdaContext,
) => Promise<void>;

interface AwsLambdaGlobal {
  streamifyResponse<Event>(handler: StreamingHandler<Event>): StreamingHandler<Event>;
  HttpResponseStream: { from(stream: Writable, prelude: ResponsePrelude): Writable };
}

/**
 * The Lambda runtime's `awslambda`, when this runs in it. Tested by what it can do, not by its
 * presence: `@aws/lambda-invoke-store` (loaded with the AWS SDK and Powertools) sets
 * `globalThis.awslambda = {}` everywhere, so an empty object must mean "not in Lambda".
 */
function lambdaRuntime(): AwsLambdaGlobal | undefined {
  const candidate = (globalThis as { awslambda?: Partial<AwsLambdaGlobal> }).awslambda;
  return typeof candidate?.streamifyResponse === 'function' && candidate.HttpResponseStream
    ? (candidate as AwsLambdaGlobal)
    : undefined;
}

const preludeSeparator = Buffer.alloc(8);

/** The shim's `HttpResponseStream.from`: prelude and separator go out with the first write. */
function withPrelude(stream: Writable, prelude: ResponsePrelude): Writable {
  let preludeSent = false;
  const sendPrelude = () => {
    if (preludeSent) return;
    preludeSent = true;
    stream.write(Buffer.concat([Buffer.from(JSON.stringify(prelude)), preludeSeparator]));
  };
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      sendPrelude();
      if (stream.write(chunk)) callback();
      else stream.once('drain', () => callback());
    },
    final(callback) {
      sendPrelude();
      stream.end(callback);
    },
    destroy(error, callback) {
      stream.destroy(error ?? undefined);
      callback(error);
    },
  });
}

/** The runtime's `awslambda.streamifyResponse`; outside Lambda the handler as it is, for tests to call. */
export const streamifyResponse: AwsLambdaGlobal['streamifyResponse'] = (handler) =>
  lambdaRuntime()?.streamifyResponse(handler) ?? handler;

/** The runtime's `awslambda.HttpResponseStream`; outside Lambda the shim above. */
export const HttpResponseStream: AwsLambdaGlobal['HttpResponseStream'] = {
  from: (stream, prelude) =>
    (lambdaRuntime()?.HttpResponseStream ?? { from: withPrelude }).from(stream, prelude),
};
