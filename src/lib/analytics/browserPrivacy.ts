/**
 * What the portal's browser analytics (posthog-js) may see, as pure functions shared by the server component that
 * decides whether to load it and the client code that configures it (prisma-free-notes/operations.md, "Product
 * analytics (PostHog)").
 */

type HeaderReader = { get(name: string): string | null };

/** A request that asks not to be tracked: `DNT: 1` or Global Privacy Control (`Sec-GPC: 1`). */
export function requestOptsOut(headers: HeaderReader): boolean {
  return headers.get("dnt")?.trim() === "1" || headers.get("sec-gpc")?.trim() === "1";
}

/** The same question asked of the browser itself (a header can be stripped by a proxy; the navigator cannot). */
export function browserOptsOut(nav: { doNotTrack?: string | null; globalPrivacyControl?: boolean } | undefined, win?: { doNotTrack?: string | null }): boolean {
  if (!nav) return true;
  return nav.doNotTrack === "1" || nav.doNotTrack === "yes" || win?.doNotTrack === "1" || nav.globalPrivacyControl === true;
}

/**
 * A URL as analytics may keep it: no query string or fragment (magic-link tokens, callback URLs, search terms) and
 * no invite token in the path (`/invites/<token>`). Anything that does not parse becomes empty.
 */
export function scrubUrl(value: unknown): unknown {
  if (typeof value !== "string" || value === "" || value === "$direct") return value;
  try {
    const relative = value.startsWith("/");
    const url = new URL(value, "http://relative.invalid");
    const path = url.pathname.replace(/^\/invites\/[^/]+/, "/invites/:token");
    return relative ? path : `${url.origin}${path}`;
  } catch {
    return "";
  }
}

/** Properties that hold a URL or a path by name (posthog-js adds new ones, e.g. `$session_entry_url`). */
const URL_NAME = /url|pathname|referrer/i;
const URL_VALUE = /^https?:\/\//i;

type Bag = Record<string, unknown> | undefined;

/**
 * posthog-js's `before_send`: every URL-shaped property — by its name or by its value — scrubbed, in the event and
 * in what it sets on the person.
 */
export function scrubEvent<E extends { properties: Record<string, unknown>; $set?: Bag; $set_once?: Bag }>(event: E): E {
  for (const bag of [event.properties, event.$set, event.$set_once]) {
    if (!bag) continue;
    for (const [name, value] of Object.entries(bag)) {
      if (typeof value === "string" && (URL_NAME.test(name) || URL_VALUE.test(value))) bag[name] = scrubUrl(value);
    }
  }
  return event;
}
