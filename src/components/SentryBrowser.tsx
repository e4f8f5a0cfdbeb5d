"use client";

import { useEffect } from "react";
import { scrubBreadcrumb, scrubEvent } from "@/server/observability/scrub";

export interface SentryBrowserProps {
  /** The public browser DSN (`SENTRY_BROWSER_DSN`). */
  dsn: string;
  environment: string;
  release: string;
}

/**
 * Starts Sentry's browser SDK once, rendered by the root layout only when `SENTRY_BROWSER_DSN` is set: the SDK is a
 * chunk of its own, loaded after the page is interactive and never otherwise. It loads from this origin ('self' in
 * the page CSP's script-src) and sends to the DSN's origin (added to connect-src). Error capture only: no tracing,
 * no replay, no default PII; every event and breadcrumb goes through the server's scrubber (scrub.ts, Node-free).
 */
export function SentryBrowser({ dsn, environment, release }: SentryBrowserProps) {
  useEffect(() => {
    const started = window as { __ghostspeakSentry?: boolean };
    if (started.__ghostspeakSentry) return;
    started.__ghostspeakSentry = true;
    void import("@sentry/nextjs").then((Sentry) => {
      Sentry.init({
        dsn,
        environment,
        release,
        tracesSampleRate: 0,
        // Global error and unhandled-rejection handlers, linked errors and dedupe; no tracing or replay.
        integrations: (defaults) => defaults.filter((integration) => !/BrowserTracing|Replay|BrowserSession/i.test(integration.name)),
        beforeSend: (event) => scrubEvent(event),
        beforeSendTransaction: (event) => scrubEvent(event),
        beforeBreadcrumb: (breadcrumb) => scrubBreadcrumb(breadcrumb),
      });
    });
  }, [dsn, environment, release]);
  return null;
}
