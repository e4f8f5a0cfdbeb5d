import { describe, expect, it } from "vitest";
import { observabilityStatus } from "./status";

describe("observabilityStatus", () => {
  it("says each service is off and which variable turns it on", () => {
    expect(observabilityStatus({})).toEqual([
      { name: "Error tracking, server (Sentry)", configured: false, detail: "Not configured: set SENTRY_DSN" },
      { name: "Error tracking, browser (Sentry)", configured: false, detail: "Not configured: set SENTRY_BROWSER_DSN" },
      { name: "Product analytics (PostHog)", configured: false, detail: "Not configured: set POSTHOG_KEY" },
    ]);
  });

  it("names where each configured service sends, never its key", () => {
    const env = {
      SENTRY_DSN: "https://serverpublickey@o1.ingest.sentry.io/42",
      SENTRY_BROWSER_DSN: "https://browserpublickey@o1.ingest.sentry.io/43",
      SENTRY_ENVIRONMENT: "staging",
      SENTRY_RELEASE: "1.2.3",
      SENTRY_TRACES_SAMPLE_RATE: "0.1",
      POSTHOG_KEY: "phc_projectkey",
      POSTHOG_HOST: "https://eu.i.posthog.com",
    };
    const status = observabilityStatus(env);
    expect(status.map((s) => s.configured)).toEqual([true, true, true]);
    expect(status[0]?.detail).toBe("Sending to o1.ingest.sentry.io, project 42 · environment staging · release 1.2.3 · traces 10 %");
    expect(status[1]?.detail).toBe("Sending to o1.ingest.sentry.io, project 43 · environment staging");
    expect(status[2]?.detail).toMatch(/^Sending to eu\.i\.posthog\.com /);
    expect(JSON.stringify(status)).not.toMatch(/publickey|phc_projectkey/);
  });
});
