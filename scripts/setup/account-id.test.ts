import { describe, expect, it } from 'vitest';
import { checkAccountId, suggestAccountId } from './account-id.js';

describe('account ids', () => {
  it.each(['acct-1', 'k1', 'team.alice_2', 'A'])('accepts %s', (id) => {
    // Act
    const verdict = checkAccountId(id);

    // Assess
    expect(verdict).toStrictEqual(true);
  });

  it.each(['', '-lead', '.hidden', 'a/b', 'a#MODEL#b', 'x'.repeat(65), 'with space'])('refuses %j', (id) => {
    // Act
    const verdict = checkAccountId(id);

    // Assess
    expect(verdict).toStrictEqual(
      'use 1 to 64 letters, digits, ".", "-" or "_", starting with a letter or digit',
    );
  });

  it('suggests the first free acct-N', () => {
    // Act
    const suggestions = [
      suggestAccountId({ taken: [] }),
      suggestAccountId({ taken: ['acct-1', 'acct-3', 'other'] }),
    ];

    // Assess
    expect(suggestions).toStrictEqual(['acct-1', 'acct-2']);
  });
});
