/**
 * Where a tRPC request came from, as a browser tells it (defence in depth beside SameSite cookies and tRPC's JSON
 * content type): `Origin`, which browsers send on every POST; without it, Fetch Metadata's `Sec-Fetch-Site`; without
 * that, the `Referer`. The app's own origin is NEXTAUTH_URL's (its public address) or the request's `Host`, so
 * it holds behind a proxy that rewrites Host to the upstream as well as on an address NEXTAUTH_URL does not name.
 *
 * "unknown" is a caller that is no browser (no header at all): a script with its own cookie is not a cross-site
 * request, and in-process callers (server renders, tests) have no request at all.
 */
export type RequestSource = "same-origin" | "cross-origin" | "unknown";

function ownOrigin(candidate: string, headers: Headers, appUrl: string | undefined): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    // "null" (sandboxed frames, some redirects) and anything unparsable.
    return false;
  }
  if (appUrl && url.origin === new URL(appUrl).origin) return true;
  const host = headers.get("host");
  return host !== null && url.host === host.toLowerCase();
}

export function requestSource(headers: Headers, appUrl = process.env.NEXTAUTH_URL): RequestSource {
  const origin = headers.get("origin");
  if (origin !== null) return ownOrigin(origin, headers, appUrl) ? "same-origin" : "cross-origin";
  const site = headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin" || site === "none" ? "same-origin" : "cross-origin";
  const referer = headers.get("referer");
  if (referer !== null) return ownOrigin(referer, headers, appUrl) ? "same-origin" : "cross-origin";
  return "unknown";
}
