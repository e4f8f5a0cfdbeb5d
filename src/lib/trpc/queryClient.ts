import { defaultShouldDehydrateQuery, QueryClient } from "@tanstack/react-query";
import superjson from "superjson";

/** Attempts after the first for a query that failed for a reason that may pass (React Query's default). */
const RETRIES = 3;

/**
 * Whether a failed query is tried again: a refusal (a 4xx: not found, forbidden, a bad id in the URL) answers the
 * same every time, so the page shows it at once instead of "Loading…" through three retries; a timeout, a rate
 * limit, a failure of ours or of the network may pass.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  const status = (error as { data?: { httpStatus?: unknown } } | null)?.data?.httpStatus;
  if (typeof status === "number" && status >= 400 && status < 500 && status !== 408 && status !== 429) return false;
  return failureCount < RETRIES;
}

/** One factory for the browser and the server, so data prefetched on the server hydrates with superjson. */
export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Server-rendered data is fresh for a moment; refetching it right after hydration would be wasted.
      queries: { staleTime: 30_000, retry: shouldRetry },
      dehydrate: {
        serializeData: superjson.serialize,
        shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending",
      },
      hydrate: { deserializeData: superjson.deserialize },
    },
  });
}
