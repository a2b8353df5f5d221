/**
 * Account ids name a file (`<id>.json`), a secret (`<prefix><id>`) and DynamoDB sort keys
 * (`ACCOUNT#<id>#MODEL#...`), so they keep to letters, digits, dot, dash and underscore.
 */
const accountIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** `true`, or why the text cannot be an account id (for prompts and flag errors). */
export function checkAccountId(text: string): true | string {
  return accountIdPattern.test(text)
    ? true
    : 'use 1 to 64 letters, digits, ".", "-" or "_", starting with a letter or digit';
}

/**
 * The first free `acct-N`.
 *
 * @example
 * suggestAccountId({ taken: ['acct-1', 'acct-2'] }); // 'acct-3'
 */
export function suggestAccountId({ taken }: { taken: readonly string[] }): string {
  const used = new Set(taken);
  let number = 1;
  while (used.has(`acct-${number}`)) number += 1;
  return `acct-${number}`;
}
