/** Deletes an account's credentials (file or secret) and its pool state, after a confirmation. */
import { pickAccount } from './pick-account.js';
import type { WizardContext } from './wizard-context.js';

/** @example await removeAccount(context); */
export async function removeAccount(context: WizardContext): Promise<void> {
  const { target, prompter, output, options } = context;
  const accountId = await pickAccount({ context, message: 'Account to remove:' });
  const confirmed =
    options.yes ||
    (await prompter.confirm({
      message: `Remove ${accountId}? This deletes ${target.locate(accountId)} and its pool state.`,
      flag: '--yes',
    }));
  if (!confirmed) {
    output.print('Nothing removed.');
    return;
  }
  await target.removeAccount(accountId);
  output.print(`Removed ${accountId}.`);
}
