/** 402 for a team past due beyond its grace period, 403 for a disabled team: both recorded, never billed. */
import { describe, expect, it } from "vitest";
import { PAST_DUE_GRACE_MS } from "../../convex/lib/teamStanding";
import { useDatabase, verifyCall } from "./fixtures";
import { expectProblem } from "./problems";

const fx = useDatabase();

describe("402 PAYMENT_REQUIRED and 403 FORBIDDEN", () => {
  it("serves a past-due team during grace, then answers 402; a disabled team 403", async () => {
    const { teamId, key } = await fx.teamWithKey();
    const agent = await fx.agent();
    await fx.patchTeam(teamId, { status: "past_due", pastDueSince: Date.now() - 60_000 });
    expect((await verifyCall(key, agent.address)).status).toBe(200);

    await fx.patchTeam(teamId, { pastDueSince: Date.now() - PAST_DUE_GRACE_MS });
    const pastDue = await verifyCall(key, agent.address);
    await expectProblem(pastDue, 402, "PAYMENT_REQUIRED");
    expect(pastDue.headers.get("x-ratelimit-limit")).toBe("300");

    await fx.patchTeam(teamId, { status: "disabled" });
    await expectProblem(await verifyCall(key, agent.address), 403, "FORBIDDEN");

    const { events } = await fx.usage(teamId);
    expect(events.map((e) => [e.status, e.costMicroUsd])).toEqual([[200, 10_000], [402, 0], [403, 0]]);
  });
});
