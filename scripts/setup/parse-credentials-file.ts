/**
 * What `import` accepts: an account document (DESIGN.md §3.3), which includes the original project's
 * `{"projectId", "credentials": {...}}`, or the Gemini CLI's `~/.gemini/oauth_creds.json` (the bare
 * token set `{access_token, refresh_token, scope, token_type, id_token, expiry_date}`), which becomes a
 * Code Assist account. Messages name the file and the fields at fault, never a value: the text is full
 * of secrets.
 */
import {
  type AccountDocument,
  accountDocumentSchema,
  oauthCredentialsSchema,
} from '../../lambda/credentials/account.js';
import { SetupError } from './setup-error.js';

export type CredentialsFileFormat = 'account-document' | 'gemini-cli';

export interface ParsedCredentialsFile {
  format: CredentialsFileFormat;
  document: AccountDocument;
}

/**
 * @example
 * parseCredentialsFile({ text: '{"refresh_token":"1//…"}', fileName: 'oauth_creds.json' });
 * // { format: 'gemini-cli', document: { backend: 'code-assist', credentials: { refresh_token: '1//…' } } }
 */
export function parseCredentialsFile({
  text,
  fileName,
}: {
  text: string;
  fileName: string;
}): ParsedCredentialsFile {
  const value = parseJsonObject({ text, fileName });
  if (typeof value.refresh_token === 'string' && value.credentials === undefined) {
    const parsed = oauthCredentialsSchema.safeParse(value);
    if (!parsed.success)
      throw invalidFields({ fileName, paths: parsed.error.issues.map(({ path }) => path) });
    // The id token is a signed profile of the user; the gateway has no use for it.
    const { id_token: _idToken, ...credentials } = parsed.data;
    return { format: 'gemini-cli', document: { backend: 'code-assist', credentials } };
  }
  if (!['credentials', 'apiKey', 'serviceAccount'].some((field) => value[field] !== undefined)) {
    throw new SetupError(
      `${fileName} is not a credentials file this wizard knows: expected an account document (with "credentials", "apiKey" or "serviceAccount") or the Gemini CLI's oauth_creds.json (with "refresh_token")`,
    );
  }
  const parsed = accountDocumentSchema.safeParse(value);
  if (!parsed.success) throw invalidFields({ fileName, paths: parsed.error.issues.map(({ path }) => path) });
  return { format: 'account-document', document: parsed.data };
}

function parseJsonObject({ text, fileName }: { text: string; fileName: string }): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // JSON.parse quotes the text it choked on, which holds tokens: say only which file.
    throw new SetupError(`${fileName} is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SetupError(`${fileName} does not hold a JSON object`);
  }
  return value as Record<string, unknown>;
}

function invalidFields({ fileName, paths }: { fileName: string; paths: PropertyKey[][] }): SetupError {
  const fields = paths.map((path) => path.map(String).join('.') || '(root)');
  return new SetupError(`${fileName} has invalid fields: ${[...new Set(fields)].join(', ')}`);
}
