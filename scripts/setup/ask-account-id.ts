/** The id of a new account: `--id` or asked for, checked for shape and against the ids already taken. */
import { checkAccountId, suggestAccountId } from './account-id.js';
import { SetupError } from './setup-error.js';
import type { WizardContext } from './wizard-context.js';

/**
 * Without a terminal and without `--id`, the proposal (or the first free `acct-N`) is taken.
 *
 * @example const accountId = await askAccountId({ context, proposal: document.id });
 */
export async function askAccountId({
  context,
  proposal,
}: {
  context: WizardContext;
  proposal?: string;
}): Promise<string> {
  const taken = (await context.target.listAccounts()).map(({ id }) => id);
  const check = (text: string) => {
    const shape = checkAccountId(text);
    if (shape !== true) return shape;
    return taken.includes(text) ? `${text} is taken in ${context.target.description}` : true;
  };
  const given = context.options.id;
  if (given !== undefined) {
    const verdict = checkAccountId(given);
    if (verdict !== true) throw new SetupError(`--id ${given}: ${verdict}`);
    // Checked now, before a sign-in the user would go through for nothing; the target checks again.
    if (taken.includes(given)) {
      throw new SetupError(
        `An account with id ${given} already exists in ${context.target.description}: choose another id, or remove it first`,
      );
    }
    return given;
  }
  return context.prompter.text({
    message: 'Account id:',
    flag: '--id',
    default: proposal !== undefined && check(proposal) === true ? proposal : suggestAccountId({ taken }),
    validate: check,
  });
}
