/** Account documents the end-to-end tests start the gateway with. */

/** One Code Assist account with a project and only a refresh token: the first request refreshes it. */
export const oneAccount = {
  'acct-a': {
    id: 'acct-a',
    backend: 'code-assist',
    projectId: 'p-a',
    credentials: { refresh_token: 'rt-a' },
  },
};

/** The first access token the fake Google issues for `oneAccount` (its first registered refresh token). */
export const firstIssuedToken = 'ya29.fake-1-1';
