import { describe, expect, it } from 'vitest';
import { parseCredentialsFile } from './parse-credentials-file.js';
import { SetupError } from './setup-error.js';

describe('parseCredentialsFile', () => {
  it("reads the Gemini CLI's oauth_creds.json as a Code Assist account, leaving out the id token", () => {
    // Prepare
    const text = JSON.stringify({
      access_token: 'ya29.a',
      refresh_token: '1//r',
      scope: 'https://www.googleapis.com/auth/cloud-platform',
      token_type: 'Bearer',
      id_token: 'eyJ.profile.sig',
      expiry_date: 1_767_225_600_000,
    });

    // Act
    const parsed = parseCredentialsFile({ text, fileName: 'oauth_creds.json' });

    // Assess
    expect(parsed).toStrictEqual({
      format: 'gemini-cli',
      document: {
        backend: 'code-assist',
        credentials: {
          access_token: 'ya29.a',
          refresh_token: '1//r',
          scope: 'https://www.googleapis.com/auth/cloud-platform',
          token_type: 'Bearer',
          expiry_date: 1_767_225_600_000,
        },
      },
    });
  });

  it("reads the original project's {projectId, credentials} as an account document", () => {
    // Act
    const parsed = parseCredentialsFile({
      text: '{"projectId":"p-1","credentials":{"refresh_token":"1//r"}}',
      fileName: 'gemini-proxy-01.json',
    });

    // Assess
    expect(parsed).toStrictEqual({
      format: 'account-document',
      document: { projectId: 'p-1', credentials: { refresh_token: '1//r' } },
    });
  });

  it('reads a full account document with an API key', () => {
    // Act
    const parsed = parseCredentialsFile({
      text: '{"id":"k1","backend":"gemini-api","apiKey":"AIza-k"}',
      fileName: 'k1.json',
    });

    // Assess
    expect(parsed).toStrictEqual({
      format: 'account-document',
      document: { id: 'k1', backend: 'gemini-api', apiKey: 'AIza-k' },
    });
  });

  it.each([
    ['not JSON', '{"refresh_token": "1//secret-in-a-broken-file"', 'f.json is not valid JSON'],
    ['an array', '[]', 'f.json does not hold a JSON object'],
    ['something else', '{"hello":"world"}', 'f.json is not a credentials file this wizard knows'],
    ['a bad field', '{"backend":"openai","apiKey":"AIza-k"}', 'f.json has invalid fields: backend'],
    ['an empty refresh token', '{"refresh_token":""}', 'f.json has invalid fields: refresh_token'],
  ])('refuses %s without quoting it', (_, text, message) => {
    // Act
    const parse = () => parseCredentialsFile({ text, fileName: 'f.json' });

    // Assess
    expect(parse).toThrow(SetupError);
    expect(parse).toThrow(message);
    expect(parse).not.toThrow('secret-in-a-broken-file');
  });
});
