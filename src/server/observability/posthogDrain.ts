/**
 * Sends the product-analytics outbox to PostHog (prisma-free-notes/operations.md, "Product analytics (PostHog)").
 * Funnel events are rows written by the mutations that made the changes (convex/model/analytics.ts); this loop,
 * on each app server while POSTHOG_KEY is set, claims a bounded batch under a lease, captures it with
 * `posthog-node` under each row's own uuid, flushes, and deletes the rows PostHog took — or releases them for a
 * later retry. A crash between the send and the delete sends the batch again with the same uuids, which PostHog
 * counts once; a lease keeps two servers off the same rows. posthog-node is loaded only when a batch is there.
 */
import type { PostHog } from "posthog-node";
import { api } from "../../../convex/_generated/api";
import type { Backend } from "../backend/types";
import { logger } from "../http/logger";
import type { PostHogSettings } from "./settings";

export interface AnalyticsDrainOptions {
  settings: PostHogSettings;
  backend: () => Promise<Pick<Backend, "mutation">>;
  /** How soon a committed event is sent while the outbox is idle. */
  pollMs?: number;
  /** Rows claimed (and sent in one request) at a time; the outbox returns 100 at most. */
  batchSize?: number;
  /** How long a claim holds its rows: longer than one send can take (posthog-node's timeout below). */
  leaseMs?: number;
  /** Wait before a failed batch is tried again, by how many times it failed already. */
  retryAfterMs?: (attempts: number) => number;
  requestTimeoutMs?: number;
}

export interface AnalyticsDrain {
  /** Polls the outbox from now on. */
  start(): void;
  /** Runs one claim–send–acknowledge round now; resolves to the number of events PostHog took. */
  drainOnce(): Promise<number>;
  /** Stops polling and sends what is committed (shutdown flush, bounded by `maxMs`). */
  close(maxMs?: number): Promise<void>;
}

type Claimed = (typeof api.analyticsOutbox.claim)["_returnType"]["events"][number];

const backoff = (attempts: number) => Math.min(5_000 * 2 ** attempts, 10 * 60_000);

let posthogModule: Promise<typeof import("posthog-node")> | undefined;

export function createAnalyticsDrain(options: AnalyticsDrainOptions): AnalyticsDrain {
  const { settings, pollMs = 1_000, batchSize = 100, leaseMs = 60_000, retryAfterMs = backoff, requestTimeoutMs = 10_000 } = options;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  /** A client per batch: nothing queued in one survives a failed send to be sent again beside our own retry. */
  async function send(events: Claimed[]): Promise<void> {
    posthogModule ??= import("posthog-node");
    const { PostHog: Client } = await posthogModule;
    const client: PostHog = new Client(settings.key, {
      host: settings.host,
      // Sent when we flush, all at once, not by posthog-node's own timers or retries: the outbox retries.
      flushAt: events.length + 1,
      flushInterval: 0,
      maxBatchSize: events.length,
      maxQueueSize: events.length + 1,
      fetchRetryCount: 0,
      requestTimeout: requestTimeoutMs,
      // The server's address says nothing about the user.
      disableGeoip: true,
      enableExceptionAutocapture: false,
    });
    for (const row of events) {
      client.capture({
        uuid: row.uuid,
        distinctId: row.distinctId,
        event: row.event,
        properties: row.properties,
        ...(row.teamId !== undefined ? { groups: { team: row.teamId } } : {}),
        timestamp: new Date(row.at),
      });
    }
    await client.flush();
  }

  async function round(): Promise<number> {
    const backend = await options.backend();
    const { leaseUntil, events } = await backend.mutation(api.analyticsOutbox.claim, { limit: batchSize, leaseMs });
    if (events.length === 0) return 0;
    const ids = events.map((row) => row.id);
    try {
      await send(events);
    } catch (error) {
      const attempts = Math.max(...events.map((row) => row.attempts));
      logger.warn({ err: error, events: events.length, attempts: attempts + 1 }, "PostHog did not take a batch of analytics events; it will be sent again");
      await backend.mutation(api.analyticsOutbox.release, { ids, leaseUntil, retryAfterMs: retryAfterMs(attempts) });
      return 0;
    }
    await backend.mutation(api.analyticsOutbox.acknowledge, { ids });
    return events.length;
  }

  function drainOnce(): Promise<number> {
    // One round at a time in this process; other servers are kept off by the lease.
    running ??= round().finally(() => (running = undefined));
    return running;
  }

  const schedule = (ms: number) => {
    if (closed) return;
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  function tick() {
    drainOnce().then(
      // A full batch means more may be waiting: go on at once.
      (sent) => schedule(sent >= batchSize ? 0 : pollMs),
      (error: unknown) => {
        logger.warn({ err: error }, "analytics outbox round failed");
        schedule(pollMs);
      },
    );
  }
  return {
    start: () => schedule(0),
    drainOnce,
    async close(maxMs = 5_000) {
      closed = true;
      clearTimeout(timer);
      const deadline = Date.now() + maxMs;
      try {
        await running;
        while (Date.now() < deadline && (await drainOnce()) > 0);
      } catch (error) {
        logger.warn({ err: error }, "analytics events not flushed at shutdown; they stay in the outbox");
      }
    },
  };
}
