import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createFlagsPrompter } from './create-flags-prompter.js';
import { SetupError } from './setup-error.js';

describe('createFlagsPrompter', () => {
  const choices = [
    { value: 'oauth', name: 'a Google account' },
    { value: 'service-account', name: 'a key' },
  ] as const;

  it('takes the defaults a question has', async () => {
    // Prepare
    const prompter = createFlagsPrompter({ input: new PassThrough() });

    // Act
    const answers = [
      await prompter.select({
        message: 'Sign in with:',
        flag: '--service-account-file',
        choices,
        default: 'oauth',
      }),
      await prompter.text({ message: 'Location:', flag: '--location', default: 'us-central1' }),
    ];

    // Assess
    expect(answers).toStrictEqual(['oauth', 'us-central1']);
  });

  it('names the flag for a question without a default, a secret or a confirmation', async () => {
    // Prepare
    const prompter = createFlagsPrompter({ input: new PassThrough() });

    // Act
    const errors = await Promise.all([
      prompter.text({ message: 'Google Cloud project id:', flag: '--project' }).catch((caught) => caught),
      prompter.secret({ message: 'Gemini API key:', flag: '--api-key-file' }).catch((caught) => caught),
      prompter.confirm({ message: 'Remove k1?', flag: '--yes' }).catch((caught) => caught),
    ]);

    // Assess
    expect(errors).toStrictEqual([
      new SetupError('Missing --project (Google Cloud project id); there is no terminal to ask on'),
      new SetupError('Missing --api-key-file (Gemini API key); there is no terminal to ask on'),
      new SetupError('Remove k1? Pass --yes to confirm without a terminal.'),
    ]);
  });

  it('reads a pasted redirect as one line of standard input, and stops reading when the browser won', async () => {
    // Prepare
    const input = new PassThrough();
    const prompter = createFlagsPrompter({ input });
    const abandoned = new AbortController();

    // Act
    const pasted = prompter.paste({ message: 'Redirect URL or code:', signal: new AbortController().signal });
    input.write('http://127.0.0.1:1/oauth2callback?code=4/x&state=s\nnext line\n');
    const gaveUp = prompter.paste({ message: 'Redirect URL or code:', signal: abandoned.signal });
    abandoned.abort(new Error('signed in through the browser'));

    // Assess
    expect(await pasted).toStrictEqual('http://127.0.0.1:1/oauth2callback?code=4/x&state=s');
    await expect(gaveUp).rejects.toThrow('signed in through the browser');
  });
});
