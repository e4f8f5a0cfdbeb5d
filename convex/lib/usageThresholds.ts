/**
 * The `usage.threshold` webhook events of SPEC §4: one when a team's usage in a UTC month reaches 80 % of the
 * usage its plan includes, one at 100 %, each at most once a period. Plans without included usage (enterprise:
 * a contract decides) have no thresholds.
 */

export const USAGE_THRESHOLDS = [80, 100] as const;
export type UsageThreshold = (typeof USAGE_THRESHOLDS)[number];

/** The thresholds this period's usage has reached and that were not yet announced, lowest first. */
export function newlyReachedThresholds(args: {
  costMicroUsd: number;
  includedMicroUsd: number | null;
  threshold80At?: number;
  threshold100At?: number;
}): UsageThreshold[] {
  const { costMicroUsd, includedMicroUsd } = args;
  if (includedMicroUsd === null || includedMicroUsd <= 0) return [];
  const announced = { 80: args.threshold80At, 100: args.threshold100At };
  // Integer arithmetic: cost × 100 ≥ included × threshold, so 80 % of $10 is reached at exactly $8.
  return USAGE_THRESHOLDS.filter((threshold) => announced[threshold] === undefined && costMicroUsd * 100 >= includedMicroUsd * threshold);
}
