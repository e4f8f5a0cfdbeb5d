import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

/**
 * The portal in Debian's Chromium against the real server (`src/server.ts`, production build, embedded backend
 * in a fresh DATA_DIR). Needs `next build` first (`npm test` builds when stale). The port and data directory are
 * chosen once, in the main process, and inherited by the workers through the environment.
 */
process.env.E2E_PORT ??= String(20_000 + Math.floor(Math.random() * 20_000));
process.env.E2E_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), "ghostspeak-e2e-"));
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT}`;

export default defineConfig({
  testDir: "e2e",
  globalTeardown: "./e2e/globalTeardown.ts",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  reporter: [["list"], ["json", { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_FILE ?? "test-results/playwright.json" }]],
  use: {
    baseURL,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    // One team with a signed-in user per role, shared by the specs that check what each role sees.
    { name: "roles", testMatch: /roles\.setup\.ts$/, use: { ...devices["Desktop Chrome"], channel: undefined } },
    { name: "chromium", dependencies: ["roles"], use: { ...devices["Desktop Chrome"], channel: undefined } },
  ],
  webServer: {
    command: "node --import tsx src/server.ts",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: process.env.E2E_PORT,
      HOST: "127.0.0.1",
      DATA_DIR: process.env.E2E_DATA_DIR,
      PORTAL: "true",
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
      NEXTAUTH_URL: baseURL,
      // The webhook spec delivers to a receiver on 127.0.0.1.
      WEBHOOK_ALLOW_PRIVATE_URLS: "true",
      // The operator spec signs in as this platform operator.
      PLATFORM_ADMIN_EMAILS: "operator@example.test",
    },
  },
});
