/** The menu's view of the accounts and their health: the same table as `npm run status`. */
import { formatStatusTable } from '../status/format-pool-status.js';
import { readPoolStatus } from '../status/read-pool-status.js';
import type { WizardContext } from './wizard-context.js';

/** @example await listAccounts(context); */
export async function listAccounts(context: WizardContext): Promise<void> {
  const { target, clock, output } = context;
  const now = clock.now();
  const statuses = await readPoolStatus({ target, now });
  output.print(formatStatusTable({ statuses, now, heading: target.description }));
}
