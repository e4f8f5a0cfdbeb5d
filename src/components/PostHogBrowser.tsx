"use client";
/**
 * The portal's product analytics in the browser. Rendered only when the server has POSTHOG_KEY and the request
 * sent neither DNT nor Sec-GPC (ProductAnalytics.tsx); it checks the browser's own signals again before it loads
 * posthog-js, which is imported on demand so a portal without analytics never downloads it. Nothing is fetched
 * from PostHog but the event requests to the configured host: no flags/decide call, no remote config or scripts,
 * no session recording, no surveys; autocapture sees clicks and submits on links, buttons and forms only (never
 * what is typed), element text is masked, and every URL loses its query, fragment and invite token.
 */
import { useParams } from "next/navigation";
import { useEffect, useRef } from "react";
import type { PostHog } from "posthog-js";
import { browserOptsOut, scrubEvent } from "@/lib/analytics/browserPrivacy";

export interface PostHogBrowserProps {
  apiKey: string;
  host: string;
  /** The signed-in user's hashed id (the server's distinct id for the same person), if anyone is signed in. */
  distinctId?: string;
}

let loading: Promise<PostHog> | undefined;

function load(apiKey: string, host: string): Promise<PostHog> {
  loading ??= import("posthog-js").then(({ default: posthog }) => {
    posthog.init(apiKey, {
      api_host: host,
      // No remote config, flags or scripts: what runs is what we shipped (and the page CSP allows no more).
      advanced_disable_flags: true,
      advanced_disable_feature_flags: true,
      disable_external_dependency_loading: true,
      disable_session_recording: true,
      disable_surveys: true,
      disable_product_tours: true,
      disable_conversations: true,
      disable_web_experiments: true,
      capture_exceptions: false,
      capture_heatmaps: false,
      capture_dead_clicks: false,
      capture_performance: false,
      // Clicks and submits on links, buttons and forms; never inputs, their values, or any element's text.
      autocapture: { dom_event_allowlist: ["click", "submit"], element_allowlist: ["a", "button", "form"], capture_copied_text: false },
      mask_all_text: true,
      mask_all_element_attributes: true,
      capture_pageview: "history_change",
      respect_dnt: true,
      person_profiles: "identified_only",
      // No cookie travels to our server or PostHog's: the anonymous id stays in this browser's storage.
      persistence: "localStorage",
      before_send: (event) => (event ? scrubEvent(event) : event),
    });
    return posthog;
  });
  return loading;
}

export function PostHogBrowser({ apiKey, host, distinctId }: PostHogBrowserProps) {
  const params = useParams<{ teamId?: string }>();
  const teamId = typeof params?.teamId === "string" ? params.teamId : undefined;
  const identified = useRef<string | undefined>(undefined);

  useEffect(() => {
    if (browserOptsOut(navigator as Navigator & { globalPrivacyControl?: boolean }, window as unknown as { doNotTrack?: string | null })) return;
    let cancelled = false;
    void load(apiKey, host).then((posthog) => {
      if (cancelled) return;
      if (distinctId && identified.current !== distinctId) {
        posthog.identify(distinctId);
        identified.current = distinctId;
      } else if (!distinctId && identified.current) {
        // Signed out: the next person on this browser starts anonymous.
        posthog.reset();
        identified.current = undefined;
      }
      if (teamId) posthog.group("team", teamId);
      else posthog.resetGroups();
    });
    return () => {
      cancelled = true;
    };
  }, [apiKey, host, distinctId, teamId]);

  return null;
}
