import { createHmac, timingSafeEqual } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { afterEach, beforeEach, expect, it } from "vitest";
import { api, internal } from "./_generated/api";
import type { Id } from "./_generated/dataModel";
import { JITTER, RETRY_DELAYS_MS } from "./lib/retrySchedule";
import { CLAIM_LEASE_MS, FAILING_DISABLE_MS, RETENTION_MS } from "./webhookDispatch";
import { ROTATION_OVERLAP_MS } from "./model/webhookEndpoints";
import { enqueueWebhookEvent } from "./model/webhookOutbox";
import { describeConvex, withSecret } from "./test.helpers";
import { agentAddress, startReceiver, teamWithRoles, useWebhookEnv, type ReceivedRequest, type Receiver, type TeamFixture } from "./webhooks.helpers";
import type { TestBackend } from "@/testing/backends";
import { HOST_REFUSED } from "./lib/webhookHost";

const AGENT = agentAddress(1);
const MINUTE = 60_000;

/**
 * Standard Webhooks verification by the library itself. Its timestamp check compares with the real clock, while
 * the functions sign with the test backend's clock (2026-01-01), so only that check is pointed at the backend's
 * clock; the signature check is the library's own.
 */
function verifier(secret: string, t: TestBackend): Webhook {
  const webhook = new Webhook(secret);
  Object.assign(webhook, {
    verifyTimestamp(header: string) {
      const sec = Number(header);
      if (Math.abs(t.now() / 1000 - sec) > 300) throw new Error("timestamp more than 5 minutes off");
      return new Date(sec * 1000);
    },
  });
  return webhook;
}

/** Independent check of X-GhostSpeak-Signature: hex HMAC-SHA256 of `{timestamp}.{body}` with the key bytes. */
function ghostSpeakSignatureMatches(secret: string, request: ReceivedRequest): boolean {
  const expected = createHmac("sha256", Buffer.from(secret.slice("whsec_".length), "base64"))
    .update(`${request.headers["x-ghostspeak-timestamp"]}.${request.body}`)
    .digest();
  return String(request.headers["x-ghostspeak-signature"])
    .split(" ")
    .some((hex) => hex.length === 64 && timingSafeEqual(Buffer.from(hex, "hex"), expected));
}

describeConvex("webhook delivery", (t) => {
  useWebhookEnv();
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(() => receiver.close());

  const owner = (team: TeamFixture) => ({ kind: "user" as const, userId: team.users.owner });
  async function endpoint(team: TeamFixture, url = receiver.url) {
    return t.mutation(api.webhooks.create, withSecret({ teamId: team.teamId, caller: owner(team), url, events: ["score.updated" as const] }));
  }
  const scoreEvent = (score = 700) =>
    t.run((ctx) => enqueueWebhookEvent(ctx, { type: "score.updated", agentAddress: AGENT, data: { agentAddress: AGENT, score } }));
  const deliveries = () => t.run((ctx) => ctx.db.query("webhookDeliveries").collect());
  const attempts = () => t.run((ctx) => ctx.db.query("webhookAttempts").collect());
  /** One minute on; the retry cron's work is started by hand as well, since convex-test does not run crons. */
  async function minute(count = 1) {
    for (let i = 0; i < count; i++) {
      await t.advance(MINUTE);
      await t.mutation(internal.webhookDispatch.runDue, {});
      await t.advance(1_000);
    }
  }

  it("delivers an outbox event at once, signed so that standardwebhooks and an HMAC of the GhostSpeak header verify", async () => {
    const team = await teamWithRoles(t);
    const { webhook, secret } = await endpoint(team);
    const eventId = await scoreEvent();
    await t.advance(1_000);
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    expect(request.method).toBe("POST");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers["webhook-id"]).toBe(eventId);
    expect(request.headers["x-ghostspeak-event"]).toBe("score.updated");
    expect(request.headers["x-ghostspeak-timestamp"]).toBe(request.headers["webhook-timestamp"]);
    const payload = verifier(secret, t).verify(request.body, request.headers as Record<string, string>);
    expect(payload).toEqual({ id: eventId, type: "score.updated", createdAt: expect.any(String), data: { agentAddress: AGENT, score: 700 } });
    expect(Date.parse((payload as { createdAt: string }).createdAt)).toBeGreaterThan(0);
    expect(ghostSpeakSignatureMatches(secret, request)).toBe(true);
    expect(() => verifier(secret, t).verify(request.body.replace("700", "701"), request.headers as Record<string, string>)).toThrow();
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: "delivered", attempts: 1, endpointId: webhook.id, eventId });
    expect(delivery.nextAttemptAt).toBeUndefined();
    const view = await t.query(api.webhooks.get, withSecret({ teamId: team.teamId, caller: owner(team), endpointId: webhook.id }));
    expect(view.deliveries).toEqual([
      expect.objectContaining({ id: delivery._id, eventId, type: "score.updated", status: "delivered", attempts: [expect.objectContaining({ status: 200, responseExcerpt: "ok" })] }),
    ]);
  });

  it("retries after 1, 2, 4, 8 and 16 minutes (±10 %) with the same webhook-id, then fails", async () => {
    const team = await teamWithRoles(t);
    await endpoint(team);
    for (let i = 0; i < 6; i++) receiver.replies.push({ status: 500, body: "x".repeat(3000) });
    const start = t.now();
    const eventId = await scoreEvent();
    await t.advance(1_000);
    await minute(40);
    expect(receiver.requests).toHaveLength(6);
    expect(new Set(receiver.requests.map((r) => r.headers["webhook-id"]))).toEqual(new Set([eventId]));
    const log = (await attempts()).sort((a, b) => a.at - b.at);
    expect(log.map((a) => a.status)).toEqual([500, 500, 500, 500, 500, 500]);
    expect(log.every((a) => new TextEncoder().encode(a.responseExcerpt).length === 1024)).toBe(true);
    expect(log[0].at - start).toBeLessThan(1_000);
    for (let i = 1; i < log.length; i++) {
      const gap = log[i].at - log[i - 1].at;
      const delay = RETRY_DELAYS_MS[i - 1];
      // Due at delay ± 10 %; picked up by the next minute's cron run (+ the 1 s this test waits after it).
      expect(gap).toBeGreaterThanOrEqual(delay * (1 - JITTER));
      expect(gap).toBeLessThanOrEqual(delay * (1 + JITTER) + MINUTE + 2_000);
    }
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: "failed", attempts: 6, lastError: "HTTP 500" });
  });

  it("honours Retry-After", async () => {
    const team = await teamWithRoles(t);
    await endpoint(team);
    receiver.replies.push({ status: 503, headers: { "Retry-After": "600" } });
    await scoreEvent();
    await t.advance(1_000);
    const [delivery] = await deliveries();
    expect(delivery.nextAttemptAt! - t.now()).toBeGreaterThanOrEqual(600_000 - 2_000);
    await minute(9);
    expect(receiver.requests).toHaveLength(1);
    await minute(2);
    expect(receiver.requests).toHaveLength(2);
    expect((await deliveries())[0].status).toBe("delivered");
  });

  it("does not follow a redirect: a 3xx is a failed attempt", async () => {
    const team = await teamWithRoles(t);
    await endpoint(team);
    receiver.replies.push({ status: 302, headers: { Location: "/elsewhere" } });
    await scoreEvent();
    await t.advance(1_000);
    expect(receiver.requests.map((request) => request.url)).toEqual(["/hook"]);
    expect((await deliveries())[0]).toMatchObject({ status: "pending", attempts: 1, lastError: "HTTP 302" });
  });

  it("disables the endpoint at once on 410 Gone", async () => {
    const team = await teamWithRoles(t);
    const { webhook } = await endpoint(team);
    receiver.replies.push({ status: 410 });
    await scoreEvent();
    await t.advance(1_000);
    expect((await deliveries())[0]).toMatchObject({ status: "failed", attempts: 1 });
    const stored = (await t.run((ctx) => ctx.db.get(webhook.id)))!;
    expect(stored).toMatchObject({ status: "disabled", disabledReason: "gone" });
    await scoreEvent(701);
    await t.advance(1_000);
    expect(receiver.requests).toHaveLength(1);
    expect(await t.run((ctx) => ctx.db.query("devOutbox").collect())).toEqual([]);
  });

  it("disables an endpoint failing for 24 h straight and mails the team's owner and admins", async () => {
    const team = await teamWithRoles(t);
    const { webhook } = await endpoint(team);
    receiver.replies.push({ status: 500 }, { status: 500 });
    await scoreEvent();
    await t.advance(1_000);
    const stored = (await t.run((ctx) => ctx.db.get(webhook.id)))!;
    expect(stored.status).toBe("active");
    expect(stored.failingSince).toBeDefined();
    // Nearly a day of failures later, one more failed attempt ends it.
    await t.run((ctx) => ctx.db.patch(webhook.id, { failingSince: t.now() - FAILING_DISABLE_MS + 30_000 }));
    await minute(2);
    expect(receiver.requests).toHaveLength(2);
    expect((await t.run((ctx) => ctx.db.get(webhook.id)))!).toMatchObject({ status: "disabled", disabledReason: "failing" });
    const mails = await t.run((ctx) => ctx.db.query("devOutbox").collect());
    expect(mails.map((mail) => mail.to).sort()).toEqual(["admin@acme.test", "owner@acme.test"]);
    expect(mails[0].text).toContain(receiver.url);
  });

  it("a success ends the run of failures", async () => {
    const team = await teamWithRoles(t);
    const { webhook } = await endpoint(team);
    receiver.replies.push({ status: 500 });
    await scoreEvent();
    await t.advance(1_000);
    expect((await t.run((ctx) => ctx.db.get(webhook.id)))!.failingSince).toBeDefined();
    await minute(2);
    expect((await t.run((ctx) => ctx.db.get(webhook.id)))!.failingSince).toBeUndefined();
  });

  it("signs with both secrets during a rotation's overlap and with the new one only after it", async () => {
    const team = await teamWithRoles(t);
    const { webhook, secret: old } = await endpoint(team);
    const { secret: fresh } = await t.mutation(api.webhooks.rotateSecret, withSecret({ teamId: team.teamId, caller: owner(team), endpointId: webhook.id }));
    await scoreEvent(1);
    await t.advance(1_000);
    const during = receiver.requests[0];
    const headers = during.headers as Record<string, string>;
    expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
    expect(headers["x-ghostspeak-signature"].split(" ")).toHaveLength(2);
    verifier(fresh, t).verify(during.body, headers);
    verifier(old, t).verify(during.body, headers);
    expect(ghostSpeakSignatureMatches(fresh, during) && ghostSpeakSignatureMatches(old, during)).toBe(true);
    await t.advance(ROTATION_OVERLAP_MS);
    await scoreEvent(2);
    await t.advance(1_000);
    const after = receiver.requests[1];
    const afterHeaders = after.headers as Record<string, string>;
    expect(afterHeaders["webhook-signature"].split(" ")).toHaveLength(1);
    verifier(fresh, t).verify(after.body, afterHeaders);
    expect(() => verifier(old, t).verify(after.body, afterHeaders)).toThrow();
    expect(ghostSpeakSignatureMatches(old, after)).toBe(false);
    expect(ghostSpeakSignatureMatches(fresh, after)).toBe(true);
  });

  it("refuses private destinations at delivery time while private URLs are not allowed (SSRF)", async () => {
    const team = await teamWithRoles(t);
    const port = new URL(receiver.url).port;
    const urls = [
      receiver.url,
      `https://127.0.0.1:${port}/hook`,
      "https://10.0.0.7/hook",
      "https://169.254.169.254/latest/meta-data",
      `https://[::1]:${port}/hook`,
      `https://localhost:${port}/hook`,
    ];
    const ids: Id<"webhookEndpoints">[] = [];
    await t.run((ctx) => ctx.db.patch(team.teamId, { plan: "enterprise" }));
    for (const url of urls) ids.push((await endpoint(team, url)).webhook.id);
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "false";
    await scoreEvent();
    await t.advance(1_000);
    expect(receiver.requests).toEqual([]);
    const log = await attempts();
    expect(log).toHaveLength(urls.length);
    for (const attempt of log) {
      expect(attempt.status).toBeUndefined();
      expect(attempt.error).toMatch(/SSRF/);
    }
    const byEndpoint = new Map(log.map((attempt) => [attempt.endpointId, attempt.error]));
    expect(byEndpoint.get(ids[0])).toMatch(/https/);
    // A name is refused with the one message every resolution outcome gets (private, DNS failure, no address).
    expect(byEndpoint.get(ids[5])).toBe(HOST_REFUSED);
    // With the switch on again the retry reaches the local receiver.
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = "true";
    await minute(2);
    expect(receiver.requests).toHaveLength(1);
    expect((await deliveries()).find((d) => d.endpointId === ids[0])?.status).toBe("delivered");
  });

  it("retries a delivery whose attempt died after claiming it, once its lease has run out", async () => {
    const team = await teamWithRoles(t);
    await endpoint(team);
    const eventId = await t.run(async (ctx) => {
      const id = await enqueueWebhookEvent(ctx, { type: "score.updated", agentAddress: AGENT, data: { score: 1 } });
      return id;
    });
    // The fan-out commits, then the process "dies": its scheduled first attempt is claimed but never finishes.
    await t.mutation(internal.webhookDispatch.dispatchPending, {});
    const [created] = await deliveries();
    expect(await t.mutation(internal.webhookDispatch.claim, { deliveryId: created._id })).not.toBeNull();
    await t.advance(1_000);
    expect(receiver.requests).toHaveLength(0);
    expect((await deliveries())[0]).toMatchObject({ status: "pending", attempts: 0 });
    await minute(Math.ceil(CLAIM_LEASE_MS / MINUTE) + 1);
    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0].headers["webhook-id"]).toBe(eventId);
    // The dead attempt is in the log and counted; the one after it delivered.
    expect((await deliveries())[0]).toMatchObject({ status: "delivered", attempts: 2 });
    const log = (await attempts()).sort((a, b) => a.at - b.at);
    expect(log.map((attempt) => [attempt.status, attempt.error])).toEqual([
      [undefined, expect.stringMatching(/did not finish/)],
      [200, undefined],
    ]);
  });

  it("fails a delivery whose last attempt died instead of retrying it forever", async () => {
    const team = await teamWithRoles(t);
    await endpoint(team);
    await t.run((ctx) => enqueueWebhookEvent(ctx, { type: "score.updated", agentAddress: AGENT, data: { score: 1 } }));
    await t.mutation(internal.webhookDispatch.dispatchPending, {});
    const [created] = await deliveries();
    // Five attempts made, the sixth claimed and its process gone: its lease has run out.
    await t.run((ctx) => ctx.db.patch(created._id, { attempts: 5, claimedAt: t.now() - CLAIM_LEASE_MS, nextAttemptAt: t.now() - 1 }));
    expect(await t.mutation(internal.webhookDispatch.claim, { deliveryId: created._id })).toBeNull();
    expect((await deliveries())[0]).toMatchObject({ status: "failed", attempts: 6, lastError: expect.stringMatching(/did not finish/) });
    expect((await attempts()).map((attempt) => attempt.error)).toEqual([expect.stringMatching(/did not finish/)]);
  });

  it("sends a test event to one endpoint, redelivers one delivery and replays failed ones since a time", async () => {
    const team = await teamWithRoles(t);
    const { webhook } = await endpoint(team);
    await endpoint(team);
    const caller = owner(team);
    const { deliveryId, eventId } = await t.mutation(api.webhooks.sendTest, withSecret({ teamId: team.teamId, caller, endpointId: webhook.id }));
    await t.advance(1_000);
    expect(receiver.requests).toHaveLength(1);
    expect(JSON.parse(receiver.requests[0].body)).toMatchObject({ id: eventId, type: "webhook.test" });
    await t.mutation(api.webhooks.redeliver, withSecret({ teamId: team.teamId, caller, deliveryId }));
    await t.advance(1_000);
    expect(receiver.requests.map((r) => r.headers["webhook-id"])).toEqual([eventId, eventId]);
    expect((await t.run((ctx) => ctx.db.get(deliveryId as Id<"webhookDeliveries">)))!).toMatchObject({ status: "delivered", attempts: 2 });

    for (let i = 0; i < 12; i++) receiver.replies.push({ status: 500 });
    await scoreEvent();
    await t.advance(1_000);
    await minute(40);
    const failed = (await deliveries()).filter((d) => d.status === "failed");
    expect(failed).toHaveLength(2);
    const before = receiver.requests.length;
    const { replayed } = await t.mutation(api.webhooks.replayFailed, withSecret({ teamId: team.teamId, caller, endpointId: webhook.id, since: t.now() - 60 * MINUTE }));
    expect(replayed).toBe(1);
    await t.advance(1_000);
    expect(receiver.requests.length).toBe(before + 1);
    expect((await deliveries()).filter((d) => d.status === "delivered" && d.endpointId === webhook.id)).toHaveLength(2);
  });

  it("cleans up delivered and failed deliveries after 30 days, with their attempts and unreferenced events", async () => {
    const team = await teamWithRoles(t);
    await endpoint(team);
    await scoreEvent();
    await t.advance(1_000);
    await t.advance(RETENTION_MS - 10 * MINUTE);
    await scoreEvent(2);
    await t.advance(1_000);
    await t.advance(10 * MINUTE + 1_000);
    expect(await t.mutation(internal.webhookDispatch.cleanup, {})).toEqual({ deliveries: 1, events: 1 });
    expect(await deliveries()).toHaveLength(1);
    expect(await attempts()).toHaveLength(1);
    expect(await t.run((ctx) => ctx.db.query("webhookEvents").collect())).toHaveLength(1);
  });
});
