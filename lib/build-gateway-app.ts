import { type App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { gatewayContextKeys, readGatewaySettings } from './gateway-settings.js';
import { GatewayStack, type HandlerEntries } from './gateway-stack.js';

/**
 * Builds the gateway stack into an app: settings from the app's context, and the cdk-nag AWS
 * Solutions checks on everything, so `cdk synth` fails on any unacknowledged finding.
 *
 * @example
 * const app = new App();
 * buildGatewayApp({ app });
 * @throws GatewaySettingsError when a context value is invalid.
 */
export function buildGatewayApp({
  app,
  handlerEntries,
}: {
  app: App;
  handlerEntries?: HandlerEntries;
}): GatewayStack {
  const context = Object.fromEntries(gatewayContextKeys.map((key) => [key, app.node.tryGetContext(key)]));
  const settings = readGatewaySettings({ context });
  const stack = new GatewayStack(app, settings.stackName, {
    settings,
    handlerEntries,
    description: 'Gemini Gateway: an OpenAI-compatible API in front of a pool of Google Gemini accounts',
    tags: { project: 'gemini-gateway', pool: settings.poolName },
  });
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  return stack;
}
