import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { freePort } from "../src/testing/freePort";
import { startPostHogReceiver, type PostHogReceiver } from "../src/testing/posthogReceiver";

/**
 * posthog-js in the portal (issue 16), against a server of this spec's own with POSTHOG_KEY and POSTHOG_HOST at a
 * local receiver: a page view arrives with its URL stripped of its query, nothing but event requests reach the
 * host (no flags/decide, no remote scripts), and a browser sending DNT or Global Privacy Control loads nothing.
 */
let receiver: PostHogReceiver;
let server: ChildProcess;
let dataDir: string;
let url: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  receiver = await startPostHogReceiver();
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  dataDir = mkdtempSync(path.join(tmpdir(), "ghostspeak-e2e-posthog-"));
  server = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      PORTAL: "true",
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXTAUTH_URL: url,
      POSTHOG_KEY: "phc_e2e_browser_test_key",
      POSTHOG_HOST: receiver.url,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (const started = Date.now(); ; await new Promise((resolve) => setTimeout(resolve, 300))) {
    if (Date.now() - started > 90_000) throw new Error("the PostHog spec's server did not start");
    if (await fetch(`${url}/`).then((r) => r.ok, () => false)) break;
  }
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  await receiver?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** posthog-js drops events from browsers that look like bots (headless Chromium's user agent, `navigator.webdriver`). */
const DESKTOP_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";

test("a page view reaches the configured host, scrubbed, and nothing else is fetched from it", async ({ browser }) => {
  const context = await browser.newContext({ userAgent: DESKTOP_UA });
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, "webdriver", { get: () => false }));
  const page = await context.newPage();
  const csp: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) csp.push(message.text());
  });
  await page.goto(`${url}/?utm_source=mail&token=abcdefabcdefabcdefabcdef`);
  await expect.poll(() => receiver.events.filter((event) => event.event === "$pageview").length, { timeout: 20_000 }).toBeGreaterThan(0);
  const pageview = receiver.events.find((event) => event.event === "$pageview")!;
  expect(pageview.properties?.$current_url).toBe(`${url}/`);
  expect(JSON.stringify(receiver.events)).not.toContain("abcdefabcdef");
  // Only event requests: no flags/decide look-up, no remote config, no recorder or other script.
  const paths = receiver.requests.filter((request) => request.method !== "OPTIONS").map((request) => request.path);
  expect(paths.length).toBeGreaterThan(0);
  for (const p of paths) expect(p).toMatch(/^\/(e|i\/v0\/e|batch)\/?$/);
  expect(csp).toEqual([]);
  await context.close();
});

for (const [name, headers] of [
  ["Do Not Track", { DNT: "1" }],
  ["Global Privacy Control", { "Sec-GPC": "1" }],
] as const) {
  test(`a browser sending ${name} gets no analytics`, async ({ browser }) => {
    const context = await browser.newContext({ extraHTTPHeaders: headers, userAgent: DESKTOP_UA });
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, "webdriver", { get: () => false }));
    const page = await context.newPage();
    const before = receiver.requests.length;
    const scripts: string[] = [];
    page.on("request", (request) => scripts.push(request.url()));
    await page.goto(`${url}/`);
    await page.waitForLoadState("networkidle");
    await page.waitForTimeout(3_000);
    expect(receiver.requests.length).toBe(before);
    expect(scripts.filter((u) => u.startsWith(receiver.url))).toEqual([]);
    // The key is not even in the page.
    expect(await page.content()).not.toContain("phc_e2e_browser_test_key");
    await context.close();
  });
}
