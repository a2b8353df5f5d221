/**
 * The account document (DESIGN.md §3.3): the content of `ACCOUNTS_DIR/<id>.json` locally and of the
 * account's secret on AWS. The seed's `{projectId, credentials}` format is the same document with
 * defaults, so one schema accepts both.
 */
import * as z from 'zod';

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

/**
 * A Google Cloud service-account JSON key, as `gcloud iam service-accounts keys create` writes it (Vertex
 * only). The gateway signs a JWT with `private_key` and trades it for an access token (jwt-bearer grant);
 * `project_id` stands in for the document's `projectId` when that is absent.
 * https://developers.google.com/identity/protocols/oauth2/service-account#httprest
 */
export const serviceAccountKeySchema = z.looseObject({
  type: z.literal('service_account').optional(),
  client_email: z.string().min(1),
  private_key: z.string().min(1),
  private_key_id: z.string().min(1).optional(),
  project_id: z.string().min(1).optional(),
});
export type ServiceAccountKey = z.infer<typeof serviceAccountKeySchema>;

export const accountDocumentSchema = z.looseObject({
  id: z.string().min(1).optional(),
  backend: z.enum(backendKinds).optional(),
  projectId: z.string().min(1).optional(),
  location: z.string().min(1).optional(),
  credentials: oauthCredentialsSchema.optional(),
  oauthClient: oauthClientSchema.optional(),
  apiKey: z.string().min(1).optional(),
  /** Vertex: a service-account key instead of user `credentials` (it wins when both are present). */
  serviceAccount: serviceAccountKeySchema.optional(),
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
  serviceAccount?: ServiceAccountKey;
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
