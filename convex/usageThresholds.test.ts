import { createHash } from "node:crypto";
import { afterEach, beforeEach, expect, it } from "vitest";
import { agentRow, testAddress } from "@/testing/agentRows";
import type { TestBackend } from "@/testing/backends";
import { api, internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { describeConvex, recordCalls, withSecret } from "./test.helpers";
import { startReceiver, teamWithRoles, useWebhookEnv, type Receiver } from "./webhooks.helpers";

/**
 * Records one live call costing `costMicroUsd` through the recorder every API call uses, made at `timestamp`
 * (default: now), which decides its period; then lets the usage roll-up count it, which announces thresholds.
 */
const spender =
  (t: TestBackend) =>
  (teamId: Id<"teams">, apiKeyId: Id<"apiKeys">, costMicroUsd: number, timestamp?: number) =>
    recordCalls(t, [{ teamId, apiKeyId, costMicroUsd, ...(timestamp === undefined ? {} : { timestamp }) }]);

describeConvex("usage.threshold events", (t) => {
  useWebhookEnv();
  const spend = spender(t);
  const events = () => t.run((ctx) => ctx.db.query("webhookEvents").collect());

  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(() => receiver.close());

  it("announces 80 % and 100 % of the plan's included usage once each, to the team's subscribed endpoints", async () => {
    const team = await teamWithRoles(t);
    const { keyId } = await t.mutation(api.apiKeys.create, withSecret({ teamId: team.teamId }));
    const { webhook } = await t.mutation(
      api.webhooks.create,
      withSecret({ teamId: team.teamId, caller: { kind: "user" as const, userId: team.users.owner }, url: `${receiver.url}/x`, events: ["usage.threshold" as const] }),
    );
    // Startup includes $10 a month.
    await spend(team.teamId, keyId, 7_990_000);
    expect(await events()).toEqual([]);
    await spend(team.teamId, keyId, 10_000);
    expect((await events()).map((event) => event.data)).toEqual([
      { threshold: 80, plan: "startup", periodStart: "2026-01-01T00:00:00.000Z", usageMicroUsd: 8_000_000, includedMicroUsd: 10_000_000 },
    ]);
    await spend(team.teamId, keyId, 1_000_000);
    expect(await events()).toHaveLength(1);
    await spend(team.teamId, keyId, 1_500_000);
    await spend(team.teamId, keyId, 1_500_000);
    const all = await events();
    expect(all.map((event) => [event.type, event.teamId, event.data.threshold])).toEqual([
      ["usage.threshold", team.teamId, 80],
      ["usage.threshold", team.teamId, 100],
    ]);
    await t.mutation(internal.webhookDispatch.dispatchPending, {});
    const deliveries = await t.run((ctx) => ctx.db.query("webhookDeliveries").collect());
    expect(deliveries.map((delivery) => delivery.endpointId)).toEqual([webhook.id, webhook.id]);
  });

  it("has none for a plan without included usage", async () => {
    const team = await teamWithRoles(t);
    await t.run((ctx) => ctx.db.patch(team.teamId, { plan: "enterprise" }));
    const { keyId } = await t.mutation(api.apiKeys.create, withSecret({ teamId: team.teamId }));
    await spend(team.teamId, keyId, 1_000_000_000);
    expect(await events()).toEqual([]);
  });
});

describeConvex("usage.threshold mail to billing viewers", (t) => {
  useWebhookEnv();
  const spend = spender(t);
  const PORTAL = "https://portal.example.com";
  let savedPortal: string | undefined;
  beforeEach(() => {
    savedPortal = process.env.NEXTAUTH_URL;
    process.env.NEXTAUTH_URL = PORTAL;
  });
  afterEach(() => {
    if (savedPortal === undefined) delete process.env.NEXTAUTH_URL;
    else process.env.NEXTAUTH_URL = savedPortal;
  });

  const outbox = () => t.run((ctx) => ctx.db.query("devOutbox").collect());
  /** Runs the mail jobs the recorded calls scheduled. */
  const deliverMail = () => t.advance(1);
  const recipients = (mails: { to: string }[]) => mails.map((mail) => mail.to).sort();
  const BILLING_VIEWERS = ["admin@acme.test", "billing@acme.test", "owner@acme.test"];
  const newKey = async (teamId: Id<"teams">, env: "live" | "test" = "live") => t.mutation(api.apiKeys.create, withSecret({ teamId, env }));

  it("mails each billing viewer once at 80 % and once at 100 %, after the call committed, and no plain member", async () => {
    const team = await teamWithRoles(t);
    const { keyId } = await newKey(team.teamId);
    // Startup includes $10 a month.
    await spend(team.teamId, keyId, 8_000_000);
    await deliverMail();
    const first = await outbox();
    expect(recipients(first)).toEqual(BILLING_VIEWERS);
    for (const mail of first) {
      expect(mail.subject).toBe("GhostSpeak: Acme has used 80 % of its included usage for January 2026");
      expect(mail.text).toContain('Team "Acme" has used 80 % of the usage its startup plan includes for January 2026 (UTC): $8.00 of the $10.00 included.');
      expect(mail.text).toContain(`${PORTAL}/t/${team.teamId}/billing`);
    }

    await spend(team.teamId, keyId, 1_000_000);
    await deliverMail();
    expect(await outbox()).toHaveLength(3);

    await spend(team.teamId, keyId, 1_500_000);
    await deliverMail();
    const second = (await outbox()).slice(3);
    expect(recipients(second)).toEqual(BILLING_VIEWERS);
    for (const mail of second) {
      expect(mail.subject).toContain("has used 100 % of its included usage");
      expect(mail.text).toContain("$10.50 of the $10.00 included");
    }

    // Past 100 % the period has nothing left to announce.
    await spend(team.teamId, keyId, 5_000_000);
    await deliverMail();
    expect(await outbox()).toHaveLength(6);
  });

  it("mails again in a new period, and once per threshold when one call crosses both", async () => {
    const team = await teamWithRoles(t);
    const { keyId } = await newKey(team.teamId);
    await spend(team.teamId, keyId, 12_000_000);
    await deliverMail();
    const january = await outbox();
    expect(january.map((mail) => mail.subject.match(/(\d+) %/)?.[1]).sort()).toEqual(["100", "100", "100", "80", "80", "80"]);

    await spend(team.teamId, keyId, 8_000_000, Date.UTC(2026, 1, 1, 9));
    await deliverMail();
    const february = (await outbox()).slice(6);
    expect(recipients(february)).toEqual(BILLING_VIEWERS);
    expect(february.every((mail) => mail.subject.endsWith("80 % of its included usage for February 2026"))).toBe(true);
  });

  it("is never triggered by test keys, however many calls they make", async () => {
    const team = await teamWithRoles(t);
    const live = await newKey(team.teamId);
    const test = await newKey(team.teamId, "test");
    const agent = agentRow(testAddress(1), { jobs: 40, successRate: 1, responseTimeMs: 500 }, t.now());
    await t.run((ctx) => ctx.db.insert("agents", agent));
    await spend(team.teamId, live.keyId, 7_990_000);
    // Sixty test verifications would add $0.60 if billed, well past 80 %.
    const keyHash = createHash("sha256").update(test.key).digest("hex");
    const calls = Array.from({ length: 60 }, (_, i) => ({ keyHash, requestId: `req-${i}`, receivedAt: t.now(), agentAddress: agent.address }));
    const outcomes = await t.mutation(api.verify.verify, withSecret({ calls }));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(60).fill(200));
    await deliverMail();
    expect(await outbox()).toEqual([]);
    expect(await t.run((ctx) => ctx.db.query("webhookEvents").collect())).toEqual([]);

    await spend(team.teamId, live.keyId, 10_000);
    await deliverMail();
    expect(recipients(await outbox())).toEqual(BILLING_VIEWERS);
  });

  it("mails nobody on a plan without included usage", async () => {
    const team = await teamWithRoles(t);
    await t.run((ctx) => ctx.db.patch(team.teamId, { plan: "enterprise" }));
    const { keyId } = await newKey(team.teamId);
    await spend(team.teamId, keyId, 1_000_000_000);
    await deliverMail();
    expect(await outbox()).toEqual([]);
  });
});

describeConvex("usage.threshold mail over SMTP", (t) => {
  useWebhookEnv();

  it("hands each billing viewer's mail to the SMTP action instead of the outbox", async () => {
    process.env.SMTP_URL = "smtp://127.0.0.1:2525";
    process.env.EMAIL_FROM = "billing@ghostspeak.test";
    const team = await teamWithRoles(t);
    const crossing = { teamId: team.teamId, plan: "startup" as const, threshold: 80 as const, periodStart: Date.UTC(2026, 0, 1), usageMicroUsd: 8_000_000, includedMicroUsd: 10_000_000 };
    expect(await t.mutation(internal.usageThresholdMail.notify, crossing)).toEqual({ mailed: 3 });
    const jobs = await t.run((ctx) => ctx.db.system.query("_scheduled_functions").collect());
    expect(jobs.map((job) => [job.name, job.args[0].to]).sort()).toEqual([
      ["webhookMail:send", "admin@acme.test"],
      ["webhookMail:send", "billing@acme.test"],
      ["webhookMail:send", "owner@acme.test"],
    ]);
    expect(await t.run((ctx) => ctx.db.query("devOutbox").collect())).toEqual([]);
  });
});
