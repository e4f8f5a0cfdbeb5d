import { utcMonthPeriod } from "../../../../convex/lib/statement";
import { ApiError } from "../errors";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Bounds the work of one report: at most 744 hourly or 366 daily points. */
export const MAX_RANGE_DAYS = { hour: 31, day: 366 } as const;

/**
 * The usage report's range with its defaults filled in (the current UTC month so far, to the end of the current
 * hour), checked as a whole: a lone `from` years back would otherwise ask for a series of every hour since.
 */
export function usageRange(query: { from?: string; to?: string; granularity: "hour" | "day" }, now: number) {
  const from = query.from !== undefined ? Date.parse(query.from) : utcMonthPeriod(now).start;
  const to = query.to !== undefined ? Date.parse(query.to) : Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS;
  if (!(from < to)) throw new ApiError("VALIDATION_ERROR", "The range is empty.", [{ field: "from", message: "must be before to" }]);
  const maxDays = MAX_RANGE_DAYS[query.granularity];
  if (to - from > maxDays * DAY_MS) {
    throw new ApiError("VALIDATION_ERROR", "The range is too long.", [
      { field: query.to !== undefined ? "to" : "from", message: `the range may span at most ${maxDays} days by ${query.granularity}` },
    ]);
  }
  return { from, to, granularity: query.granularity };
}
