/**
 * PostHog's distinct ids: a SHA-256 of the user id, never the id itself nor an address, so the analytics store can
 * follow one person through the funnel without learning who they are. The app server (events from the outbox) and
 * the portal's browser code (posthog-js identify) both take it from here, so the two meet on one person.
 */
import { sha256Hex } from "./hashing";

export function userDistinctId(userId: string): Promise<string> {
  return sha256Hex(userId);
}

/** An event no user caused (the first API call, a change made with an API key or by an operator) belongs to its team. */
export function teamDistinctId(teamId: string): Promise<string> {
  return sha256Hex(`team:${teamId}`);
}
