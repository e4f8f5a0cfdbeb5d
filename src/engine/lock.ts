// FIFO async mutex: mutations queue here before taking SQLite's write lock,
// so in-process writers never contend with each other inside SQLite.
export class FifoLock {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves with a release function once every earlier holder released. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => held);
    return ready;
  }
}
