import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isOutboxAccessSecret, outboxAccessSecret, outboxOpenUrl } from "./outboxAccess";

const KEY = Buffer.alloc(32, 7).toString("base64");

describe("the dev outbox's access secret", () => {
  it("is HMAC-SHA256 of the outbox key over a fixed label, in base64url: the same key gives the same secret", () => {
    const secret = outboxAccessSecret(KEY);
    expect(secret).toBe(createHmac("sha256", KEY).update("outbox access").digest("base64url"));
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(outboxAccessSecret(KEY)).toBe(secret);
    expect(outboxAccessSecret(Buffer.alloc(32, 8).toString("base64"))).not.toBe(secret);
    // Not the key itself: the secret in a console or a cookie does not open the sealed mail.
    expect(secret).not.toContain(KEY);
  });

  it("opens the outbox through the link the console prints", () => {
    expect(outboxOpenUrl("http://localhost:3000", "abc")).toBe("http://localhost:3000/dev/outbox/open?key=abc");
  });

  it("accepts the secret only, whatever else is offered", () => {
    const secret = outboxAccessSecret(KEY);
    expect(isOutboxAccessSecret(secret, secret)).toBe(true);
    const wrong = outboxAccessSecret("another key");
    expect(isOutboxAccessSecret(wrong, secret)).toBe(false);
    for (const candidate of [undefined, null, "", secret.slice(1), `${secret}A`, `${secret.slice(0, 42)}=`, 42, [secret]]) {
      expect(isOutboxAccessSecret(candidate, secret), String(candidate)).toBe(false);
    }
  });
});
