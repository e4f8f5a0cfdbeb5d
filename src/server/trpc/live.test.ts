// Live pages' streams (live.ts) over the embedded engine: a change of what the page's query reads is sent once the
// commit lands, as the page's query answers it; a member removed or demoted while watching gets FORBIDDEN and the
// stream ends; streams per user are bounded.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useAppDataDir } from "@/testing/appDataDir";
import { api } from "../../../convex/_generated/api";
import type { Id } from "../../../convex/_generated/dataModel";
import { openAppEngine, backendOverEngine } from "../backend/embedded";
import type { Backend } from "../backend/types";
import { withSecret } from "../backend/withSecret";
import { logger } from "../http/logger";
import type { Engine } from "@/engine";
import { MAX_STREAMS_PER_USER } from "./live";
import { createCaller } from "./root";
import { sessionFor } from "./test.helpers";

let engine: Engine;
let backend: Backend;
useAppDataDir("trpc-live-", "trpc-live-test-secret");

beforeAll(async () => {
  engine = await openAppEngine({ runScheduler: false });
  backend = backendOverEngine(engine, withSecret("embedded"));
});
afterAll(async () => {
  await backend.close();
});

async function teamWithAdmin(name: string) {
  const { teamId } = await backend.mutation(api.teams.create, { name, ownerEmail: `owner@${name}.test` });
  const owner = (await backend.query(api.auth.getUserByEmail, { email: `owner@${name}.test` }))!;
  const admin = await backend.mutation(api.auth.createUser, { email: `admin@${name}.test`, name: null, image: null });
  await engine.run((ctx) => ctx.db.insert("members", { teamId, userId: admin.id as Id<"users">, role: "admin" }));
  return { teamId, ownerId: owner.id as Id<"users">, adminId: admin.id as Id<"users"> };
}

const callerFor = (userId: Id<"users">, email: string, signal?: AbortSignal) =>
  createCaller({ session: sessionFor(userId, email), backend, sendMail: async () => {}, log: logger, resolveHost: async () => [] }, { signal });

type Event = IteratorResult<unknown> | { error: unknown };
/** A read that timed out is still waiting: the next call takes its result rather than asking past it. */
const waiting = new WeakMap<AsyncIterator<unknown>, Promise<Event>>();

/** The next event of a stream, or what ended it; undefined when nothing came within `ms`. */
async function next(stream: AsyncIterator<unknown>, ms = 2_000): Promise<Event | undefined> {
  let read = waiting.get(stream);
  if (!read) {
    read = stream.next().catch((error: unknown) => ({ error }));
    waiting.set(stream, read);
  }
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms));
  const result = await Promise.race([read, timeout]);
  if (result !== undefined) waiting.delete(stream);
  return result;
}

describe("live streams", () => {
  it("send the keys page its list again once a key is created, and end with FORBIDDEN once the watcher is removed", async () => {
    const { teamId, ownerId, adminId } = await teamWithAdmin("livekeys");
    const controller = new AbortController();
    const stream = (await callerFor(adminId, "admin@livekeys.test", controller.signal).apiKeys.live({ teamId }))[Symbol.asyncIterator]();
    // The stream opens with what the keys page's query answers, then sends it again after each change.
    const caller = callerFor(adminId, "admin@livekeys.test");
    expect(await next(stream)).toEqual({ done: false, value: { at: expect.any(Number), data: await caller.apiKeys.list({ teamId }) } });
    expect(await next(stream, 300)).toBeUndefined();

    await backend.mutation(api.apiKeys.create, { teamId, createdByUserId: ownerId, name: "live" });
    const changed = (await next(stream)) as IteratorResult<{ data: { keys: Array<{ name: string }> } }>;
    expect(changed.value.data.keys.map((key: { name: string }) => key.name)).toEqual(["live"]);
    expect(changed.value.data).toEqual(await caller.apiKeys.list({ teamId }));

    await backend.mutation(api.members.remove, { teamId, actingUserId: ownerId, userId: adminId });
    const ended = (await next(stream)) as { error: unknown };
    expect(ended.error).toBeInstanceOf(TRPCError);
    expect(ended.error).toMatchObject({ code: "FORBIDDEN", message: "You are no longer a member of this team." });
    expect(engine.liveStats().subscriptions).toBe(0);
  });

  it("end with FORBIDDEN, saying so, when the watcher's new role may not see the page", async () => {
    const { teamId, ownerId, adminId } = await teamWithAdmin("livedemoted");
    const controller = new AbortController();
    const stream = (await callerFor(adminId, "admin@livedemoted.test", controller.signal).audit.live({ teamId }))[Symbol.asyncIterator]();
    expect(await next(stream)).toMatchObject({ done: false });

    await backend.mutation(api.members.changeRole, { teamId, actingUserId: ownerId, userId: adminId, role: "member" });
    const ended = (await next(stream)) as { error: unknown };
    expect(ended.error).toMatchObject({ code: "FORBIDDEN", message: "Your role in this team no longer allows this page." });
    expect(engine.liveStats().subscriptions).toBe(0);
  });

  it("refuses a stream to someone who may not see the page, and bounds the streams a user holds", async () => {
    const { teamId, ownerId } = await teamWithAdmin("livebound");
    const stranger = await backend.mutation(api.auth.createUser, { email: "stranger@livebound.test", name: null, image: null });
    // A stranger is refused by the team procedure itself, as for the list.
    await expect(callerFor(stranger.id as Id<"users">, "stranger@livebound.test").apiKeys.live({ teamId })).rejects.toMatchObject({ code: "FORBIDDEN" });

    const controller = new AbortController();
    const owner = callerFor(ownerId, "owner@livebound.test", controller.signal);
    const streams = [];
    for (let i = 0; i < MAX_STREAMS_PER_USER; i++) {
      const stream = (await owner.apiKeys.live({ teamId }))[Symbol.asyncIterator]();
      expect(await next(stream)).toMatchObject({ done: false });
      streams.push(stream);
    }
    const refused = (await next((await owner.apiKeys.live({ teamId }))[Symbol.asyncIterator]())) as { error: unknown };
    expect((refused.error as TRPCError).code).toBe("TOO_MANY_REQUESTS");
    controller.abort();
    for (const stream of streams) await stream.return?.();
    const deadline = Date.now() + 2_000;
    while (engine.liveStats().subscriptions > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(engine.liveStats().subscriptions).toBe(0);
  });
});
