/**
 * The pool's end-to-end tests: three Code Assist accounts, and readers for what Google saw (which
 * account each call came from) and what the operator read (the pool's freeze lines).
 */
import type { FakeGoogle } from '../fakes/fake-google.js';
import type { LogEntry, RecordingLogger } from '../fakes/recording-logger.js';

/**
 * Three accounts, each with a project and a refresh token of its own. The harness registers the refresh
 * tokens in this order, so the fake issues `ya29.fake-1-<n>` to acct-a, `ya29.fake-2-<n>` to acct-b and
 * `ya29.fake-3-<n>` to acct-c.
 */
export const threeAccounts = {
  'acct-a': { projectId: 'p-a', credentials: { refresh_token: 'rt-a' } },
  'acct-b': { projectId: 'p-b', credentials: { refresh_token: 'rt-b' } },
  'acct-c': { projectId: 'p-c', credentials: { refresh_token: 'rt-c' } },
};

/** The first two of `threeAccounts`. */
export const twoAccounts = { 'acct-a': threeAccounts['acct-a'], 'acct-b': threeAccounts['acct-b'] };

const accountByProject: Record<string, string> = { 'p-a': 'acct-a', 'p-b': 'acct-b', 'p-c': 'acct-c' };
const tokenPrefixByAccount: Record<string, string> = {
  'acct-a': 'ya29.fake-1-',
  'acct-b': 'ya29.fake-2-',
  'acct-c': 'ya29.fake-3-',
};

/**
 * The account behind each generate call Google saw, in order, from its project; throws when the call's
 * access token belongs to another account (the project and the bearer must name the same account).
 */
export function accountsSeen(google: FakeGoogle, from = 0): string[] {
  return google.calls.slice(from).map(({ project, accessToken }) => {
    const accountId = accountByProject[project ?? ''];
    const prefix = accountId === undefined ? undefined : tokenPrefixByAccount[accountId];
    if (!accountId || !prefix || !accessToken?.startsWith(prefix)) {
      throw new Error(`a call for project ${project} carried the access token ${accessToken}`);
    }
    return accountId;
  });
}

/** The pool's "account X frozen for model M for D (cause)" lines, in order. */
export function freezeLines(logger: RecordingLogger): LogEntry[] {
  return logger.entries.filter((entry) => / frozen for model /.test(entry.message));
}

/** When the freeze a line reports ends (epoch ms). */
export function frozenUntilOf(line: LogEntry | undefined): number {
  const frozenUntil = line?.fields?.frozenUntil;
  if (typeof frozenUntil !== 'string') throw new Error(`not a freeze line: ${line?.message}`);
  return Date.parse(frozenUntil);
}
