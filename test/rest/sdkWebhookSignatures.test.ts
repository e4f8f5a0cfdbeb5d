/**
 * The built SDK's `verifyWebhook` against the `standardwebhooks` library (the reference implementation of Standard
 * Webhooks): the library's published signing vector, then the cases its own test suite covers — each signed by the
 * library, and each given to both verifiers, which must agree on every one. The reverse direction too: what our
 * dispatcher's signer (convex/lib/webhookSignature.ts) signs, both accept.
 */
import { verifyWebhook, WebhookVerificationError } from "@ghostspeak/sdk";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { generateWebhookSecret, signStandard } from "../../convex/lib/webhookSignature";

/** From the library's tests (standard-webhooks/standard-webhooks, libraries/javascript/src/webhook.test.ts, "sign function works"). */
const VECTOR = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  payload: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};

type Delivery = { payload: string; headers: Record<string, string>; secret: string };

/** A delivery signed now by the library, with a secret of 24 random bytes. */
function signedByLibrary(offsetSeconds = 0): Delivery {
  const secret = `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(24))))}`;
  const payload = JSON.stringify({ id: "evt_1", type: "webhook.test", createdAt: new Date().toISOString(), data: { note: "ünïcode ✓" } });
  const at = new Date((Math.floor(Date.now() / 1000) + offsetSeconds) * 1000);
  const id = `msg_${crypto.randomUUID()}`;
  const signature = new Webhook(secret).sign(id, at, payload);
  return { payload, secret, headers: { "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signature } };
}

const without = (headers: Record<string, string>, name: string) => Object.fromEntries(Object.entries(headers).filter(([key]) => key !== name));

const cases: [string, boolean, () => Delivery][] = [
  ["a valid signature", true, () => signedByLibrary()],
  ["the secret without its whsec_ prefix", true, () => { const d = signedByLibrary(); return { ...d, secret: d.secret.slice("whsec_".length) }; }],
  ["several signatures, the valid one third (and a v2 one)", true, () => {
    const d = signedByLibrary();
    const other = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";
    return { ...d, headers: { ...d.headers, "webhook-signature": [other, other.replace("v1", "v2"), d.headers["webhook-signature"], other].join(" ") } };
  }],
  ["no webhook-id", false, () => { const d = signedByLibrary(); return { ...d, headers: without(d.headers, "webhook-id") }; }],
  ["no webhook-timestamp", false, () => { const d = signedByLibrary(); return { ...d, headers: without(d.headers, "webhook-timestamp") }; }],
  ["a webhook-timestamp that is not a number", false, () => { const d = signedByLibrary(); return { ...d, headers: { ...d.headers, "webhook-timestamp": "hello" } }; }],
  ["no webhook-signature", false, () => { const d = signedByLibrary(); return { ...d, headers: without(d.headers, "webhook-signature") }; }],
  ["a made-up signature", false, () => { const d = signedByLibrary(); return { ...d, headers: { ...d.headers, "webhook-signature": "v1,dawfeoifkpqwoekfpqoekf" } }; }],
  ["a cut signature", false, () => { const d = signedByLibrary(); return { ...d, headers: { ...d.headers, "webhook-signature": d.headers["webhook-signature"].slice(0, 8) } }; }],
  ["an empty v1 signature", false, () => { const d = signedByLibrary(); return { ...d, headers: { ...d.headers, "webhook-signature": "v1," } }; }],
  ["a timestamp over 5 minutes old", false, () => signedByLibrary(-301)],
  ["a timestamp over 5 minutes ahead", false, () => signedByLibrary(301)],
  ["another body", false, () => { const d = signedByLibrary(); return { ...d, payload: d.payload.replace("evt_1", "evt_2") }; }],
  ["another secret", false, () => ({ ...signedByLibrary(), secret: signedByLibrary().secret })],
];

const ours = (d: Delivery) => verifyWebhook(d.payload, d.headers, d.secret).then(() => true, (error: unknown) => (error instanceof WebhookVerificationError ? false : Promise.reject(error)));
const theirs = (d: Delivery) => {
  try {
    new Webhook(d.secret).verify(d.payload, d.headers);
    return true;
  } catch {
    return false;
  }
};

describe("verifyWebhook and the standardwebhooks library", () => {
  it("accepts the library's published signing vector, and returns the payload", async () => {
    expect(new Webhook(VECTOR.secret).sign(VECTOR.id, new Date(VECTOR.timestamp * 1000), VECTOR.payload)).toBe(VECTOR.signature);
    const headers = { "webhook-id": VECTOR.id, "webhook-timestamp": String(VECTOR.timestamp), "webhook-signature": VECTOR.signature };
    await expect(verifyWebhook(VECTOR.payload, headers, VECTOR.secret, { now: VECTOR.timestamp * 1000 })).resolves.toEqual({ test: 2432232314 });
    // Years later it is a replay.
    await expect(verifyWebhook(VECTOR.payload, headers, VECTOR.secret)).rejects.toBeInstanceOf(WebhookVerificationError);
  });

  it.each(cases)("%s: both say %s", async (_, valid, make) => {
    const delivery = make();
    expect(await ours(delivery)).toBe(valid);
    expect(theirs(delivery)).toBe(valid);
  });

  it("reads headers from a Headers object, from bytes, and in any case", async () => {
    const d = signedByLibrary();
    const upper = Object.fromEntries(Object.entries(d.headers).map(([name, value]) => [name.toUpperCase(), value]));
    await expect(verifyWebhook(new TextEncoder().encode(d.payload), new Headers(d.headers), d.secret)).resolves.toMatchObject({ id: "evt_1" });
    await expect(verifyWebhook(d.payload, upper, d.secret)).resolves.toMatchObject({ type: "webhook.test" });
    await expect(verifyWebhook(d.payload, d.headers, "whsec_not base64!")).rejects.toBeInstanceOf(TypeError);
  });

  it("accepts what our dispatcher's signer signs, as the library does", async () => {
    const secret = generateWebhookSecret();
    const payload = JSON.stringify({ id: "evt_9", type: "score.updated", createdAt: new Date().toISOString(), data: { score: 812 } });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = { "webhook-id": "evt_9", "webhook-timestamp": String(timestamp), "webhook-signature": await signStandard(secret, "evt_9", timestamp, payload) };
    await expect(verifyWebhook(payload, headers, secret)).resolves.toMatchObject({ data: { score: 812 } });
    expect(theirs({ payload, headers, secret })).toBe(true);
  });
});
