/** The key page's usage range: the last 7 UTC days, today included, by day (SPEC: day boundaries are UTC). */
import { DAY_MS, type UsageRange } from "../usage/range";

const KEY_USAGE_DAYS = 7;

export function keyUsageRange(now: number): UsageRange {
  const to = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
  return { from: to - KEY_USAGE_DAYS * DAY_MS, to, granularity: "day" };
}
