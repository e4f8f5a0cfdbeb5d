import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useAppDataDir } from "@/testing/appDataDir";
import { api } from "../../../../convex/_generated/api";
import { appErrorData } from "../../http/appError";
import type { Backend } from "../types";
import { openEngineThreadBackend } from ".";

// The server's backend: the same functions, answers and app errors as the in-thread engine, across a thread.
describe("the engine on its own thread", () => {
  let backend: Backend;
  useAppDataDir("engine-thread-", "engine-thread-test-secret");

  beforeAll(async () => {
    backend = await openEngineThreadBackend({ runScheduler: false });
  });

  afterAll(async () => {
    await backend.close();
  });

  it("runs mutations and queries on one database and returns their values", async () => {
    const { teamId } = await backend.mutation(api.teams.create, { name: "Threaded", ownerEmail: "owner@threaded.test" });
    expect(typeof teamId).toBe("string");
    const health = await backend.query(api.system.health, {});
    expect(health).toMatchObject({ ok: true });
  });

  it("carries an app error across the thread with its code, as the REST layer reads it", async () => {
    const failure = await backend.mutation(api.teams.create, { name: "Bad", ownerEmail: "not an address" }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(appErrorData(failure)).toEqual({ code: "VALIDATION_ERROR", message: "The owner email address is not valid." });
  });

  it("carries a failed server-secret check as the same UNAUTHORIZED app error", async () => {
    process.env.GHOSTSPEAK_SERVER_SECRET = "another-secret";
    try {
      const failure = await backend.query(api.system.health, {}).catch((error: unknown) => error);
      expect(appErrorData(failure)?.code).toBe("UNAUTHORIZED");
    } finally {
      process.env.GHOSTSPEAK_SERVER_SECRET = "engine-thread-test-secret";
    }
  });

  it("keeps a live query current across the thread until it is closed", async () => {
    const { teamId } = await backend.mutation(api.teams.create, { name: "Live", ownerEmail: "live@threaded.test" });
    const owner = await backend.query(api.auth.getUserByEmail, { email: "live@threaded.test" });
    const updates: unknown[] = [];
    const live = await backend.subscribe(api.teams.listForUser, { userId: owner!.id as never }, (update) => updates.push(update));
    expect(live.value.map((t) => t.teamId)).toEqual([teamId]);

    const { teamId: second } = await backend.mutation(api.teams.createForUser, { userId: owner!.id as never, name: "Second" });
    const deadline = Date.now() + 2_000;
    while (updates.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(updates).toHaveLength(1);
    const [update] = updates as Array<{ value: Array<{ teamId: string }> }>;
    expect(update!.value.map((t) => t.teamId).sort()).toEqual([teamId, second].sort());

    live.close();
    await backend.mutation(api.teams.createForUser, { userId: owner!.id as never, name: "Third" });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(updates).toHaveLength(1);
  });

  it("refuses calls once closed", async () => {
    const other = await openEngineThreadBackend({ runScheduler: false });
    await other.close();
    await expect(other.query(api.system.health, {})).rejects.toThrow(/stopped/);
  });
});
