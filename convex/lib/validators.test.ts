import { describe, expect, it } from "vitest";
import { KEY_ENVS } from "./apiKeyFormat";
import { INVITABLE_ROLES, ROLES } from "./permissions";
import { PLANS } from "./plans";
import type { Infer } from "convex/values";
import type { RateLimitState } from "./rateLimit";
import type { Aggregates, Components } from "./score";
import {
  TEAM_STATUSES,
  TIERS,
  vAgentAggregates,
  vInvitableRole,
  vKeyEnv,
  vPlan,
  vRateLimitState,
  vRole,
  vScoreComponents,
  vTeamStatus,
  vTier,
} from "./validators";

/** True only when A and B are the same type (not merely assignable one way). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

describe("enumeration validators", () => {
  it("are unions of exactly the literals of the lists they are built from", () => {
    const cases = [
      [vRole, ROLES],
      [vInvitableRole, INVITABLE_ROLES],
      [vPlan, PLANS],
      [vKeyEnv, KEY_ENVS],
      [vTeamStatus, TEAM_STATUSES],
      [vTier, TIERS],
    ] as const;
    for (const [validator, values] of cases) {
      expect(validator.kind).toBe("union");
      expect(validator.members.map((member) => [member.kind, member.value])).toEqual(values.map((value) => ["literal", value]));
    }
  });
});

describe("stored shapes of the pure modules", () => {
  it("match the types those modules compute with (checked by the type checker)", () => {
    const aggregates: Same<Infer<typeof vAgentAggregates>, Aggregates> = true;
    const components: Same<Infer<typeof vScoreComponents>, Components> = true;
    const rateLimit: Same<Infer<typeof vRateLimitState>, RateLimitState> = true;
    expect([aggregates, components, rateLimit]).toEqual([true, true, true]);
  });
});
