/**
 * Where the setup wizard and `npm run status` work: a deployed stack (`--target aws`, its table, secret
 * prefix and client-keys secret read from the CloudFormation outputs unless given as flags) or local
 * mode (`--target local`, ACCOUNTS_DIR and STATE_DIR). The same flags serve both commands.
 */
import type { ParseArgsConfig } from 'node:util';
import { SetupError } from '../setup/setup-error.js';

const targetKinds = ['local', 'aws'] as const;
export type TargetKind = (typeof targetKinds)[number];

/** The stack `npx cdk deploy` creates unless `-c stackName=...` says otherwise (lib/gateway-settings.ts). */
export const defaultStackName = 'GeminiGateway';

export interface TargetOptions {
  target?: TargetKind;
  stack?: string;
  region?: string;
  table?: string;
  secretPrefix?: string;
  pool?: string;
  clientKeysSecret?: string;
  accountsDir?: string;
  stateDir?: string;
}

/** For `parseArgs`: the flags both commands accept. */
export const targetOptionConfig = {
  target: { type: 'string' },
  stack: { type: 'string' },
  region: { type: 'string' },
  table: { type: 'string' },
  'secret-prefix': { type: 'string' },
  pool: { type: 'string' },
  'client-keys-secret': { type: 'string' },
  'accounts-dir': { type: 'string' },
  'state-dir': { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

export const targetUsage = `Where (default: the deployed stack when its outputs can be read, else local mode):
  --target aws|local         aws: Secrets Manager + the pool table; local: ACCOUNTS_DIR files + STATE_DIR
  --stack NAME               CloudFormation stack (default ${defaultStackName})
  --region REGION            AWS region (default: your AWS configuration)
  --table NAME --secret-prefix PREFIX [--pool NAME] [--client-keys-secret NAME]
                             skip CloudFormation and name the resources yourself
  --accounts-dir DIR         local account files (default: ACCOUNTS_DIR or ./accounts)
  --state-dir DIR            local pool state (default: STATE_DIR or ./.gateway-state)`;

/** The target flags out of `parseArgs` values. */
export function readTargetOptions(values: Record<string, string | boolean | undefined>): TargetOptions {
  const text = (name: string) => {
    const value = values[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const target = text('target');
  if (target !== undefined && !(targetKinds as readonly string[]).includes(target)) {
    throw new SetupError(`--target must be aws or local, not ${JSON.stringify(target)}`);
  }
  return dropUndefined({
    target: target as TargetKind | undefined,
    stack: text('stack'),
    region: text('region'),
    table: text('table'),
    secretPrefix: text('secret-prefix'),
    pool: text('pool'),
    clientKeysSecret: text('client-keys-secret'),
    accountsDir: text('accounts-dir'),
    stateDir: text('state-dir'),
  });
}

/** The object without its undefined fields, so tests compare what was given. */
export function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
