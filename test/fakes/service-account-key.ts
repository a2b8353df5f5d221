/**
 * Service-account JSON keys for tests, generated at run time (no private key is ever committed), in
 * the shape `gcloud iam service-accounts keys create` writes, with the public half for the fake
 * Google: `google.addServiceAccount(key.client_email, publicKey)`.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { ServiceAccountKey } from '../../lambda/credentials/account.js';

export interface TestServiceAccount {
  key: ServiceAccountKey;
  publicKey: string;
}

/** A fresh RSA key pair per call (about a tenth of a second): create one per test file, not per test. */
export function createServiceAccountKey({
  name = 'gateway',
  projectId = 'vertex-project',
}: {
  name?: string;
  projectId?: string;
} = {}): TestServiceAccount {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return {
    key: {
      type: 'service_account',
      project_id: projectId,
      private_key_id: `${name}-key-1`,
      private_key: privateKey,
      client_email: `${name}@${projectId}.iam.gserviceaccount.com`,
    },
    publicKey,
  };
}
