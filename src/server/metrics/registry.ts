/**
 * The one prom-client registry `GET /api/metrics` serves. A registry of our own rather than prom-client's global
 * one, so nothing a dependency registers leaks into the output.
 */
import { collectDefaultMetrics, Registry } from "prom-client";

export const registry = new Registry();

// Process figures (CPU, memory, event-loop lag, GC) cost nothing on the request path: they are read at scrape time.
collectDefaultMetrics({ register: registry, prefix: "ghostspeak_" });

/**
 * `METRICS=off` turns request timing off (the bench compares throughput with and without it); the endpoint
 * still answers with the figures read at scrape time.
 */
export function requestMetricsEnabled(): boolean {
  return process.env.METRICS !== "off";
}
