import type { TestProject } from "vitest/node";
import { startChildServer } from "./server";

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

/**
 * One real server for the whole REST suite, API only (PORTAL=false), so the suite runs without a Next build.
 * The portal and the fast path beside it are covered by the Playwright suite.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const ingestToken = "test-ingest-token-5f0c2a9e";
  const server = await startChildServer({ INGEST_TOKEN: ingestToken });
  project.provide("baseUrl", server.url);
  project.provide("dataDir", server.dataDir);
  project.provide("ingestToken", ingestToken);
  return async () => {
    await server.stop();
  };
}
