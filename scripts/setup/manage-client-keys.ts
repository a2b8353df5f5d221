/**
 * The client keys OpenAI clients send: create (shown once, the only time a key is printed), list
 * (ids and hints), revoke.
 */
import type { KeysAction } from './parse-setup-arguments.js';
import type { WizardContext } from './wizard-context.js';

/** @example await manageClientKeys({ context, action: 'list' }); */
export async function manageClientKeys({
  context,
  action,
}: {
  context: WizardContext;
  /** Asked for when absent (the menu). */
  action?: KeysAction;
}): Promise<void> {
  const { target, prompter, output, options } = context;
  const keys = target.clientKeys;
  const chosen =
    action ??
    (await prompter.select<KeysAction>({
      message: 'Client keys:',
      flag: 'keys create | keys list | keys revoke',
      choices: [
        { value: 'list', name: 'List them' },
        { value: 'create', name: 'Create a key' },
        { value: 'revoke', name: 'Revoke a key' },
      ],
    }));
  switch (chosen) {
    case 'create': {
      const created = await keys.create();
      output.print(
        `New client key ${created.id} (shown this once; keep it now):\n\n  ${created.key}\n\n${created.note}`,
      );
      return;
    }
    case 'list': {
      const listed = await keys.list();
      output.print(
        listed.length === 0
          ? 'No client keys: the gateway accepts anyone (allowed only on a loopback address locally).'
          : listed
              .map((key) => `${key.id}  ${key.hint}${key.created ? `  created ${key.created}` : ''}`)
              .join('\n'),
      );
      return;
    }
    case 'revoke': {
      const keyId =
        options.keyId ??
        (await prompter.select({
          message: 'Key to revoke:',
          flag: '--key-id',
          choices: (await keys.list()).map((key) => ({ value: key.id, name: `${key.id}  ${key.hint}` })),
        }));
      const confirmed =
        options.yes ||
        (await prompter.confirm({
          message: `Revoke ${keyId}? Clients using it are refused from then on.`,
          flag: '--yes',
        }));
      if (!confirmed) {
        output.print('Nothing revoked.');
        return;
      }
      await keys.revoke(keyId);
      output.print(`Revoked ${keyId}.`);
      return;
    }
    default:
      return chosen satisfies never;
  }
}
