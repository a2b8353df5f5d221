/**
 * Whether the pool store is answering. Logs trouble once per burst: one error line when the store
 * starts failing, one info line when it answers again, nothing in between (a DynamoDB outage would
 * otherwise log on every request).
 */
import type { Logger } from '../core/ports.js';

export class StoreHealth {
  private failingNow = false;

  constructor(private readonly logger: Logger) {}

  get failing(): boolean {
    return this.failingNow;
  }

  /** `operation` says what could not be done, e.g. "read the pool state". */
  failed(operation: string, error: unknown): void {
    if (this.failingNow) return;
    this.failingNow = true;
    this.logger.error(
      `pool state store unreachable (could not ${operation}); serving from this process's view`,
      {
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      },
    );
  }

  succeeded(): void {
    if (!this.failingNow) return;
    this.failingNow = false;
    this.logger.info('pool state store reachable again');
  }
}
