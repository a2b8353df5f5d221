/** Reads a secret (API key, client secret) from a file named by a flag; errors name the file, never its content. */
import { readFile } from 'node:fs/promises';
import { SetupError } from './setup-error.js';

/** @example const apiKey = await readSecretFile({ path: options.apiKeyFile, flag: '--api-key-file' }); */
export async function readSecretFile({ path, flag }: { path: string; flag: string }): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SetupError(`${flag}: cannot read ${path} (${code ?? 'unreadable'})`);
  }
  const secret = text.trim();
  if (secret === '') throw new SetupError(`${flag}: ${path} is empty`);
  return secret;
}
