import { randomUUID } from 'node:crypto';

/**
 * A fresh random id fragment: 24 hex digits of a v4 UUID (88 random bits), for completion ids and
 * tool-call nonces. `randomUUID` draws from a cached entropy pool, a quarter of the cost of
 * `randomBytes` on every request.
 */
export function randomId(): string {
  return randomUUID().replaceAll('-', '').slice(0, 24);
}
