/** Small helpers for tests of the upstream layer: drain a stream, catch its failure, pick its fields. */
import { UpstreamError } from '../../lambda/upstream/upstream-error.js';

/** Every event of a stream's batches, in order. */
export async function collectEvents<T>(batches: AsyncIterable<T[]>): Promise<T[]> {
  const items: T[] = [];
  for await (const batch of batches) items.push(...batch);
  return items;
}

/** The `UpstreamError` a promise rejects with; anything else (or success) fails the test. */
export async function failureOf(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof UpstreamError)) throw new Error(`expected an UpstreamError, got ${String(error)}`);
  return error;
}

/** The error's fields named by `expected`'s keys, to compare with `toStrictEqual(expected)`. */
export function pickFields(error: UpstreamError, expected: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(expected).map((key) => [key, error[key as keyof UpstreamError]]));
}
