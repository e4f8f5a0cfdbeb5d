import { expect, it } from "vitest";
import { api, internal } from "./_generated/api";
import { OUTBOX_PURGE_PAGE, OUTBOX_TTL_MS } from "./devOutbox";
import { describeConvex, withSecret } from "./test.helpers";

const mail = (subject: string) => ({ to: "ada@example.test", subject, bodyCiphertext: `v1.iv.${subject}` });
const countRows = (t: Parameters<Parameters<typeof describeConvex>[1]>[0]) => t.run(async (ctx) => (await ctx.db.query("devOutbox").collect()).length);

describeConvex("devOutbox", (t) => {
  it("keeps the app server's mail sealed and lists it newest first, beside the notices Convex writes in clear", async () => {
    for (let i = 1; i <= 3; i++) {
      await t.mutation(api.devOutbox.add, withSecret(mail(`Mail ${i}`)));
      await t.skip(1_000);
    }
    await t.run((ctx) => ctx.db.insert("devOutbox", { to: "b@example.test", subject: "Notice", text: "no token here" }));

    const mails = await t.query(api.devOutbox.list, withSecret({}));
    expect(mails.map((m) => m.subject)).toEqual(["Notice", "Mail 3", "Mail 2", "Mail 1"]);
    expect(mails[0]).toMatchObject({ to: "b@example.test", text: "no token here" });
    expect(mails[1]).toMatchObject({ bodyCiphertext: "v1.iv.Mail 3" });
    expect(mails[1]).not.toHaveProperty("text");
    expect(mails[1].createdAt).toBeGreaterThan(mails[2].createdAt);
    expect(JSON.stringify(mails)).not.toContain("serverSecret");
  });

  it("refuses a mail in clear from the app server", async () => {
    await expect(t.mutation(api.devOutbox.add, withSecret({ to: "a@b.test", subject: "s", text: "token=abc" } as never))).rejects.toThrow();
  });

  it("honours the limit within 1..200", async () => {
    for (let i = 0; i < 5; i++) await t.mutation(api.devOutbox.add, withSecret(mail(`${i}`)));
    expect(await t.query(api.devOutbox.list, withSecret({ limit: 2 }))).toHaveLength(2);
    expect(await t.query(api.devOutbox.list, withSecret({ limit: 0 }))).toHaveLength(1);
    expect(await t.query(api.devOutbox.list, withSecret({ limit: 10_000 }))).toHaveLength(5);
  });

  it("shows mail for 15 minutes, then deletes it", async () => {
    await t.mutation(api.devOutbox.add, withSecret(mail("old")));
    await t.skip(OUTBOX_TTL_MS - 60_000);
    await t.mutation(api.devOutbox.add, withSecret(mail("new")));
    expect((await t.query(api.devOutbox.list, withSecret({}))).map((m) => m.subject)).toEqual(["new", "old"]);

    await t.skip(60_001);
    expect((await t.query(api.devOutbox.list, withSecret({}))).map((m) => m.subject)).toEqual(["new"]);
    expect(await t.mutation(internal.devOutbox.purgeExpired, {})).toEqual({ deleted: 1, continued: false });
    expect(await countRows(t)).toBe(1);
  });

  it("purges a backlog a page per transaction, and the cron starts it unasked", async () => {
    await t.run(async (ctx) => {
      for (let i = 0; i < OUTBOX_PURGE_PAGE * 2 + 1; i++) await ctx.db.insert("devOutbox", { to: "a@b.test", subject: `${i}`, text: "" });
    });
    await t.skip(OUTBOX_TTL_MS + 1);
    expect(await t.mutation(internal.devOutbox.purgeExpired, {})).toEqual({ deleted: OUTBOX_PURGE_PAGE, continued: true });
    // The continuation it scheduled, then the next one, run as the clock moves.
    await t.advance(1);
    expect(await countRows(t)).toBe(0);

    // The 5-minute cron starts it unasked (convex-test runs no crons, the engine does).
    if (t.backend === "engine") {
      await t.mutation(api.devOutbox.add, withSecret(mail("later")));
      await t.advance(OUTBOX_TTL_MS + 5 * 60_000);
      expect(await countRows(t)).toBe(0);
    }
  });
});
