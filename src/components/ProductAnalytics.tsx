/**
 * Decides, per request, whether the portal's pages load posthog-js: only when POSTHOG_KEY is set (read now, not at
 * build) and the request carries neither `DNT: 1` nor `Sec-GPC: 1`. Renders nothing otherwise, so the browser
 * never sees the key or fetches the library.
 */
import type { Session } from "next-auth";
import { headers } from "next/headers";
import { requestOptsOut } from "@/lib/analytics/browserPrivacy";
import { posthogSettings } from "@/server/observability/settings";
import { userDistinctId } from "../../convex/lib/analyticsIds";
import { PostHogBrowser } from "./PostHogBrowser";

export async function ProductAnalytics({ session }: { session: Session | null }) {
  const settings = posthogSettings();
  if (!settings) return null;
  if (requestOptsOut(await headers())) return null;
  const distinctId = session?.user.id ? await userDistinctId(session.user.id) : undefined;
  return <PostHogBrowser apiKey={settings.key} host={settings.host} {...(distinctId ? { distinctId } : {})} />;
}
