/**
 * Takes an account out of the pool (for every model) with a reason the status shows, or puts it back.
 * The menu asks which, offering the opposite of the account's current state.
 */
import { pickAccount } from './pick-account.js';
import type { WizardContext } from './wizard-context.js';

export type AccountStateChange = 'disable' | 'enable';

/** @example await changeAccountState({ context, change: 'disable' }); */
export async function changeAccountState({
  context,
  change,
}: {
  context: WizardContext;
  /** Asked for when absent (the menu). */
  change?: AccountStateChange;
}): Promise<void> {
  const { target, prompter, output, clock, options } = context;
  const accountId = await pickAccount({ context, message: 'Account:' });
  await target.readAccount(accountId);
  await target.withPool(async ({ store }) => {
    const enabled =
      (await store.readPool()).accounts.find((account) => account.accountId === accountId)?.enabled ?? true;
    const wanted =
      change ??
      (await prompter.select<AccountStateChange>({
        message: `${accountId} is ${enabled ? 'enabled' : 'disabled'}. Now:`,
        flag: 'disable or enable',
        default: enabled ? 'disable' : 'enable',
        choices: [
          { value: 'disable', name: 'disable it' },
          { value: 'enable', name: 'enable it' },
        ],
      }));
    if (wanted === 'enable') {
      await store.enableAccount({ accountId });
      output.print(`${accountId} is enabled.`);
      return;
    }
    const reason =
      options.reason ??
      (await prompter.text({
        message: 'Reason (shown by status):',
        flag: '--reason',
        default: 'disabled by an operator',
      }));
    await store.disableAccount({ accountId, reason, at: clock.now() });
    output.print(`${accountId} is disabled: ${reason}.`);
  });
}
