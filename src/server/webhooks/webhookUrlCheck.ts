/**
 * The check of a webhook URL that needs the network, run by the app server before it calls the mutation that sets
 * the URL (REST `POST /api/v1/webhooks`, the portal's create and update): the mutation judges the URL's text (https,
 * no private IP literal) but cannot resolve a name, on the embedded engine or on a Convex deployment.
 * prisma-free-notes/webhooks.md, "SSRF".
 */
import { classifyIp } from "../../../convex/lib/ipRanges";
import { appError } from "../../../convex/lib/errors";
import { HOST_REFUSED, publicAddresses, type Resolve, systemResolve } from "../../../convex/lib/webhookHost";
import { privateUrlsAllowed, urlHost, webhookUrlProblem } from "../../../convex/lib/webhookUrl";

/** Throws VALIDATION_ERROR when the URL's host does not resolve to public addresses only. */
export async function assertWebhookHostPublic(urlText: string, resolve: Resolve = systemResolve): Promise<void> {
  const text = urlText.trim();
  const allowPrivate = privateUrlsAllowed();
  // The text's own problems are the mutation's to tell (same check, same message); nothing to resolve then.
  if (allowPrivate || webhookUrlProblem(text, allowPrivate) !== null) return;
  const host = urlHost(new URL(text));
  // An IP literal was judged by the text check.
  if (classifyIp(host) !== null) return;
  if ((await publicAddresses(host, resolve)) === null) throw appError("VALIDATION_ERROR", HOST_REFUSED);
}
