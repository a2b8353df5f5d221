/**
 * A fingerprint of an account's long-lived credentials, kept with the record of its disabling so that
 * the local gateway can tell when an operator has put other credentials into the account's file
 * (lambda/local/enable-readded-accounts.ts). It is a SHA-256 digest: it tells credentials apart without
 * revealing them (each is a long random secret, so no digest can be guessed back).
 *
 * What counts: the refresh token, the API key, the service-account key and the account's own OAuth
 * client, the things whose refusal disables an account. Access tokens and their expiry are left out:
 * they change at every refresh, which re-adds nothing.
 */
import { createHash } from 'node:crypto';
import type { Account } from '../credentials/account.js';

/**
 * @example
 * fingerprintCredentials(account); // 'c3ab8ff1…' (64 hex digits), the same until the credentials change
 */
export function fingerprintCredentials(account: Account): string {
  const { credentials, apiKey, serviceAccount, oauthClient } = account;
  // A JSON array keeps the fields apart: no two different sets of values serialise alike.
  const fields = [
    credentials?.refresh_token ?? null,
    apiKey ?? null,
    serviceAccount?.client_email ?? null,
    serviceAccount?.private_key ?? null,
    oauthClient?.clientId ?? null,
    oauthClient?.clientSecret ?? null,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}
