/**
 * Parses JSON that clients put inside strings (tool-call arguments, tool results). `JSON.parse`
 * accepts any depth, but `JSON.stringify` overflows the stack a few thousand levels down when the
 * request is sent to Google, and Google's own limit is far lower; so deeper values count as not
 * readable here, where the caller can still answer sensibly.
 */

/** Deepest nesting of objects and arrays accepted (Google's protobuf Struct stops near 100). */
const maxDepth = 64;

/**
 * The parsed value, or undefined when `text` is not JSON or nests deeper than {@link maxDepth}.
 *
 * @example
 * readJson('{"a":1}'); // → { value: { a: 1 } }
 */
export function readJson(text: string): { value: unknown } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return nestsDeeperThan(value, maxDepth) ? undefined : { value };
}

/** True for a JSON object: not null, not an array. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nestsDeeperThan(root: unknown, limit: number): boolean {
  // Iterative, so a hostile depth cannot overflow the stack here either.
  const pending: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 1 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    if (next.depth > limit) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth: next.depth + 1 });
  }
  return false;
}
