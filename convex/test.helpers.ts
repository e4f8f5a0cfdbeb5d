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
import { internal } from "./_generated/api";
import type { MutationCtx } from "./_generated/server";
import { recordCall, type UsageRecord } from "./model/usageRecording";
import schema from "./schema";
import { SETTLE_MS } from "./usageRollup";

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

/**
 * Lets the usage roll-up (usageRollup.ts) count every call recorded so far, as the server's one-second cron
 * would: it counts calls committed more than SETTLE_MS ago (commit timestamps are the clock, on both backends),
 * so the clock moves past that, running nothing else, and the roll-up runs until it has caught up.
 */
export async function rollUpUsage(t: TestBackend): Promise<void> {
  await t.skip(SETTLE_MS + 1);
  while ((await t.mutation(internal.usageRollup.run, {})).more);
}

export type TestCall = Partial<UsageRecord> & Pick<UsageRecord, "teamId" | "apiKeyId">;

/**
 * Records calls through the request path's recorder (default: a billable 1¢ verify answered 200 in 20 ms, now,
 * on the startup plan), then lets the usage roll-up count them unless `rollUp` is false.
 */
export async function recordCalls(t: TestBackend, calls: TestCall[], rollUp = true): Promise<void> {
  await t.run(async (ctx) => {
    for (const call of calls) {
      const status = call.status ?? 200;
      const costMicroUsd = call.costMicroUsd ?? (status === 200 ? 10_000 : 0);
      await recordCall(ctx as unknown as MutationCtx, {
        endpoint: "/api/v1/verify",
        method: "POST",
        agentCount: 1,
        responseTimeMs: 20,
        requestId: `req-${Math.random().toString(36).slice(2)}`,
        test: false,
        timestamp: Date.now(),
        plan: "startup",
        billable: costMicroUsd > 0,
        ...call,
        status,
        costMicroUsd,
      });
    }
  });
  if (rollUp) await rollUpUsage(t);
}
