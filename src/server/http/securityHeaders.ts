/**
 * The security headers of SPEC §9, defined once. The REST app sets them through its middleware (so they are
 * present however the app is mounted) and the custom server sets them on every response it hands to Next, with a
 * page CSP carrying a fresh nonce (`src/server/http/pageHeaders.ts`).
 */
import { randomBytes } from "node:crypto";
import { browserTelemetryOrigins } from "../observability/settings";

export type HeaderTarget = "api" | "page";

export interface SecurityHeaderOptions {
  /** JSON answers get a CSP that allows nothing; HTML pages one per request (`pageCsp`). */
  target: HeaderTarget;
  /** HSTS is only sent in production: on plain-http development hosts it would poison the browser's cache. */
  production: boolean;
  /** Next's development server evaluates code and talks to its HMR socket; production never does. */
  dev: boolean;
  /** Origins the portal's own scripts send to besides 'self' (configured Sentry and PostHog ingestion). */
  connectOrigins?: readonly string[];
}

const apiCsp = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * A page's CSP, made per request: Next's App Router streams its flight data in inline <script> tags, which run
 * only with this response's nonce (Next reads it from the request's own `content-security-policy` header and
 * puts it on every script it writes). No 'unsafe-inline' scripts; 'self' still covers the bundles. Styles keep
 * 'unsafe-inline': React and Scalar set style attributes, and a style cannot run code.
 */
export function pageCsp(nonce: string, dev: boolean, connectOrigins: readonly string[] = []): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https://avatars.githubusercontent.com",
    "font-src 'self'",
    ["connect-src 'self'", ...connectOrigins, ...(dev ? ["ws:", "wss:"] : [])].join(" "),
    "frame-ancestors 'none'",
    "base-uri 'self'",
    // Sign-in with GitHub submits a form that redirects to github.com.
    "form-action 'self' https://github.com",
    "object-src 'none'",
  ].join("; ");
}

/** 128 random bits, fresh for every page response. */
export function cspNonce(): string {
  return randomBytes(16).toString("base64");
}

/** The headers every answer of a target gets; a page's CSP is added per request (`pageCsp`). */
export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
  };
  if (options.target === "api") headers["Content-Security-Policy"] = apiCsp;
  if (options.production) headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  return headers;
}

/** The options for this process, read once: NODE_ENV does not change while it runs. */
export function runtimeHeaderOptions(target: HeaderTarget, dev = false): SecurityHeaderOptions {
  return { target, production: process.env.NODE_ENV === "production", dev, ...(target === "page" ? { connectOrigins: browserTelemetryOrigins() } : {}) };
}
