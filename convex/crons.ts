/** Recurring work, run by the embedded engine's scheduler or by a Convex deployment alike. */
import { cronJobs } from "convex/server";
import { internal } from "./_generated/api";

const crons = cronJobs();

// Shortly after midnight UTC, when a new UTC week (and so a new consistency window) may have begun.
crons.daily("recompute time-dependent scores", { hourUTC: 0, minuteUTC: 10 }, internal.scoreDecay.recomputePage, {});

// Idempotency answers are kept 24 h; an hourly sweep keeps the table at about a day of POSTs.
crons.hourly("purge expired idempotency records", { minuteUTC: 20 }, internal.idempotency.purgeExpired, {});

// Expired sessions and magic-link tokens (authCleanup.ts); they are refused when read, this bounds the tables.
crons.hourly("purge expired sessions and sign-in tokens", { minuteUTC: 25 }, internal.authCleanup.purgeExpired, {});

// Webhook retries that are due, and attempts whose action died (SPEC §4: every minute, at most 50 a run).
crons.interval("run due webhook deliveries", { minutes: 1 }, internal.webhookDispatch.runDue, {});

// Delivered and failed webhook deliveries are kept 30 days.
crons.daily("clean up old webhook deliveries", { hourUTC: 3, minuteUTC: 40 }, internal.webhookDispatch.cleanup, {});

// Usage events into buckets, periods and keys' last use (usageRollup.ts); it runs again at once while behind.
crons.interval("roll up usage", { seconds: 1 }, internal.usageRollup.run, {});

// Raw usage events older than 90 days; rollups and periods stay (usageRetention.ts).
crons.hourly("purge usage events older than 90 days", { minuteUTC: 50 }, internal.usageRetention.purgeOldEvents, {});

// Dev outbox mail is kept 15 minutes (devOutbox.ts); the list hides older mail, this deletes it.
crons.interval("purge expired dev outbox mail", { minutes: 5 }, internal.devOutbox.purgeExpired, {});

// Sign-in mail counters whose count has decayed to nothing (signInMail.ts).
crons.hourly("purge stale sign-in mail counters", { minuteUTC: 35 }, internal.signInMail.purgeStale, {});

// Closed hours' billable usage to Stripe as meter events (stripeMeterSync.ts; does nothing without STRIPE_SECRET_KEY).
crons.hourly("send hourly usage to Stripe", { minuteUTC: 15 }, internal.stripeMeterSync.sync, {});

// Product-analytics events PostHog never took within a week (analyticsOutbox.ts).
crons.hourly("purge undeliverable analytics events", { minuteUTC: 45 }, internal.analyticsOutbox.purgeStale, {});

export default crons;
