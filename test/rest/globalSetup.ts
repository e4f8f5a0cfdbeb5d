import type { TestProject } from "vitest/node";
import { startChildServer } from "./server";

declare module "vitest" {
  export interface ProvidedContext {
    /** Where the REST suite's server listens, e.g. http://127.0.0.1:41234. */
    baseUrl: string;
  }
}

/**
 * One real server for the whole REST suite, API only (PORTAL=false), so the suite runs without a Next build.
 * The portal and the fast path beside it are covered by the Playwright suite.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startChildServer();
  project.provide("baseUrl", server.url);
  return async () => {
    await server.stop();
  };
}
