/**
 * The interactive wizard: a menu of every action, until Exit. A failure an operator can act on is
 * printed and the menu comes back; anything else ends the wizard.
 */
import { addAccount } from './add-account.js';
import { changeAccountState } from './change-account-state.js';
import { explainFailure } from './explain-failure.js';
import { importAccount } from './import-account.js';
import { listAccounts } from './list-accounts.js';
import { manageClientKeys } from './manage-client-keys.js';
import type { Choice } from './prompter.js';
import { reauthoriseAccount } from './reauthorise-account.js';
import { removeAccount } from './remove-account.js';
import { testAccount } from './test-account.js';
import type { WizardContext } from './wizard-context.js';

type MenuChoice = 'add' | 'import' | 'list' | 'test' | 'reauth' | 'state' | 'remove' | 'keys' | 'exit';

const menu: readonly Choice<MenuChoice>[] = [
  { value: 'add', name: 'Add an account' },
  {
    value: 'import',
    name: 'Import a credentials file',
    description: "an account JSON or the Gemini CLI's oauth_creds.json",
  },
  { value: 'list', name: 'List accounts and their health' },
  { value: 'test', name: 'Test an account', description: 'one tiny request through Google' },
  { value: 'reauth', name: 'Sign an account in again' },
  { value: 'state', name: 'Disable or enable an account' },
  { value: 'remove', name: 'Remove an account' },
  { value: 'keys', name: 'Manage client keys' },
  { value: 'exit', name: 'Exit' },
];

const actions: Record<Exclude<MenuChoice, 'exit'>, (context: WizardContext) => Promise<void>> = {
  add: addAccount,
  import: importAccount,
  list: listAccounts,
  test: testAccount,
  reauth: reauthoriseAccount,
  state: (context) => changeAccountState({ context }),
  remove: removeAccount,
  keys: (context) => manageClientKeys({ context }),
};

/** @example await runMenu(context); */
export async function runMenu(context: WizardContext): Promise<void> {
  const { prompter, output, target } = context;
  output.print(`Gemini Gateway setup — ${target.description}`);
  for (;;) {
    const choice = await prompter.select({
      message: 'What would you like to do?',
      flag: 'a command',
      choices: menu,
    });
    if (choice === 'exit') return;
    try {
      await actions[choice](context);
    } catch (error) {
      const known = explainFailure(error);
      if (!known) throw error;
      output.print(`✗ ${known.message}`);
    }
    output.print('');
  }
}
