import { describe, expect, it } from 'vitest';
import { readAuthorizationCode, readPastedAuthorizationCode } from './read-authorization-code.js';
import { SetupError } from './setup-error.js';

const expectedState = 'state-of-this-sign-in';
const redirect = `http://127.0.0.1:8085/oauth2callback?state=${expectedState}&code=4%2F0AbCdEf-code&scope=x`;

describe('readAuthorizationCode', () => {
  it('takes the code when the state matches', () => {
    // Act
    const code = readAuthorizationCode({ params: new URL(redirect).searchParams, expectedState });

    // Assess
    expect(code).toStrictEqual('4/0AbCdEf-code');
  });

  it.each([
    ['a mismatched state', `state=other&code=4/x`, 'its state does not match'],
    ['a missing state', 'code=4/x', 'its state does not match'],
    [
      'a denial',
      `error=access_denied&state=${expectedState}`,
      'cancelled or access was denied (access_denied)',
    ],
    [
      'another error',
      `error=invalid_scope&state=${expectedState}`,
      'Google refused the sign-in (invalid_scope)',
    ],
    [
      'an odd error text',
      `error=%3Cscript%3E&state=${expectedState}`,
      'Google refused the sign-in (unknown error)',
    ],
    ['no code', `state=${expectedState}`, 'carries no authorization code'],
  ])('refuses %s', (_, query, problem) => {
    // Act
    const read = () => readAuthorizationCode({ params: new URLSearchParams(query), expectedState });

    // Assess
    expect(read).toThrow(SetupError);
    expect(read).toThrow(problem);
  });
});

describe('readPastedAuthorizationCode', () => {
  it.each([
    ['the redirect URL', `  ${redirect}\n`],
    ['its query string', `?state=${expectedState}&code=4%2F0AbCdEf-code`],
    ['the code, percent-encoded from the address bar', '4%2F0AbCdEf-code'],
    ['the code', '4/0AbCdEf-code'],
  ])('reads %s', (_, text) => {
    // Act
    const code = readPastedAuthorizationCode({ text, expectedState });

    // Assess
    expect(code).toStrictEqual('4/0AbCdEf-code');
  });

  it.each([
    ['a redirect from another sign-in', redirect.replace(expectedState, 'stale'), 'its state does not match'],
    ['a broken URL', 'http://[oops', 'not a valid one'],
    ['prose', 'it did not work', 'neither the redirect URL nor an authorization code'],
  ])('refuses %s', (_, text, problem) => {
    // Act
    const read = () => readPastedAuthorizationCode({ text, expectedState });

    // Assess
    expect(read).toThrow(problem);
  });
});
