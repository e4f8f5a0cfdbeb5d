// The scheduler: jobs are rows of `_scheduled_functions` written in the
// caller's transaction, run when the clock reaches them, and move through
// pending → inProgress → success/failed, or canceled.
import { expect, it } from "vitest";
import { START_TIME } from "@/testing/backends";
import { api } from "./fixture/_generated/api";
import { describeSample } from "./sample";

// Convex names jobs by module path; convex-test and the engine may or may not keep ".js".
const WRITE_MARKER = /^jobs(\.js)?:writeMarker$/;

// A job runs at its time or just after: a backend may nudge a transaction's clock
// forward by a few ms to keep _creationTime strictly increasing.
const at = (time: number) => expect.toSatisfy((v: number) => v >= time && v < time + 50, `~${time - START_TIME} ms`);

describeSample("scheduler", (t) => {
  const markers = () => t.query(api.jobs.markers, { kind: "job" });

  it("runAfter runs the job once, at its time, and records success", async () => {
    const id = await t.mutation(api.jobs.runAfter, { key: "k1", delayMs: 5000 });
    const [job] = await t.query(api.jobs.jobs, {});
    expect(job).toMatchObject({ id, state: "pending", scheduledTime: START_TIME + 5000, args: [{ key: "k1", kind: "job" }] });
    expect(job.name).toMatch(WRITE_MARKER);

    await t.advance(4999);
    expect(await markers()).toEqual([]);
    await t.advance(1);
    expect(await markers()).toEqual([{ key: "k1", kind: "job", at: at(START_TIME + 5000) }]);
    expect(await t.query(api.jobs.job, { id })).toMatchObject({ state: "success" });
    await t.advance(60_000);
    expect(await markers()).toHaveLength(1);
  });

  it("runAt runs at an absolute time; a past time runs at once", async () => {
    await t.mutation(api.jobs.runAt, { key: "later", at: START_TIME + 60_000 });
    await t.mutation(api.jobs.runAt, { key: "past", at: START_TIME - 60_000 });
    await t.advance(0);
    expect((await markers()).map((m) => m.key)).toEqual(["past"]);
    await t.advance(60_000);
    expect(await markers()).toEqual([
      { key: "past", kind: "job", at: at(START_TIME) },
      { key: "later", kind: "job", at: at(START_TIME + 60_000) },
    ]);
  });

  it("cancel stops a pending job", async () => {
    const id = await t.mutation(api.jobs.runAfter, { key: "c", delayMs: 1000 });
    await t.mutation(api.jobs.cancel, { id });
    expect(await t.query(api.jobs.job, { id })).toMatchObject({ state: "canceled" });
    await t.advance(5000);
    expect(await markers()).toEqual([]);
    expect(await t.query(api.jobs.job, { id })).toMatchObject({ state: "canceled" });
  });

  it("a mutation that throws after scheduling schedules nothing", async () => {
    await expect(t.mutation(api.jobs.scheduleThenThrow, { key: "ghost" })).rejects.toThrow(/rolled back/);
    expect(await t.query(api.jobs.jobs, {})).toEqual([]);
    await t.advance(5000);
    expect(await markers()).toEqual([]);
  });

  it("a job that throws ends in the failed state", async () => {
    const id = await t.mutation(api.jobs.scheduleFailing, {});
    await t.advance(0);
    expect(await t.query(api.jobs.job, { id })).toMatchObject({ state: "failed" });
  });

  it("jobs scheduled by jobs run at their own times as the clock advances", async () => {
    await t.mutation(api.jobs.startChain, { key: "ch", length: 4 });
    await t.advance(10_000);
    const chain = await t.query(api.jobs.markers, { kind: "chain" });
    expect(chain).toEqual([4, 3, 2, 1].map((left, i) => ({ key: `ch#${left}`, kind: "chain", at: at(START_TIME + i * 1000) })));
  });

  it("a scheduled action runs, and may call mutations", async () => {
    await t.mutation(api.jobs.scheduleAction, { key: "a", holdMs: 0 });
    await t.advance(0);
    expect((await t.query(api.jobs.markers, {})).map((m) => m.kind)).toEqual(["actionStart", "actionEnd"]);
    const [job] = await t.query(api.jobs.jobs, {});
    expect(job.state).toBe("success");
  });
});
