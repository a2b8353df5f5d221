/**
 * The account document (DESIGN.md §3.3): the content of `ACCOUNTS_DIR/<id>.json` locally and of the
 * account's secret on AWS. The seed's `{projectId, credentials}` format is the same document with
 * defaults, so one schema accepts both.
 */
import { z } from 'zod';

export const backendKinds = ['code-assist', 'gemini-api', 'vertex'] as const;
export type BackendKind = (typeof backendKinds)[number];

export const oauthCredentialsSchema = z.looseObject({
  refresh_token: z.string().min(1).optional(),
  access_token: z.string().min(1).optional(),
  expiry_date: z.number().optional(),
  token_type: z.string().optional(),
  scope: z.string().optional(),
});
export type OAuthCredentials = z.infer<typeof oauthCredentialsSchema>;

export const oauthClientSchema = z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1) });
export type OAuthClient = z.infer<typeof oauthClientSchema>;

export const accountDocumentSchema = z.looseObject({
  id: z.string().min(1).optional(),
  backend: z.enum(backendKinds).optional(),
  projectId: z.string().min(1).optional(),
  location: z.string().min(1).optional(),
  credentials: oauthCredentialsSchema.optional(),
  oauthClient: oauthClientSchema.optional(),
  apiKey: z.string().min(1).optional(),
  /** Optional allowlist of models this account serves. */
  models: z.array(z.string().min(1)).optional(),
});
export type AccountDocument = z.infer<typeof accountDocumentSchema>;

/** An account as the gateway uses it: the document with its defaults applied. */
export interface Account {
  id: string;
  backend: BackendKind;
  projectId?: string;
  location?: string;
  credentials?: OAuthCredentials;
  oauthClient?: OAuthClient;
  apiKey?: string;
  models?: string[];
}

/** Applies the document's defaults: `id` from the file (or secret) name, `backend` code-assist. */
export function toAccount(document: AccountDocument, fallbackId: string): Account {
  const { id, backend, ...rest } = document;
  return {
    ...rest,
    id: id ?? fallbackId,
    backend: backend ?? 'code-assist',
  } as Account;
}
