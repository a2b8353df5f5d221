/**
 * Lambda entry of the token refresher (bundled by lib/token-refresher.ts), run on an EventBridge
 * schedule. Everything is composed in create-refresher-handler.ts.
 */
import { createRefresherHandler } from './create-refresher-handler.js';

export const handler = createRefresherHandler({ environment: process.env });
