/**
 * What the operators' page says about this server's outside reporting: whether Sentry and PostHog are configured
 * and where they send, never the keys. Read per request from the same settings the SDKs start from.
 */
import { browserSentrySettings, posthogSettings, sentrySettings } from "./settings";

export interface IntegrationStatus {
  name: string;
  configured: boolean;
  /** Where it sends and with what labels when configured; which variable turns it on otherwise. */
  detail: string;
}

type Env = Record<string, string | undefined>;

/** A DSN without its public key: `host/project`. */
function dsnTarget(dsn: string): string {
  const url = new URL(dsn);
  return `${url.host}, project ${url.pathname.split("/").at(-1)}`;
}

export function observabilityStatus(env: Env = process.env): IntegrationStatus[] {
  const sentry = sentrySettings(env);
  const browser = browserSentrySettings(env);
  const posthog = posthogSettings(env);
  return [
    {
      name: "Error tracking, server (Sentry)",
      configured: sentry !== null,
      detail: sentry
        ? `Sending to ${dsnTarget(sentry.dsn)} · environment ${sentry.environment} · release ${sentry.release} · traces ${sentry.tracesSampleRate * 100} %`
        : "Not configured: set SENTRY_DSN",
    },
    {
      name: "Error tracking, browser (Sentry)",
      configured: browser !== null,
      detail: browser ? `Sending to ${dsnTarget(browser.dsn)} · environment ${browser.environment}` : "Not configured: set SENTRY_BROWSER_DSN",
    },
    {
      name: "Product analytics (PostHog)",
      configured: posthog !== null,
      detail: posthog ? `Sending to ${new URL(posthog.host).host} (browsers that send Do Not Track or Global Privacy Control are left out)` : "Not configured: set POSTHOG_KEY",
    },
  ];
}
