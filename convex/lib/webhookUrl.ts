/**
 * Which webhook URLs are accepted (SPEC §4): https only, and no IP literal that is private, loopback, link-local
 * or otherwise not public — unless the operator set `WEBHOOK_ALLOW_PRIVATE_URLS=true` to try webhooks against a
 * local receiver. This judges the text only (a mutation cannot resolve names): a hostname is resolved by the app
 * server before the URL is set and again at each delivery, pinned (`webhookHost.ts`).
 */
import { classifyIp } from "./ipRanges";

export const MAX_WEBHOOK_URL_LENGTH = 2048;

export function privateUrlsAllowed(): boolean {
  return process.env.WEBHOOK_ALLOW_PRIVATE_URLS === "true";
}

/** The URL's host without IPv6 brackets. */
export function urlHost(url: URL): string {
  return url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
}

/** Why `text` cannot be a webhook URL, or null when it can. */
export function webhookUrlProblem(text: string, allowPrivate: boolean): string | null {
  if (text.length > MAX_WEBHOOK_URL_LENGTH) return `The URL is longer than ${MAX_WEBHOOK_URL_LENGTH} characters.`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "The URL is not a valid absolute URL.";
  }
  if (url.protocol !== "https:" && !(allowPrivate && url.protocol === "http:")) return "The URL must use https.";
  // Credentials in a URL end up in logs and pages that show the URL.
  if (url.username || url.password) return "The URL must not contain credentials.";
  if (allowPrivate) return null;
  const host = urlHost(url);
  const kind = classifyIp(host);
  if (kind !== null && kind !== "public") return `The URL points to a ${kind} address.`;
  return null;
}
