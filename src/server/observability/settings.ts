/**
 * Which outside observability services this process reports to, read from the environment once and checked with
 * zod: Sentry (errors) and PostHog (product analytics). Both are off unless configured; a malformed value fails
 * the start with a message naming the variable, rather than silently sending nothing (or somewhere else).
 * prisma-free-notes/operations.md ("Error tracking and product analytics") says what each sends.
 */
import { z } from "zod";
import { version } from "../http/version";

export interface SentrySettings {
  dsn: string;
  environment: string;
  release: string;
  /** 0 by default: errors only, no performance transactions. */
  tracesSampleRate: number;
}

export interface PostHogSettings {
  /** The project API key (public by design: browsers send it too). */
  key: string;
  /** PostHog Cloud by default; a self-hosted or local instance otherwise. */
  host: string;
}

type Env = Record<string, string | undefined>;

/** A Sentry DSN: `<protocol>://<public key>@<host>[:port]/[path/]<project id>`. */
const dsn = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "https:" || url.protocol === "http:") && url.username !== "" && /\/\d+$/.test(url.pathname);
    } catch {
      return false;
    }
  }, "is not a Sentry DSN (https://<key>@<host>/<project id>)");

const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === "https:" || url.protocol === "http:";
    } catch {
      return false;
    }
  }, "is not an http(s) URL");

const sampleRate = z.coerce.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1");

/** Unset and blank are the same: off. */
const present = (value: string | undefined): string | undefined => (value === undefined || value.trim() === "" ? undefined : value);

function parse<T>(name: string, schema: z.ZodType<T>, value: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${name} ${result.error.issues[0]?.message ?? "is invalid"}`);
  return result.data;
}

function environmentOf(env: Env): string {
  return present(env.SENTRY_ENVIRONMENT)?.trim() ?? (env.NODE_ENV === "production" ? "production" : "development");
}

/** Server-side Sentry (`SENTRY_DSN`), or null when off. */
export function sentrySettings(env: Env = process.env): SentrySettings | null {
  const value = present(env.SENTRY_DSN);
  if (value === undefined) return null;
  const rate = present(env.SENTRY_TRACES_SAMPLE_RATE);
  return {
    dsn: parse("SENTRY_DSN", dsn, value),
    environment: environmentOf(env),
    release: present(env.SENTRY_RELEASE)?.trim() ?? version,
    tracesSampleRate: rate === undefined ? 0 : parse("SENTRY_TRACES_SAMPLE_RATE", sampleRate, rate),
  };
}

/**
 * The portal's browser SDK (`SENTRY_BROWSER_DSN`, a public DSN: every visitor can read it), or null when off. A
 * variable of its own, read at request time, because the portal is built before it is configured.
 */
export function browserSentrySettings(env: Env = process.env): Omit<SentrySettings, "tracesSampleRate"> | null {
  const value = present(env.SENTRY_BROWSER_DSN);
  if (value === undefined) return null;
  return { dsn: parse("SENTRY_BROWSER_DSN", dsn, value), environment: environmentOf(env), release: present(env.SENTRY_RELEASE)?.trim() ?? version };
}

export const POSTHOG_CLOUD_HOST = "https://us.i.posthog.com";

/** PostHog (`POSTHOG_KEY`, `POSTHOG_HOST`), or null when off. */
export function posthogSettings(env: Env = process.env): PostHogSettings | null {
  const key = present(env.POSTHOG_KEY)?.trim();
  if (key === undefined) return null;
  const host = present(env.POSTHOG_HOST);
  return { key, host: host === undefined ? POSTHOG_CLOUD_HOST : parse("POSTHOG_HOST", httpUrl, host).replace(/\/+$/, "") };
}

/** Checks every variable at start, so a typo fails there and not on the first error. */
export function checkObservabilitySettings(env: Env = process.env): void {
  sentrySettings(env);
  browserSentrySettings(env);
  posthogSettings(env);
}

/** The origins a portal page's scripts may send to (the page CSP's connect-src): the browser DSN's and PostHog's. */
export function browserTelemetryOrigins(env: Env = process.env): string[] {
  const origins = new Set<string>();
  const sentry = browserSentrySettings(env);
  if (sentry) origins.add(new URL(sentry.dsn).origin);
  const posthog = posthogSettings(env);
  if (posthog) origins.add(new URL(posthog.host).origin);
  return [...origins];
}
