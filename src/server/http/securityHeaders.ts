/**
 * The security headers of SPEC §9, defined once. The REST app sets them through its middleware (so they are
 * present however the app is mounted) and the custom server sets them on every response it hands to Next.
 */

export type HeaderTarget = "api" | "page";

export interface SecurityHeaderOptions {
  /** JSON answers get a CSP that allows nothing; HTML pages one that allows our own scripts and styles. */
  target: HeaderTarget;
  /** HSTS is only sent in production: on plain-http development hosts it would poison the browser's cache. */
  production: boolean;
  /** Next's development server evaluates code and talks to its HMR socket; production never does. */
  dev: boolean;
}

const apiCsp = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function pageCsp(dev: boolean): string {
  return [
    "default-src 'self'",
    // Next's App Router streams its flight data in inline <script> tags, so inline scripts must be allowed.
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https://avatars.githubusercontent.com",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    // Sign-in with GitHub submits a form that redirects to github.com.
    "form-action 'self' https://github.com",
    "object-src 'none'",
  ].join("; ");
}

export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  const headers: Record<string, string> = {
    "Content-Security-Policy": options.target === "api" ? apiCsp : pageCsp(options.dev),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
  };
  if (options.production) headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains";
  return headers;
}

/** The options for this process, read once: NODE_ENV does not change while it runs. */
export function runtimeHeaderOptions(target: HeaderTarget, dev = false): SecurityHeaderOptions {
  return { target, production: process.env.NODE_ENV === "production", dev };
}
