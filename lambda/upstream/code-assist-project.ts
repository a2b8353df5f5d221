/**
 * Finds the Code Assist project of an account that has no `projectId`, the way the Gemini CLI does:
 * `loadCodeAssist`; a user with a `currentTier` already has a project (`cloudaicompanionProject`);
 * otherwise `onboardUser` on the default allowed tier, without a project (the free tier runs on a
 * managed project and refuses one), then poll the long-running operation until it is done.
 * The answer is cached per account for the life of the process, one discovery in flight per account.
 * `discoverCodeAssistSetup` is the same discovery once, with the tier, for the setup wizard.
 */
import type { Dispatcher } from 'undici';
import * as z from 'zod';
import type { AbortSignalLike } from '../core/light-abort-controller.js';
import type { Clock, Logger } from '../core/ports.js';
import type { Account } from '../credentials/account.js';
import { raceAbort } from './race-abort.js';
import { requestGoogleJson } from './request-google-json.js';
import { UpstreamError } from './upstream-error.js';

/** The metadata the Gemini CLI sends; Code Assist wants a plugin type. */
const clientMetadata = { ideType: 'IDE_UNSPECIFIED', platform: 'PLATFORM_UNSPECIFIED', pluginType: 'GEMINI' };

const tierSchema = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  isDefault: z.boolean().nullish(),
});

const loadCodeAssistSchema = z.looseObject({
  currentTier: tierSchema.nullish(),
  allowedTiers: z.array(tierSchema).nullish(),
  cloudaicompanionProject: z.string().nullish(),
  ineligibleTiers: z.array(z.looseObject({ reasonMessage: z.string().nullish() })).nullish(),
});
type LoadCodeAssistAnswer = z.infer<typeof loadCodeAssistSchema>;

const operationSchema = z.looseObject({
  name: z.string().nullish(),
  done: z.boolean().nullish(),
  response: z
    .looseObject({ cloudaicompanionProject: z.looseObject({ id: z.string().nullish() }).nullish() })
    .nullish(),
});
type Operation = z.infer<typeof operationSchema>;

export interface ProjectDiscoveryOptions {
  /** `{CODE_ASSIST_ENDPOINT}/{CODE_ASSIST_API_VERSION}`. */
  baseUrl: string;
  dispatcher: Dispatcher;
  clock: Clock;
  logger: Logger;
  /** Between polls of the onboarding operation (the Gemini CLI waits 5 s). */
  pollIntervalMs?: number;
  /** Polls before giving up with `timeout`. */
  maxPolls?: number;
  /** Bound on one whole discovery, shared by every caller waiting for it. */
  timeoutMs?: number;
}

export interface ProjectDiscovery {
  /** The account's project: its `projectId`, else the one discovered (once) for it. */
  projectFor(input: { account: Account; accessToken: string; signal: AbortSignalLike }): Promise<string>;
}

/**
 * @example
 * const discovery = createProjectDiscovery({ baseUrl: 'https://cloudcode-pa.googleapis.com/v1internal', dispatcher, clock, logger });
 * const project = await discovery.projectFor({ account, accessToken, signal });
 */
export function createProjectDiscovery(options: ProjectDiscoveryOptions): ProjectDiscovery {
  const { logger } = options;
  const projects = new Map<string, Promise<string>>();

  return {
    projectFor({ account, accessToken, signal }) {
      if (account.projectId) return Promise.resolve(account.projectId);
      let project = projects.get(account.id);
      if (!project) {
        const timeoutMs = options.timeoutMs ?? 60_000;
        const deadline = AbortSignal.timeout(timeoutMs);
        project = discoverCodeAssistSetup({ ...options, accessToken, signal: deadline }).then(
          (setup) => setup.project,
          (error: unknown) => {
            if (!deadline.aborted) throw error;
            throw new UpstreamError({
              failure: 'timeout',
              message: `Code Assist project discovery took over ${timeoutMs} ms`,
            });
          },
        );
        projects.set(account.id, project);
        project.then(
          (id) => logger.info('Discovered the Code Assist project', { accountId: account.id, project: id }),
          (error: unknown) => {
            projects.delete(account.id);
            logger.warn('Code Assist project discovery failed', {
              accountId: account.id,
              error: describeFailure(error),
            });
          },
        );
      }
      return raceAbort({ promise: project, signal });
    },
  };
}

type DiscoverInput = Omit<ProjectDiscoveryOptions, 'logger'> & {
  accessToken: string;
  signal: AbortSignalLike;
  /** The user's own project (paid and Workspace tiers), to verify rather than discover. */
  project?: string;
};

/** The account's project and the Code Assist tier it is on. */
export interface CodeAssistSetup {
  project: string;
  tier: { id: string; name?: string };
}

/**
 * One discovery (or, given `project`, verification) with the tier, onboarding the user if needed.
 * Rejects with `UpstreamError`: forbidden when the account is not eligible or needs a project of its own.
 *
 * @example
 * const { project, tier } = await discoverCodeAssistSetup({ baseUrl, dispatcher, clock, accessToken, signal });
 */
export async function discoverCodeAssistSetup(input: DiscoverInput): Promise<CodeAssistSetup> {
  const { project } = input;
  const metadata = project ? { ...clientMetadata, duetProject: project } : clientMetadata;
  const loaded = parseAnswer(
    loadCodeAssistSchema,
    await call(input, 'POST', ':loadCodeAssist', {
      ...(project ? { cloudaicompanionProject: project } : {}),
      metadata,
    }),
  );
  if (loaded.currentTier) {
    const current = project ?? loaded.cloudaicompanionProject;
    if (current) return { project: current, tier: describeTier(loaded.currentTier) };
    throw needsProject(loaded);
  }
  const tier = loaded.allowedTiers?.find((allowed) => allowed.isDefault) ?? { id: 'legacy-tier' };
  // The free tier runs on a managed project and refuses one.
  const onboardRequest = {
    tierId: tier.id,
    ...(project && tier.id !== 'free-tier' ? { cloudaicompanionProject: project } : {}),
    metadata,
  };
  let operation = parseAnswer(operationSchema, await call(input, 'POST', ':onboardUser', onboardRequest));
  for (let poll = 0; !operation.done; poll += 1) {
    if (poll >= (input.maxPolls ?? 12)) {
      throw new UpstreamError({
        failure: 'timeout',
        message: 'Code Assist onboarding did not finish in time',
      });
    }
    await input.clock.sleep(input.pollIntervalMs ?? 5_000, input.signal);
    operation = parseAnswer(operationSchema, await pollOperation(input, operation, onboardRequest));
  }
  const onboarded = operation.response?.cloudaicompanionProject?.id ?? project;
  if (!onboarded) throw needsProject(loaded);
  return { project: onboarded, tier: describeTier(tier) };
}

function describeTier(tier: { id: string; name?: string | null }): CodeAssistSetup['tier'] {
  return tier.name ? { id: tier.id, name: tier.name } : { id: tier.id };
}

/** Newer Code Assist answers with an operation name to poll; older ones expect the call repeated. */
function pollOperation(input: DiscoverInput, operation: Operation, onboardRequest: object): Promise<unknown> {
  return operation.name
    ? call(input, 'GET', `/${operation.name}`, undefined)
    : call(input, 'POST', ':onboardUser', onboardRequest);
}

function call(input: DiscoverInput, method: 'GET' | 'POST', suffix: string, body: unknown): Promise<unknown> {
  return requestGoogleJson({
    dispatcher: input.dispatcher,
    method,
    url: `${input.baseUrl}${suffix}`,
    accessToken: input.accessToken,
    body,
    signal: input.signal,
    now: () => input.clock.now(),
  });
}

function parseAnswer<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new UpstreamError({
    failure: 'malformed_response',
    message: `Code Assist setup answered an unexpected shape at ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}`,
  });
}

/** Workspace and paid tiers run on the user's own project, which Code Assist cannot pick for them. */
function needsProject(loaded: LoadCodeAssistAnswer): UpstreamError {
  const reasons = (loaded.ineligibleTiers ?? []).flatMap((tier) =>
    tier.reasonMessage ? [tier.reasonMessage] : [],
  );
  return new UpstreamError({
    failure: 'forbidden',
    message: `Code Assist has no project for this account; set "projectId" in its account file${
      reasons.length > 0 ? ` (${reasons.join('; ')})` : ''
    }`,
  });
}

function describeFailure(error: unknown): string {
  return error instanceof UpstreamError ? `${error.failure}: ${error.message}` : 'unexpected error';
}
