/** Which account an action is about: `--id`, or a choice among the target's accounts. */
import { SetupError } from './setup-error.js';
import type { WizardContext } from './wizard-context.js';

/** @example const accountId = await pickAccount({ context, message: 'Account to test:' }); */
export async function pickAccount({
  context,
  message,
}: {
  context: WizardContext;
  message: string;
}): Promise<string> {
  if (context.options.id !== undefined) return context.options.id;
  const accounts = await context.target.listAccounts();
  if (accounts.length === 0) throw new SetupError(`No accounts in ${context.target.description} yet`);
  return context.prompter.select({
    message,
    flag: '--id',
    choices: accounts.map(({ id, backend }) => ({ value: id, name: `${id} (${backend})` })),
  });
}
