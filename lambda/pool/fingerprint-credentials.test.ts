import { describe, expect, it } from 'vitest';
import type { Account } from '../credentials/account.js';
import { fingerprintCredentials } from './fingerprint-credentials.js';

const oauthAccount: Account = {
  id: 'acct-a',
  backend: 'code-assist',
  projectId: 'p-a',
  credentials: { refresh_token: '1//refresh-a', access_token: 'ya29.a', expiry_date: 1_000 },
};

const keyAccount: Account = { id: 'key-b', backend: 'gemini-api', apiKey: 'AIzaSy-key-b' };

const vertexAccount: Account = {
  id: 'vertex-c',
  backend: 'vertex',
  serviceAccount: {
    client_email: 'gateway@p-c.iam.gserviceaccount.com',
    private_key: '-----BEGIN PRIVATE KEY-----\nkey-c\n-----END PRIVATE KEY-----\n',
  },
};

describe('fingerprintCredentials', () => {
  it('is a SHA-256 digest that does not contain the secret', () => {
    // Act
    const fingerprint = fingerprintCredentials(oauthAccount);

    // Assess
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint).not.toContain('refresh-a');
  });

  it('stays the same when only the access token, its expiry or other fields change', () => {
    // Prepare
    const refreshed: Account = {
      ...oauthAccount,
      projectId: 'p-other',
      models: ['gemini-2.5-pro'],
      credentials: { refresh_token: '1//refresh-a', access_token: 'ya29.b', expiry_date: 2_000 },
    };

    // Act
    const fingerprints = [fingerprintCredentials(oauthAccount), fingerprintCredentials(refreshed)];

    // Assess
    expect(fingerprints[1]).toStrictEqual(fingerprints[0]);
  });

  it.each([
    {
      name: 'a new refresh token',
      before: oauthAccount,
      after: { ...oauthAccount, credentials: { refresh_token: '1//refresh-a2' } },
    },
    {
      name: 'an OAuth client of its own',
      before: oauthAccount,
      after: { ...oauthAccount, oauthClient: { clientId: 'client', clientSecret: 'secret' } },
    },
    { name: 'a new API key', before: keyAccount, after: { ...keyAccount, apiKey: 'AIzaSy-key-b2' } },
    {
      name: 'a new service-account key',
      before: vertexAccount,
      after: {
        ...vertexAccount,
        serviceAccount: { ...vertexAccount.serviceAccount, private_key: 'another key' },
      } as Account,
    },
  ])('changes with $name', ({ before, after }) => {
    // Act
    const fingerprints = [fingerprintCredentials(before), fingerprintCredentials(after)];

    // Assess
    expect(fingerprints[1]).not.toStrictEqual(fingerprints[0]);
  });

  it('keeps the fields apart: a value moved to another field is other credentials', () => {
    // Prepare
    const asRefreshToken: Account = { id: 'x', backend: 'gemini-api', credentials: { refresh_token: 'k' } };
    const asApiKey: Account = { id: 'x', backend: 'gemini-api', apiKey: 'k' };

    // Act
    const fingerprints = [fingerprintCredentials(asRefreshToken), fingerprintCredentials(asApiKey)];

    // Assess
    expect(fingerprints[1]).not.toStrictEqual(fingerprints[0]);
  });
});
