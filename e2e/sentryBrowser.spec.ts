import { expect, test } from "@playwright/test";
import { startSentryReceiver } from "../src/testing/sentryReceiver";
import { startChildServer } from "../test/rest/server";

/**
 * The portal's browser SDK, real, against a local receiver: a server of its own with SENTRY_BROWSER_DSN set (the
 * suite's server has none, so its pages load no Sentry code). An error thrown in the page arrives once, under the
 * nonce CSP and without a violation, and the magic-link token in the page's URL does not leave with it.
 */
test("a browser error reaches Sentry once, scrubbed, under the page CSP", async ({ page }) => {
  test.setTimeout(150_000);
  const receiver = await startSentryReceiver();
  const server = await startChildServer({ PORTAL: "true", SENTRY_BROWSER_DSN: receiver.dsn, SENTRY_ENVIRONMENT: "e2e" });
  try {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const token = "e2eMagicLinkToken0123456789abcdef";
    const response = await page.goto(`${server.url}/docs?token=${token}`);
    const csp = (await response!.headerValue("content-security-policy")) ?? "";
    expect(csp).toContain(`connect-src 'self' ${receiver.origin}`);
    // The SDK's chunk loaded and started (it registers its global carrier).
    await page.waitForFunction(() => "__SENTRY__" in window, undefined, { timeout: 30_000 });
    await page.evaluate(() => {
      setTimeout(() => {
        throw new Error("e2e browser failure");
      });
    });
    const [event] = await receiver.waitForEvents(1, 20_000);
    await page.waitForTimeout(1_500);
    expect(receiver.events()).toHaveLength(1);
    expect(event!.exception?.values?.[0]?.value).toContain("e2e browser failure");
    expect(event!.environment).toBe("e2e");
    // The page's URL is kept without its query string (where the token was).
    expect(event!.request?.url).toBe(`${server.url}/docs`);
    expect(receiver.envelopes.map((envelope) => envelope.raw).join("\n")).not.toContain(token);
    expect(violations).toEqual([]);
  } finally {
    await server.stop();
    await receiver.close();
  }
});

test("without SENTRY_BROWSER_DSN no Sentry code loads in the page", async ({ page }) => {
  const scripts: string[] = [];
  page.on("response", async (response) => {
    if (response.request().resourceType() === "script") scripts.push(await response.text().catch(() => ""));
  });
  await page.goto("/docs");
  await page.waitForLoadState("networkidle");
  expect(await page.evaluate(() => "__SENTRY__" in window)).toBe(false);
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.filter((source) => source.includes("sentry.io") || source.includes("__SENTRY__"))).toEqual([]);
});
