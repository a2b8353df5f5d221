/**
 * The prompter when there is no terminal (scripts, CI): a question with a default takes it, any other
 * fails naming its flag. The headless sign-in still reads the pasted redirect as one line of standard
 * input, so a script can pipe it in.
 */
import { createInterface } from 'node:readline';
import type { Prompter } from './prompter.js';
import { SetupError } from './setup-error.js';

/** @example const prompter = createFlagsPrompter({ input: process.stdin }); */
export function createFlagsPrompter({ input }: { input: NodeJS.ReadableStream }): Prompter {
  const missing = (flag: string, message: string) =>
    new SetupError(`Missing ${flag} (${message.replace(/[:?]\s*$/, '')}); there is no terminal to ask on`);
  return {
    select: async (question) => {
      if (question.default === undefined) throw missing(question.flag, question.message);
      return question.default;
    },
    text: async (question) => {
      if (question.default === undefined) throw missing(question.flag, question.message);
      return question.default;
    },
    secret: async (question) => {
      throw missing(question.flag, question.message);
    },
    confirm: async (question) => {
      throw new SetupError(`${question.message} Pass ${question.flag} to confirm without a terminal.`);
    },
    paste: ({ signal }) => readLine({ input, signal }),
  };
}

function readLine({ input, signal }: { input: NodeJS.ReadableStream; signal: AbortSignal }): Promise<string> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const lines = createInterface({ input, terminal: false });
    let settled = false;
    // Settle first: closing the interface emits 'close' at once, which must not count as the end of input.
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      settle();
      signal.removeEventListener('abort', onAbort);
      lines.close();
    };
    const onAbort = () => finish(() => reject(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    lines.once('line', (line) => finish(() => resolve(line)));
    lines.once('close', () =>
      finish(() => reject(new SetupError('Standard input ended before a redirect URL or code'))),
    );
  });
}
