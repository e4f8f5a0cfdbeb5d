import { expect, it } from "vitest";
import { api, internal } from "./_generated/api";
import { sha256Hex } from "./lib/hashing";
import { LIMIT_PURGE_PAGE, SIGN_IN_MAIL_WINDOW_MS, SIGN_IN_MAILS_PER_ADDRESS, SIGN_IN_MAILS_PER_CLIENT } from "./signInMail";
import { describeConvex, expectAppError, withSecret } from "./test.helpers";

const address = (email: string) => sha256Hex(`address:${email}`);
const client = (ip: string) => sha256Hex(`client:${ip}`);

describeConvex("signInMail", (t) => {
  const allow = async (email: string, ip?: string) =>
    t.mutation(api.signInMail.allow, withSecret({ addressHash: await address(email), clientHash: ip === undefined ? undefined : await client(ip) }));
  const rows = () => t.run((ctx) => ctx.db.query("signInMailLimits").collect());

  it("lets 5 mails to one address through in 15 minutes, refuses the 6th without writing, and lets one through again later", async () => {
    for (let i = 0; i < SIGN_IN_MAILS_PER_ADDRESS; i++) expect(await allow("ada@example.test", "203.0.113.7")).toEqual({ allowed: true });
    const before = await rows();
    const refused = await allow("ada@example.test", "203.0.113.8");
    expect(refused).toMatchObject({ allowed: false, scope: "address" });
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(refused.allowed === false && refused.retryAfterSeconds).toBeLessThanOrEqual(2 * SIGN_IN_MAIL_WINDOW_MS / 1000);
    // Nothing counted for the refused request: neither its address nor its (other) client.
    expect(await rows()).toEqual(before);
    expect(before.map((row) => row.current).sort()).toEqual([5, 5]);

    // Another address is not affected.
    expect(await allow("bob@example.test", "203.0.113.7")).toEqual({ allowed: true });
    await t.skip(2 * SIGN_IN_MAIL_WINDOW_MS);
    expect(await allow("ada@example.test", "203.0.113.7")).toEqual({ allowed: true });
  });

  it("limits one client address across many addresses to 30 in 15 minutes; an unknown client has the address limit only", async () => {
    for (let i = 0; i < SIGN_IN_MAILS_PER_CLIENT; i++) expect(await allow(`user${i}@example.test`, "198.51.100.1")).toEqual({ allowed: true });
    expect(await allow("one-more@example.test", "198.51.100.1")).toMatchObject({ allowed: false, scope: "client" });
    // The refused request did not count against its address either.
    expect(await allow("one-more@example.test", "198.51.100.2")).toEqual({ allowed: true });
    expect(await allow("another@example.test")).toEqual({ allowed: true });
  });

  it("takes only SHA-256 digests, and only from the app server", async () => {
    await expectAppError(t.mutation(api.signInMail.allow, withSecret({ addressHash: "ada@example.test" })), "VALIDATION_ERROR");
    await expectAppError(t.mutation(api.signInMail.allow, withSecret({ addressHash: await address("a@b.test"), clientHash: "203.0.113.7" })), "VALIDATION_ERROR");
    await expectAppError(t.mutation(api.signInMail.allow, { addressHash: await address("a@b.test"), serverSecret: "wrong" }), "UNAUTHORIZED");
  });

  it("purges counters that decayed to nothing, a page per transaction, and keeps live ones", async () => {
    await t.run(async (ctx) => {
      for (let i = 0; i < LIMIT_PURGE_PAGE + 1; i++) {
        await ctx.db.insert("signInMailLimits", { key: await address(`old${i}@example.test`), windowStart: 0, current: 1, previous: 0 });
      }
    });
    expect(await allow("live@example.test")).toEqual({ allowed: true });
    expect(await t.mutation(internal.signInMail.purgeStale, {})).toEqual({ deleted: LIMIT_PURGE_PAGE, continued: true });
    await t.advance(1);
    expect((await rows()).length).toBe(1);
  });
});
