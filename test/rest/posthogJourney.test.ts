/**
 * The product funnel end to end (issue 16): a server of its own with POSTHOG_KEY and POSTHOG_HOST pointing at a
 * local receiver, a journey from sign-up to the first verified call driven through the same Convex functions the
 * portal's procedures call (the server's database opened beside it), and the real posthog-node in the server
 * sending what the mutations wrote. Each funnel event arrives once, in order, under hashed ids with the team as
 * group, and no email, key, address, URL or secret is in any request PostHog received.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEngine, type Engine } from "@/engine";
import { convexModules } from "@/server/backend/convexModules.generated";
import { agentRow, testAddress } from "@/testing/agentRows";
import { scanLog } from "@/testing/logScan";
import { startPostHogReceiver, type PostHogReceiver } from "@/testing/posthogReceiver";
import { api } from "../../convex/_generated/api";
import type { Doc, Id } from "../../convex/_generated/dataModel";
import { sha256Hex } from "../../convex/lib/hashing";
import { call } from "./fixtures";
import { type ChildServer, REST_SUITE_SERVER_SECRET, REST_SUITE_WEBHOOK_KEY, startChildServer } from "./server";
import { JOURNEY_EVENTS } from "@/testing/funnelJourney";

const POSTHOG_KEY = "phc_journey_test_project_key_5d1e";
/** What the functions run in this process check (they write the outbox only while POSTHOG_KEY is set). */
const ENV = { POSTHOG_KEY, GHOSTSPEAK_SERVER_SECRET: REST_SUITE_SERVER_SECRET, WEBHOOK_ENCRYPTION_KEY: REST_SUITE_WEBHOOK_KEY, WEBHOOK_ALLOW_PRIVATE_URLS: "true" };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000): Promise<T> {
  for (const started = Date.now(); ; await sleep(100)) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
  }
}

describe("product analytics journey (PostHog)", () => {
  const saved: Record<string, string | undefined> = {};
  let receiver: PostHogReceiver;
  let server: ChildServer;
  let dataDir: string;
  let engine: Engine;
  const secret = <A extends object>(args: A) => ({ ...args, serverSecret: REST_SUITE_SERVER_SECRET });

  beforeAll(async () => {
    for (const [name, value] of Object.entries(ENV)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    receiver = await startPostHogReceiver();
    dataDir = mkdtempSync(path.join(tmpdir(), "ghostspeak-posthog-journey-"));
    server = await startChildServer({ POSTHOG_KEY, POSTHOG_HOST: receiver.url, WEBHOOK_ALLOW_PRIVATE_URLS: "true" }, { dataDir });
    engine = await openEngine({ dbPath: path.join(dataDir, "ghostspeak.db"), modules: convexModules, runScheduler: false });
  });
  afterAll(async () => {
    await engine?.close();
    await server?.stop();
    await receiver?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const outbox = () => engine.run((ctx) => ctx.db.query("analyticsEvents").collect()) as Promise<Doc<"analyticsEvents">[]>;

  it("sends each funnel event once, in order, from sign-up to the first verified call, with no PII", async () => {
    const mutation = (ref: unknown, args: object) => engine.runMutation(ref as never, secret(args)) as Promise<any>;
    const inviteToken = "journey-invite-token-3f9a0c1b7e";
    const owner = (await mutation(api.auth.createUser, { email: "Owner@Journey.test", emailVerified: Date.now() })) as { id: Id<"users"> };
    const { teamId } = (await mutation(api.teams.createForUser, { userId: owner.id, name: "Journey" })) as { teamId: Id<"teams"> };
    await mutation(api.invites.create, { teamId, actingUserId: owner.id, email: "dev@journey.test", role: "member", tokenHash: await sha256Hex(inviteToken) });
    const dev = (await mutation(api.auth.createUser, { email: "dev@journey.test", emailVerified: Date.now() })) as { id: Id<"users"> };
    await mutation(api.invites.accept, { tokenHash: await sha256Hex(inviteToken), userId: dev.id });
    const { key } = (await mutation(api.apiKeys.create, { teamId, createdByUserId: dev.id })) as { key: string };
    const webhookUrl = "https://hooks.journey.test/in";
    const { secret: whsec } = (await mutation(api.webhooks.create, { teamId, caller: { kind: "user", userId: dev.id }, url: webhookUrl, events: ["score.updated"] })) as {
      secret: string;
    };
    await mutation(api.billing.changePlan, { teamId, actingUserId: owner.id, plan: "growth" });
    await mutation(api.billing.setSpendCap, { teamId, actingUserId: owner.id, spendCapMicroUsd: 900_000_000 });

    const agent = agentRow(testAddress(7_131_313), { jobs: 40, successRate: 1, responseTimeMs: 400, reviews: [5, 4, 5] }, Date.now());
    await engine.run((ctx) => ctx.db.insert("agents", agent));
    expect((await call("/api/v1/verify", { key, body: { agentAddress: agent.address } }, server.url)).status).toBe(200);
    // The roll-up notices the first call; then a second call, counted by a later round, must add nothing.
    await until("the first API call event", () => receiver.events.find((event) => event.event === "first_api_call"));
    expect((await call("/api/v1/verify", { key, body: { agentAddress: agent.address } }, server.url)).status).toBe(200);
    await until("the roll-up to count the second call", async () => {
      const period = await engine.run((ctx) => ctx.db.query("usagePeriods").withIndex("by_team_period", (q) => q.eq("teamId", teamId)).first());
      return (period as Doc<"usagePeriods"> | null)?.calls === 2 ? true : undefined;
    });
    // Two more drain rounds (it polls every second) for anything the second roll-up might have written.
    await sleep(2_500);
    expect(await outbox()).toEqual([]);

    const events = receiver.events;
    expect(events.map((event) => event.event)).toEqual(JOURNEY_EVENTS);
    expect(new Set(events.map((event) => event.uuid)).size).toBe(events.length);
    const ownerId = await sha256Hex(owner.id);
    const devId = await sha256Hex(dev.id);
    const teamActor = await sha256Hex(`team:${teamId}`);
    expect(events.map((event) => event.distinct_id)).toEqual([ownerId, ownerId, ownerId, devId, devId, devId, devId, ownerId, ownerId, teamActor]);
    for (const event of events.filter((e) => e.event !== "signed_up")) expect(event.properties?.$groups).toEqual({ team: teamId });
    expect(events.find((event) => event.event === "first_api_call")?.properties).toMatchObject({ endpoint: "/api/v1/verify", status: 200 });

    // Nothing personal or secret in any request PostHog received (posthog-node's own fields included).
    const bodies = receiver.requests.map((request) => request.body).join("\n");
    const known = [
      { name: "owner email", value: "Owner@Journey.test" },
      { name: "owner email (lower case)", value: "owner@journey.test" },
      { name: "invitee email", value: "dev@journey.test" },
      { name: "owner user id", value: owner.id },
      { name: "invitee user id", value: dev.id },
      { name: "API key", value: key },
      { name: "webhook secret", value: whsec },
      { name: "webhook URL host", value: "hooks.journey.test" },
      { name: "agent address", value: agent.address },
      { name: "invite token", value: inviteToken },
      { name: "server secret", value: REST_SUITE_SERVER_SECRET },
    ];
    expect(scanLog("posthog payloads", bodies, known)).toEqual([]);
    expect(bodies.toLowerCase()).not.toContain("journey.test");
    expect(bodies).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
  });
});
