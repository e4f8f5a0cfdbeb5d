/// <reference types="vite/client" />
/**
 * Shared set-up of the convex/ function tests (two dots in the name: neither a Convex module nor a test file).
 *
 * `describeConvex` runs a suite on a fresh backend per test with the server secret configured, through the
 * parity harness's TestBackend interface (src/testing). `call` adds the secret, as the app's backend door does.
 */
import { afterEach, beforeEach, describe, expect } from "vitest";
import { createConvexTestBackend } from "@/testing/convexTestBackend";
import type { TestBackend } from "@/testing/types";
import type { AppErrorCode } from "./lib/errors";
import schema from "./schema";

export const modules = import.meta.glob("./**/*.*s");
export const TEST_SERVER_SECRET = "test-server-secret-4b1d0f7e9c2a";

export function describeConvex(name: string, suite: (t: TestBackend) => void): void {
  describe(name, () => {
    let current: TestBackend | undefined;
    let previousSecret: string | undefined;
    const get = (): TestBackend => {
      if (!current) throw new Error("the test backend is only available inside a test");
      return current;
    };
    beforeEach(async () => {
      previousSecret = process.env.GHOSTSPEAK_SERVER_SECRET;
      process.env.GHOSTSPEAK_SERVER_SECRET = TEST_SERVER_SECRET;
      current = await createConvexTestBackend({ modules, dir: "./", schema });
    });
    afterEach(async () => {
      await current?.close();
      current = undefined;
      if (previousSecret === undefined) delete process.env.GHOSTSPEAK_SERVER_SECRET;
      else process.env.GHOSTSPEAK_SERVER_SECRET = previousSecret;
    });
    suite({
      get backend() {
        return get().backend;
      },
      client: {
        query: (fn, args, opts) => get().client.query(fn, args, opts),
        mutation: (fn, args, opts) => get().client.mutation(fn, args, opts),
        action: (fn, args, opts) => get().client.action(fn, args, opts),
      },
      query: (fn, args, opts) => get().query(fn, args, opts),
      mutation: (fn, args, opts) => get().mutation(fn, args, opts),
      action: (fn, args, opts) => get().action(fn, args, opts),
      run: (fn) => get().run(fn),
      now: () => get().now(),
      advance: (ms) => get().advance(ms),
      close: () => get().close(),
    });
  });
}

/** The arguments with the server secret added, as the app server's backend door sends them. */
export function withSecret<A extends object>(args: A): A & { serverSecret: string } {
  return { ...args, serverSecret: TEST_SERVER_SECRET };
}

/** Asserts that `promise` rejects with a ConvexError carrying this GhostSpeak error code. */
export async function expectAppError(promise: Promise<unknown>, code: AppErrorCode): Promise<void> {
  await expect(promise).rejects.toMatchObject({ data: { code } });
}
