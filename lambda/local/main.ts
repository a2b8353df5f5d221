/** `npm start`: the gateway on HOST:PORT, configured from the environment (DESIGN.md §3.1). */
import { ConfigError, readLocalConfig } from './local-config.js';
import { startLocalGateway } from './start-local-gateway.js';

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
