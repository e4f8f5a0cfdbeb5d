"use client";

import Link from "next/link";

/** What the indicator reads of a tRPC `useSubscription` result. */
export interface LiveStatus {
  status: "idle" | "connecting" | "pending" | "error";
  error: { message: string; data?: { code?: string } | null } | null;
}

/**
 * Says whether a live page is current: "Live" while its stream is open, "Reconnecting…" while the browser
 * reconnects it (the page then refetches what changed meanwhile), and the reason when the server ended it — with
 * the way out when the reason is that the viewer lost access (removed from the team, or their role changed).
 */
export function LiveIndicator({ subscription }: { subscription: LiveStatus }) {
  const { status, error } = subscription;
  if (status === "error") {
    return (
      <p className="alert alert-error" aria-live="polite" data-live="ended">
        Live updates stopped: {error?.message ?? "the connection ended"}
        {error?.data?.code === "FORBIDDEN" && (
          <>
            {" "}
            <Link href="/dashboard">Go to your teams</Link>
          </>
        )}
      </p>
    );
  }
  const live = status === "pending";
  return (
    <p className="badge" aria-live="polite" data-live={live ? "on" : "connecting"} title={live ? "This page updates by itself" : undefined}>
      {live ? "● Live" : "Reconnecting…"}
    </p>
  );
}
