/**
 * A failure the operator can act on (no AWS credentials, stack not found, OAuth denied, port busy,
 * duplicate id, ...). The entry points print its message alone, never a stack, and exit with 1; the
 * menu prints it and carries on. Messages never hold a token, key or secret.
 */
export class SetupError extends Error {
  override readonly name = 'SetupError';
}
