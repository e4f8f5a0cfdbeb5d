/**
 * The PostHog drain with the real posthog-node against a local receiver and the embedded engine on a temp file:
 * a batch PostHog answers 500 is released and sent again (not lost), a sent batch is deleted (not sent twice),
 * and a batch sent but not acknowledged (the drain died in between) goes out again under the same uuids.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getFunctionName } from "convex/server";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, describe } from "vitest";
import { openEngine, type Engine } from "@/engine";
import { convexModules } from "@/server/backend/convexModules.generated";
import { startPostHogReceiver, type PostHogReceiver } from "@/testing/posthogReceiver";
import { api } from "../../../convex/_generated/api";
import type { Doc, Id } from "../../../convex/_generated/dataModel";
import { recordAnalyticsEvent } from "../../../convex/model/analytics";
import { createAnalyticsDrain } from "./posthogDrain";

const SECRET = "posthog-drain-test-secret-81c2f0";
const saved = { secret: process.env.GHOSTSPEAK_SERVER_SECRET, key: process.env.POSTHOG_KEY };

describe("PostHog drain (posthog-node against a local receiver)", () => {
  let dir: string;
  let engine: Engine;
  let receiver: PostHogReceiver;

  beforeAll(() => {
    process.env.GHOSTSPEAK_SERVER_SECRET = SECRET;
    process.env.POSTHOG_KEY = "phc_drain_test";
  });
  afterAll(() => {
    for (const [name, value] of [["GHOSTSPEAK_SERVER_SECRET", saved.secret], ["POSTHOG_KEY", saved.key]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "ghostspeak-posthog-"));
    engine = await openEngine({ dbPath: path.join(dir, "ghostspeak.db"), modules: convexModules, runScheduler: false });
    receiver = await startPostHogReceiver();
  });
  afterEach(async () => {
    await receiver.close();
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const backend = () =>
    Promise.resolve({
      mutation: ((ref: never, args: object) => engine.runMutation(ref, { ...args, serverSecret: SECRET })) as never,
    });
  const drainWith = (overrides: Partial<Parameters<typeof createAnalyticsDrain>[0]> = {}) =>
    createAnalyticsDrain({ settings: { key: "phc_drain_test", host: receiver.url }, backend, retryAfterMs: () => 0, requestTimeoutMs: 5_000, ...overrides });
  const rows = () => engine.run((ctx) => ctx.db.query("analyticsEvents").collect()) as Promise<Doc<"analyticsEvents">[]>;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /** Three funnel events for one team, as the mutations write them. */
  async function seed(): Promise<{ teamId: Id<"teams">; uuids: string[] }> {
    const { teamId } = (await engine.runMutation(api.teams.create, { name: "Acme", ownerEmail: "owner@acme.test", plan: "startup", serverSecret: SECRET })) as {
      teamId: Id<"teams">;
    };
    await engine.run(async (ctx) => {
      await recordAnalyticsEvent(ctx as never, { event: "api_key_created", actor: { kind: "system" }, teamId, properties: { env: "live" } });
      await recordAnalyticsEvent(ctx as never, { event: "plan_changed", actor: { kind: "system" }, teamId, properties: { from: "startup", to: "growth" } });
    });
    const uuids = (await rows()).sort((a, b) => a._creationTime - b._creationTime).map((row) => row.uuid);
    return { teamId, uuids };
  }

  it("sends each event once under its uuid with the team group, and deletes only what PostHog took", async () => {
    const { teamId, uuids } = await seed();
    expect(uuids).toHaveLength(3);
    const drain = drainWith();
    expect(await drain.drainOnce()).toBe(3);
    expect(receiver.events.map((event) => event.uuid)).toEqual(uuids);
    expect(receiver.events.map((event) => event.event)).toEqual(["team_created", "api_key_created", "plan_changed"]);
    for (const event of receiver.events) {
      expect(event.distinct_id).toMatch(/^[0-9a-f]{64}$/);
      expect(event.properties?.$groups).toEqual({ team: teamId });
      expect(event.properties?.$geoip_disable).toBe(true);
    }
    // One request for the batch, to posthog-node's batch endpoint.
    expect(receiver.requests.filter((request) => request.method === "POST").map((request) => request.path)).toEqual(["/batch/"]);
    expect(await rows()).toEqual([]);
    expect(await drain.drainOnce()).toBe(0);
    expect(receiver.events).toHaveLength(3);
    await drain.close();
  });

  it("keeps a batch PostHog answered 500 and sends it again once, neither lost nor doubled", async () => {
    const { uuids } = await seed();
    const drain = drainWith();
    receiver.failNext(1);
    expect(await drain.drainOnce()).toBe(0);
    expect(receiver.requests.filter((request) => request.status === 500)).toHaveLength(1);
    expect(receiver.events).toEqual([]);
    const kept = await rows();
    expect(kept.map((row) => row.attempts)).toEqual([1, 1, 1]);
    await sleep(5); // released "due now": claimable once the clock has moved past it
    expect(await drain.drainOnce()).toBe(3);
    expect(receiver.events.map((event) => event.uuid)).toEqual(uuids);
    expect(await rows()).toEqual([]);
    expect(await drain.drainOnce()).toBe(0);
    expect(receiver.events).toHaveLength(3);
    await drain.close();
  });

  it("sends a batch it could not acknowledge again after the lease, under the same uuids (PostHog counts them once)", async () => {
    const { uuids } = await seed();
    let failAck = true;
    const flaky = async () => {
      const real = await backend();
      return {
        mutation: (async (ref: unknown, args: object) => {
          if (getFunctionName(ref as never) === getFunctionName(api.analyticsOutbox.acknowledge) && failAck) {
            failAck = false;
            throw new Error("the server died before it acknowledged");
          }
          return (real.mutation as (r: unknown, a: object) => Promise<unknown>)(ref, args);
        }) as never,
      };
    };
    const drain = drainWith({ backend: flaky, leaseMs: 1_000 });
    await expect(drain.drainOnce()).rejects.toThrow(/acknowledged/);
    expect(receiver.events.map((event) => event.uuid)).toEqual(uuids);
    // Leased: another round (or another server) leaves them alone until the lease runs out.
    expect(await drain.drainOnce()).toBe(0);
    await sleep(1_100);
    expect(await drain.drainOnce()).toBe(3);
    expect(receiver.events.map((event) => event.uuid)).toEqual([...uuids, ...uuids]);
    expect(new Set(receiver.events.map((event) => event.uuid)).size).toBe(3);
    expect(await rows()).toEqual([]);
    await drain.close();
  });

  it("flushes what is committed when it closes, and stops polling", async () => {
    await seed();
    const drain = drainWith({ pollMs: 60_000 });
    drain.start();
    await drain.close();
    expect(receiver.events).toHaveLength(3);
    expect(await rows()).toEqual([]);
  });
});
