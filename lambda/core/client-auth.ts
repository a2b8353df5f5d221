import { createHash, timingSafeEqual } from 'node:crypto';
import { HttpError } from './http-error.js';

/**
 * Checks the client key from `Authorization: Bearer <key>` or `x-api-key`. Keys are kept only as
 * SHA-256 digests and compared in constant time, so neither the comparison's timing nor a memory dump
 * reveals them. With no keys configured every request is let in (the local adapter refuses to bind a
 * non-loopback address in that case).
 */
export class ClientAuth {
  private readonly digests: Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(digest);
  }

  get enabled(): boolean {
    return this.digests.length > 0;
  }

  /**
   * Throws a 401 `HttpError` unless the request carries a configured key. Returns who the client is,
   * for per-key limits: the hex SHA-256 of its key (never the key), or `anonymous` with no keys set.
   */
  check(headers: Record<string, string | undefined>): string {
    if (!this.enabled) return 'anonymous';
    const presented = presentedKey(headers);
    if (!presented) {
      throw unauthorized(
        'Missing API key. Send it as "Authorization: Bearer <key>" or "x-api-key: <key>".',
        'missing_api_key',
      );
    }
    const candidate = digest(presented);
    let matched = false;
    for (const known of this.digests) matched = timingSafeEqual(known, candidate) || matched;
    if (!matched) throw unauthorized('Incorrect API key provided.', 'invalid_api_key');
    return candidate.toString('hex');
  }
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

function presentedKey(headers: Record<string, string | undefined>): string | undefined {
  const authorization = headers.authorization?.trim();
  if (authorization) {
    const match = /^Bearer\s+(.+)$/i.exec(authorization);
    if (match?.[1]) return match[1].trim();
  }
  return headers['x-api-key']?.trim() || undefined;
}

function unauthorized(message: string, code: string): HttpError {
  return new HttpError({
    status: 401,
    type: 'authentication_error',
    code,
    message,
    headers: { 'www-authenticate': 'Bearer' },
  });
}
