/**
 * A Secrets Manager client for the functions that gives up quickly: the SDK waits forever by default,
 * and a hung Secrets Manager must cost a request or a refresher run seconds, not its whole time limit.
 * Region and credentials come from the Lambda environment.
 */
import { SecretsManagerClient, type SecretsManagerClientConfig } from '@aws-sdk/client-secrets-manager';

/**
 * @example
 * const secrets = new SecretCache({ client: createSecretsManagerClient(), clock: systemClock, logger });
 */
export function createSecretsManagerClient(config: SecretsManagerClientConfig = {}): SecretsManagerClient {
  return new SecretsManagerClient({
    maxAttempts: 2,
    ...config,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000, throwOnRequestTimeout: true },
  });
}
