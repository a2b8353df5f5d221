/**
 * The same environment as `npm start` (DESIGN.md §3.1), read with the gateway's own parser: local
 * mode's folders and keys, and every Google setting (endpoints, token URL, proxy, OAuth client).
 */
import { ConfigError, type LocalConfig, readLocalConfig } from '../../lambda/local/local-config.js';
import { SetupError } from '../setup/setup-error.js';

/**
 * @example const config = readEnvironmentConfig(process.env);
 * @throws SetupError naming the bad variable.
 */
export function readEnvironmentConfig(environment: Record<string, string | undefined>): LocalConfig {
  try {
    return readLocalConfig(environment);
  } catch (error) {
    if (error instanceof ConfigError) throw new SetupError(error.message);
    throw error;
  }
}
