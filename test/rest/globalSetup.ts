import { mkdirSync, rmSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { buildSdkIfStale } from "../../scripts/build-sdk";
import { LOG_DIR_ENV } from "./logCapture";
import { REST_SUITE_METRICS_TOKEN, startChildServer } from "./server";
import { describeScan, REST_LOG_DIR, scanPassed, scanSuiteLogs } from "./suiteLogScan";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the REST suite's server listens, e.g. http://127.0.0.1:41234. */
    baseUrl: string;
    /** The server's DATA_DIR, for tests that open its database beside it (test/rest/fixtures.ts). */
    dataDir: string;
    /** The server's INGEST_TOKEN, for the ingestion API's tests. */
    ingestToken: string;
  }
}

/** API calls the server's own usage figures counted (the sum of `ghostspeak_api_calls_24h`). */
async function recordedCalls(url: string): Promise<number> {
  const response = await fetch(`${url}/api/metrics`, { headers: { Authorization: `Bearer ${REST_SUITE_METRICS_TOKEN}` } });
  const text = await response.text();
  return [...text.matchAll(/^ghostspeak_api_calls_24h\{[^}]*\} (\d+)$/gm)].reduce((sum, m) => sum + Number(m[1]), 0);
}

/**
 * One real server for the whole REST suite, API only (PORTAL=false), so the suite runs without a Next build.
 * The portal and the fast path beside it are covered by the Playwright suite. Its output and that of every
 * server the tests start is captured and scanned for secrets after the suite (suiteLogScan.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  rmSync(REST_LOG_DIR, { recursive: true, force: true });
  mkdirSync(REST_LOG_DIR, { recursive: true });
  // The test workers start after this and inherit it, so servers the tests start are captured too.
  process.env[LOG_DIR_ENV] = REST_LOG_DIR;
  const ingestToken = "test-ingest-token-5f0c2a9e";
  // The SDK's tests (test/rest/sdk*.test.ts) run its build; first, so a failed build leaves no server behind.
  await buildSdkIfStale();
  const server = await startChildServer({ INGEST_TOKEN: ingestToken });
  project.provide("baseUrl", server.url);
  project.provide("dataDir", server.dataDir);
  project.provide("ingestToken", ingestToken);
  return async () => {
    const calls = await recordedCalls(server.url);
    await server.stop();
    const report = scanSuiteLogs(REST_LOG_DIR, { log: server.log, recordedCalls: calls });
    console.log(describeScan(report));
    // Vitest reports an error thrown here but still exits 0, so the failure is the exit code.
    if (!scanPassed(report)) process.exitCode = 1;
  };
}
