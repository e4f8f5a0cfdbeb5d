/**
 * Whether a team's API calls are served (SPEC §2): a disabled team is refused (403), a team past due is served
 * through a grace period and then refused with 402 until it pays. The grace period gives a failed card retry
 * time to succeed before a customer's production traffic stops.
 */

export const PAST_DUE_GRACE_MS = 7 * 24 * 60 * 60_000;

export type TeamStanding = "ok" | "payment_required" | "disabled";

export function teamStanding(
  team: { status: "active" | "past_due" | "disabled"; pastDueSince?: number },
  now: number,
): TeamStanding {
  if (team.status === "disabled") return "disabled";
  if (team.status === "past_due") {
    // A past-due team without a start time has had no grace period recorded: it is refused, not served forever.
    const since = team.pastDueSince ?? Number.NEGATIVE_INFINITY;
    return now - since >= PAST_DUE_GRACE_MS ? "payment_required" : "ok";
  }
  return "ok";
}
