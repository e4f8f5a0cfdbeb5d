/**
 * Sentry on the REST path, with the real SDK (@sentry/node) in a child server pointed at a local receiver
 * (src/testing/sentryReceiver.ts): a forced 500 arrives once with its tags, a 4xx never, and nothing secret the
 * failing request carried (an API key, a whsec_ secret, a session cookie, a magic-link token) is in any envelope.
 * The 500 is provoked as in status500.test.ts: an agent row whose score time is not a time.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { makeFunctionReference } from "convex/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentRow, testAddress } from "@/testing/agentRows";
import { scanLog } from "@/testing/logScan";
import { startSentryReceiver, type SentryReceiver } from "@/testing/sentryReceiver";
import { call, useDatabase } from "./fixtures";
import { expectProblem } from "./problems";
import { startChildServer, type ChildServer } from "./server";

const dataDir = mkdtempSync(path.join(tmpdir(), "ghostspeak-sentry-"));
const fx = useDatabase(dataDir);
let receiver: SentryReceiver;
let server: ChildServer;

beforeAll(async () => {
  receiver = await startSentryReceiver();
  server = await startChildServer({ SENTRY_DSN: receiver.dsn, SENTRY_ENVIRONMENT: "rest-suite" }, { dataDir });
}, 90_000);

afterAll(async () => {
  await server?.stop();
  await receiver?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("Sentry on the REST API", () => {
  it("reports a forced 500 once with request id, route, team and backend tags, a 4xx never, and no secret leaves", async () => {
    const { teamId, key } = await fx.teamWithKey();
    const broken = agentRow(testAddress(Date.now() % 1_000_000_000), { jobs: 5, successRate: 1, responseTimeMs: 100 }, Date.now());
    await fx.db().run((ctx) => ctx.db.insert("agents", { ...broken, scoreUpdatedAt: Number.NaN }));

    // Secrets planted where a careless SDK setup would pick them up: headers (the key is in X-API-Key), cookies and
    // the query string.
    const whsec = "whsec_c2VudHJ5LXRlc3Qtc2lnbmluZy1zZWNyZXQtMTIzNDU2";
    const sessionCookie = "sentry-test-session-cookie-value-8d1f3a";
    const magicToken = "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8";
    const planted = {
      Cookie: `next-auth.session-token=${sessionCookie}`,
      "X-Webhook-Secret": whsec,
      "X-Note": `token=${magicToken}`,
    };
    const failed = await call(`/api/v1/verify?token=${magicToken}&secret=${whsec}&k=${key}`, { key, body: { agentAddress: broken.address }, headers: planted }, server.url);
    const problem = await expectProblem(failed, 500, "INTERNAL_ERROR");

    // A refusal (404 for an unknown agent, 401 for a bad key) is the caller's business: not reported.
    const verify = (apiKey: string, agentAddress: string) => call("/api/v1/verify", { key: apiKey, body: { agentAddress } }, server.url);
    expect((await verify(key, testAddress(999_999_999))).status).toBe(404);
    expect((await verify("gs_live_" + "x".repeat(40), broken.address)).status).toBe(401);

    const [event] = await receiver.waitForEvents(1);
    // The refusals came after the 500: give them the time the 500's event took to arrive, then count again.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(receiver.events()).toHaveLength(1);
    expect(event!.tags).toMatchObject({
      request_id: problem.requestId,
      route: "POST /api/v1/verify",
      team_id: teamId,
      backend: "embedded",
      component: "server",
    });
    expect(event!.environment).toBe("rest-suite");
    expect(event!.exception?.values?.[0]?.type).toBe("RangeError");

    const raw = receiver.envelopes.map((envelope) => envelope.raw).join("\n");
    const known = [
      { name: "API key", value: key },
      { name: "whsec_ secret", value: whsec },
      { name: "session cookie", value: sessionCookie },
      { name: "magic-link token", value: magicToken },
    ];
    expect(scanLog("sentry envelopes", raw, known)).toEqual([]);
    expect(raw).not.toContain("@rest.test");
  }, 60_000);

  it("reports a scheduled job that fails in the server's engine thread once, tagged with its function name", async () => {
    const before = receiver.events().length;
    // A job whose arguments its function refuses (no server secret, no name) fails when the server's scheduler, in
    // its engine thread, runs it.
    const jobId = await fx.db().run((ctx) => ctx.scheduler.runAfter(0, makeFunctionReference<"mutation">("teams:create"), {}));
    const events = await receiver.waitForEvents(before + 1, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(receiver.events()).toHaveLength(before + 1);
    expect(events[before]!.tags).toMatchObject({ job: "teams:create", job_id: jobId, component: "engine", backend: "embedded" });
  }, 60_000);
});
