/**
 * The usage page's ranges (SPEC §7: 24 h, 7 d, 30 d, custom) as [from, to) in epoch ms, and their granularity
 * (SPEC §7: calls per day/hour). Presets end with the current hour, so the latest calls are in; a custom range is
 * whole UTC days, its last day included. A range of up to 2 days is charted by hour by default, a longer one by
 * day, so a day's calls are one readable bar rather than 24 slivers; the viewer may switch while the server
 * allows hours (at most 31 days).
 */
import { type Granularity, MAX_CHART_RANGE_MS } from "../../../convex/lib/usageBuckets";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** Up to this span the default is by hour. */
const MAX_DEFAULT_HOURLY_SPAN = 2 * DAY_MS;

export type Preset = "24h" | "7d" | "30d";
export type UsageRange = { from: number; to: number; granularity: Granularity };

const SPANS: Record<Preset, number> = { "24h": DAY_MS, "7d": 7 * DAY_MS, "30d": 30 * DAY_MS };

export function defaultGranularity(span: number): Granularity {
  return span <= MAX_DEFAULT_HOURLY_SPAN ? "hour" : "day";
}

/** The granularities a range may be charted by. */
export function granularitiesFor(range: Pick<UsageRange, "from" | "to">): Granularity[] {
  return range.to - range.from <= MAX_CHART_RANGE_MS.hour ? ["hour", "day"] : ["day"];
}

export function presetRange(preset: Preset, now: number): UsageRange {
  const to = Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS;
  return { from: to - SPANS[preset], to, granularity: defaultGranularity(SPANS[preset]) };
}

/** `YYYY-MM-DD` dates (as a date input gives them) to whole UTC days; null when missing, reversed or past 93 days. */
export function customRange(fromDate: string, toDate: string): UsageRange | null {
  const from = Date.parse(`${fromDate}T00:00:00Z`);
  const to = Date.parse(`${toDate}T00:00:00Z`) + DAY_MS;
  if (Number.isNaN(from) || Number.isNaN(to) || to <= from || to - from > MAX_CHART_RANGE_MS.day) return null;
  return { from, to, granularity: defaultGranularity(to - from) };
}
