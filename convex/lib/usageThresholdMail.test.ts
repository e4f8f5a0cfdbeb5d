import { describe, expect, it } from "vitest";
import { usageThresholdMail } from "./usageThresholdMail";

describe("usageThresholdMail", () => {
  const input = {
    teamName: "Acme",
    plan: "growth" as const,
    periodStart: Date.UTC(2026, 11, 1),
    includedMicroUsd: 200_000_000,
    billingUrl: "https://portal.example.com/t/team1/billing",
  };

  it("names the team, the percent, the month, usage and the included amount in dollars, and links the billing page", () => {
    expect(usageThresholdMail({ ...input, threshold: 80, usageMicroUsd: 160_005_000 })).toEqual({
      subject: "GhostSpeak: Acme has used 80 % of its included usage for December 2026",
      text:
        'Team "Acme" has used 80 % of the usage its growth plan includes for December 2026 (UTC): $160.005 of the $200.00 included.\n' +
        "Usage beyond the included amount is billed as overage at list price.\n\n" +
        "Usage, costs and the month-end projection:\nhttps://portal.example.com/t/team1/billing\n",
    });
  });

  it("says at 100 % that further usage is overage", () => {
    const mail = usageThresholdMail({ ...input, threshold: 100, usageMicroUsd: 200_000_000 });
    expect(mail.subject).toBe("GhostSpeak: Acme has used 100 % of its included usage for December 2026");
    expect(mail.text).toContain("$200.00 of the $200.00 included.\nFurther usage this month is billed as overage at list price.");
  });
});
