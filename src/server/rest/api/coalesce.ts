/**
 * Coalescing: concurrent calls to one endpoint travel to the backend together, in one mutation that decides each
 * of them on its own (convex/model/apiCall.ts). A call waits for the end of the event loop's current turn
 * (`setImmediate`), so every request whose bytes arrived in the same turn joins it; while `maxInFlight` batches
 * are in flight, arriving calls queue for the next one. An idle server adds one loop turn (microseconds) to a
 * lone call; under load the per-transaction cost is shared (ARCHITECTURE.md measured it).
 *
 * Two batches in flight keep the engine thread busy: it starts the next transaction as soon as one commits,
 * instead of waiting for the main thread to get round to the answer and send what queued meanwhile. The
 * transactions still run one after the other, so every call is decided exactly as if alone, in arrival order.
 *
 * A failed mutation fails none of its calls for the others' sake: each is retried alone, so only a call that
 * fails by itself answers 500.
 *
 * With `groupOf`, a batch holds calls of one group only (the oldest waiting call's group, and every waiting call
 * of it): on a Convex deployment calls are batched per API key, so a mutation touches one key's rate-limit shard
 * and two concurrent mutations conflict only when they share a key and a shard (prisma-free-notes/rest-api.md).
 * The embedded engine runs one mutation at a time and never conflicts, so there batches mix keys.
 */
type Pending<Call, Out> = { call: Call; resolve: (out: Out) => void; reject: (error: unknown) => void };

export type CoalesceOptions<Call> = { maxInFlight?: number; groupOf?: (call: Call) => string };

export function coalesce<Call, Out>(
  runMany: (calls: Call[]) => Promise<Out[]>,
  maxBatch: number,
  { maxInFlight = 2, groupOf }: CoalesceOptions<Call> = {},
): (call: Call) => Promise<Out> {
  const queue: Pending<Call, Out>[] = [];
  let inFlight = 0;
  let scheduled = false;

  const runAlone = (pending: Pending<Call, Out>) =>
    runMany([pending.call]).then(
      ([out]) => pending.resolve(out),
      (error: unknown) => pending.reject(error),
    );

  async function runBatch(batch: Pending<Call, Out>[]): Promise<void> {
    try {
      const outs = await runMany(batch.map((p) => p.call));
      batch.forEach((pending, i) => pending.resolve(outs[i]));
    } catch (error) {
      if (batch.length === 1) batch[0].reject(error);
      else await Promise.all(batch.map(runAlone));
    }
  }

  function nextBatch(): Pending<Call, Out>[] {
    if (!groupOf) return queue.splice(0, maxBatch);
    const group = groupOf(queue[0].call);
    const batch: Pending<Call, Out>[] = [];
    for (let i = 0; i < queue.length && batch.length < maxBatch; ) {
      if (groupOf(queue[i].call) === group) batch.push(...queue.splice(i, 1));
      else i++;
    }
    return batch;
  }

  function pump(): void {
    scheduled = false;
    while (queue.length > 0 && inFlight < maxInFlight) {
      inFlight++;
      void runBatch(nextBatch()).finally(() => {
        inFlight--;
        pump();
      });
    }
  }

  return (call) =>
    new Promise<Out>((resolve, reject) => {
      queue.push({ call, resolve, reject });
      if (inFlight < maxInFlight && !scheduled) {
        scheduled = true;
        setImmediate(pump);
      }
    });
}
