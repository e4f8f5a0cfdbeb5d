/**
 * The usage page's ranges (SPEC §7: 24 h, 7 d, 30 d, custom) as [from, to) in epoch ms with the granularity that
 * keeps a chart readable: hours up to a week, days beyond. Ranges end with the current hour, so the latest calls
 * are in; a custom range is whole UTC days, its last day included.
 */
import type { Granularity } from "../../../convex/lib/usageBuckets";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export type Preset = "24h" | "7d" | "30d";
export type UsageRange = { from: number; to: number; granularity: Granularity };

const PRESETS: Record<Preset, { span: number; granularity: Granularity }> = {
  "24h": { span: DAY_MS, granularity: "hour" },
  "7d": { span: 7 * DAY_MS, granularity: "hour" },
  "30d": { span: 30 * DAY_MS, granularity: "day" },
};

export function presetRange(preset: Preset, now: number): UsageRange {
  const to = Math.floor(now / HOUR_MS) * HOUR_MS + HOUR_MS;
  const { span, granularity } = PRESETS[preset];
  return { from: to - span, to, granularity };
}

/** `YYYY-MM-DD` dates (as a date input gives them) to whole UTC days; null when missing, reversed or past 93 days. */
export function customRange(fromDate: string, toDate: string): UsageRange | null {
  const from = Date.parse(`${fromDate}T00:00:00Z`);
  const to = Date.parse(`${toDate}T00:00:00Z`) + DAY_MS;
  if (Number.isNaN(from) || Number.isNaN(to) || to <= from || to - from > 93 * DAY_MS) return null;
  return { from, to, granularity: to - from <= 7 * DAY_MS ? "hour" : "day" };
}
