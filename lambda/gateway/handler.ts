/**
 * Lambda entry of the gateway (bundled by lib/gateway-function.ts): the OpenAI-compatible API behind a
 * streaming Function URL. Everything is composed in compose-aws-gateway.ts.
 */
import { createGatewayHandler } from './compose-aws-gateway.js';

export const handler = createGatewayHandler({ environment: process.env });
