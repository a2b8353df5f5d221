/**
 * The CDK app (`npx cdk synth`, `npx cdk deploy`). Settings come from CDK context: see
 * lib/gateway-settings.ts, e.g. `npx cdk deploy -c poolName=team -c reservedConcurrency=50`.
 */
import { App } from 'aws-cdk-lib';
import { buildGatewayApp } from '../lib/build-gateway-app.js';
import { GatewaySettingsError } from '../lib/gateway-settings.js';

try {
  buildGatewayApp({ app: new App() });
} catch (error) {
  if (!(error instanceof GatewaySettingsError)) throw error;
  // A bad context value is the user's to fix: the message says what and how, a stack trace would not.
  console.error(error.message);
  process.exit(1);
}
