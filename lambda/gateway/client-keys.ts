/**
 * The client keys on AWS: the client-keys secret (CLIENT_KEYS_SECRET_ID) through the secret cache, so
 * a key an operator adds or removes takes effect within the cache's age, without a redeploy. The Function
 * URL is public, so unlike the local run there is no "no keys, no auth": an empty secret is refused.
 */
import { ClientAuth } from '../core/client-auth.js';
import { parseClientKeysSecret } from '../credentials/client-keys-secret.js';
import type { SecretCache } from '../credentials/secret-cache.js';
import { ConfigError } from './aws-config.js';

export class ClientKeys {
  private parsed: { text: string; auth: ClientAuth } | undefined;

  /**
   * @example
   * const keys = new ClientKeys({ secrets, secretId: config.clientKeysSecretId });
   * (await keys.auth()).check(request.headers);
   */
  constructor(private readonly options: { secrets: SecretCache; secretId: string }) {}

  /**
   * The checker for the keys the secret holds now; the same instance while the secret is unchanged.
   * @throws ConfigError when the secret holds no key, or JSON that is not the keys document.
   */
  async auth(): Promise<ClientAuth> {
    const text = await this.options.secrets.get(this.options.secretId);
    if (this.parsed?.text === text) return this.parsed.auth;
    let keys: string[];
    try {
      keys = parseClientKeysSecret(text).map((entry) => entry.key);
    } catch (error) {
      throw new ConfigError(error instanceof Error ? error.message : 'The client-keys secret cannot be read');
    }
    if (keys.length === 0) {
      throw new ConfigError('The client-keys secret holds no key; the gateway refuses to serve without one');
    }
    this.parsed = { text, auth: new ClientAuth(keys) };
    return this.parsed.auth;
  }
}
