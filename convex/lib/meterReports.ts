/**
 * The hourly meter reports sent to Stripe (SPEC §7), as pure rules: which hours are closed and still safe to send,
 * the identifier that makes Stripe count a report once, and an hour's billable usage from its usage buckets.
 *
 * Stripe dedupes meter events by `identifier` for at least 24 hours from the first receipt. A report is first sent
 * after its hour has closed, so any send made before `hourStart + SEND_DEADLINE_MS` falls inside that window: a
 * resend (a retried or crashed sync) is deduped, never counted twice. Past the deadline a pending report is given
 * up rather than risk a double charge.
 */
export const HOUR_MS = 3_600_000;

/** Calls recorded at the very end of an hour may commit a little later; an hour is closed this long after its end. */
export const CLOSE_MARGIN_MS = 10 * 60_000;

/** Sent only while `now < hourStart + SEND_DEADLINE_MS`: an hour inside Stripe's 24 h dedupe window, for slow runs. */
export const SEND_DEADLINE_MS = 23 * HOUR_MS;

export const hourStartOf = (time: number): number => Math.floor(time / HOUR_MS) * HOUR_MS;

/**
 * Hours that may be queued at `now`: closed, counted, and still before their send deadline. `[from, to)`, whole
 * hours. `countedBefore` is the usage roll-up's watermark: every call committed before it is in the buckets, so
 * an hour is closed when its end plus the margin is before both `now` and the watermark.
 */
export function reportableHours(now: number, countedBefore = now): { from: number; to: number } {
  // Closed: hourStart + HOUR_MS + CLOSE_MARGIN_MS <= now. Before the deadline: hourStart > now - SEND_DEADLINE_MS.
  const from = hourStartOf(now - SEND_DEADLINE_MS) + HOUR_MS;
  return { from, to: Math.max(from, hourStartOf(Math.min(now, countedBefore) - CLOSE_MARGIN_MS)) };
}

export const pastSendDeadline = (hourStart: number, now: number): boolean => now >= hourStart + SEND_DEADLINE_MS;

/** The Stripe meter event identifier of a team's hour: the same bucket always gets the same one (at most 100 chars). */
export const meterIdentifier = (teamId: string, hourStart: number): string => `gs_${teamId}_${new Date(hourStart).toISOString().slice(0, 13)}`;

/** Billable usage per hour (micro-USD) from hourly usage buckets; hours whose usage is nothing are left out. */
export function billableByHour(buckets: ReadonlyArray<{ start: number; costMicroUsd: number }>): Map<number, number> {
  const byHour = new Map<number, number>();
  for (const { start, costMicroUsd } of buckets) byHour.set(start, (byHour.get(start) ?? 0) + costMicroUsd);
  for (const [hour, value] of byHour) if (value <= 0) byHour.delete(hour);
  return byHour;
}
