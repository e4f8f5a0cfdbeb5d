import { describe, expect, it } from "vitest";
import { scanLog } from "@/testing/logScan";
import { REDACTED, scrubBreadcrumb, scrubEvent, scrubText, scrubUrl, scrubValue } from "./scrub";

const apiKey = "gs_live_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0";
const testKey = "gs_test_" + "Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4J3i2H1g0";
const whsec = "whsec_" + "MfKQ9r8GKjBhAAq0v9TGs2Fxs6GXWo8lZtKw";
const stripeKey = "sk_live_" + "51Habcdefghijklmnopqrstuv";
const restricted = "rk_test_" + "51Hzyxwvutsrqponmlkjih";
const magic = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const invite = "q1Wz8Xy7Vu6Ts5Rq4Po3Nm2Lk1Jh0Gf9Ed8Cb7Aa6Z";
const cookie = `next-auth.session-token=${"c".repeat(40)}`;

describe("scrubText", () => {
  it.each([
    ["a live API key", `key ${apiKey} refused`, apiKey],
    ["a test API key", `key=${testKey}`, testKey],
    ["a webhook secret", `secret ${whsec}`, whsec],
    ["a Stripe secret key", `Invalid API Key provided: ${stripeKey}`, stripeKey],
    ["a Stripe restricted key", `using ${restricted}`, restricted],
    ["a bearer token", "Authorization: Bearer abc.def.ghi-123456", "abc.def.ghi-123456"],
    ["a magic-link token", `GET /api/auth/callback/email?callbackUrl=%2F&token=${magic}&email=a%40b.test`, magic],
    ["an invite token", `https://portal.test/invites/${invite}`, invite],
    ["a session cookie", `Cookie: ${cookie}; other=1`, "c".repeat(40)],
    ["an email", "no member alice@example.com in team", "alice@example.com"],
  ])("removes %s", (_what, text, secret) => {
    const scrubbed = scrubText(text);
    expect(scrubbed).not.toContain(secret);
    expect(scanLog("scrubbed", scrubbed, [])).toEqual([]);
  });

  it("keeps what identifies without revealing: a key's display form, team ids, versions, paths", () => {
    const text = "key gs_live_Ab3x…wxyz of team k57a9b2c3d at /app/node_modules/next@16.4.6/dist/server.js:10";
    expect(scrubText(text)).toBe(text);
  });
});

describe("scrubUrl", () => {
  it("drops the query string and the fragment", () => {
    expect(scrubUrl(`http://h/api/auth/callback/email?token=${magic}#x`)).toBe("http://h/api/auth/callback/email");
    expect(scrubUrl(`/invites/${invite}`)).toBe(`/invites/${REDACTED}`);
  });
});

describe("scrubEvent", () => {
  const event = {
    message: `failed for ${apiKey}`,
    exception: { values: [{ type: "Error", value: `whsec ${whsec} and Bearer sometokenvalue1` }] },
    request: {
      method: "POST",
      url: `http://h/api/v1/verify?token=${magic}`,
      data: `{"key":"${apiKey}"}`,
      cookies: { "next-auth.session-token": "c".repeat(40) },
      headers: { authorization: `Bearer ${apiKey}`, "x-api-key": apiKey, cookie, "stripe-signature": "t=1,v1=abc", "user-agent": "curl" },
      query_string: `token=${magic}`,
    },
    user: { id: "u1", email: "alice@example.com", ip_address: "10.0.0.1" },
    tags: { request_id: "r1", route: "/api/v1/verify", team_id: "t1", note: `k=${testKey}` },
    extra: { body: { apiKey, nested: [{ password: "hunter2hunter2" }, { text: `see /invites/${invite}` }] } },
    contexts: { stripe: { key: stripeKey } },
    breadcrumbs: [{ message: `POST with ${cookie}` }],
  };

  it("removes the request's body, cookies, headers and query, and every secret anywhere", () => {
    const scrubbed = scrubEvent(event);
    expect(scrubbed.request).toEqual({ method: "POST", url: "http://h/api/v1/verify" });
    expect(scrubbed.user).toEqual({ id: "u1" });
    expect(scrubbed.tags).toMatchObject({ request_id: "r1", route: "/api/v1/verify", team_id: "t1" });
    const json = JSON.stringify(scrubbed);
    for (const secret of [apiKey, testKey, whsec, stripeKey, magic, invite, "c".repeat(40), "hunter2hunter2", "sometokenvalue1", "alice@example.com", "10.0.0.1"]) {
      expect(json).not.toContain(secret);
    }
    expect(scanLog("event", json, [])).toEqual([]);
  });

  it("leaves its input unchanged", () => {
    const before = JSON.stringify(event);
    scrubEvent(event);
    expect(JSON.stringify(event)).toBe(before);
  });
});

describe("scrubBreadcrumb and scrubValue", () => {
  it("drop URL queries in breadcrumb data and redact credential fields by name", () => {
    const crumb = scrubBreadcrumb({ category: "fetch", message: `to ${apiKey}`, data: { url: `/api/auth/callback/email?token=${magic}`, method: "GET" } });
    expect(crumb).toEqual({ category: "fetch", message: `to gs_${REDACTED}`, data: { url: "/api/auth/callback/email", method: "GET" } });
    expect(scrubValue({ headers: { Authorization: "x", Cookie: "y", accept: "z" } })).toEqual({ headers: { Authorization: REDACTED, Cookie: REDACTED, accept: "z" } });
  });

  it("cuts a cycle instead of looping", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => scrubValue(cyclic)).not.toThrow();
  });
});
