/**
 * The mail that tells a team's billing viewers its usage reached 80 % or 100 % of what its plan includes this
 * month (SPEC §4, §7). Pure, so the wording is tested without a backend.
 */
import { formatUsd } from "./money";
import type { Plan } from "./plans";
import type { UsageThreshold } from "./usageThresholds";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export type UsageThresholdMailInput = {
  teamName: string;
  plan: Plan;
  threshold: UsageThreshold;
  periodStart: number;
  usageMicroUsd: number;
  includedMicroUsd: number;
  billingUrl: string;
};

export function usageThresholdMail(input: UsageThresholdMailInput): { subject: string; text: string } {
  const period = new Date(input.periodStart);
  const month = `${MONTHS[period.getUTCMonth()]} ${period.getUTCFullYear()}`;
  const used = `${formatUsd(input.usageMicroUsd)} of the ${formatUsd(input.includedMicroUsd)} included`;
  const consequence =
    input.threshold === 100
      ? "Further usage this month is billed as overage at list price."
      : "Usage beyond the included amount is billed as overage at list price.";
  return {
    subject: `GhostSpeak: ${input.teamName} has used ${input.threshold} % of its included usage for ${month}`,
    text:
      `Team "${input.teamName}" has used ${input.threshold} % of the usage its ${input.plan} plan includes for ${month} (UTC): ` +
      `${used}.\n${consequence}\n\nUsage, costs and the month-end projection:\n${input.billingUrl}\n`,
  };
}
