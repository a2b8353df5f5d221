/** `npm start`: the gateway on HOST:PORT, configured from the environment (DESIGN.md §3.1). */
import { ConfigError, readLocalConfig } from './local-config.js';
import { startLocalGateway } from './start-local-gateway.js';

// The AWS SDK (the embedded store's client) would warn on every start that its 2027 releases need
// Node 22; the gateway runs on Node 20 by design (DESIGN.md §7), as the command-line tools say too.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

try {
  const config = readLocalConfig(process.env);
  const gateway = await startLocalGateway(config);
  process.stdout.write(
    `Gemini Gateway listening on ${gateway.url} (OpenAI base URL: ${gateway.url}/v1; accounts from ${config.accountsDir})\n`,
  );
  const stop = () => {
    gateway.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  if (!(error instanceof ConfigError) && !(error instanceof Error && 'code' in error)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
