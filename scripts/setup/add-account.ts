/**
 * Adds an account: the backend, an id, then its credentials. Code Assist signs in with the operator's
 * OAuth client and finds (or verifies) the project and tier; Vertex AI signs in the same way or takes a
 * service-account key, with a project and location; the Gemini API takes an API key. The document
 * records the OAuth client with the refresh token it issued, so the gateway can refresh it anywhere.
 */
import { type BackendKind, serviceAccountKeySchema } from '../../lambda/credentials/account.js';
import type { NewAccountDocument } from '../targets/account-target.js';
import { askAccountId } from './ask-account-id.js';
import type { Choice } from './prompter.js';
import { readSecretFile } from './read-secret-file.js';
import { resolveOAuthClient } from './resolve-oauth-client.js';
import { setUpCodeAssist } from './set-up-code-assist.js';
import { SetupError } from './setup-error.js';
import { signIn } from './sign-in.js';
import type { WizardContext } from './wizard-context.js';

const backendChoices: readonly Choice<BackendKind>[] = [
  {
    value: 'code-assist',
    name: 'Code Assist',
    description: 'a Google account signed in with your OAuth client',
  },
  { value: 'gemini-api', name: 'Gemini API', description: 'an API key from Google AI Studio' },
  {
    value: 'vertex',
    name: 'Vertex AI',
    description: 'a Google Cloud project, signed in or with a service-account key',
  },
];

/** @example await addAccount(context); */
export async function addAccount(context: WizardContext): Promise<void> {
  const { options, prompter, target, output } = context;
  const backend =
    options.backend ??
    (await prompter.select({
      message: 'Backend:',
      flag: '--backend',
      choices: backendChoices,
      default: 'code-assist',
    }));
  const id = await askAccountId({ context });
  const document = await collectCredentials({ context, id, backend });
  await target.createAccount(document);
  output.print(`Added ${id} (${backend}): ${target.locate(id)}.`);
}

async function collectCredentials(input: {
  context: WizardContext;
  id: string;
  backend: BackendKind;
}): Promise<NewAccountDocument> {
  const { context, id, backend } = input;
  switch (backend) {
    case 'gemini-api':
      return { id, backend, apiKey: await askApiKey(context) };
    case 'code-assist': {
      const oauthClient = await resolveOAuthClient(context);
      const credentials = await signIn({ context, oauthClient });
      const projectId = await setUpCodeAssist({
        context,
        accessToken: credentials.access_token,
        project: context.options.project,
      });
      return { id, backend, projectId, credentials, oauthClient };
    }
    case 'vertex':
      return collectVertexCredentials(input);
    default:
      return backend satisfies never;
  }
}

async function askApiKey(context: WizardContext): Promise<string> {
  const { apiKeyFile } = context.options;
  if (apiKeyFile !== undefined) return readSecretFile({ path: apiKeyFile, flag: '--api-key-file' });
  return context.prompter.secret({
    message: 'Gemini API key (https://aistudio.google.com/apikey):',
    flag: '--api-key-file',
  });
}

async function collectVertexCredentials({
  context,
  id,
}: {
  context: WizardContext;
  id: string;
}): Promise<NewAccountDocument> {
  const { options, prompter } = context;
  const method =
    options.serviceAccountFile !== undefined
      ? 'service-account'
      : await prompter.select({
          message: 'Sign in with:',
          flag: '--service-account-file',
          default: 'oauth',
          choices: [
            { value: 'oauth', name: 'a Google account', description: 'signed in with your OAuth client' },
            { value: 'service-account', name: 'a service-account key', description: 'a JSON key file' },
          ],
        });
  const serviceAccount =
    method === 'service-account'
      ? await readServiceAccountKey(
          options.serviceAccountFile ??
            (await prompter.text({
              message: 'Service-account JSON key file:',
              flag: '--service-account-file',
            })),
        )
      : undefined;
  const projectId =
    options.project ??
    (await prompter.text({
      message: 'Google Cloud project id:',
      flag: '--project',
      ...(serviceAccount?.project_id ? { default: serviceAccount.project_id } : {}),
      validate: (text) => /^[a-z][a-z0-9-]{4,61}[a-z0-9]$/.test(text) || 'a project id like my-project-123',
    }));
  const location =
    options.location ??
    (await prompter.text({ message: 'Location:', flag: '--location', default: 'us-central1' }));
  if (serviceAccount) return { id, backend: 'vertex', projectId, location, serviceAccount };
  const oauthClient = await resolveOAuthClient(context);
  const credentials = await signIn({ context, oauthClient });
  return { id, backend: 'vertex', projectId, location, credentials, oauthClient };
}

async function readServiceAccountKey(path: string) {
  const text = await readSecretFile({ path, flag: '--service-account-file' });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new SetupError(`${path} is not valid JSON`);
  }
  const parsed = serviceAccountKeySchema.safeParse(value);
  if (!parsed.success) {
    throw new SetupError(`${path} is not a service-account key (it needs client_email and private_key)`);
  }
  return parsed.data;
}
