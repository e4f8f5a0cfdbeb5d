/**
 * The real @sentry/node client in this process, pointed at a local receiver: a failed scheduled job of the
 * embedded engine (its onJobFailed) and a failed tRPC procedure each arrive once with their tags; an expected
 * TRPCError (FORBIDDEN) and a successful job never do; what leaves is scrubbed. The REST path is test/rest/sentry.test.ts.
 */
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEngine } from "@/engine";
import { tempDir } from "@/engine/test/engineFixture";
import { sampleModuleMap } from "@/engine/test/workerModules";
import { reportTrpcError } from "@/server/trpc/errorReport";
import { scanLog } from "@/testing/logScan";
import { startSentryReceiver, type SentryReceiver } from "@/testing/sentryReceiver";
import { flushSentry, initSentry, reportJobFailure } from "./sentry";

let receiver: SentryReceiver;
const seen = () => receiver.events().length;

beforeAll(async () => {
  receiver = await startSentryReceiver();
  const started = await initSentry({ component: "engine", backend: "embedded" }, { dsn: receiver.dsn, environment: "test", release: "0.0.0-test", tracesSampleRate: 0 });
  expect(started).toBe(true);
});

afterAll(async () => {
  await flushSentry();
  await receiver?.close();
});

/** Waits for `count` more events than `before`, then a little longer to be sure no more arrive. */
async function newEvents(before: number, count: number) {
  await receiver.waitForEvents(before + count);
  await flushSentry();
  await new Promise((resolve) => setTimeout(resolve, 500));
  return receiver.events().slice(before);
}

describe("Sentry with the real SDK", () => {
  it("reports a failing scheduled job once, tagged with its function name, and a successful one never", async () => {
    const dir = tempDir("sentry-engine-");
    const engine = await openEngine({ dbPath: dir.file("db.sqlite"), modules: sampleModuleMap, runScheduler: false, onJobFailed: reportJobFailure });
    try {
      const before = seen();
      const jobId = (await engine.runMutation("jobs:scheduleFailing", {})) as string;
      await engine.runMutation("jobs:runAfter", { key: "fine", delayMs: 0 });
      while ((await engine.runDueJobs()) > 0);
      const events = await newEvents(before, 1);
      expect(events).toHaveLength(1);
      expect(events[0]!.tags).toMatchObject({ job: "jobs:fail", job_id: jobId, component: "engine", backend: "embedded" });
      expect(events[0]!.exception?.values?.[0]?.value).toContain("scheduled job failed on purpose");
    } finally {
      await engine.close();
      dir.remove();
    }
  });

  it("reports a failed tRPC procedure once (scrubbed), an expected TRPCError never", async () => {
    const before = seen();
    const key = `gs_live_${"A1b2C3d4E5".repeat(4)}`;
    reportTrpcError({ error: new TRPCError({ code: "FORBIDDEN", message: "not a member" }), path: "keys.create", input: { teamId: "team_forbidden" }, requestId: "req-forbidden" });
    reportTrpcError({ error: new TRPCError({ code: "BAD_REQUEST", message: "bad input" }), path: "keys.create", input: { teamId: "team_bad" }, requestId: "req-bad" });
    const cause = new Error(`the store refused ${key} for owner@example.com (whsec_ZmFrZS1zaWduaW5nLXNlY3JldA)`);
    reportTrpcError({ error: new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause }), path: "keys.create", input: { teamId: "team_internal" }, requestId: "req-internal" });
    const events = await newEvents(before, 1);
    expect(events).toHaveLength(1);
    expect(events[0]!.tags).toMatchObject({ request_id: "req-internal", route: "/api/trpc/keys.create", team_id: "team_internal" });
    const raw = receiver.envelopes.map((envelope) => envelope.raw).join("\n");
    expect(scanLog("sentry envelopes", raw, [{ name: "API key", value: key }])).toEqual([]);
    expect(raw).not.toContain("owner@example.com");
    expect(raw).not.toContain("ZmFrZS1zaWduaW5nLXNlY3JldA");
  });
});
