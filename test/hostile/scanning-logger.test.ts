import { describe, expect, it } from 'vitest';
import { createScanningLogger } from './scanning-logger.js';

describe('createScanningLogger', () => {
  it('finds a watched secret in a message, a field or an error’s message, and names it without its value', () => {
    // Prepare
    const logger = createScanningLogger();
    logger.watch({ 'refresh token': '1//0secret' });

    // Act
    logger.info('clean line', { accountId: 'acct-a' });
    logger.warn('refresh failed for 1//0secret');
    logger.error('refresh failed', { error: new Error('invalid_grant for 1//0secret') });

    // Assess
    expect(logger.counts).toStrictEqual({ debug: 0, info: 1, warn: 1, error: 1 });
    expect(logger.leaks.map(({ secret }) => secret)).toStrictEqual(['refresh token', 'refresh token']);
    expect(logger.leaks.some(({ line }) => line.includes('1//0secret'))).toStrictEqual(false);
  });
});
