/// <reference types="vite/client" />
/** The billing procedures' own contract: dollars in, micro-USD out, whether billing is local, readable refusals. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { api } from "../../../convex/_generated/api";
import { createCaller } from "./root";
import { codeOf, sessionFor, TRPC_TEST_SECRET, useTrpcHarness } from "./test.helpers";

const harness = useTrpcHarness();

async function ownerCaller() {
  const { teamId } = await harness
    .t()
    .mutation(api.teams.create, { name: "Acme", ownerEmail: "owner@acme.test", serverSecret: TRPC_TEST_SECRET });
  const ownerId = await harness.t().run(async (ctx) => (await ctx.db.query("users").first())!._id);
  return { teamId: teamId as string, caller: createCaller(harness.context(sessionFor(ownerId, "owner@acme.test"))) };
}

describe("billing procedures", () => {
  let previousStripeKey: string | undefined;
  beforeEach(() => {
    previousStripeKey = process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_SECRET_KEY;
  });
  afterEach(() => {
    if (previousStripeKey === undefined) delete process.env.STRIPE_SECRET_KEY;
    else process.env.STRIPE_SECRET_KEY = previousStripeKey;
  });

  it("says billing is local without a Stripe key, and Stripe's with one", async () => {
    const { teamId, caller } = await ownerCaller();
    expect((await caller.billing.overview({ teamId })).source).toBe("local");
    process.env.STRIPE_SECRET_KEY = "sk_test_x";
    expect((await caller.billing.overview({ teamId })).source).toBe("stripe");
  });

  it("takes the spend cap in dollars and stores micro-USD; fractions of a cent and a cap under the base fee are refused", async () => {
    const { teamId, caller } = await ownerCaller();
    await caller.billing.setSpendCap({ teamId, spendCapUsd: 120.5 });
    expect((await caller.billing.overview({ teamId })).spendCap).toBe(120_500_000);
    expect(await codeOf(caller.billing.setSpendCap({ teamId, spendCapUsd: 120.505 }))).toBe("BAD_REQUEST");
    expect(await codeOf(caller.billing.setSpendCap({ teamId, spendCapUsd: 0 }))).toBe("BAD_REQUEST");
    await expect(caller.billing.setSpendCap({ teamId, spendCapUsd: 10 })).rejects.toThrow(/at least the startup plan's base fee of \$49\.00/);
    await caller.billing.setSpendCap({ teamId, spendCapUsd: null });
    expect((await caller.billing.overview({ teamId })).spendCap).toBeNull();
  });

  it("changes the plan at once and refuses the enterprise plan at the input", async () => {
    const { teamId, caller } = await ownerCaller();
    await caller.billing.changePlan({ teamId, plan: "growth" });
    expect((await caller.billing.overview({ teamId })).plan).toBe("growth");
    expect(await codeOf(caller.billing.changePlan({ teamId, plan: "enterprise" as "growth" }))).toBe("BAD_REQUEST");
  });
});
