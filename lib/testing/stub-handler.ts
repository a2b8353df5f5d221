/**
 * Stands in for the real handlers in the CDK tests: the stack needs an existing entry file, and its
 * tests are about the infrastructure, not the handlers' code (bundling is skipped anyway).
 */
export async function handler(): Promise<void> {}
