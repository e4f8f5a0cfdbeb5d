// What a function may see and do: the pinned clock, no I/O or timers inside
// transactions, actions calling back in, ConvexError data, identity, and
// public/internal visibility from a client.
import type { FunctionReference } from "convex/server";
import { ConvexError, type Value } from "convex/values";
import { expect, it } from "vitest";
import { api, internal } from "./fixture/_generated/api";
import { describeSample } from "./sample";

// Calling an internal function through the public client only compiles with a cast;
// the point of the test is that the backend refuses it at run time too.
const asPublic = <T extends "query" | "mutation" | "action">(fn: FunctionReference<T, "internal">) =>
  fn as unknown as FunctionReference<T, "public">;

describeSample("sandbox", (t) => {
  it("Date.now() is pinned inside queries and mutations to the backend's clock", async () => {
    const q = await t.query(api.checks.nowInQuery, {});
    expect(q).toEqual({ a: t.now(), b: t.now(), c: t.now() });
    await t.advance(1234);
    const m = await t.mutation(api.checks.nowInMutation, {});
    expect(m).toEqual({ a: t.now(), b: t.now(), c: t.now() });
  });

  it("refuses fetch in a query and timers in a mutation", async () => {
    await expect(t.query(api.checks.fetchInQuery, {})).rejects.toThrow(/fetch/);
    await expect(t.mutation(api.checks.timerInMutation, {})).rejects.toThrow(/setTimeout/);
  });

  it("an action runs mutations and queries and may await timers", async () => {
    expect(await t.action(api.actions.incrementTwice, { name: "n" })).toBe(2);
    expect(await t.query(api.counters.get, { name: "n" })).toBe(2);
  });

  it("a failed mutation rolls back and its ConvexError data reaches the caller", async () => {
    const error = await t.mutation(api.checks.failWithData, { n: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConvexError);
    expect((error as ConvexError<Value>).data).toEqual({ code: "LIMIT", n: 3, nested: { list: [1, 2n] } });
    expect(await t.query(api.counters.get, { name: "shouldRollBack" })).toBe(0);
  });

  it("ConvexError data survives the trip through an action", async () => {
    const error = await t.action(api.actions.relayError, { n: 7 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConvexError);
    expect((error as ConvexError<Value>).data).toEqual({ code: "LIMIT", n: 7, nested: { list: [1, 2n] } });
  });

  it("ctx.auth sees the caller's identity, in actions' nested calls too", async () => {
    expect(await t.query(api.checks.whoami, {})).toBeNull();
    const identity = { subject: "user-1", email: "u@example.com" };
    const expected = { subject: "user-1", issuer: "https://convex.test", email: "u@example.com" };
    expect(await t.query(api.checks.whoami, {}, { identity })).toEqual(expected);
    expect(await t.client.query(api.checks.whoami, {}, { identity })).toEqual(expected);
    expect(await t.action(api.actions.whoamiViaQuery, {}, { identity })).toEqual(expected);
  });

  it("trusted callers reach internal functions", async () => {
    expect(await t.query(internal.checks.secret, {})).toBe("internal-only");
    await t.mutation(internal.checks.secretWrite, { name: "s" });
    expect(await t.query(api.counters.get, { name: "s" })).toBe(0);
  });

  it("the client reaches public functions but is refused internal ones", async () => {
    expect(await t.client.mutation(api.counters.increment, { name: "pub" })).toBe(1);
    await expect(t.client.query(asPublic(internal.checks.secret), {})).rejects.toThrow(/public function|internal/i);
    await expect(t.client.mutation(asPublic(internal.checks.secretWrite), { name: "leak" })).rejects.toThrow(/public function|internal/i);
    await expect(t.client.action(asPublic(internal.jobs.slowAction), { key: "k", holdMs: 0 })).rejects.toThrow(/public function|internal/i);
    expect(await t.query(api.counters.get, { name: "leak" })).toBe(0);
    // A public action may itself call internal functions.
    expect(await t.client.action(api.actions.callInternal, {})).toBe("internal-only");
  });
});
