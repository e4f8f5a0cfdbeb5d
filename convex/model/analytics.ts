/**
 * Product-analytics events (prisma-free-notes/operations.md, "Product analytics (PostHog)"). A funnel event is a
 * row of `analyticsEvents` written by the very mutation that makes the change, so it exists only if the change
 * committed; the app server's drain sends it to PostHog afterwards (analyticsOutbox.ts). Nothing is written unless
 * analytics is on. Properties are chosen here, per event, and never hold an address, a key, a URL or a secret.
 */
import type { Id } from "../_generated/dataModel";
import type { MutationCtx } from "../_generated/server";
import { teamDistinctId, userDistinctId } from "../lib/analyticsIds";
import type { Actor } from "./audit";

export const FUNNEL_EVENTS = [
  "signed_up",
  "team_created",
  "invite_sent",
  "invite_accepted",
  "api_key_created",
  "first_api_call",
  "webhook_endpoint_created",
  "plan_changed",
  "spend_cap_set",
] as const;

export type FunnelEvent = (typeof FUNNEL_EVENTS)[number];

type Properties = Record<string, string | number | boolean | null>;

/**
 * On when POSTHOG_KEY is set where the functions run: the app server's environment for the embedded engine, the
 * deployment's own for Convex (set it on both; only the app server sends).
 */
export function analyticsEnabled(): boolean {
  return (process.env.POSTHOG_KEY ?? "").trim() !== "";
}

export type AnalyticsEvent = {
  event: FunnelEvent;
  /** A user is a person in PostHog; anyone else (operator, API key, the system) stands for the team. */
  actor: Actor;
  teamId?: Id<"teams">;
  properties?: Properties;
  /** When it happened, if not now (the first API call is noticed by the roll-up after the call). */
  at?: number;
};

function randomUuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40; // version 4
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export async function recordAnalyticsEvent(ctx: MutationCtx, input: AnalyticsEvent): Promise<void> {
  if (!analyticsEnabled()) return;
  let distinctId: string;
  if (input.actor.kind === "user") distinctId = await userDistinctId(input.actor.userId);
  else if (input.teamId !== undefined) distinctId = await teamDistinctId(input.teamId);
  else throw new Error(`The ${input.event} event needs a user or a team.`);
  await ctx.db.insert("analyticsEvents", {
    uuid: randomUuid(),
    event: input.event,
    distinctId,
    ...(input.teamId !== undefined ? { teamId: input.teamId } : {}),
    properties: input.properties ?? {},
    at: input.at ?? Date.now(),
    leaseUntil: 0,
    attempts: 0,
  });
}
