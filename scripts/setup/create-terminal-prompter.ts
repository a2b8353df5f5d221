/**
 * The interactive prompter: @inquirer/prompts on the terminal (arrow-key menus, masked secrets).
 * https://github.com/SBoudrias/Inquirer.js/tree/main/packages/prompts
 */
import { confirm, input, password, select } from '@inquirer/prompts';
import type { Prompter } from './prompter.js';

/** @example const prompter = createTerminalPrompter(); */
export function createTerminalPrompter(): Prompter {
  return {
    select: (question) =>
      select({
        message: question.message,
        choices: question.choices.map((choice) => ({ ...choice })),
        // Every choice on screen: the menu is short, and a scrolling one hides Exit.
        pageSize: question.choices.length,
        ...(question.default === undefined ? {} : { default: question.default }),
      }),
    text: (question) =>
      input({
        message: question.message,
        ...(question.default === undefined ? {} : { default: question.default }),
        ...(question.validate ? { validate: question.validate } : {}),
      }).then((answer) => answer.trim()),
    secret: (question) =>
      password({
        message: question.message,
        mask: '*',
        validate: (answer) => answer.trim() !== '' || 'required',
      }).then((answer) => answer.trim()),
    confirm: (question) => confirm({ message: question.message, default: false }),
    paste: ({ message, signal }) => input({ message }, { signal }),
  };
}
