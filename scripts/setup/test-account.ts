/**
 * One tiny request through the real upstream, on one account, through the gateway's own client (token
 * refresh, project discovery, backend, error classification). The answer is not recorded in the pool
 * and nothing is written back: a test changes nothing.
 */
import { silentLogger } from '../../lambda/core/ports.js';
import { createTokenProvider } from '../../lambda/credentials/token-provider.js';
import type { GenerateContentResponse } from '../../lambda/gemini/generate-content.js';
import { createGeminiClient } from '../../lambda/upstream/gemini-client.js';
import { UpstreamError } from '../../lambda/upstream/upstream-error.js';
import { pickAccount } from './pick-account.js';
import { SetupError } from './setup-error.js';
import type { WizardContext } from './wizard-context.js';

const defaultTestModel = 'gemini-2.5-flash';

/** @example await testAccount(context); */
export async function testAccount(context: WizardContext): Promise<void> {
  const { target, clock, dispatcher, output, google } = context;
  const accountId = await pickAccount({ context, message: 'Account to test:' });
  const account = await target.readAccount(accountId);
  const model = context.options.model ?? defaultTestModel;
  const tokens = createTokenProvider({
    tokenUrl: google.upstream.tokenUrl,
    ...(google.upstream.oauthClient ? { oauthClient: google.upstream.oauthClient } : {}),
    store: { saveCredentials: async () => {} },
    dispatcher,
    clock,
    logger: silentLogger,
  });
  const gemini = createGeminiClient(google.upstream, { tokens, clock, logger: silentLogger, dispatcher });
  const started = clock.now();
  try {
    const { first, rest } = await gemini.open({
      account,
      model,
      request: { contents: [{ role: 'user', parts: [{ text: 'Reply with the single word OK.' }] }] },
      signal: AbortSignal.timeout(google.upstream.firstEventTimeoutMs),
    });
    let text = readText(first);
    for await (const batch of rest) for (const event of batch) text += readText(event);
    const answer = text.trim().replace(/\s+/g, ' ');
    output.print(
      `${accountId} works: ${model} answered in ${clock.now() - started} ms: "${answer.length > 60 ? `${answer.slice(0, 60)}…` : answer}"`,
    );
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    const status = error.status === undefined ? '' : ` (HTTP ${error.status})`;
    throw new SetupError(
      `${accountId} failed the test with ${model}: ${error.failure}${status}: ${error.message}`,
    );
  }
}

/** The answer's text, thoughts left out. */
function readText(event: GenerateContentResponse): string {
  const parts = event.candidates?.[0]?.content?.parts ?? [];
  return parts.map((part) => (part.thought ? '' : (part.text ?? ''))).join('');
}
