/**
 * The client-keys secret (CLIENT_KEYS_SECRET_ID on AWS): the bearer keys OpenAI clients send. Two
 * shapes, both read by the gateway:
 * - what `cdk deploy` generates, and what an operator may type by hand: the key itself, or several
 *   keys separated by commas;
 * - what the setup wizard writes once it manages the keys: JSON
 *   `{"keys":[{"key":"gw-…","created":"2026-07-04T12:00:00.000Z"}]}`, so each key keeps when it was
 *   made. `created` is absent for keys carried over from the plain form.
 * The secret holds the keys themselves (not digests): Secrets Manager is where they are protected, and
 * the stack's output tells operators to read the generated key from it.
 */
import * as z from 'zod';

export interface ClientKeyEntry {
  key: string;
  /** ISO 8601, when the wizard made the key. */
  created?: string;
}

const clientKeysDocumentSchema = z.object({
  keys: z.array(z.object({ key: z.string().trim().min(1), created: z.string().optional() })),
});

/**
 * The keys in a secret's text, whichever shape it has.
 *
 * @example
 * const keys = parseClientKeysSecret(secretString).map((entry) => entry.key);
 * const auth = new ClientAuth(keys);
 * @throws Error when the text is JSON but not the keys document (the message never quotes it).
 */
export function parseClientKeysSecret(text: string): ClientKeyEntry[] {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) {
    return trimmed
      .split(',')
      .map((key) => key.trim())
      .filter(Boolean)
      .map((key) => ({ key }));
  }
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    throw new Error('The client-keys secret starts with "{" but is not valid JSON');
  }
  const parsed = clientKeysDocumentSchema.safeParse(value);
  if (!parsed.success) {
    throw new Error('The client-keys secret is JSON but not {"keys":[{"key":"…","created":"…"}]}');
  }
  return parsed.data.keys.map(({ key, created }) => (created === undefined ? { key } : { key, created }));
}

/** The JSON shape, for the wizard to write back. */
export function serializeClientKeysSecret(entries: readonly ClientKeyEntry[]): string {
  return JSON.stringify({ keys: entries });
}
