import { describe, expect, it } from "vitest";
import { pageCsp } from "../http/securityHeaders";
import { version } from "../http/version";
import { browserSentrySettings, browserTelemetryOrigins, checkObservabilitySettings, POSTHOG_CLOUD_HOST, posthogSettings, sentrySettings } from "./settings";

describe("observability settings", () => {
  it("are off when unset or blank", () => {
    expect(sentrySettings({})).toBeNull();
    expect(sentrySettings({ SENTRY_DSN: "  " })).toBeNull();
    expect(browserSentrySettings({ SENTRY_DSN: "https://k@o1.ingest.sentry.io/42" })).toBeNull();
    expect(posthogSettings({ POSTHOG_HOST: "http://127.0.0.1:9" })).toBeNull();
    expect(browserTelemetryOrigins({})).toEqual([]);
  });

  it("default the environment, the release (the app version) and a zero trace rate", () => {
    expect(sentrySettings({ SENTRY_DSN: "http://key@127.0.0.1:4000/1" })).toEqual({
      dsn: "http://key@127.0.0.1:4000/1",
      environment: "development",
      release: version,
      tracesSampleRate: 0,
    });
    expect(sentrySettings({ SENTRY_DSN: "https://k@o1.ingest.sentry.io/42", NODE_ENV: "production", SENTRY_RELEASE: "r9", SENTRY_TRACES_SAMPLE_RATE: "0.25" })).toMatchObject({
      environment: "production",
      release: "r9",
      tracesSampleRate: 0.25,
    });
    expect(posthogSettings({ POSTHOG_KEY: "phc_x" })).toEqual({ key: "phc_x", host: POSTHOG_CLOUD_HOST });
    expect(posthogSettings({ POSTHOG_KEY: "phc_x", POSTHOG_HOST: "http://127.0.0.1:8010/" })).toEqual({ key: "phc_x", host: "http://127.0.0.1:8010" });
  });

  it("fail with the variable's name when malformed", () => {
    expect(() => checkObservabilitySettings({ SENTRY_DSN: "https://o1.ingest.sentry.io/42" })).toThrow(/^SENTRY_DSN is not a Sentry DSN/);
    expect(() => checkObservabilitySettings({ SENTRY_BROWSER_DSN: "not a url" })).toThrow(/^SENTRY_BROWSER_DSN /);
    expect(() => checkObservabilitySettings({ SENTRY_DSN: "http://k@h/1", SENTRY_TRACES_SAMPLE_RATE: "2" })).toThrow(/^SENTRY_TRACES_SAMPLE_RATE must be between 0 and 1/);
    expect(() => checkObservabilitySettings({ POSTHOG_KEY: "phc_x", POSTHOG_HOST: "ftp://x" })).toThrow(/^POSTHOG_HOST is not an http\(s\) URL/);
  });

  it("open the page CSP's connect-src to the browser DSN's and PostHog's origins only", () => {
    const origins = browserTelemetryOrigins({ SENTRY_BROWSER_DSN: "http://key@127.0.0.1:4000/1", POSTHOG_KEY: "phc_x", POSTHOG_HOST: "http://127.0.0.1:8010" });
    expect(origins).toEqual(["http://127.0.0.1:4000", "http://127.0.0.1:8010"]);
    const connect = pageCsp("n", false, origins).split("; ").find((d) => d.startsWith("connect-src"));
    expect(connect).toBe("connect-src 'self' http://127.0.0.1:4000 http://127.0.0.1:8010");
    expect(pageCsp("n", false).split("; ")).toContain("connect-src 'self'");
  });
});
