// SQLITE_BUSY handling: connections use busy_timeout 0 so SQLite never blocks
// the event loop; contended operations are retried asynchronously with jitter.
const realSetTimeout = globalThis.setTimeout;
const BUSY_GIVE_UP_MS = 60_000;

export function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code === "string") return code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED");
  // convex/server rethrows async syscall errors as plain Errors, keeping only the message.
  const message = (e as { message?: unknown } | null)?.message;
  return typeof message === "string" && /^database (table )?is locked/.test(message);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => realSetTimeout(resolve, ms));
}

/** Runs fn until it does not fail with SQLITE_BUSY; fn must be safe to repeat. */
export async function retryBusy<T>(what: string, fn: () => T): Promise<T> {
  const start = Date.now();
  let delay = 1;
  for (;;) {
    try {
      return fn();
    } catch (e) {
      if (!isBusy(e)) throw e;
      if (Date.now() - start > BUSY_GIVE_UP_MS) throw new Error(`Database stayed busy for ${BUSY_GIVE_UP_MS} ms during ${what}`, { cause: e });
    }
    await sleep(delay * (0.5 + Math.random()));
    delay = Math.min(delay * 2, 50);
  }
}
