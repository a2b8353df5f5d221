/** `npm run status`: the pool's health per account and model (`--help` for the flags). See scripts/status/run-status.ts. */
import { systemClock } from '../lambda/core/ports.js';
import { runCli } from './run-cli.js';
import { runStatus } from './status/run-status.js';
import { defaultAwsClients } from './targets/default-aws-clients.js';

await runCli(() =>
  runStatus({
    argv: process.argv.slice(2),
    environment: process.env,
    output: { print: (text) => void process.stdout.write(`${text}\n`) },
    clock: systemClock,
    aws: defaultAwsClients,
  }),
);
