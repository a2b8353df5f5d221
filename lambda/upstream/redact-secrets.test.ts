import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact-secrets.js';

describe('redactSecrets', () => {
  it.each([
    ['token ya29.a0AfH6SMB-x_y.z is bad', 'token [redacted] is bad'],
    ['refresh 1//0gAbC-dEf_123 expired', 'refresh [redacted] expired'],
    ['key AIzaSyD-abcdefghijklmnopqrstuvwx1234 invalid', 'key [redacted] invalid'],
    ['Authorization: Bearer abc.def-123', 'Authorization: Bearer [redacted]'],
    ['Request contains an invalid argument.', 'Request contains an invalid argument.'],
  ])('%j', (text, expected) => {
    expect(redactSecrets({ text })).toStrictEqual(expected);
  });
});
