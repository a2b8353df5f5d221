/**
 * What both command-line entries share: known failures printed as one line on standard error (exit 1),
 * Ctrl-C at a prompt ending quietly (exit 130), anything else reported by name and message only (a
 * stack or a raw object could carry a secret), and an explicit exit once done, so a keep-alive socket
 * or an idle standard input never holds the process open.
 */
import { explainFailure } from './setup/explain-failure.js';

/** @example await runCli(() => runSetup({ ... })); */
export async function runCli(main: () => Promise<void>): Promise<never> {
  // The AWS SDK warns on every run that its 2027 releases will need Node 22; this project runs on
  // Node 20 by design (DESIGN.md §7) and the operator of a CLI can do nothing about it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let exitCode = 0;
  try {
    await main();
  } catch (error) {
    exitCode = 1;
    if (error instanceof Error && error.name === 'ExitPromptError') {
      exitCode = 130;
    } else {
      const known = explainFailure(error);
      const name = error instanceof Error ? error.name : 'Error';
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${known ? known.message : `Unexpected ${name}: ${message}`}\n`);
    }
  }
  process.exit(exitCode);
}
