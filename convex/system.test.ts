import { expect, it } from "vitest";
import { api } from "./_generated/api";
import { describeConvex, withSecret } from "./test.helpers";

describeConvex("system.health", (t) => {
  it("answers ok from the database", async () => {
    expect(await t.client.query(api.system.health, withSecret({}))).toEqual({ ok: true });
  });
});
