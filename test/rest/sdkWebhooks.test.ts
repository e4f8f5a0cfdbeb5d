/**
 * The built SDK's `webhooks.*` against a server of its own with private URLs allowed: every webhook operation, and
 * `webhooks.verify` on deliveries our own dispatcher sent to a local receiver — one secret, then two during a
 * rotation — refusing them tampered, under another secret or received too late. A create whose answer was lost is
 * retried under its Idempotency-Key and answered with the same endpoint and secret.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { GhostSpeak, NotFoundError, WebhookVerificationError } from "@ghostspeak/sdk";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useDatabase } from "./fixtures";
import { startProxy } from "./sdkProxy";
import { startChildServer, type ChildServer } from "./server";
import { startWebhookReceiver, waitFor, type WebhookReceiver } from "@/testing/webhookReceiver";

const dataDir = mkdtempSync(path.join(tmpdir(), "ghostspeak-sdk-webhooks-"));
const fx = useDatabase(dataDir);
let server: ChildServer;
let receiver: WebhookReceiver;

beforeAll(async () => {
  [receiver, server] = await Promise.all([startWebhookReceiver(), startChildServer({ WEBHOOK_ALLOW_PRIVATE_URLS: "true" }, { dataDir })]);
}, 90_000);
afterAll(async () => {
  await server?.stop(2_000);
  await receiver?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The next request the receiver gets after `before` of them. */
const delivery = (before: number) => waitFor(() => receiver.received[before]);

describe("SDK webhooks", () => {
  it("creates, lists, tests, shows, rotates and deletes, and verifies what the dispatcher delivers", async () => {
    const { key } = await fx.teamWithKey("growth");
    const gs = new GhostSpeak({ apiKey: key, baseUrl: server.url });

    const created = await gs.webhooks.create({ url: receiver.url, events: ["webhook.test", "score.updated"], description: "SDK" });
    expect(created).toMatchObject({ status: 201, data: { webhook: { url: receiver.url, status: "active", description: "SDK" } } });
    expect(created.rateLimit.limit).toBe(300);
    const { webhook, secret } = created.data;
    expect((await gs.webhooks.list()).data.webhooks).toEqual([webhook]);

    let before = receiver.received.length;
    const sent = await gs.webhooks.test(webhook.id);
    expect(sent.status).toBe(202);
    const first = await delivery(before);
    const event = await gs.webhooks.verify(first.body, first.headers, secret);
    expect(event).toMatchObject({ id: sent.data.eventId, type: "webhook.test", data: { endpointId: webhook.id } });
    await expect(gs.webhooks.verify(first.body.replace("GhostSpeak", "Ghostspeak"), first.headers, secret)).rejects.toBeInstanceOf(WebhookVerificationError);
    await expect(gs.webhooks.verify(first.body, first.headers, "whsec_" + btoa("another secret, 24+ bytes"))).rejects.toBeInstanceOf(WebhookVerificationError);
    // Receivers refuse a delivery more than 5 minutes off (SPEC §4): one checked 6 minutes on is a replay.
    await expect(gs.webhooks.verify(first.body, first.headers, secret, { now: Date.now() + 6 * 60_000 })).rejects.toThrow(/too far/);

    let shown = await gs.webhooks.get(webhook.id);
    for (let i = 0; i < 100 && shown.data.deliveries[0]?.status !== "delivered"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      shown = await gs.webhooks.get(webhook.id);
    }
    expect(shown.data.deliveries[0]).toMatchObject({ id: sent.data.deliveryId, eventId: sent.data.eventId, status: "delivered", attempts: [{ status: 200 }] });

    const rotated = await gs.webhooks.rotateSecret(webhook.id);
    expect(rotated.data.secret).not.toBe(secret);
    before = receiver.received.length;
    await gs.webhooks.test(webhook.id);
    const signedTwice = await delivery(before);
    expect(String(signedTwice.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    for (const each of [rotated.data.secret, secret]) {
      await expect(gs.webhooks.verify(signedTwice.body, signedTwice.headers, each)).resolves.toMatchObject({ type: "webhook.test" });
      new Webhook(each).verify(signedTwice.body, signedTwice.headers as Record<string, string>);
    }

    const deleted = await gs.webhooks.delete(webhook.id);
    expect(deleted).toMatchObject({ status: 204, data: undefined });
    await expect(gs.webhooks.get(webhook.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("retries a create whose answer was lost and gets the same endpoint and secret back", async () => {
    const { key } = await fx.teamWithKey("growth");
    const proxy = await startProxy(server.url, (_, index) => (index === 0 ? { forward: true, dropAnswer: true } : { forward: true }));
    try {
      const created = await new GhostSpeak({ apiKey: key, baseUrl: proxy.url, retryDelayMs: 50 }).webhooks.create({ url: receiver.url, events: ["webhook.test"] });
      expect(created.replayed).toBe(true);
      expect(created.data.secret).toMatch(/^whsec_/);
      expect(proxy.seen).toHaveLength(2);
      const { data } = await new GhostSpeak({ apiKey: key, baseUrl: server.url }).webhooks.list();
      expect(data.webhooks.map((w) => w.id)).toEqual([created.data.webhook.id]);
    } finally {
      await proxy.close();
    }
  });
});
