/**
 * Error tracking with Sentry's Node SDK (prisma-free-notes/operations.md, "Error tracking (Sentry)"), for the custom
 * server, Next's server bundle in the same process, the engine thread and the CLI. Off unless `SENTRY_DSN` is set:
 * then the SDK is never imported, and `captureUnexpected` costs one resolved promise on an error path only.
 *
 * One client per process (per thread: a worker has its own globals): it lives on `globalThis`, like the backend,
 * because the custom server (tsx) and Next's bundle load this module separately. `@sentry/node` is one of
 * next.config.mjs's `serverExternalPackages`, so both import the same copy from node_modules.
 */
import type * as SentryNode from "@sentry/node";
import { backendKind } from "../backend/config";
import { scrubBreadcrumb, scrubEvent } from "./scrub";
import { sentrySettings, type SentrySettings } from "./settings";

type Sdk = typeof SentryNode;

/** What an unexpected error is filed under; never an email or anything secret (the scrubber checks again). */
export interface ErrorContext {
  /** The `X-Request-Id` the caller was answered with (tag `request_id`). */
  requestId?: string;
  /** The route's template (`/api/v1/agents/{address}/score`), a tRPC path (`/api/trpc/keys.create`), never a raw URL. */
  route?: string;
  /** The team the call was made for (tag `team_id`), when known. */
  teamId?: string;
  /** Overrides the process's backend tag (set at init). */
  backend?: "embedded" | "convex";
  /** A scheduled function's or cron's function name (`webhookDelivery:deliver`). */
  job?: string;
  /** The failed job's id in `_scheduled_functions`. */
  jobId?: string;
}

/** Where the process runs, set once as tags on every event. */
export interface SentryProcess {
  /** What reported: the server (REST, Next), the engine thread or the CLI. */
  component: "server" | "engine" | "cli";
  backend: "embedded" | "convex";
}

const slot = Symbol.for("ghostspeak.sentry");
type Holder = { [slot]?: Promise<Sdk | null> };
const holder = globalThis as Holder;

async function load(settings: SentrySettings, where: SentryProcess): Promise<Sdk> {
  const Sentry = await import("@sentry/node");
  // No default integrations: error capture needs none of the OpenTelemetry, HTTP or framework instrumentation, and
  // the global handlers would report errors the server already handles. Only what shapes an error event is kept.
  Sentry.initWithoutDefaultIntegrations({
    dsn: settings.dsn,
    environment: settings.environment,
    release: settings.release,
    tracesSampleRate: settings.tracesSampleRate,
    // Transactions as whole events, so beforeSendTransaction (the scrubber) sees them.
    traceLifecycle: "static",
    // SDK 11's replacement for `sendDefaultPii: false`: no user info, cookies, headers, query strings or bodies.
    dataCollection: { userInfo: false, cookies: false, httpHeaders: false, httpBodies: [], urlQueryParams: false },
    enableRuntimeChannelInjection: false,
    integrations: [Sentry.eventFiltersIntegration(), Sentry.linkedErrorsIntegration(), Sentry.dedupeIntegration(), Sentry.nodeContextIntegration()],
    initialScope: { tags: { component: where.component, backend: where.backend } },
    beforeSend: (event) => scrubEvent(event),
    beforeSendTransaction: (event) => scrubEvent(event),
    beforeBreadcrumb: (breadcrumb) => scrubBreadcrumb(breadcrumb),
  });
  return Sentry;
}

/**
 * Starts Sentry in this process or thread when configured; a second call returns the first's outcome. Callers that
 * never call it (Next's route handlers under the custom server) share the custom server's client.
 */
export function initSentry(where: SentryProcess, settings = sentrySettings()): Promise<boolean> {
  holder[slot] ??= settings ? load(settings, where) : Promise.resolve(null);
  return holder[slot].then((sdk) => sdk !== null);
}

/** The process's client, started on first use where nothing started it (Next without the custom server). */
function sdk(): Promise<Sdk | null> {
  return holder[slot] ?? initSentry({ component: "server", backend: backendKind() }).then(() => holder[slot]!);
}

/**
 * Reports an unexpected error once. Never throws and never waits: reporting must not change the answer a caller
 * gets. Expected refusals (4xx, an expected TRPCError, a ConvexError) are the caller's business and never come here.
 */
export function captureUnexpected(error: unknown, context: ErrorContext = {}): void {
  const named: Record<string, string | undefined> = {
    request_id: context.requestId,
    route: context.route,
    team_id: context.teamId,
    backend: context.backend,
    job: context.job,
    job_id: context.jobId,
  };
  const tags = Object.fromEntries(Object.entries(named).filter((entry): entry is [string, string] => entry[1] !== undefined));
  void sdk()
    .then((Sentry) => {
      if (Sentry) Sentry.captureException(error, { tags });
    })
    .catch(() => {
      // The SDK failed to load or to queue the event: nothing to report it to, and the error is logged already.
    });
}

/** Sends what is queued before the process or thread ends (a no-op when Sentry is off or never started). */
export async function flushSentry(timeoutMs = 2_000): Promise<void> {
  const Sentry = await holder[slot];
  if (Sentry) await Sentry.flush(timeoutMs);
}

/** The embedded engine's `onJobFailed`: a failed scheduled function or cron, tagged with its function name. */
export function reportJobFailure({ name, jobId, error }: { name: string; jobId: string; error: unknown }): void {
  captureUnexpected(error, { job: name.replace(/\.js(?=:)/, ""), jobId });
}
