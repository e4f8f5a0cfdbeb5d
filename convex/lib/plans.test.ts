import { describe, expect, it } from "vitest";
import { effectiveLimits, ENDPOINT_PRICES, keyRateLimit, listPriceMicroUsd, PLAN_DEFINITIONS, PLANS } from "./plans";

describe("PLAN_DEFINITIONS (SPEC §1)", () => {
  it("has the list fees and included usage in micro-USD", () => {
    expect(PLAN_DEFINITIONS.startup.baseFeeMicroUsd).toBe(49_000_000);
    expect(PLAN_DEFINITIONS.startup.includedUsageMicroUsd).toBe(10_000_000);
    expect(PLAN_DEFINITIONS.growth.baseFeeMicroUsd).toBe(499_000_000);
    expect(PLAN_DEFINITIONS.growth.includedUsageMicroUsd).toBe(200_000_000);
    expect(PLAN_DEFINITIONS.enterprise.baseFeeMicroUsd).toBeNull();
    expect(PLAN_DEFINITIONS.enterprise.includedUsageMicroUsd).toBeNull();
  });

  it("includes 1,000 and 20,000 verifications on startup and growth", () => {
    const verify = ENDPOINT_PRICES["/api/v1/verify"].unitPriceMicroUsd;
    expect(PLAN_DEFINITIONS.startup.includedUsageMicroUsd! / verify).toBe(1_000);
    expect(PLAN_DEFINITIONS.growth.includedUsageMicroUsd! / verify).toBe(20_000);
  });

  it("has the limits of the table", () => {
    expect(PLANS.map((plan) => PLAN_DEFINITIONS[plan].limits)).toEqual([
      { rateLimitPerMinute: 60, maxMembers: 5, maxApiKeys: 3, maxWebhookEndpoints: 3 },
      { rateLimitPerMinute: 300, maxMembers: 20, maxApiKeys: 10, maxWebhookEndpoints: 10 },
      { rateLimitPerMinute: 1_000, maxMembers: 100, maxApiKeys: 50, maxWebhookEndpoints: 50 },
    ]);
  });
});

describe("effectiveLimits", () => {
  it("applies contract overrides to enterprise teams", () => {
    expect(effectiveLimits("enterprise", { rateLimitPerMinute: 5_000, maxApiKeys: 200 })).toEqual({
      rateLimitPerMinute: 5_000,
      maxMembers: 100,
      maxApiKeys: 200,
      maxWebhookEndpoints: 50,
    });
  });

  it("ignores overrides on list plans", () => {
    expect(effectiveLimits("startup", { rateLimitPerMinute: 5_000 })).toEqual(PLAN_DEFINITIONS.startup.limits);
    expect(effectiveLimits("growth", { maxMembers: 1 })).toEqual(PLAN_DEFINITIONS.growth.limits);
  });
});

describe("keyRateLimit", () => {
  it("never lets a key exceed its team's limit", () => {
    expect(keyRateLimit(60, undefined)).toBe(60);
    expect(keyRateLimit(60, 10)).toBe(10);
    expect(keyRateLimit(60, 600)).toBe(60);
  });
});

describe("listPriceMicroUsd (SPEC §2)", () => {
  it("prices verify at 1¢, score at 0.5¢, batch at 0.5¢ per found agent", () => {
    expect(listPriceMicroUsd("/api/v1/verify", 1)).toBe(10_000);
    expect(listPriceMicroUsd("/api/v1/agents/{address}/score", 1)).toBe(5_000);
    expect(listPriceMicroUsd("/api/v1/verify/batch", 7)).toBe(35_000);
    expect(listPriceMicroUsd("/api/v1/verify/batch", 0)).toBe(0);
  });
});
