import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildGatewayApp } from '../build-gateway-app.js';
import type { GatewayStack } from '../gateway-stack.js';
import { projectRoot } from '../node-function.js';

const stubEntry = `${projectRoot}lib/testing/stub-handler.ts`;

/**
 * Synthesizes the gateway app as `cdk synth` would (cdk.json's feature flags, cdk-nag on), with
 * bundling skipped and stub handlers, plus the given context values.
 *
 * @example
 * const { stack, template } = synthesizeGateway({ context: { reservedConcurrency: '5' } });
 */
export function synthesizeGateway({ context = {} }: { context?: Record<string, unknown> } = {}): {
  stack: GatewayStack;
  template: Template;
} {
  const cdkJson = JSON.parse(readFileSync(`${projectRoot}cdk.json`, 'utf8')) as {
    context: Record<string, unknown>;
  };
  const app = new App({
    context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], ...context },
  });
  const stack = buildGatewayApp({ app, handlerEntries: { gateway: stubEntry, refresher: stubEntry } });
  return { stack, template: Template.fromStack(stack) };
}
