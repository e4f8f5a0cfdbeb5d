import { describe, expect, it } from "vitest";
import { KEY_ENVS } from "./apiKeyFormat";
import { INVITABLE_ROLES, ROLES } from "./permissions";
import { PLANS } from "./plans";
import { TEAM_STATUSES, TIERS, vInvitableRole, vKeyEnv, vPlan, vRole, vTeamStatus, vTier } from "./validators";

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
