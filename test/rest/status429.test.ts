/**
 * 429: RATE_LIMITED past the key's per-minute limit — a concurrent burst of twice the limit never lets more than
 * the limit through — and QUOTA_EXCEEDED past the team's spend cap. Both recorded, never billed.
 */
import { describe, expect, it } from "vitest";
import { call, useDatabase, verifyCall } from "./fixtures";
import { expectProblem } from "./problems";

const fx = useDatabase();

describe("429", () => {
  it("a concurrent burst of 2x the limit lets exactly the limit through", async () => {
    const limit = 20;
    const { teamId, key } = await fx.teamWithKey("growth", { rateLimit: limit });
    const agent = await fx.agent();
    // A fresh minute, so no earlier window weighs on the count (the burst must fit in one aligned minute).
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
    const answers = await Promise.all(Array.from({ length: 2 * limit }, () => verifyCall(key, agent.address)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(limit);
    expect(statuses.filter((s) => s === 429)).toHaveLength(limit);

    const refused = answers.find((a) => a.status === 429)!;
    await expectProblem(refused, 429, "RATE_LIMITED");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(refused.headers.get("ratelimit")).toMatch(/^"per-key";r=0;t=\d+$/);

    const { events, periods } = await fx.usage(teamId);
    expect(events).toHaveLength(2 * limit);
    expect(periods[0]).toMatchObject({ calls: 2 * limit, billableCalls: limit, costMicroUsd: limit * 10_000 });
  });

  it("a batch counts as one request", async () => {
    const { key } = await fx.teamWithKey("growth", { rateLimit: 2 });
    const agents = [await fx.agent(), await fx.agent(), await fx.agent()].map((a) => a.address);
    const first = await call("/api/v1/verify/batch", { key, body: { agents } });
    expect(first.headers.get("x-ratelimit-remaining")).toBe("1");
  });

  it("QUOTA_EXCEEDED once a billable call would pass the spend cap; free calls still answer", async () => {
    const { teamId, key } = await fx.teamWithKey("startup");
    const agent = await fx.agent();
    // $49 base fee, $10 of usage included: a $49.01 cap leaves room for exactly one cent of overage.
    await fx.spendCap(teamId, 49_010_000, 10_000_000);
    expect((await verifyCall(key, agent.address)).status).toBe(200);
    // Other transactions see that cent once the usage roll-up counted it (billing.md, "Spend cap").
    await fx.usage(teamId);
    const refused = await verifyCall(key, agent.address);
    await expectProblem(refused, 429, "QUOTA_EXCEEDED");
    expect(refused.headers.get("x-ratelimit-limit")).toBe("60");
    // Retry when the month (and with it the cap) turns over.
    const now = new Date();
    const nextMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
    expect(Math.abs(Number(refused.headers.get("retry-after")) - (nextMonth - Date.now()) / 1000)).toBeLessThan(5);
    expect((await call("/api/v1/usage", { key })).status).toBe(200);
  });
});
