/**
 * `npm run status`: the pool as an operator wants to see it, from the deployed table or the local
 * state (same target flags as the setup wizard): a table by default, `--json` for machines.
 */
import { parseArgs } from 'node:util';
import type { Clock } from '../../lambda/core/ports.js';
import type { Output } from '../setup/prompter.js';
import { SetupError } from '../setup/setup-error.js';
import { readEnvironmentConfig } from '../targets/read-environment-config.js';
import { type AwsClients, resolveTarget } from '../targets/resolve-target.js';
import { readTargetOptions, targetOptionConfig, targetUsage } from '../targets/target-options.js';
import { formatStatusTable, toStatusJson } from './format-pool-status.js';
import { readPoolStatus } from './read-pool-status.js';

const statusUsage = `Usage: npm run status [-- [--json] [flags]]

Per account and model: the success probability the router estimates (with a bar), recent successes
and failures (time-decayed), frozen until when and why, disabled reason, token expiry.
  --json                     machine-readable output

${targetUsage}`;

export interface StatusDependencies {
  argv: readonly string[];
  environment: Record<string, string | undefined>;
  output: Output;
  clock: Clock;
  aws: AwsClients;
}

/**
 * @example await runStatus({ argv: ['--json'], environment: process.env, output, clock: systemClock, aws: defaultAwsClients });
 * @throws SetupError for bad flags, a missing stack or unreadable state.
 */
export async function runStatus(dependencies: StatusDependencies): Promise<void> {
  const { output, clock } = dependencies;
  const values = parseFlags(dependencies.argv);
  if (values.help) {
    output.print(statusUsage);
    return;
  }
  const config = readEnvironmentConfig(dependencies.environment);
  // With --json nothing but the JSON may reach standard output.
  const notes: Output = values.json ? { print: () => {} } : output;
  const target = await resolveTarget({
    options: readTargetOptions(values),
    local: config,
    aws: dependencies.aws,
    clock,
    output: notes,
  });
  try {
    const now = clock.now();
    const statuses = await readPoolStatus({ target, now });
    output.print(
      values.json
        ? JSON.stringify(toStatusJson({ statuses, now, target: target.description }), null, 2)
        : formatStatusTable({ statuses, now, heading: target.description }),
    );
  } finally {
    await target.close();
  }
}

function parseFlags(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      strict: true,
      options: {
        ...targetOptionConfig,
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    throw new SetupError(`${error instanceof Error ? error.message : 'Invalid arguments'}\n\n${statusUsage}`);
  }
}
