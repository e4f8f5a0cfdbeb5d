import { expect, it } from "vitest";
import { api } from "./_generated/api";
import { describeConvex, withSecret } from "./test.helpers";

describeConvex("devOutbox", (t) => {
  it("keeps mails and lists them newest first, without the server secret", async () => {
    for (let i = 1; i <= 3; i++) {
      await t.mutation(api.devOutbox.add, withSecret({ to: "ada@example.test", subject: `Mail ${i}`, text: `Body ${i}` }));
      await t.advance(1_000);
    }
    await t.mutation(api.devOutbox.add, withSecret({ to: "b@example.test", subject: "Html", text: "t", html: "<p>t</p>" }));

    const mails = await t.query(api.devOutbox.list, withSecret({}));
    expect(mails.map((m) => m.subject)).toEqual(["Html", "Mail 3", "Mail 2", "Mail 1"]);
    expect(mails[0]).toMatchObject({ to: "b@example.test", text: "t", html: "<p>t</p>" });
    expect(mails[1].createdAt).toBeGreaterThan(mails[2].createdAt);
    expect(JSON.stringify(mails)).not.toContain("serverSecret");
  });

  it("honours the limit within 1..200", async () => {
    for (let i = 0; i < 5; i++) await t.mutation(api.devOutbox.add, withSecret({ to: "a@b.test", subject: `${i}`, text: "" }));
    expect(await t.query(api.devOutbox.list, withSecret({ limit: 2 }))).toHaveLength(2);
    expect(await t.query(api.devOutbox.list, withSecret({ limit: 0 }))).toHaveLength(1);
    expect(await t.query(api.devOutbox.list, withSecret({ limit: 10_000 }))).toHaveLength(5);
  });
});
