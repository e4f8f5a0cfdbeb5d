/// <reference types="vite/client" />
/**
 * Shared set-up of the convex/ function tests (two dots in the name: neither a Convex module nor a test file).
 *
 * `describeConvex` runs a suite through the parity harness (src/testing/backends.ts) with the server secret
 * configured; `withSecret` adds the secret to a call's arguments, as the app's backend door does.
 */
import { afterEach, beforeEach, expect } from "vitest";
import { describeBackends, type TestBackend } from "@/testing/backends";
import type { AppErrorCode } from "./lib/errors";
import schema from "./schema";

export const modules = import.meta.glob("./**/*.*s");
export const TEST_SERVER_SECRET = "test-server-secret-4b1d0f7e9c2a";

/**
 * Runs `suite` on both backends of the parity harness (convex-test and the embedded engine), each test on a
 * fresh one, with the server secret configured as the app server's environment would have it.
 */
export function describeConvex(name: string, suite: (t: TestBackend) => void): void {
  // Registered in the caller's scope (the test file), so they wrap every test of the suite on both backends.
  let previousSecret: string | undefined;
  beforeEach(() => {
    previousSecret = process.env.GHOSTSPEAK_SERVER_SECRET;
    process.env.GHOSTSPEAK_SERVER_SECRET = TEST_SERVER_SECRET;
  });
  afterEach(() => {
    if (previousSecret === undefined) delete process.env.GHOSTSPEAK_SERVER_SECRET;
    else process.env.GHOSTSPEAK_SERVER_SECRET = previousSecret;
  });
  describeBackends(name, modules, "./", schema, suite);
}

/** The arguments with the server secret added, as the app server's backend door sends them. */
export function withSecret<A extends object>(args: A): A & { serverSecret: string } {
  return { ...args, serverSecret: TEST_SERVER_SECRET };
}

/** Asserts that `promise` rejects with a ConvexError carrying this GhostSpeak error code. */
export async function expectAppError(promise: Promise<unknown>, code: AppErrorCode): Promise<void> {
  await expect(promise).rejects.toMatchObject({ data: { code } });
}
