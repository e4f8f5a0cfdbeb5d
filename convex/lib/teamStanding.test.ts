import { describe, expect, it } from "vitest";
import { PAST_DUE_GRACE_MS, teamStanding } from "./teamStanding";

const T = Date.UTC(2026, 0, 1);

describe("teamStanding", () => {
  it("serves active teams and refuses disabled ones", () => {
    expect(teamStanding({ status: "active" }, T)).toBe("ok");
    expect(teamStanding({ status: "disabled" }, T)).toBe("disabled");
  });

  it("serves a past-due team through the grace period, then asks for payment", () => {
    expect(teamStanding({ status: "past_due", pastDueSince: T }, T + PAST_DUE_GRACE_MS - 1)).toBe("ok");
    expect(teamStanding({ status: "past_due", pastDueSince: T }, T + PAST_DUE_GRACE_MS)).toBe("payment_required");
    expect(teamStanding({ status: "past_due" }, T)).toBe("payment_required");
  });
});
