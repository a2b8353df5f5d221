import { MemoryPoolStore } from '../memory-pool-store.js';

/** A memory store that counts its state reads, and whose reads a test may hold. */
export class HeldReadsStore extends MemoryPoolStore {
  reads = 0;
  private held: Promise<void> | undefined;

  /** Every read from now on waits until the returned function is called. */
  holdReads(): () => void {
    let release = () => {};
    this.held = new Promise<void>((resolve) => {
      release = resolve;
    });
    return release;
  }

  override async readPool() {
    this.reads += 1;
    await this.held;
    return super.readPool();
  }
}
