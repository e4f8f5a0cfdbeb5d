/**
 * Request latency by route template and status (SPEC §8). The label is the matched route's template
 * (`/api/v1/agents/{address}/score`), never the raw path: a raw path would make one series per agent address
 * and grow without bound. Templates are written as OpenAPI writes them, the spelling usage rollups use, so the
 * histogram and the business figures share their endpoint names.
 */
import type { Context } from "hono";
import { routePath } from "hono/route";
import { Histogram } from "prom-client";
import { registry } from "./registry";

/** Seconds, the Prometheus convention; spans a cache hit (~1 ms) to the slowest batch a caller waits for. */
export const LATENCY_BUCKETS_SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What an answer that matched no route is labelled: every unknown path shares this one series. */
export const UNMATCHED_ROUTE = "unmatched";

export const requestDuration = new Histogram({
  name: "ghostspeak_http_request_duration_seconds",
  help: "REST request latency, by method, route template and status.",
  labelNames: ["method", "route", "status"] as const,
  buckets: LATENCY_BUCKETS_SECONDS,
  registers: [registry],
});

/** Hono's route path → its label; a handful of routes, so the spelling is worked out once per route. */
const labels = new Map<string, string>();

/**
 * The template of the last route that matched (`/api/v1/agents/{address}/score`), never the raw path with its
 * values; the catch-all middleware (`*`, `/api/v1/*`) alone means none did. Metrics and error reports name routes so.
 */
export function routeTemplate(c: Context): string {
  const path = routePath(c, -1);
  let label = labels.get(path);
  if (label === undefined) {
    label = path.endsWith("*") ? UNMATCHED_ROUTE : path.replace(/:(\w+)/g, "{$1}");
    labels.set(path, label);
  }
  return label;
}

/** Records one answered request; `startedAt` is its `performance.now()` on arrival. */
export function observeRequest(c: Context, startedAt: number): void {
  // Hono turns thrown errors into answers before this runs, so `c.res.status` is the status sent.
  requestDuration.observe({ method: c.req.method, route: routeTemplate(c), status: String(c.res.status) }, (performance.now() - startedAt) / 1000);
}
