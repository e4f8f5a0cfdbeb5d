// FIFO async mutex: mutations queue here before taking SQLite's write lock,
// so in-process writers never contend with each other inside SQLite.
export class FifoLock {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  /** True while someone holds or waits for the lock. */
  get busy(): boolean {
    return this.pending > 0;
  }

  /** Resolves with a release function once every earlier holder released. */
  acquire(): Promise<() => void> {
    this.pending++;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ready = this.tail.then(() => () => {
      this.pending--;
      release();
    });
    this.tail = this.tail.then(() => held);
    return ready;
  }
}
