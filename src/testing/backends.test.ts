// The harness's own promises, on both backends: fresh state per test, a clock
// that stands still until advanced, identity defaults.
import { expect, it } from "vitest";
import { api } from "@/engine/test/fixture/_generated/api";
import { describeSample } from "@/engine/test/sample";
import { START_TIME } from "./backends";

describeSample("the parity harness", (t) => {
  // Two tests in a row: the second must not see the first one's write.
  it("writes a row", async () => {
    await t.mutation(api.counters.increment, { name: "leak" });
    expect(await t.query(api.counters.get, { name: "leak" })).toBe(1);
  });
  it("starts the next test on empty state", async () => {
    expect(await t.query(api.counters.get, { name: "leak" })).toBe(0);
  });

  it("starts at START_TIME and only moves on advance", async () => {
    expect(t.now()).toBe(START_TIME);
    await new Promise((resolve) => setImmediate(resolve));
    expect(t.now()).toBe(START_TIME);
    await t.advance(90_000);
    expect(t.now()).toBe(START_TIME + 90_000);
  });

  it("fills identity defaults the same way on both backends", async () => {
    expect(await t.query(api.checks.whoami, {}, { identity: {} })).toEqual({ subject: "test-subject", issuer: "https://convex.test", email: null });
  });
});
