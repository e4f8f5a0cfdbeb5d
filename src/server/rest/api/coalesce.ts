/**
 * Coalescing: concurrent calls to one endpoint travel to the backend together, in one mutation that decides each
 * of them on its own (convex/model/apiCall.ts). A call waits for the end of the event loop's current turn
 * (`setImmediate`), so every request whose bytes arrived in the same turn joins it; while a mutation is in flight,
 * arriving calls queue for the next one. An idle server adds one loop turn (microseconds) to a lone call; under
 * load the per-transaction cost is shared (ARCHITECTURE.md measured it). The embedded engine runs a mutation
 * almost entirely synchronously, so without the wait no second call would ever find the first still in flight.
 *
 * A failed mutation fails none of its calls for the others' sake: each is retried alone, so only a call that
 * fails by itself answers 500.
 */
type Pending<Call, Out> = { call: Call; resolve: (out: Out) => void; reject: (error: unknown) => void };

export function coalesce<Call, Out>(runMany: (calls: Call[]) => Promise<Out[]>, maxBatch: number): (call: Call) => Promise<Out> {
  const queue: Pending<Call, Out>[] = [];
  let draining = false;
  let scheduled = false;

  const runAlone = (pending: Pending<Call, Out>) =>
    runMany([pending.call]).then(
      ([out]) => pending.resolve(out),
      (error: unknown) => pending.reject(error),
    );

  async function drain(): Promise<void> {
    scheduled = false;
    draining = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, maxBatch);
        try {
          const outs = await runMany(batch.map((p) => p.call));
          batch.forEach((pending, i) => pending.resolve(outs[i]));
        } catch (error) {
          if (batch.length === 1) batch[0].reject(error);
          else await Promise.all(batch.map(runAlone));
        }
      }
    } finally {
      draining = false;
    }
  }

  return (call) =>
    new Promise<Out>((resolve, reject) => {
      queue.push({ call, resolve, reject });
      if (!draining && !scheduled) {
        scheduled = true;
        setImmediate(() => void drain());
      }
    });
}
