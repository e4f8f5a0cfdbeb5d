import { createHmac } from "node:crypto";
import fc from "fast-check";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import {
  generateWebhookSecret,
  joinSignatures,
  signGhostSpeak,
  signStandard,
  webhookSecretKeyBytes,
  webhookSignatureHeaders,
} from "./webhookSignature";

/** Independent check of the GhostSpeak header with node:crypto (allowed in tests only). */
const nodeGhostSpeak = (secret: string, timestampSec: number, body: string) =>
  createHmac("sha256", Buffer.from(secret.slice("whsec_".length), "base64"))
    .update(`${timestampSec}.${body}`)
    .digest("hex");

const nowSec = () => Math.floor(Date.now() / 1000);

describe("generateWebhookSecret", () => {
  it("is whsec_ + base64 of 32 random bytes", () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(webhookSecretKeyBytes(secret)).toHaveLength(32);
    expect(Buffer.from(secret.slice(6), "base64")).toHaveLength(32);
    expect(new Set(Array.from({ length: 100 }, generateWebhookSecret)).size).toBe(100);
  });
});

describe("webhookSecretKeyBytes", () => {
  it("refuses malformed secrets", () => {
    const valid = generateWebhookSecret();
    for (const bad of [valid.slice(6), `whsec${valid.slice(6)}`, "whsec_", "whsec_!!!!", `whsec_${"A".repeat(31)}`]) {
      expect(() => webhookSecretKeyBytes(bad), bad).toThrow(TypeError);
    }
    // too short (16 bytes) and too long (72 bytes) for Standard Webhooks
    expect(() => webhookSecretKeyBytes(`whsec_${Buffer.alloc(16).toString("base64")}`)).toThrow(TypeError);
    expect(() => webhookSecretKeyBytes(`whsec_${Buffer.alloc(72).toString("base64")}`)).toThrow(TypeError);
  });
});

describe("signStandard", () => {
  it("matches the published Standard Webhooks example", async () => {
    const signature = await signStandard(
      "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      "msg_p5jXN8AQM9LWM0D4loKWxJek",
      1614265330,
      '{"test": 2432232314}',
    );
    expect(signature).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  });

  it("verifies with the standardwebhooks library", async () => {
    const secret = generateWebhookSecret();
    const body = JSON.stringify({
      id: "evt_1",
      type: "score.updated",
      createdAt: "2026-11-25T12:00:00.000Z",
      data: { ghostScore: 812 },
    });
    const timestamp = nowSec();
    const headers = {
      "webhook-id": "evt_1",
      "webhook-timestamp": String(timestamp),
      "webhook-signature": await signStandard(secret, "evt_1", timestamp, body),
    };
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    // a changed body, id or secret fails
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(secret).verify(body, { ...headers, "webhook-id": "evt_2" })).toThrow(
      WebhookVerificationError,
    );
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow(WebhookVerificationError);
  });

  it("equals the library's own signature for any id, time and body", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 4_102_444_800 }),
        fc.string({ unit: "grapheme", maxLength: 200 }),
        async (id, timestamp, body) => {
          const secret = generateWebhookSecret();
          const ours = await signStandard(secret, id, timestamp, body);
          expect(ours).toBe(new Webhook(secret).sign(id, new Date(timestamp * 1000), body));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("refuses a timestamp that is not whole seconds, or is in milliseconds", async () => {
    await expect(signStandard(generateWebhookSecret(), "id", 1.5, "")).rejects.toThrow(RangeError);
    await expect(signGhostSpeak(generateWebhookSecret(), Date.now(), "")).rejects.toThrow(RangeError);
  });
});

describe("signGhostSpeak", () => {
  it("is the hex HMAC-SHA256 of `${timestamp}.${body}` with the secret's key bytes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 4_102_444_800 }),
        fc.string({ unit: "grapheme", maxLength: 200 }),
        async (timestamp, body) => {
          const secret = generateWebhookSecret();
          const ours = await signGhostSpeak(secret, timestamp, body);
          expect(ours).toMatch(/^[0-9a-f]{64}$/);
          expect(ours).toBe(nodeGhostSpeak(secret, timestamp, body));
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("webhookSignatureHeaders", () => {
  const body = '{"id":"evt_9","type":"tier.changed","createdAt":"2026-11-25T12:00:00.000Z","data":{}}';

  it("sets the Standard Webhooks and GhostSpeak headers with one secret", async () => {
    const secret = generateWebhookSecret();
    const timestamp = nowSec();
    const headers = await webhookSignatureHeaders({
      id: "evt_9",
      eventType: "tier.changed",
      timestampSec: timestamp,
      body,
      secrets: [secret],
    });
    expect(headers).toEqual({
      "webhook-id": "evt_9",
      "webhook-timestamp": String(timestamp),
      "webhook-signature": await signStandard(secret, "evt_9", timestamp, body),
      "X-GhostSpeak-Event": "tier.changed",
      "X-GhostSpeak-Timestamp": String(timestamp),
      "X-GhostSpeak-Signature": nodeGhostSpeak(secret, timestamp, body),
    });
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it("carries both signatures during a rotation, each verifying with its own secret", async () => {
    const next = generateWebhookSecret();
    const previous = generateWebhookSecret();
    const timestamp = nowSec();
    const headers = await webhookSignatureHeaders({
      id: "evt_9",
      eventType: "tier.changed",
      timestampSec: timestamp,
      body,
      secrets: [next, previous],
    });
    expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
    expect(new Webhook(next).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(previous).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow(WebhookVerificationError);
    expect(headers["X-GhostSpeak-Signature"]).toBe(
      joinSignatures([nodeGhostSpeak(next, timestamp, body), nodeGhostSpeak(previous, timestamp, body)]),
    );
  });

  it("needs a secret", async () => {
    await expect(
      webhookSignatureHeaders({ id: "e", eventType: "webhook.test", timestampSec: 1, body: "", secrets: [] }),
    ).rejects.toThrow(TypeError);
  });
});
