/**
 * After a Code Assist sign-in: find the account's project (or verify the one given), onboarding the
 * user when Google asks for it, and tell the operator the tier (DESIGN.md §4).
 */
import { discoverCodeAssistSetup } from '../../lambda/upstream/code-assist-project.js';
import { UpstreamError } from '../../lambda/upstream/upstream-error.js';
import { SetupError } from './setup-error.js';
import type { WizardContext } from './wizard-context.js';

/**
 * The project to store in the account document.
 *
 * @example const projectId = await setUpCodeAssist({ context, accessToken, project: options.project });
 * @throws SetupError when the account is not eligible or needs a project of its own.
 */
export async function setUpCodeAssist({
  context,
  accessToken,
  project,
}: {
  context: WizardContext;
  accessToken: string;
  project: string | undefined;
}): Promise<string> {
  const { upstream } = context.google;
  try {
    const setup = await discoverCodeAssistSetup({
      baseUrl: `${upstream.codeAssistEndpoint.replace(/\/+$/, '')}/${upstream.codeAssistApiVersion}`,
      dispatcher: context.dispatcher,
      clock: context.clock,
      accessToken,
      signal: AbortSignal.timeout(120_000),
      ...(project ? { project } : {}),
    });
    const tier = setup.tier.name ? `${setup.tier.name} (${setup.tier.id})` : setup.tier.id;
    context.output.print(`Code Assist: tier ${tier}, project ${setup.project}.`);
    return setup.project;
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    throw new SetupError(
      error.failure === 'forbidden'
        ? `This account cannot use Code Assist${project ? ` with project ${project}` : ''}: ${error.message}`
        : `Code Assist setup failed (${error.failure}): ${error.message}`,
    );
  }
}
